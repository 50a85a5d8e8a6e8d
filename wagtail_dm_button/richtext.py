"""Message links in rich text: words an editor links to an account.

The rich-text feature ``message-link`` (off unless a field's ``features`` names it)
stores a link as ``<a linktype="message" id="PK" data-text="…">words</a>``: the
account and, if the editor typed one, the message. ``MessageLinkHandler`` renders
it through the one rendering path, as a button would be (the account's
translation for the page's language, its link as it is now, counted where the
site counts clicks, message variables filled in), but as a plain link around the
words: ``<a class="dm-link" href="…" data-dm-channel="…">``. A link whose account
is gone, or cannot be used, leaves the words without a link (``<a>`` with no
``href``, as Wagtail does for a page link whose page is gone), and says why.

Wagtail gives link handlers no request. The page being served, and its request,
are recorded when Wagtail serves a page (its ``before_serve_page`` hook) and
forgotten when the request ends; rich text rendered anywhere else (the API, a
view of the project's own, a preview) follows the default site's settings.

Wagtail's reference index finds the accounts a page's rich text links to through
``extract_references``, so an account's Usage lists those pages.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from draftjs_exporter.dom import DOM

from wagtail.admin.rich_text.converters.html_to_contentstate import (
    LinkElementHandler,
)
from wagtail.rich_text import LinkHandler

from .markup import target_and_rel
from .models import MessageAccount
from .rendering import build_or_explain
from .reporting import warn

FEATURE = "message-link"
LINK_TYPE = "message"
ENTITY_TYPE = "MESSAGE_LINK"

#: The request being served and its Wagtail page, while Wagtail serves one.
_serving = ContextVar("wagtail_dm_button_serving", default=(None, None))


def serving(page, request, *args, **kwargs):
    """``before_serve_page``: what the page's message links follow."""
    _serving.set((request, page))


def _forget(**kwargs):
    _serving.set((None, None))


def connect():
    """Forget the page served when its request ends, and at the start of the
    next (a request that raised may not have said it ended)."""
    for signal in (request_started, request_finished):
        signal.connect(_forget, dispatch_uid="wagtail_dm_button.richtext")


def _pk(value):
    """An ``id`` attribute as an account's key; ``None`` when it is not one."""
    value = str(value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


class MessageLinkHandler(LinkHandler):
    identifier = LINK_TYPE

    @staticmethod
    def get_model():
        return MessageAccount

    @classmethod
    def get_many(cls, attrs_list):
        """The accounts the links name, in one query; ``None`` for an ``id`` that
        is not an account's."""
        keys = [_pk(attrs.get("id")) for attrs in attrs_list]
        found = MessageAccount.objects.in_bulk([key for key in keys if key])
        return [found.get(key) for key in keys]

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        request, page = _serving.get()
        return [
            _opening_tag(account, attrs, request, page)
            for account, attrs in zip(cls.get_many(attrs_list), attrs_list, strict=True)
        ]

    @classmethod
    def extract_references(cls, attrs):
        key = _pk(attrs.get("id"))
        if key is not None:
            yield MessageAccount, str(key), "", ""


def _opening_tag(account, attrs, request, page):
    if account is None:
        warn(
            f"A rich text message link names the account {attrs.get('id')!r}, which "
            "does not exist: its words are shown without a link. Link them to an "
            "account again in the page's editor."
        )
        return "<a>"
    button, _why = build_or_explain(
        account,
        text=attrs.get("data-text", ""),
        request=request,
        page=page,
        locale=getattr(page, "locale", None),
        # Counted only on a page Wagtail serves: not in previews, nor where no
        # request is known.
        source="richtext" if request is not None else None,
    )
    if button is None:
        return "<a>"
    return format_html(
        '<a class="dm-link" href="{}" data-dm-channel="{}"{}>',
        button.href,
        button.channel.key,
        mark_safe(target_and_rel(button)),  # noqa: S308  (fixed words)
    )


class MessageLinkElementHandler(LinkElementHandler):
    """A stored message link as a Draftail entity: the account, its name and
    channel for the editor to show, and the message."""

    def get_attribute_data(self, attrs):
        key = _pk(attrs.get("id"))
        account = MessageAccount.objects.filter(pk=key).first() if key else None
        data = {"id": key, "text": attrs.get("data-text", "")}
        if account is None:
            data["missing"] = str(_("Missing account: choose one again"))
        else:
            data["name"] = account.name
            data["channel"] = str(account.get_channel_display())
        return data


def message_link_entity(props):
    """A Draftail message link entity as it is stored."""
    attrs = {"linktype": LINK_TYPE, "id": props.get("id")}
    if props.get("text"):
        attrs["data-text"] = props["text"]
    return DOM.create_element("a", attrs, props["children"])


CONVERTER_RULE = {
    "from_database_format": {
        f'a[linktype="{LINK_TYPE}"]': MessageLinkElementHandler(ENTITY_TYPE)
    },
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: message_link_entity}},
}
