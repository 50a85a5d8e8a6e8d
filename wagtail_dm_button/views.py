from django import forms
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.ui.tables import Column, LocaleColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import variables
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


class MessageLinkForm(forms.Form):
    """The second step of linking words to an account in rich text: the message,
    checked as every form that takes a message checks it."""

    account = forms.ModelChoiceField(
        queryset=MessageAccount.objects.all(), widget=forms.HiddenInput
    )
    text = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            "{} {}",
            _("Typed in for the visitor; empty, the account's own message."),
            variables.HELP,
        ),
    )

    def clean(self):
        cleaned = super().clean()
        account, text = cleaned.get("account"), cleaned.get("text", "")
        if account is not None:
            try:
                channel = account.get_channel()
                channel.check_message(text, account.recipient)
                variables.check(text)
            except ValidationError as error:
                self.add_error("text", error)
        return cleaned


def message_link(request):
    """The message step of the rich text control, in the chooser's modal: after
    the account is chosen, the message (its ``id`` and current ``text`` come in
    the query); its answer is the link's data."""
    if request.method == "POST":
        form = MessageLinkForm(request.POST)
        if form.is_valid():
            account = form.cleaned_data["account"]
            return render_modal_workflow(
                request,
                None,
                None,
                None,
                json_data={
                    "step": "message_chosen",
                    "result": {
                        "id": account.pk,
                        "name": account.name,
                        "channel": str(account.get_channel_display()),
                        "text": form.cleaned_data["text"],
                    },
                },
            )
    else:
        form = MessageLinkForm(
            initial={"account": request.GET.get("id"), "text": request.GET.get("text")}
        )
    account = form["account"].value()
    return render_modal_workflow(
        request,
        "wagtail_dm_button/admin/message_link_form.html",
        None,
        {
            "form": form,
            "account": MessageAccount.objects.filter(pk=account).first()
            if str(account or "").isascii() and str(account or "").isdigit()
            else None,
        },
        json_data={"step": "message"},
    )
