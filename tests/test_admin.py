"""The admin as site admins and editors use it: account snippets, settings, usage."""

import pytest
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.conftest import (
    account_form,
    add_button_page,
    field_errors,
    make_account,
    settings_url,
    snippet_url,
    soup,
)
from tests.testapp.models import ButtonPage
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings


def test_an_x_account_given_a_handle_shows_the_field_error_and_saves_nothing(
    admin_client,
):
    response = admin_client.post(
        snippet_url("add"), account_form(recipient="@furni", display_name="")
    )
    errors = field_errors(response, "recipient")
    assert len(errors) == 1
    assert "X needs the account's numeric user id" in errors[0]
    assert "numeric user id" in soup(response.content).get_text()
    assert not MessageAccount.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        (
            {"channel": "whatsapp", "recipient": "020 7946 0000"},
            "recipient",
            "country code",
        ),
        (
            {"channel": "telegram", "recipient": "1abc"},
            "recipient",
            "starting with a letter",
        ),
        (
            {"channel": "email", "recipient": "hello"},
            "recipient",
            "not an e-mail address",
        ),
        ({"display_name": "Furni Shop"}, "display_name", "1 to 15 letters"),
        (
            {"channel": "instagram", "recipient": "furni", "default_text": "Hi"},
            "default_text",
            "cannot carry a message",
        ),
        ({"ref": "spring"}, "ref", "have no tracking reference"),
        (
            {"channel": "messenger", "recipient": "furni.shop", "ref": "a b"},
            "ref",
            "no spaces",
        ),
        ({"channel": "fax"}, "channel", "not one of the available choices"),
    ],
)
def test_each_mistake_is_reported_on_its_own_field(admin_client, fields, field, says):
    response = admin_client.post(snippet_url("add"), account_form(**fields))
    assert says in " ".join(field_errors(response, field))
    assert not MessageAccount.objects.exists()


def test_an_empty_recipient_is_reported_once(admin_client):
    response = admin_client.post(snippet_url("add"), account_form(recipient=""))
    assert field_errors(response, "recipient") == ["This field is required."]


def test_a_good_account_saves_normalised(admin_client):
    response = admin_client.post(
        snippet_url("add"),
        account_form(
            channel="whatsapp",
            recipient="https://wa.me/442079460000",
            display_name="Furni",
        ),
    )
    assert response.status_code == 302
    account = MessageAccount.objects.get()
    assert account.recipient == "442079460000"
    assert account.display_name == "Furni"


def test_the_listing_shows_name_channel_and_recipient_and_filters_by_channel(
    admin_client,
):
    make_account(
        slug="wa", name="WhatsApp desk", channel="whatsapp", recipient="+4420794600"
    )
    make_account(
        slug="tg", name="Telegram desk", channel="telegram", recipient="furni_shop"
    )

    assert listing_rows(admin_client) == [
        ["Telegram desk", "Telegram", "furni_shop", "tg"],
        ["WhatsApp desk", "WhatsApp", "4420794600", "wa"],
    ]
    assert listing_rows(admin_client, channel="telegram") == [
        ["Telegram desk", "Telegram", "furni_shop", "tg"]
    ]
    assert listing_rows(admin_client, q="whatsapp desk") == [
        ["WhatsApp desk", "WhatsApp", "4420794600", "wa"]
    ]


def test_with_i18n_the_listing_shows_each_accounts_language(admin_client, settings):
    from wagtail.models import Locale

    settings.WAGTAIL_I18N_ENABLED = True
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en", "English"),
        ("fr", "French"),
    ]
    account = make_account(
        slug="tg", name="Telegram desk", channel="telegram", recipient="furni_shop"
    )
    account.copy_for_translation(Locale.objects.create(language_code="fr")).save()
    assert listing_rows(admin_client) == [
        ["Telegram desk", "English", "Telegram", "furni_shop"],
        ["Telegram desk", "French", "Telegram", "furni_shop"],
    ]


def listing_rows(client, **query):
    """The accounts listing's table, a list of cell texts per row."""
    table = soup(client.get(snippet_url("list"), query).content).select_one(
        "table.listing"
    )
    rows = []
    for row in table.select("tbody tr"):
        cells = [cell for cell in row.find_all("td") if cell.get_text(strip=True)]
        title = cells[0].find("a").get_text(strip=True)  # not its action menu
        rows.append([title, *(cell.get_text(strip=True) for cell in cells[1:4])])
    return rows


def test_the_listing_shows_each_accounts_button_and_a_test_link(admin_client):
    make_account(
        slug="tg", name="Telegram desk", channel="telegram", recipient="furni_shop"
    )
    row = soup(admin_client.get(snippet_url("list")).content).select_one(
        "table.listing tbody tr"
    )
    button = row.select_one("a.dm-button")
    assert button["href"] == "https://t.me/furni_shop"
    test = row.find("a", string="Test link")
    assert test["href"] == "https://t.me/furni_shop"
    assert test["target"] == "_blank"
    stylesheets = [
        link["href"]
        for link in soup(admin_client.get(snippet_url("list")).content).select(
            "link[rel=stylesheet]"
        )
    ]
    assert "/static/wagtail_dm_button/dm-button.css" in stylesheets


def test_the_settings_page_shows_the_current_default_button(admin_client, site_default):
    page = soup(admin_client.get(settings_url(site_default.site)).content)
    (button,) = page.select(".dm-button-preview a.dm-button")
    assert button["href"] == "https://wa.me/442079460000"


