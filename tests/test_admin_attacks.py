"""Admin forms under attack: every identifier field of the account form, and the
settings form, tried with hostile and malformed input. Each gets a clear error on
its own field, nothing is saved, and the page never fails.

Every payload goes through the admin's own form classes, built from the panels as
the admin's views build them; for each field one payload that tries both ways out of
an attribute also makes the round trip through the admin's views, so the error is
seen, escaped, on the served page."""

import pytest
from django.urls import reverse

from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.conftest import (
    RECIPIENTS,
    account_form,
    field_errors,
    settings_url,
    snippet_url,
    soup,
)
from tests.testapp.models import ButtonPage
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute break-out": '"><img src=x onerror=alert(1)>',
    "quotes": "furni'\"shop",
    "10 000 characters": "a" * 10_000,
    "10 000 digits": "4" * 10_000,
    "right-to-left override": "\u202epohs_inruf",
    "NUL": "furni\x00shop",
    "control characters": "furni\x07\x1b\x7fshop",
    "line break": "furni\nshop",
    "Arabic-Indic digits": "٤٤٢٠٧٩٤٦٠٠٠٠",
    "full-width digits": "４４２０７９４６００００",
    "Cyrillic look-alikes": "furni_shор",
    "javascript: link": "javascript:alert(1)",
    "data: link": "data:text/html,<script>alert(1)</script>",
    "SQL": "1 OR 1=1; --",
    "zero-width space": "furni\u200bshop",
}

#: One payload for the round trips: it tries to leave an attribute and the text.
BREAK_OUT = "\"'><script>alert(1)</script><img src=x onerror=alert(1)>"

IDENTIFIER_FIELDS = {
    # name: (the other fields of a good account, the field under attack)
    **{f"{key} recipient": ({"channel": key}, "recipient") for key in RECIPIENTS},
    "x display name": ({"channel": "x", "recipient": "783214"}, "display_name"),
    "messenger ref": ({"channel": "messenger", "recipient": "furni.shop"}, "ref"),
    "instagram ref": ({"channel": "instagram", "recipient": "furni.shop"}, "ref"),
    "slug": ({"channel": "telegram", "recipient": "furni_shop"}, "slug"),
}


def nothing_smuggled_in(markup):
    page = soup(markup)
    assert not [s for s in page.find_all("script") if "alert(1)" in (s.string or "")]
    assert page.find("img", onerror=True) is None


def assert_refused(response, field):
    """A 200 with an error on ``field``, and nothing the payload smuggled in."""
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors and all(error.strip() for error in errors)
    nothing_smuggled_in(response.content)


def assert_form_refuses(form, field):
    """The form is invalid with an error on ``field``, shown escaped."""
    assert not form.is_valid()
    errors = form.errors.get(field)
    assert errors and all(error.strip() for error in errors)
    nothing_smuggled_in(str(form[field].errors))


def account_form_class():
    return MessageAccount.snippet_viewset.get_edit_handler().get_form_class()


def settings_form_class():
    return get_setting_edit_handler(MessageButtonSettings).get_form_class()


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
@pytest.mark.parametrize(
    ("fields", "field"), list(IDENTIFIER_FIELDS.values()), ids=list(IDENTIFIER_FIELDS)
)
def test_every_identifier_field_refuses_every_payload(
    admin_user, fields, field, payload
):
    form = account_form_class()(
        data=account_form(**{**fields, field: payload}), for_user=admin_user
    )
    assert_form_refuses(form, field)


@pytest.mark.parametrize(
    ("fields", "field"), list(IDENTIFIER_FIELDS.values()), ids=list(IDENTIFIER_FIELDS)
)
def test_the_add_view_shows_the_error_and_saves_nothing(admin_client, fields, field):
    response = admin_client.post(
        snippet_url("add"), account_form(**{**fields, field: BREAK_OUT})
    )
    assert_refused(response, field)
    assert not MessageAccount.objects.exists()


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_editing_an_account_with_hostile_input_is_refused(admin_user, account, payload):
    form = account_form_class()(
        data=account_form(slug="support", channel="whatsapp", recipient=payload),
        instance=account,
        for_user=admin_user,
    )
    assert_form_refuses(form, "recipient")


def test_the_edit_view_shows_the_error_and_changes_nothing(admin_client, account):
    response = admin_client.post(
        snippet_url("edit", account.pk),
        account_form(slug="support", channel="whatsapp", recipient=BREAK_OUT),
    )
    assert_refused(response, "recipient")
    account.refresh_from_db()
    assert account.recipient == "442079460000"


NOT_ACCOUNT_IDS = {
    **PAYLOADS,
    "negative": "-1",
    "zero": "0",
    "missing": "999999",
    "decimal": "1.5",
    "exponent": "1e3",
    "list": "[1]",
}


def settings_data(default_account):
    return {
        "default_account": default_account,
        "open_in_new_tab": "on",
        "floating_corner": "bottom-right",
    }


@pytest.mark.parametrize(
    "payload", list(NOT_ACCOUNT_IDS.values()), ids=list(NOT_ACCOUNT_IDS)
)
def test_the_settings_form_refuses_a_default_account_that_is_not_one(
    admin_user, site, account, payload
):
    instance = MessageButtonSettings.objects.create(site=site, default_account=account)
    form = settings_form_class()(
        data=settings_data(payload), instance=instance, for_user=admin_user
    )
    assert_form_refuses(form, "default_account")


def test_the_settings_view_shows_the_error_and_changes_nothing(
    admin_client, site, account
):
    MessageButtonSettings.objects.create(site=site, default_account=account)
    response = admin_client.post(settings_url(site), settings_data(BREAK_OUT))
    assert_refused(response, "default_account")
    assert MessageButtonSettings.objects.get(site=site).default_account == account


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", "1.5", "-1", "999999", "abc\x00"],
    ids=["script", "decimal", "negative", "missing", "NUL"],
)
def test_a_page_form_posting_a_bogus_account_never_fails(
    admin_client, account, home, payload
):
    add_url = reverse("wagtailadmin_pages:add", args=["testapp", "buttonpage", home.pk])
    response = admin_client.post(
        add_url,
        nested_form_data(
            {
                "title": "Contact",
                "slug": "contact",
                "body": streamfield(
                    [
                        (
                            "message_button",
                            {
                                "account": payload,
                                "label": "",
                                "text": "",
                                "size": "medium",
                                "variant": "filled",
                            },
                        )
                    ]
                ),
            }
        ),
    )
    assert response.status_code in (200, 302)
    for page in ButtonPage.objects.all():
        assert page.get_latest_revision_as_object().body[0].value["account"] is None
