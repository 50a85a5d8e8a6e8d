"""The floating button: switched on per site in Settings → Message buttons and
rendered by `{% floating_message_button %}`, CSS only, never in previews."""

import pytest
from django.urls import reverse

from tests.conftest import add_button_page, make_account, render, soup
from wagtail_dm_button.models import MessageButtonSettings


def floating(request=None):
    return soup(render("{% floating_message_button %}", request=request))


def test_it_is_off_until_an_admin_switches_it_on(site_default):
    assert floating().find("aside") is None


def test_switched_on_it_opens_the_default_account_from_a_corner(site_default):
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_corner="bottom-left"
    )
    aside = floating().aside
    assert aside["class"] == ["dm-floating", "dm-floating--bottom-left"]
    assert aside["aria-label"] == "Message us"
    (button,) = aside.select("a.dm-button")
    assert button["href"] == "https://wa.me/442079460000"
    assert aside.find("script") is None and not aside.has_attr("style")


def test_it_may_open_its_own_account_with_its_own_text(site_default):
    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_account=telegram, floating_label="Chat"
    )
    button = floating().select_one("aside a.dm-button")
    assert button["href"] == "https://t.me/furni_shop"
    assert button.select_one(".dm-button__label").get_text() == "Chat"


def test_it_is_left_out_of_wagtails_previews(site_default, rf):
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True
    )
    request = rf.get("/")
    request.is_preview = True
    assert floating(request).find("aside") is None


@pytest.mark.parametrize("corner", ["bottom-right", "bottom-left"])
def test_page_preview_in_the_admin_has_no_floating_button(
    admin_client, site_default, home, corner
):
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_corner=corner
    )
    page = add_button_page(home, "contact", [])
    live = soup(admin_client.get("/contact/").content)
    assert live.select_one("aside.dm-floating") is not None
    preview = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert preview.status_code == 200
    assert soup(preview.content).select_one("aside.dm-floating") is None
