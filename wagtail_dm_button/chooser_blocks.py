"""The blocks that choose an account or a contact card, and a contact card's
option (an account with its own label and message).

They store and validate; they render nothing, so models.py can build a
StreamField from them (a contact card's options) while the blocks that render
(blocks.py) and cards (cards.py) show them through the rendering path.
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from . import variables
from .channels import get_channels
from .queries import and_their_translations, by_id, load_streams_together
from .reporting import warn

ACCOUNT_MODEL = "wagtail_dm_button.MessageAccount"


class StoredChooserBlock(SnippetChooserBlock):
    """A snippet chooser reading ids that are not ids as "nothing chosen": neither a
    hand-edited StreamField nor a tampered form stops a page from rendering or
    saving. A StreamField's choices come in one query, with their translations."""

    #: For the warnings: who holds the choice, what it is, and what shows instead.
    holder = ""
    noun = ""
    an_id = ""
    instead = ""

    def to_python(self, value):
        return super().to_python(self.chosen_id(value))

    def value_from_form(self, value):
        if isinstance(value, self.model_class):
            return value
        return super().value_from_form(self.chosen_id(value))

    #: Related objects shown with every choice, fetched in the same query.
    related = ()

    def prefetch(self):
        """What else every choice shows, each fetched for all of them in one query
        (Django's ``prefetch_related``)."""
        return ()

    def bulk_to_python(self, values):
        id_range = self.id_range()
        ids = [self.chosen_id(value, id_range) for value in values]
        found = by_id(
            self.model_class, ids, related=self.related, prefetch=self.prefetch()
        )
        chosen = [found.get(chosen_id) for chosen_id in ids]
        for chosen_id, instance in zip(ids, chosen, strict=True):
            if chosen_id is not None and instance is None:
                warn(
                    f"{self.holder}: {self.noun} {chosen_id} no longer exists; "
                    f"{self.instead}."
                )
        return chosen

    def id_range(self):
        """The lowest and highest id the database can hold (for ``chosen_id``)."""
        return connection.ops.integer_field_range(
            self.model_class._meta.pk.get_internal_type()
        )

    def chosen_id(self, value, id_range=None):
        """The stored id, or ``None`` (with a warning) for anything else, an
        integer the database cannot hold (outside ``id_range``, ``id_range()``'s
        where not given) included."""
        if value is None:
            return None
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            low, high = id_range or self.id_range()
            if low <= value <= high:
                return value
        warn(
            f"{self.holder}: {self.noun} {value!r} is not {self.an_id}; {self.instead}."
        )
        return None


class AccountChooserBlock(StoredChooserBlock):
    holder = "Message button block"
    noun = "account"
    an_id = "an account id"
    instead = "using the site's default"

    def __init__(self, target_model=ACCOUNT_MODEL, **kwargs):
        super().__init__(target_model, **kwargs)


class OptionAccountChooserBlock(AccountChooserBlock):
    holder = "Contact card option"
    instead = "the card leaves the option out"


class CardChooserBlock(StoredChooserBlock):
    """A StreamField's cards come in one query with their avatars, their avatars'
    renditions in a second, and all their options' accounts in a third, however
    many different cards it shows."""

    holder = "Contact card block"
    noun = "card"
    an_id = "a card id"
    instead = "leaving the card out"
    related = ("avatar",)

    def __init__(self, target_model="wagtail_dm_button.ContactCard", **kwargs):
        super().__init__(target_model, **kwargs)

    def prefetch(self):
        return [self.model_class.avatar_renditions()]

    def bulk_to_python(self, values):
        cards = super().bulk_to_python(values)
        chosen = [card for card in cards if card is not None]
        load_streams_together(and_their_translations(chosen), "options")
        return cards


def check_message_for(account, text):
    """A block's error for a message the chosen account's channel cannot carry,
    or that names what is not a message variable."""
    channel = get_channels().get(account.channel) if account else None
    try:
        if channel:
            channel.check_message(text, account.recipient)
        variables.check(text)
    except ValidationError as error:
        raise blocks.StructBlockValidationError(block_errors={"text": error}) from None


def button_text_block():
    """The text on a button, as the message button block and a card's option both
    ask for it."""
    return blocks.CharBlock(
        required=False,
        max_length=100,
        label=_("Button text"),
        help_text=_(
            "Leave empty for the account's own text, or “Message” and its name."
        ),
    )


class StoredStructBlock(blocks.StructBlock):
    """A StructBlock reading a stored value that is not a mapping (a hand-edited
    StreamField) as an empty one, with a warning, instead of failing the page."""

    #: Who holds the value, for the warning.
    holder = ""

    def to_python(self, value):
        return super().to_python(self.stored(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self.stored(value) for value in values])

    def stored(self, value):
        if isinstance(value, dict):
            return value
        warn(f"{self.holder}: stored value {value!r} is not a mapping; using defaults.")
        return {}


class ContactOptionBlock(StoredStructBlock):
    """One way to reach the business on a contact card: an account, with the text
    on its button and the message typed in, each optional."""

    holder = "Contact card option"

    account = OptionAccountChooserBlock(label=_("Account"))
    label = button_text_block()
    text = blocks.TextBlock(
        required=False,
        max_length=1000,
        label=_("Message"),
        help_text=format_lazy(
            "{} {}", _("Typed in for the visitor, ready to send."), variables.HELP
        ),
    )

    class Meta:
        icon = "comment"
        label = _("Option")

    def clean(self, value):
        value = super().clean(value)
        check_message_for(value.get("account"), value.get("text"))
        return value


#: Migrations name the chooser where projects have always imported it from.
DECONSTRUCT_ALIASES = {
    AccountChooserBlock: "wagtail_dm_button.blocks.AccountChooserBlock",
}
