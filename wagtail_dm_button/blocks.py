from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .channels import get_channels
from .models import MessageAccount
from .queries import accounts_by_id
from .rendering import (
    BUTTON_TEMPLATE,
    SIZES,
    VARIANTS,
    build_or_explain,
    render_button,
)
from .reporting import warn


class AccountChooserBlock(SnippetChooserBlock):
    """The account chooser, reading ids that are not ids as "no account": neither a
    hand-edited StreamField nor a tampered form stops a page from rendering or
    saving."""

    def to_python(self, value):
        return super().to_python(_account_id(value))

    def value_from_form(self, value):
        if isinstance(value, MessageAccount):
            return value
        return super().value_from_form(_account_id(value))

    def bulk_to_python(self, values):
        """All of a StreamField's accounts (and, with i18n, their translations) in
        one query."""
        ids = [_account_id(value) for value in values]
        found = accounts_by_id(ids)
        accounts = [found.get(account_id) for account_id in ids]
        for account_id, account in zip(ids, accounts, strict=True):
            if account_id is not None and account is None:
                warn(
                    f"Message button block: account {account_id} no longer exists; "
                    "using the site's default."
                )
        return accounts


class OptionBlock(blocks.ChoiceBlock):
    """A choice among strings. Stored values are the strings themselves, so reading
    one (or the default, for a value stored without it) needs none of the search
    ``ChoiceBlock`` makes to restore other types of choice (numbers, enums): a page
    of buttons reads two per button."""

    def to_python(self, value):
        return value

    def normalize(self, value):
        return value


def _account_id(value):
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    warn(
        f"Message button block: account {value!r} is not an account id; using the "
        "site's default."
    )
    return None


def _channels_taking_text():
    return ", ".join(
        str(channel.label)
        for channel in get_channels().values()
        if channel.supports("text")
    )


class MessageButtonBlock(blocks.StructBlock):
    """A "Message" button that opens a private conversation with the business.

    Left without an account, it opens the site's default account (Settings →
    Message buttons), so editors rarely need to choose one. It renders through the
    same path as the ``{% message_button %}`` tag, so both give the same markup.
    """

    account = AccountChooserBlock(
        MessageAccount,
        required=False,
        label=_("Account"),
        help_text=_(
            "Leave empty to use the site's default account (Settings → Message "
            "buttons)."
        ),
    )
    label = blocks.CharBlock(
        required=False,
        max_length=100,
        label=_("Button text"),
        help_text=_(
            "Leave empty for the account's own text, or “Message” and its name."
        ),
    )
    text = blocks.TextBlock(
        required=False,
        max_length=1000,
        label=_("Message"),
        help_text=format_lazy(
            "{} {}",
            _("Typed in for the visitor, ready to send. Only these channels take it:"),
            lazy(_channels_taking_text, str)(),
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
            "text": "Hello! I have a question.",
            "size": "medium",
            "variant": "filled",
        }
        description = _(
            "A button that opens a private conversation with you on X, Messenger, "
            "WhatsApp, Telegram and other channels, with a message already typed in."
        )

    def to_python(self, value):
        return super().to_python(_stored_struct(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([_stored_struct(value) for value in values])

    def clean(self, value):
        value = super().clean(value)
        account = value.get("account")
        channel = get_channels().get(account.channel) if account else None
        if channel:
            try:
                channel.check_message(value.get("text"))
            except ValidationError as error:
                raise blocks.StructBlockValidationError(
                    block_errors={"text": error}
                ) from None
        return value

    def render(self, value, context=None):
        return render_button(
            template=self.meta.template,
            qr=value.get("qr") is True,
            context=lambda: self.get_context(
                value, parent_context=None if context is None else dict(context)
            ),
            **_options(value, context),
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
        button, _why = build_or_explain(**_options(value, context))
        if button is None:
            return None
        return {
            "channel": button.channel.key,
            "href": button.href,
            "label": str(button.label),
            "size": button.size,
            "variant": button.variant,
            "new_tab": button.new_tab,
            "qr": value.get("qr") is True,
        }


def _options(value, context):
    return {
        "account": value.get("account"),
        "label": _stored_text(value, "label"),
        "text": _stored_text(value, "text"),
        "size": value.get("size"),
        "variant": value.get("variant"),
        "request": context.get("request") if context else None,
        "locale": getattr(context.get("page") if context else None, "locale", None),
    }


def _stored_struct(value):
    if isinstance(value, dict):
        return value
    warn(
        f"Message button block: stored value {value!r} is not a mapping; using "
        "defaults."
    )
    return {}


def _stored_text(value, name):
    """A text field's value; one stored as another type (a hand-edited StreamField)
    counts as empty, so the account's own text is used."""
    text = value.get(name)
    if text is None or isinstance(text, str):
        return text
    warn(f"Message button block: stored {name} {text!r} is not text; leaving it out.")
    return ""
