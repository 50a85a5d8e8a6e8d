"""A CDN in front of the site (``wagtail.contrib.frontend_cache``) is told which
pages to purge when what they show changes, in one batch, and only then."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.models.signals import pre_delete

from wagtail.models import Locale, Page, Site

from tests.conftest import add_button_page, make_account, make_card
from tests.testapp.frontend_cache import PURGED
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings


@pytest.fixture
def pages(site, home, django_capture_on_commit_callbacks):
    """Three live pages: one choosing the Telegram account, one using the site's
    default (WhatsApp), one with no button; and a draft choosing Telegram."""
    with django_capture_on_commit_callbacks(execute=True):
        telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
        whatsapp = make_account(
            slug="wa", channel="whatsapp", recipient="+442079460000"
        )
        MessageButtonSettings.objects.create(site=site, default_account=whatsapp)
        add_button_page(home, "telegram", [("message_button", {"account": telegram})])
        add_button_page(home, "default", [("message_button", {})])
        add_button_page(home, "plain", [])
        draft = add_button_page(
            home, "draft", [("message_button", {"account": telegram})]
        )
        draft.unpublish()
    PURGED.clear()
    return {"telegram": telegram, "whatsapp": whatsapp}


def purged_after(change, capture):
    PURGED.clear()
    with capture(execute=True):
        change()
    return PURGED


def test_saving_an_account_purges_the_pages_that_choose_it(
    pages, django_capture_on_commit_callbacks
):
    batches = purged_after(pages["telegram"].save, django_capture_on_commit_callbacks)
    assert batches == [["http://localhost/telegram/"]]


def test_saving_a_sites_default_account_purges_that_sites_pages(
    pages, django_capture_on_commit_callbacks
):
    batches = purged_after(pages["whatsapp"].save, django_capture_on_commit_callbacks)
    assert batches == [
        [
            "http://localhost/",
            "http://localhost/default/",
            "http://localhost/plain/",
            "http://localhost/telegram/",
        ]
    ]


def test_deleting_an_account_purges_the_pages_that_showed_it(
    pages, django_capture_on_commit_callbacks
):
    batches = purged_after(pages["telegram"].delete, django_capture_on_commit_callbacks)
    assert batches == [["http://localhost/telegram/"]]


def test_changing_a_sites_settings_purges_that_sites_live_pages_only(
    site, pages, django_capture_on_commit_callbacks
):
    other_home = Page.get_first_root_node().add_child(
        instance=Page(title="Other", slug="other-home")
    )
    Site.objects.create(hostname="other.test", root_page=other_home)

    def change():
        settings = MessageButtonSettings.objects.get(site=site)
        settings.open_in_new_tab = False
        settings.save()

    (batch,) = purged_after(change, django_capture_on_commit_callbacks)
    assert "http://localhost/telegram/" in batch
    assert "http://localhost/draft/" not in batch
    assert not [url for url in batch if "other" in url]


def test_an_account_no_page_shows_purges_nothing(
    pages, django_capture_on_commit_callbacks
):
    unused = make_account(slug="unused", channel="signal", recipient="+442079460001")
    assert purged_after(unused.save, django_capture_on_commit_callbacks) == []


@pytest.fixture
def card_pages(site, home, django_capture_on_commit_callbacks):
    """A card offering Telegram, shown by one page; another page with no card;
    and a card no page shows, offering Signal."""
    with django_capture_on_commit_callbacks(execute=True):
        telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
        signal = make_account(slug="sg", channel="signal", recipient="+442079460001")
        card = make_card([{"account": telegram}])
        unshown = make_card([{"account": signal}], slug="unshown", name="Unshown")
        add_button_page(home, "card", [("contact_card", {"card": card})])
        add_button_page(home, "plain", [])
    PURGED.clear()
    return {"card": card, "telegram": telegram, "unshown": unshown, "signal": signal}


def test_saving_a_card_purges_the_pages_that_show_it(
    card_pages, django_capture_on_commit_callbacks
):
    batches = purged_after(card_pages["card"].save, django_capture_on_commit_callbacks)
    assert batches == [["http://localhost/card/"]]


def test_saving_an_account_purges_the_pages_showing_a_card_that_offers_it(
    card_pages, django_capture_on_commit_callbacks
):
    batches = purged_after(
        card_pages["telegram"].save, django_capture_on_commit_callbacks
    )
    assert batches == [["http://localhost/card/"]]


def test_deleting_a_card_purges_the_pages_that_showed_it(
    card_pages, django_capture_on_commit_callbacks
):
    batches = purged_after(
        card_pages["card"].delete, django_capture_on_commit_callbacks
    )
    assert batches == [["http://localhost/card/"]]


def test_a_sites_floating_card_purges_that_sites_pages(
    site, card_pages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        MessageButtonSettings.objects.create(
            site=site, floating_button=True, floating_card=card_pages["unshown"]
        )
    batches = purged_after(
        card_pages["signal"].save, django_capture_on_commit_callbacks
    )
    assert batches == [
        ["http://localhost/", "http://localhost/card/", "http://localhost/plain/"]
    ]


def test_a_card_no_page_shows_purges_nothing(
    card_pages, django_capture_on_commit_callbacks
):
    saves = (card_pages["unshown"].save, card_pages["signal"].save)
    for save in saves:
        assert purged_after(save, django_capture_on_commit_callbacks) == []


def test_without_a_page_cache_app_nothing_is_connected():
    """The project started without ``wagtail.contrib.frontend_cache`` and
    without wagtail-cache."""
    probe = (
        "import sys, django; django.setup();"
        "from django.db.models.signals import pre_delete;"
        "from wagtail_dm_button.models import MessageAccount;"
        "print('wagtail_dm_button.purging' in sys.modules,"
        " pre_delete.has_listeners(MessageAccount))"
    )
    checked = subprocess.run(
        [sys.executable, "-c", probe],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "TESTS_WITHOUT_APP": "wagtail.contrib.frontend_cache,wagtailcache",
        },
        cwd=Path(__file__).parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    assert checked.stdout.split() == ["False", "False"]
    assert pre_delete.has_listeners(MessageAccount)  # here, with the app installed


def test_saving_a_translation_purges_the_pages_that_show_the_original(
    card_pages, django_capture_on_commit_callbacks
):
    """A French page that chose the English card or account shows its French
    translation: saving the translation purges it too."""
    french = Locale.objects.create(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        card = card_pages["card"].copy_for_translation(french)
        card.save()
        telegram = card_pages["telegram"].copy_for_translation(french)
        telegram.save()
    for translation in (card, telegram):
        batches = purged_after(translation.save, django_capture_on_commit_callbacks)
        assert batches == [["http://localhost/card/"]]
