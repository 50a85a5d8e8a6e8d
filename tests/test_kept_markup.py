"""A button's markup is kept for the process by everything it is made from: after
any change (an account or the site's settings edited, the page, the language, the
moment, the signing key, the channels registered) a page shows exactly what a
process that kept nothing shows, and a button made from the same values is not
made again."""

import datetime as dt
import json
from dataclasses import replace

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import include, path
from django.utils import translation

from wagtail import hooks

from tests import urls
from tests.conftest import add_button_page, buttons, make_account, make_card, render
from wagtail_dm_button import kept_markup
from wagtail_dm_button.channels import HOOK_NAME, get_channel
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings

#: The project's URLs with the counting view elsewhere.
urlpatterns = [
    path("chat/", include("wagtail_dm_button.urls")),
    *(url for url in urls.urlpatterns if "message" not in str(url.pattern)),
]

#: Monday 30 November 2026, 09:30 UTC: open in London, closed in New York.
MONDAY = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.timezone.utc)

WEEKDAYS = ["0", "1", "2", "3", "4"]


def hours(opens, closes):
    return json.dumps(
        [
            {
                "type": "hours",
                "value": {"days": WEEKDAYS, "opens": opens, "closes": closes},
            }
        ]
    )


CLOSED = {"timezone": "America/New_York"}

#: Each field of an account a button shows, and edits that show it: each edit is
#: saved, and the page then shows other markup.
ACCOUNT_EDITS = {
    "channel": [{"channel": "instagram"}],
    "recipient": [{"recipient": "furni.shop.eu"}],
    "display_name": [{"display_name": "Furni Shop"}],
    "label": [{"label": "Chat with us"}],
    "default_text": [{"default_text": "Hello!"}],
    "ref": [{"ref": "spring-sale"}],
    "opening_hours": [{"opening_hours": hours("12:00", "17:00")}],
    "timezone": [CLOSED],
    "when_closed": [CLOSED, {"when_closed": "hide"}],
    "fallback_account": [
        {**CLOSED, "when_closed": "fallback"},
        {"fallback_account": "night"},
    ],
}
#: What finds an account, never shown.
ACCOUNT_NOT_SHOWN = {"id", "translation_key", "locale", "name", "slug"}

SETTINGS_EDITS = {
    "default_account": [{"default_account": "night"}],
    "open_in_new_tab": [{"open_in_new_tab": False}],
    "load_platform_scripts": [
        {"default_account": "x"},
        {"load_platform_scripts": True},
    ],
    "count_clicks": [{"count_clicks": True}],
}
#: Which site the settings are for, and the floating button's (its own template,
#: made afresh each time).
SETTINGS_NOT_SHOWN = {
    "id",
    "site",
    "floating_button",
    "floating_account",
    "floating_label",
    "floating_card",
    "floating_corner",
}


@pytest.fixture
def shop(site):
    """The site's default account, open on Mondays at 09:30 UTC, and two more."""
    accounts = {
        "support": make_account(
            slug="support",
            channel="messenger",
            recipient="furni.shop",
            opening_hours=hours("09:00", "17:00"),
            timezone="UTC",
        ),
        "night": make_account(
            slug="night", channel="telegram", recipient="furni_night"
        ),
        "x": make_account(
            slug="x", channel="x", recipient="783214", display_name="furni"
        ),
    }
    settings = MessageButtonSettings.for_site(site)
    settings.default_account = accounts["support"]
    settings.save()
    with time_machine.travel(MONDAY, tick=False):
        yield accounts


def shown(source="{% message_button %}", request=None, **context):
    """The page's markup, checked to be what a process that keeps nothing shows."""
    made_with_what_is_kept = render(source, request, **context)
    kept_markup.clear()
    assert made_with_what_is_kept == render(source, request, **context)
    return made_with_what_is_kept


def edited(instance, changes, accounts):
    for name, value in changes.items():
        setattr(
            instance,
            name,
            accounts.get(value, value) if name.endswith("account") else value,
        )
    instance.full_clean()
    instance.save()


@pytest.mark.parametrize("field", ACCOUNT_EDITS)
def test_an_account_edited_shows_at_once(shop, field):
    before = shown()
    for changes in ACCOUNT_EDITS[field]:
        edited(MessageAccount.objects.get(slug="support"), changes, shop)
        after = shown()
        assert after != before, changes
        before = after


@pytest.mark.parametrize("field", SETTINGS_EDITS)
def test_settings_edited_show_at_once(shop, site, field):
    before = shown()
    for changes in SETTINGS_EDITS[field]:
        edited(MessageButtonSettings.for_site(site), changes, shop)
        after = shown()
        assert after != before, changes
        before = after


def test_every_field_an_account_or_the_settings_has_is_one_a_test_edits_or_not_shown():
    def fields(model):
        return {field.name for field in model._meta.concrete_fields}

    assert fields(MessageAccount) == set(ACCOUNT_EDITS) | ACCOUNT_NOT_SHOWN
    assert fields(MessageButtonSettings) == set(SETTINGS_EDITS) | SETTINGS_NOT_SHOWN


