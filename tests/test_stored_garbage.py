"""Whatever is stored, pages still serve: hand-edited
StreamField JSON, identifiers or channels edited in the database, missing settings,
deleted accounts. The button falls back to the site's default or is left out, and a
warning says why."""

import json
import logging

import pytest

from tests.conftest import add_button_page, buttons, make_account, make_card, soup
from tests.testapp.models import ButtonPage
from wagtail_dm_button.models import ContactCard, MessageAccount, MessageButtonSettings

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


# Contact cards: a garbled card block, or a garbled option of a card.

TELEGRAM_LINK = "https://t.me/furni_shop"
UNCHANGED = object()


@pytest.fixture
def card_page(home, site_default):
    """A card offering Telegram, shown on a page as a launcher and inline, and as
    the floating button's card; ``serve`` stores the card's options or the first
    block's value as raw JSON and fetches the page."""
    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    card = make_card([{"account": telegram}])
    MessageButtonSettings.objects.filter(pk=site_default.pk).update(
        floating_button=True, floating_card=card
    )
    page = add_button_page(home, "card", [])

    def serve(client, caplog, options=None, block=UNCHANGED):
        if options is not None:
            ContactCard.objects.filter(pk=card.pk).update(options=json.dumps(options))
        raw = [
            {
                "type": "contact_card",
                "value": {"card": card.pk} if block is UNCHANGED else block,
            },
            {"type": "contact_card", "value": {"card": card.pk, "display": "inline"}},
        ]
        ButtonPage.objects.filter(pk=page.pk).update(body=json.dumps(raw))
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
            response = client.get("/card/")
        assert response.status_code == 200
        return soup(response.content)

    serve.telegram = telegram
    return serve


@pytest.mark.parametrize(
    ("option", "warning"),
    [
        (None, "Contact card option: stored value None is not a mapping"),
        (5, "Contact card option: stored value 5 is not a mapping"),
        ("option", "stored value 'option' is not a mapping"),
        ({"account": "abc"}, "Contact card option: account 'abc' is not an account"),
        ({"account": 2**64}, f"account {2**64} is not an account id"),
        ({"account": 999999}, "account 999999 no longer exists"),
    ],
)
def test_a_garbled_option_is_left_out_of_the_card(
    client, card_page, caplog, option, warning
):
    """The card keeps its good option; the page, its floating card included,
    still serves."""
    options = [
        {"type": "option", "value": option, "id": "bad"},
        {"type": "option", "value": {"account": card_page.telegram.pk}, "id": "ok"},
    ]
    markup = card_page(client, caplog, options=options)
    cards = markup.select(".dm-card")
    assert len(cards) == 3  # the launcher's, the inline one and the floating one
    for card in cards:
        assert [button["href"] for button in buttons(card)] == [TELEGRAM_LINK]
    assert warning in caplog.text


@pytest.mark.parametrize(
    ("block", "warning"),
    [
        ({"card": "abc"}, "Contact card block: card 'abc' is not a card id"),
        ({"card": 2**64}, f"card {2**64} is not a card id"),
        ({"card": 999999}, "card 999999 no longer exists"),
        (None, "Contact card block: stored value None is not a mapping"),
        ([1], "stored value [1] is not a mapping"),
    ],
)
def test_a_garbled_card_block_is_left_out(client, card_page, caplog, block, warning):
    markup = card_page(client, caplog, block=block)
    assert len(markup.select(".dm-card")) == 2  # the inline card, the floating one
    assert warning in caplog.text


def test_a_card_block_with_an_unknown_display_shows_the_launcher(
    client, card_page, caplog
):
    card = ContactCard.objects.get()
    markup = card_page(client, caplog, block={"card": card.pk, "display": ["x"]})
    assert len(markup.select("button.dm-launcher")) == 2  # the block's, the floating
    assert "Contact card display ['x'] is not one of launcher, inline" in caplog.text


@pytest.mark.parametrize("options", [5, {"type": "option"}, ["option"]])
def test_a_cards_options_stored_as_no_stream_leave_the_card_out(
    client, card_page, caplog, options
):
    markup = card_page(client, caplog, options=options)
    assert markup.select(".dm-card") == []
    assert "ContactCard.options: the stored value cannot be read" in caplog.text


@pytest.mark.django_db
def test_stored_streams_are_read_through_one_json_field(account):
    """Wagtail makes a new ``JSONField`` each time a row's StreamField is read; the
    package's own StreamFields make theirs once, and read and write through it as
    Wagtail's would."""
    field = MessageAccount._meta.get_field("opening_hours")
    reading = field.json_field
    hours = [{"type": "closed", "value": {"date": "2026-12-25", "note": "Holiday"}}]
    MessageAccount.objects.filter(pk=account.pk).update(opening_hours=hours)
    read = MessageAccount.objects.get(pk=account.pk)
    assert field.json_field is reading
    assert ContactCard._meta.get_field("options").json_field is not reading
    assert read.opening_hours.raw_data[0]["value"]["note"] == "Holiday"
