from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, LocaleColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import ClickCount, ContactCard, MessageAccount
from .queries import load_streams_together
from .rendering import message_url, render_button


class TranslatableIndexView(IndexView):
    """A listing naming its own columns, with each row's language after its name
    where Wagtail's i18n is on, as Wagtail's default listing has it."""

    @cached_property
    def columns(self):
        columns = super().columns
        if not self.i18n_enabled:
            return columns
        names = [column.name for column in columns]
        at = names.index("name") + 1 if "name" in names else len(columns)
        return [*columns[:at], LocaleColumn(), *columns[at:]]


class MessageAccountIndexView(TranslatableIndexView):
    """The accounts' listing, with each account's clicks over the last 30 days
    (where a site counts them), summed in the listing's own query."""

    def get_base_queryset(self):
        recent = ClickCount.recent(30).filter(account=OuterRef("pk"))
        clicks = recent.values("account").annotate(total=Sum("clicks")).values("total")
        return (
            super()
            .get_base_queryset()
            .annotate(recent_clicks=Coalesce(Subquery(clicks), 0))
        )


class MessageAccountViewSet(SnippetViewSet):
    """The admin's listing and forms for message accounts (Snippets → Message
    accounts)."""

    model = MessageAccount
    index_view_class = MessageAccountIndexView
    icon = "comment"
    menu_label = _("Message accounts")
    list_display = [
        "name",
        Column(
            "channel",
            label=_("Channel"),
            accessor="get_channel_display",
            sort_key="channel",
        ),
        "recipient",
        "slug",
        Column("button", label=_("Button"), accessor=lambda account: _button(account)),
        Column("test", label=_("Test"), accessor=lambda account: _test_link(account)),
        Column(
            "recent_clicks",
            label=_("Clicks, 30 days"),
            sort_key="recent_clicks",
        ),
    ]
    list_filter = ["channel"]
    search_fields = ["name", "slug", "recipient", "display_name"]
    search_backend_name = None
    ordering = ["name"]


def _button(account):
    """The account's button as visitors see it."""
    return render_button(account)


def _test_link(account):
    """A link that opens the conversation, to try the account out."""
    href = message_url(account)
    if not href:
        return _("Not usable: check the recipient")
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
        href,
        _("Test link"),
    )


class ContactCardIndexView(TranslatableIndexView):
    """The cards' listing reads the options of every card it shows at once: their
    accounts come in one query, not one per row."""

    def get_table(self, object_list):
        cards = list(object_list)
        load_streams_together(cards, "options")
        return super().get_table(cards)


class ContactCardViewSet(SnippetViewSet):
    """The admin's listing and forms for contact cards (Snippets → Contact cards),
    with a live preview of the card beside the form."""

    model = ContactCard
    index_view_class = ContactCardIndexView
    icon = "comment"
    menu_label = _("Contact cards")
    list_display = [
        "name",
        Column("channels", label=_("Channels"), accessor=lambda card: _channels(card)),
        "slug",
    ]
    search_fields = ["name", "slug", "heading"]
    search_backend_name = None
    ordering = ["name"]


def _channels(card):
    """The channels of the card's options, in order."""
    names = []
    for option in card.options:
        account = option.value.get("account")
        if account is not None:
            names.append(str(account.get_channel_display()))
    return ", ".join(names)