def test_the_fallbacks_own_edits_show_at_once(shop):
    edited(shop["support"], {**CLOSED, "when_closed": "fallback"}, shop)
    edited(shop["support"], {"fallback_account": "night"}, shop)
    before = shown()
    edited(shop["night"], {"recipient": "furni_late"}, shop)
    assert shown() != before


def test_a_button_shows_the_moment_its_account_closes(shop):
    open_now = shown()
    with time_machine.travel(MONDAY.replace(hour=17), tick=False):
        assert "dm-button--closed" in shown()
    assert "dm-button--closed" not in open_now


def test_each_language_has_its_own_markup(shop):
    english = shown()
    with translation.override("fr"):
        assert shown() != english


def test_markup_made_with_other_translations_goes_with_them(shop, settings):
    """Where Django reloads its translations (a test's ``override_settings`` of
    ``LOCALE_PATHS``, ``LANGUAGES`` or ``LANGUAGE_CODE``), the markup made with the
    words it had before goes too."""
    with translation.override("it"):
        assert "(si apre in un'altra scheda)" in render("{% message_button %}")
    settings.LOCALE_PATHS = []  # the tests' Italian translations gone
    with translation.override("it"):
        assert "(opens in a new tab)" in shown()


def test_each_page_has_its_own_message(shop, home):
    first = add_button_page(home, "sofas", [])
    second = add_button_page(home, "chairs", [])
    source = '{% message_button text="About {page_title}" %}'
    assert shown(source, page=first) != shown(source, page=second)


def test_counted_links_are_signed_for_their_page_and_key(shop, site, home, settings):
    edited(MessageButtonSettings.for_site(site), {"count_clicks": True}, shop)
    sofas = add_button_page(home, "sofas", [])
    counted = shown(page=sofas)
    assert shown(page=add_button_page(home, "chairs", [])) != counted
    shown(page=sofas)
    settings.SECRET_KEY = "another key, " * 5
    assert shown(page=sofas) != counted


def test_counted_links_lead_to_the_counting_view_where_the_project_put_it(
    shop, site, settings
):
    edited(MessageButtonSettings.for_site(site), {"count_clicks": True}, shop)
    (counted,) = buttons(shown())
    settings.ROOT_URLCONF = __name__
    (elsewhere,) = buttons(shown())
    assert counted["href"].startswith("/message/")
    assert elsewhere["href"].startswith("/chat/")


def test_a_preview_is_not_counted(shop, site):
    edited(MessageButtonSettings.for_site(site), {"count_clicks": True}, shop)
    counted = shown()
    preview = RequestFactory().get("/")
    preview.is_preview = True
    assert shown(request=preview) != counted


@pytest.mark.parametrize(
    "source",
    [
        '{% message_button label="Ask us" %}',
        '{% message_button text="Is it in stock?" %}',
        '{% message_button size="large" %}',
        '{% message_button variant="outline" %}',
        '{% message_button "night" %}',
    ],
)
def test_each_option_a_template_gives_makes_other_markup(shop, source):
    assert shown(source) != shown()


def test_a_channel_registered_anew_is_shown_at_once(shop):
    edited(shop["support"], {"channel": "telegram", "recipient": "furni_shop"}, shop)
    builtin = shown()
    telegram = get_channel("telegram")

    def telegram_with_another_icon():
        return replace(telegram, icon="M0 0h24v24H0z")

    with hooks.register_temporarily(HOOK_NAME, telegram_with_another_icon):
        assert 'd="M0 0h24v24H0z"' in shown()
    assert shown() == builtin


def test_a_button_made_once_is_kept_and_not_made_again(shop):
    kept_markup.clear()
    for _view in range(3):
        (button,) = buttons(render("{% message_button %}"))
        assert button["href"] == "https://m.me/furni.shop"
    assert kept_markup.size() == 1
    render('{% message_button "night" %}')
    assert kept_markup.size() == 2


def test_no_more_buttons_are_kept_than_the_process_allows(shop, monkeypatch):
    monkeypatch.setattr(kept_markup, "SIZE", 3)
    kept_markup.clear()
    for number in range(5):
        render(f'{{% message_button label="Button {number}" %}}')
    assert kept_markup.size() == 3


def test_a_cards_options_are_kept_as_buttons_are_and_show_each_edit(shop):
    """A contact card's options are buttons like any other: kept by what they are
    made from, so an edit to an option's account shows on the next view."""
    make_card([{"account": shop["night"]}, {"account": shop["x"], "label": "On X"}])

    def options():
        """The card's options as shown, checked to be what a process that keeps
        nothing shows (the card's own id is new on every render)."""
        made_with_what_is_kept = buttons(render('{% contact_card "sales" %}'))
        kept_markup.clear()
        assert made_with_what_is_kept == buttons(render('{% contact_card "sales" %}'))
        return made_with_what_is_kept

    kept_markup.clear()
    for _view in range(3):
        render('{% contact_card "sales" %}')
    assert kept_markup.size() == 2
    assert [option["href"] for option in options()] == [
        "https://t.me/furni_night",
        "https://x.com/messages/compose?recipient_id=783214",
    ]
    edited(shop["night"], {"recipient": "furni_nights"}, shop)
    assert options()[0]["href"] == "https://t.me/furni_nights"
