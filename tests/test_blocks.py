"""The Message button block as editors meet it in the page editor."""

import pytest
from django.urls import reverse

from wagtail.blocks import StructBlockValidationError

from tests.conftest import buttons, make_account, soup
from tests.testapp.models import ButtonPage
from wagtail_dm_button.blocks import MessageButtonBlock


def page_block():
    """The block as declared on a real page's StreamField."""
    return ButtonPage.body.field.stream_block.child_blocks["message_button"]


def test_the_block_declares_what_the_block_picker_shows():
    meta = MessageButtonBlock._meta_class
    assert meta.icon == "comment"
    assert meta.template == "wagtail_dm_button/message_button.html"
    assert "WhatsApp" in str(meta.description)
    assert str(meta.label) == "Message button"
    assert page_block().is_previewable


def test_the_help_text_names_the_channels_that_take_a_message():
    help_text = str(MessageButtonBlock().child_blocks["text"].field.help_text)
    assert "X (Twitter) Direct Message, Messenger, WhatsApp, Telegram" in help_text
    assert "Instagram" not in help_text
    assert "Signal" not in help_text


def test_the_account_is_optional_and_the_defaults_are_medium_and_filled():
    block = MessageButtonBlock()
    assert block.child_blocks["account"].required is False
    value = block.to_python({})
    assert value["account"] is None
    assert value["size"] == "medium"
    assert value["variant"] == "filled"


def test_the_preview_shows_a_sample_button_on_a_site_with_no_accounts(
    admin_client_db,
):
    response = admin_client_db.get(
        reverse("wagtailadmin_block_preview"), {"id": page_block().definition_prefix}
    )
    assert response.status_code == 200
    page = soup(response.content)
    (button,) = buttons(response.content)
    assert (
        button["href"]
        == "https://t.me/furni_shop?text=Hello%21%20I%20have%20a%20question"
        "%20about%20Sample%20page."
    )
    stylesheets = [link["href"] for link in page.select("head link[rel=stylesheet]")]
    assert "/static/wagtail_dm_button/dm-button.css" in stylesheets


@pytest.fixture
def admin_client_db(client, django_user_model, db):
    client.force_login(
        django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    )
    return client


def test_a_message_for_a_chosen_account_that_cannot_carry_one_is_an_error(db):
    instagram = make_account(channel="instagram", recipient="furni.shop")
    block = MessageButtonBlock()
    value = block.to_python({"account": instagram.pk, "text": "Hello"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "cannot carry a message" in str(error.value.block_errors["text"])

    assert block.clean(block.to_python({"account": instagram.pk}))["text"] == ""
    assert block.clean(block.to_python({"text": "Hello"}))["text"] == "Hello"


def test_the_api_representation_is_the_resolved_button(site_default):
    block = MessageButtonBlock()
    value = block.to_python({"text": "Hi", "size": "large"})
    assert block.get_api_representation(value) == {
        "channel": "whatsapp",
        "href": "https://wa.me/442079460000?text=Hi",
        "label": "Message us",
        "size": "large",
        "variant": "filled",
        "new_tab": True,
        "qr": False,
    }


def test_the_api_representation_is_none_without_an_account(site):
    block = MessageButtonBlock()
    assert block.get_api_representation(block.to_python({})) is None
