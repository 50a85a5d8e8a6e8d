"""Admin forms under attack (DESIGN §3, §6 "bad input"): every identifier field of the
account form, and the settings form, tried with hostile and malformed input. Each
gets a clear error on its own field, nothing is saved, and the page never fails."""

import pytest
from django.urls import reverse

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

CHANNEL_KEYS = list(RECIPIENTS)


def assert_refused(response, field):
    """A 200 with an error on ``field``, and nothing the payload smuggled in."""
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors and all(error.strip() for error in errors)
    page = soup(response.content)
    assert not [s for s in page.find_all("script") if "alert(1)" in (s.string or "")]
    assert page.find("img", onerror=True) is None


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
@pytest.mark.parametrize("channel", CHANNEL_KEYS)
def test_the_recipient_refuses_hostile_input(admin_client, channel, payload):
    response = admin_client.post(
        snippet_url("add"), account_form(channel=channel, recipient=payload)
    )
    assert_refused(response, "recipient")
    assert not MessageAccount.objects.exists()


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"channel": "x", "recipient": "783214", "display_name": None}, "display_name"),
        ({"channel": "messenger", "recipient": "furni.shop", "ref": None}, "ref"),
        ({"channel": "instagram", "recipient": "furni.shop", "ref": None}, "ref"),
        ({"channel": "telegram", "recipient": "furni_shop", "slug": None}, "slug"),
    ],
    ids=["x display name", "messenger ref", "instagram ref", "slug"],
)
def test_the_other_identifier_fields_refuse_hostile_input(
    admin_client, fields, field, payload
):
    response = admin_client.post(
        snippet_url("add"), account_form(**{**fields, field: payload})
    )
    assert_refused(response, field)
    assert not MessageAccount.objects.exists()


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_editing_an_account_with_hostile_input_changes_nothing(
    admin_client, account, payload
):
    response = admin_client.post(
        snippet_url("edit", account.pk),
        account_form(slug="support", channel="whatsapp", recipient=payload),
    )
    assert_refused(response, "recipient")
    account.refresh_from_db()
    assert account.recipient == "442079460000"


@pytest.mark.parametrize(
    "payload",
    [*PAYLOADS.values(), "-1", "0", "999999", "1.5", "1e3", "[1]"],
    ids=[*PAYLOADS, "negative", "zero", "missing", "decimal", "exponent", "list"],
)
def test_the_settings_form_refuses_a_default_account_that_is_not_one(
    admin_client, site, account, payload
):
    MessageButtonSettings.objects.create(site=site, default_account=account)
    response = admin_client.post(
        settings_url(site),
        {
            "default_account": payload,
            "open_in_new_tab": "on",
            "floating_corner": "bottom-right",
        },
    )
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