def test_a_form_with_errors_still_previews_the_saved_button(admin_client, site_default):
    """Pages show what is saved, so the preview does too, not what was typed."""
    response = admin_client.post(
        settings_url(site_default.site),
        {"default_account": "999999", "floating_corner": "bottom-right"},
    )
    assert response.context["form"].errors["default_account"]
    (button,) = soup(response.content).select(".dm-button-preview a.dm-button")
    assert button["href"] == "https://wa.me/442079460000"
    assert button["target"] == "_blank"  # saved on; the form turned it off


def test_the_settings_page_says_when_there_is_no_default(admin_client, site):
    page = soup(admin_client.get(settings_url(site)).content)
    preview = page.select_one(".dm-button-preview")
    assert "No default account" in preview.get_text()
    assert preview.select("a.dm-button") == []


def test_the_form_explains_what_each_channel_takes(admin_client):
    text = soup(admin_client.get(snippet_url("add")).content).get_text(" ")
    assert "What to type as the recipient" in text
    assert "The account's numeric user id, like 1234567890" in text
    assert "The LINE official account id, like @123abcde." in text


def test_settings_are_edited_through_the_admin(admin_client, site, account):
    page = admin_client.get(settings_url(site))
    assert page.status_code == 200
    assert "Message buttons" in soup(page.content).get_text()

    response = admin_client.post(
        settings_url(site),
        {
            "default_account": account.pk,
            "open_in_new_tab": "",
            "load_platform_scripts": "",
            "floating_button": "on",
            "floating_label": "Chat",
            "floating_corner": "bottom-left",
        },
    )
    assert response.status_code == 302
    saved = MessageButtonSettings.objects.get(site=site)
    assert saved.default_account == account
    assert saved.open_in_new_tab is False
    assert saved.load_platform_scripts is False
    assert (saved.floating_button, saved.floating_label, saved.floating_corner) == (
        True,
        "Chat",
        "bottom-left",
    )


def test_settings_are_in_the_settings_menu(admin_client, site):
    sidebar = soup(admin_client.get(reverse("wagtailadmin_home")).content).find(
        id="wagtail-sidebar-props"
    )
    menu = sidebar.get_text()
    assert '"Message buttons"' in menu
    assert (
        reverse(
            "wagtailsettings:edit", args=["wagtail_dm_button", "messagebuttonsettings"]
        )
        in menu
    )


def test_new_settings_default_to_new_tab_on_and_platform_scripts_off(site):
    fresh = MessageButtonSettings.for_site(site)
    assert fresh.default_account is None
    assert fresh.open_in_new_tab is True
    assert fresh.load_platform_scripts is False


def test_deleting_the_default_account_keeps_the_settings(site_default, account):
    account.delete()
    site_default.refresh_from_db()
    assert site_default.default_account is None


def test_an_editor_without_the_settings_permission_cannot_open_the_settings(
    editor_client, site
):
    response = editor_client.get(settings_url(site))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != settings_url(site)
    response = editor_client.post(
        settings_url(site), {"floating_corner": "bottom-right"}
    )
    assert MessageButtonSettings.objects.filter(open_in_new_tab=False).count() == 0


def test_an_editor_can_choose_accounts_but_not_edit_them(editor_client, account):
    chooser = editor_client.get(
        reverse("wagtailsnippetchoosers_wagtail_dm_button_messageaccount:choose")
    )
    assert chooser.status_code == 200
    assert "Support" in chooser.json()["html"]

    edit = editor_client.get(snippet_url("edit", account.pk))
    assert edit.status_code in (302, 403)
    editor_client.post(snippet_url("edit", account.pk), account_form(name="Hijacked"))
    account.refresh_from_db()
    assert account.name == "Support"


def test_usage_lists_the_pages_and_the_sites_that_use_an_account(
    admin_client, site, account, home, django_capture_on_commit_callbacks
):
    # Wagtail updates the reference index once the saving transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        add_button_page(home, "contact", [("message_button", {"account": account})])
        MessageButtonSettings.objects.create(site=site, default_account=account)
    usage = soup(admin_client.get(snippet_url("usage", account.pk)).content)
    text = usage.get_text(" ")
    assert "Contact" in text
    assert "message buttons for localhost" in text.lower()


def test_an_editor_can_publish_a_page_with_a_message_button_block(
    editor_client, account, home, client
):
    add_url = reverse("wagtailadmin_pages:add", args=["testapp", "buttonpage", home.pk])
    assert editor_client.get(add_url).status_code == 200
    response = editor_client.post(
        add_url,
        nested_form_data(
            {
                "title": "Write to us",
                "slug": "write-to-us",
                "body": streamfield(
                    [
                        (
                            "message_button",
                            {
                                "account": account.pk,
                                "label": "Ask us",
                                "text": "Hello",
                                "size": "large",
                                "variant": "outline",
                            },
                        )
                    ]
                ),
            }
        ),
    )
    assert response.status_code == 302
    page = ButtonPage.objects.get(slug="write-to-us")
    value = page.get_latest_revision_as_object().body[0].value
    assert value["account"] == account
    assert value["label"] == "Ask us"


def test_a_slug_already_taken_is_a_field_error_not_a_server_error(
    admin_client, account
):
    response = admin_client.post(
        snippet_url("add"), account_form(slug="support", recipient="1")
    )
    assert field_errors(response, "slug") == [
        "Another account in this language has this slug. Choose another."
    ]
    assert MessageAccount.objects.count() == 1
