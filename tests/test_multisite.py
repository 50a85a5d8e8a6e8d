"""Three sites, each with its own default (one with none): a page never shows another
site's account, and one site's settings never leak into another's through caching."""

import itertools
import logging

import pytest

from wagtail.models import Page, Site

from tests.conftest import (
    add_button_page,
    buttons,
    make_account,
    render,
    settings_url,
    soup,
)
from wagtail_dm_button.models import MessageButtonSettings

SITES = {
    # hostname: (default account's channel and recipient, the link it makes)
    "first.test": ("whatsapp", "+44 20 7946 0000", "https://wa.me/442079460000"),
    "second.test": ("telegram", "second_shop", "https://t.me/second_shop"),
    "third.test": None,  # no default account
}


@pytest.fixture
def three_sites(db):
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for index, (hostname, default) in enumerate(SITES.items()):
        home = root.add_child(instance=Page(title=hostname, slug=f"home-{index}"))
        site = Site.objects.create(
            hostname=hostname, root_page=home, is_default_site=index == 0
        )
        account = None
        if default:
            channel, recipient, _ = default
            account = make_account(
                slug=hostname.split(".")[0], channel=channel, recipient=recipient
            )
        MessageButtonSettings.objects.create(
            site=site, default_account=account, open_in_new_tab=index != 1
        )
        add_button_page(
            home,
            "contact",
            [("message_button", {"label": "Write to us"}), ("message_button", {})],
        )


def visit(client, hostname):
    response = client.get("/contact/", HTTP_HOST=hostname)
    assert response.status_code == 200
    return buttons(response.content)


def test_each_site_shows_only_its_own_default(client, three_sites, caplog):
    # Every order of visits, twice over, in one client and one process: whatever a
    # previous request cached must not show up on another site.
    for order in itertools.permutations(SITES):
        for hostname in order * 2:
            with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
                found = visit(client, hostname)
            if SITES[hostname] is None:
                assert found == []
                assert "no default account" in caplog.text
                caplog.clear()
                continue
            link = SITES[hostname][2]
            assert [button["href"] for button in found] == [link, link]
            new_tab = hostname != "second.test"
            assert all(button.has_attr("target") == new_tab for button in found)


def test_the_tag_follows_the_requests_site_too(rf, three_sites):
    for hostname, default in SITES.items():
        request = rf.get("/", HTTP_HOST=hostname)
        markup = render("{% message_button %}{% message_url %}", request=request)
        if default is None:
            assert markup == ""
        else:
            (button,) = buttons(markup)
            assert button["href"] == default[2]
            assert markup.endswith(default[2])


def test_the_settings_page_previews_the_site_being_edited(
    client, django_user_model, three_sites
):
    """An admin served from first.test (new tab on) edits second.test (new tab
    off): the preview is second.test's button, opening in place."""
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    for edited, default in SITES.items():
        response = client.get(
            settings_url(Site.objects.get(hostname=edited)), HTTP_HOST="first.test"
        )
        preview = soup(response.content).select_one(".dm-button-preview")
        if default is None:
            assert "No default account" in preview.get_text()
            continue
        (button,) = buttons(preview)
        assert button["href"] == default[2]
        assert button.has_attr("target") == (edited != "second.test")
