from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MessageAccount


class MessageAccountViewSet(SnippetViewSet):
    """The admin's listing and forms for message accounts (Snippets → Message
    accounts)."""

    model = MessageAccount
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
    ]
    list_filter = ["channel"]
    search_fields = ["name", "slug", "recipient", "display_name"]
    search_backend_name = None
    ordering = ["name"]
