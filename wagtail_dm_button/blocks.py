from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from . import memo, variables
from .cards import CARD_TEMPLATE, DISPLAYS, card_data, render_card
from .channels import get_channels
from .chooser_blocks import (
    AccountChooserBlock,
    CardChooserBlock,
    StoredStructBlock,
    button_text_block,
    check_message_for,
)
from .models import ContactCard, MessageAccount
from .rendering import (
    BUTTON_TEMPLATE,
    SIZES,
    VARIANTS,
    Options,
    absolute_href,
    build_or_explain,
    choose,
    render_options,
)
from .reporting import warn


class OptionBlock(blocks.ChoiceBlock):
    """A choice among strings. Stored values are the strings themselves, so reading
    one (or the default, for a value stored without it) needs none of the search
    ``ChoiceBlock`` makes to restore other types of choice (numbers, enums): a page
    of buttons reads two per button."""

    def to_python(self, value):
        return value

    def normalize(self, value):
        return value


def _channels_taking_text():
    return ", ".join(
        str(channel.label)
        for channel in get_channels().values()
        if channel.supports("text")
    )


class PreviewedWithSamples:
    """A block whose preview in the admin shows sample values for the message
    variables (``{page_title}`` …): a preview has no page."""

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        request = context.get("request")
        if request is not None:
            memo.memo_of(request)[memo.SAMPLE_VARIABLES] = True
        return context


class MessageButtonBlock(PreviewedWithSamples, StoredStructBlock):
    """A "Message" button that opens a private conversation with the business.

    Left without an account, it opens the site's default account (Settings →
    Message buttons), so editors rarely need to choose one. It renders through the
    same path as the ``{% message_button %}`` tag, so both give the same markup.
    """

    holder = "Message button block"

    account = AccountChooserBlock(
        MessageAccount,
        required=False,
        label=_("Account"),
        help_text=_(
            "Leave empty to use the site's default account (Settings → Message "
            "buttons)."
        ),
    )
    label = button_text_block()
    text = blocks.TextBlock(
        required=False,
        max_length=1000,
        label=_("Message"),
        help_text=format_lazy(
            "{} {}. {}",
            _("Typed in for the visitor, ready to send. Only these channels take it:"),
            lazy(_channels_taking_text, str)(),
            variables.HELP,
        ),
    )
    size = OptionBlock(choices=list(SIZES.items()), default="medium", label=_("Size"))
    variant = OptionBlock(
        choices=list(VARIANTS.items()), default="filled", label=_("Look")
    )
    qr = blocks.BooleanBlock(
        required=False,
        default=False,
        label=_("Show a QR code"),
        help_text=_(
            "A code of the same link beside the button: for print, and for visitors "
            "on a computer whose phone has the app."
        ),
    )

    class Meta:
        icon = "comment"
        label = _("Message button")
        template = BUTTON_TEMPLATE
        preview_template = "wagtail_dm_button/block_preview.html"
        preview_value = {
            "label": "",
            "text": "Hello! I have a question about {page_title}.",
            "size": "medium",
            "variant": "filled",
        }
        description = _(
            "A button that opens a private conversation with you on X, Messenger, "
            "WhatsApp, Telegram and other channels, with a message already typed in."
        )

    def clean(self, value):
        value = super().clean(value)
        check_message_for(value.get("account"), value.get("text"))
        return value

    def render(self, value, context=None):
        return render_options(
            value.get("account"),
            Options(**_options(value, context)),
            template=self.meta.template,
            qr=value.get("qr") is True,
            context=lambda: self.get_context(
                value, parent_context=None if context is None else dict(context)
            ),
        )

    def get_preview_value(self):
        """The preview shows a sample account, so it works on a site with none."""
        value = super().get_preview_value()
        value["account"] = MessageAccount(
            name="Sample", slug="sample", channel="telegram", recipient="furni_shop"
        )
        return value

    def get_api_representation(self, value, context=None):
        """The resolved button, for headless front ends; ``None`` if there is none."""
        options = _options(value, context)
        button, _why = build_or_explain(value.get("account"), **options)
        if button is None:
            return None
        return {
            "channel": button.channel.key,
            "href": absolute_href(button, options["request"]),
            "label": str(button.label),
            "size": button.size,
            "variant": button.variant,
            "new_tab": button.new_tab,
            "qr": value.get("qr") is True,
            **button.availability_data(),
        }


