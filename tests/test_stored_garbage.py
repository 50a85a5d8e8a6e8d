"""Whatever is stored, pages still serve: hand-edited
StreamField JSON, identifiers or channels edited in the database, missing settings,
deleted accounts. The button falls back to the site's default or is left out, and a
warning says why."""

import json
import logging

import pytest

from tests.conftest import add_button_page, buttons, make_account
from tests.testapp.models import ButtonPage
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings

DEFAULT_LINK = "https://wa.me/442079460000"


@pytest.fixture
def page_with(home):
    """Store ``value`` as a message button block's raw JSON, as a hand edit or a
    faulty migration would, and fetch the live page."""

    def fetch(client, value, caplog):
        page = add_button_page(home, "contact", [])
        raw = [{"type": "message_button", "value": value, "id": "garbage"}]
        ButtonPage.objects.filter(pk=page.pk).update(body=json.dumps(raw))
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
            response = client.get("/contact/")
        assert response.status_code == 200
        return buttons(response.content)

    return fetch


@pytest.mark.parametrize(
    ("value", "warning"),
    [
        ({"account": "abc"}, "account 'abc' is not an account id"),
        ({"account": [1]}, "account [1] is not an account id"),
        ({"account": {"id": 1}}, "is not an account id"),
        ({"account": True}, "account True is not an account id"),
        ({"account": -5}, "account -5 no longer exists"),
        ({"account": 999999}, "account 999999 no longer exists"),
        ({"account": 2**64}, f"account {2**64} is not an account id"),
        ({"account": str(2**64)}, f"account {2**64} is not an account id"),
        ({"label": 123}, "stored label 123 is not text"),
        ({"label": ["Ask"]}, "stored label ['Ask'] is not text"),
        ({"text": {"a": 1}}, "stored text {'a': 1} is not text"),
        ({"size": ["large"]}, "size ['large'] is not one of medium, large"),
        ({"size": "huge", "variant": None}, "size 'huge' is not one of"),
        ({"variant": 7}, "variant 7 is not one of filled, outline"),
        (None, "stored value None is not a mapping"),
        ("message", "stored value 'message' is not a mapping"),
        ([], "stored value [] is not a mapping"),
    ],
)
def test_a_garbled_block_falls_back_to_the_default_button(
    client, site_default, page_with, caplog, value, warning
):
    (button,) = page_with(client, value, caplog)
    assert button["href"] == DEFAULT_LINK
    assert button.select_one(".dm-button__label").get_text() == "Message us"
    assert {"dm-button--medium", "dm-button--filled"} <= set(button["class"])
    assert warning in caplog.text


def test_missing_keys_take_the_blocks_defaults(client, site_default, page_with, caplog):
    (button,) = page_with(client, {"unexpected": "<script>"}, caplog)
    assert button["href"] == DEFAULT_LINK


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        ({"channel": "fax"}, "No message button channel is registered under 'fax'"),
        ({"channel": ""}, "registered under ''"),
        ({"recipient": "<script>alert(1)</script>"}, "is not a phone number"),
        ({"recipient": "javascript:alert(1)"}, "is not a phone number"),
        ({"recipient": ""}, "is not a phone number"),
        ({"recipient": "020 7946 0000"}, "national number"),
    ],
)
def test_an_account_edited_in_the_database_is_left_out(
    client, site_default, account, home, page_with, caplog, change, warning
):
    MessageAccount.objects.filter(pk=account.pk).update(**change)
    assert page_with(client, {"account": account.pk}, caplog) == []
    assert warning in caplog.text


def test_a_default_account_edited_in_the_database_is_left_out(
    client, site_default, account, page_with, caplog
):
    MessageAccount.objects.filter(pk=account.pk).update(recipient="abc")
    assert page_with(client, {}, caplog) == []
    assert "'support' is not usable" in caplog.text


def test_without_a_settings_row_a_chosen_account_still_renders(
    client, site, page_with, caplog
):
    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    MessageButtonSettings.objects.all().delete()
    (button,) = page_with(client, {"account": telegram.pk}, caplog)
    assert button["href"] == "https://t.me/furni_shop"
    assert button["target"] == "_blank"  # the settings' own defaults


def test_without_a_settings_row_the_default_is_left_out(
    client, site, page_with, caplog
):
    MessageButtonSettings.objects.all().delete()
    assert page_with(client, {}, caplog) == []
    assert "no default account" in caplog.text


def test_a_deleted_default_account_leaves_the_button_out(
    client, site_default, account, page_with, caplog
):
    account.delete()
    assert page_with(client, {}, caplog) == []
    assert "no default account" in caplog.text


def test_a_deleted_chosen_account_falls_back_to_the_default(
    client, site_default, page_with, caplog
):
    gone = make_account(slug="gone", channel="telegram", recipient="gone_shop")
    gone_pk = gone.pk
    gone.delete()
    (button,) = page_with(client, {"account": gone_pk}, caplog)
    assert button["href"] == DEFAULT_LINK
    assert f"account {gone_pk} no longer exists" in caplog.text