class ContactCardBlock(PreviewedWithSamples, StoredStructBlock):
    """A contact card: one button that opens a card of channels, with who answers,
    a greeting and how soon they reply; or the card itself, in the page. It renders
    through the same path as the ``{% contact_card %}`` tag."""

    holder = "Contact card block"

    card = CardChooserBlock(
        label=_("Contact card"),
        help_text=_("Snippets → Contact cards holds the cards and their channels."),
    )
    display = OptionBlock(
        choices=list(DISPLAYS.items()), default="launcher", label=_("Show")
    )

    class Meta:
        icon = "comment"
        label = _("Contact card")
        template = CARD_TEMPLATE
        preview_template = "wagtail_dm_button/block_preview.html"
        preview_value = {"display": "inline"}
        description = _(
            "One button that opens a card: who answers, a greeting, how soon they "
            "reply and a choice of channels. Or the card itself, in the page."
        )

    def render(self, value, context=None):
        card = value.get("card")
        if card is None:
            return ""  # None chosen, or gone: the chooser has said so.
        return render_card(
            card,
            display=value.get("display"),
            request=context.get("request") if context else None,
            locale=_page_locale(context),
            page=context.get("page") if context else None,
            template=self.meta.template,
            context=lambda: self.get_context(
                value, parent_context=None if context is None else dict(context)
            ),
        )

    def get_preview_value(self):
        """The preview shows a sample card, so it works on a site with none."""
        value = super().get_preview_value()
        value["card"] = sample_card()
        return value

    def get_api_representation(self, value, context=None):
        """The card's words and each option's resolved button, for headless front
        ends; ``None`` if there is no card to show."""
        card = value.get("card")
        if card is None:
            return None
        data = card_data(
            card,
            request=context.get("request") if context else None,
            locale=_page_locale(context),
            page=context.get("page") if context else None,
        )
        display = choose(value.get("display"), DISPLAYS, "Contact card display")
        return data and {**data, "display": display}


def sample_card():
    """A card of sample accounts, unsaved: what previews show on a site with no
    cards or accounts yet."""
    samples = [
        ("whatsapp", "+44 20 7946 0000"),
        ("telegram", "furni_shop"),
        ("email", "hello@example.com"),
    ]
    return ContactCard(
        name="Sample",
        slug="sample",
        heading=_("Talk to us"),
        greeting=_("Hello! Ask us anything about your order."),
        reply_time=_("Typically replies within an hour"),
        options=[
            (
                "option",
                {
                    "account": MessageAccount(
                        name=channel, slug=channel, channel=channel, recipient=recipient
                    ),
                    "label": "",
                    "text": "",
                },
            )
            for channel, recipient in samples
        ],
    )


def _page_locale(context):
    return getattr(context.get("page") if context else None, "locale", None)


def _options(value, context):
    """The block's button options (``rendering.Options``), as keywords."""
    page = context.get("page") if context else None
    return {
        "label": _stored_text(value, "label"),
        "text": _stored_text(value, "text"),
        "size": value.get("size"),
        "variant": value.get("variant"),
        "request": context.get("request") if context else None,
        "locale": getattr(page, "locale", None),
        "page": page,
        "source": "block",
    }


def _stored_text(value, name):
    """A text field's value; one stored as another type (a hand-edited StreamField)
    counts as empty, so the account's own text is used."""
    text = value.get(name)
    if text is None or isinstance(text, str):
        return text
    warn(f"Message button block: stored {name} {text!r} is not text; leaving it out.")
    return ""
