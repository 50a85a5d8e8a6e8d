"""The one path from an account and a button's options to markup.

The block and the template tags both call ``render_button`` (or ``build_button``
for the link alone). It resolves the account (DESIGN §5: the one given, else the
site's default), builds the link from the stored, normalised parts, and renders the
button template. When no usable account is found it renders nothing, logs a warning
on the ``wagtail_dm_button`` logger and, under ``DEBUG``, leaves an HTML comment
saying why: a page never fails because of a message button.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from .channels import ALLOWED_SCHEMES, Channel, UnknownChannelError, get_channels
from .lookups import account_by_slug, localize, per_request
from .markup import render as markup_of
from .models import MessageAccount, MessageButtonSettings
from .qr import make_qr_code

logger = logging.getLogger("wagtail_dm_button")

#: Override it as any Django template: the same path in your templates folder.
BUTTON_TEMPLATE = "wagtail_dm_button/message_button.html"
QR_TEMPLATE = "wagtail_dm_button/message_qr.html"
FLOATING_TEMPLATE = "wagtail_dm_button/floating_button.html"

SIZES = {"medium": _("Medium"), "large": _("Large")}
VARIANTS = {"filled": _("Filled"), "outline": _("Outline")}
QR_SIZES = {"medium": _("Medium"), "small": _("Small"), "large": _("Large")}


_LINK = "_wagtail_dm_button_link"  # on an account: its checked AccountLink


class NoButton(Exception):
    """Why no button can be rendered; the message is for the site's developers."""


@dataclass(frozen=True)
class MessageButton:
    """Everything the button template shows, resolved and validated."""

    channel: Channel
    href: str
    label: str
    size: str
    variant: str
    new_tab: bool
    display_name: str = ""
    platform_script: bool = False


def get_site_settings(request=None):
    """The message button settings of the request's site; ``None`` if the site
    cannot be told.

    With a request they are cached on it, as Wagtail caches its own settings.
    Without one (``{{ page.body }}`` renders blocks with no context) the site is
    known only when there is just one.
    """
    if request is not None:
        return per_request(request, "settings", lambda: _for_request(request))
    sites = list(Site.objects.all()[:2])
    return MessageButtonSettings.for_site(sites[0]) if len(sites) == 1 else None


def _for_request(request):
    try:
        return MessageButtonSettings.for_request(request)
    except MessageButtonSettings.DoesNotExist:
        return None  # The request matches no site.


def resolve_account(account, site_settings, request=None):
    """The account a button opens: ``account`` (an instance or a slug), else the
    site's default. Raises ``NoButton`` when there is none."""
    if isinstance(account, MessageAccount):
        return account
    if account:
        found = account_by_slug(str(account), request)
        if found is None:
            raise NoButton(f"no message account has the slug {str(account)!r}")
        return found
    if site_settings is None:
        raise NoButton(
            "no account was chosen and the site is unknown, so its default cannot "
            "be used: render StreamFields with {% include_block %} and keep the "
            "'django.template.context_processors.request' context processor on"
        )
    if site_settings.default_account is None:
        raise NoButton(
            "no account was chosen and the site has no default account "
            "(Settings → Message buttons)"
        )
    return site_settings.default_account


def build_button(
    account=None,
    *,
    label="",
    text="",
    size="medium",
    variant="filled",
    request=None,
    locale=None,
):
    """The ``MessageButton`` for these options; ``NoButton`` if there is none."""
    site_settings = get_site_settings(request)
    account = localize(
        resolve_account(account, site_settings, request), locale, request
    )
    link = account_link(account, request)
    channel = link.channel
    text = _text(text)
    if not text.strip():
        text = account.default_text
    try:
        href = channel.build_link(
            link.recipient, text=text if channel.supports("text") else "", ref=link.ref
        )
    except Exception as error:  # A registered channel's own code failed.
        raise _channel_failed(account, error) from error
    if not isinstance(href, str) or not href.startswith(ALLOWED_SCHEMES):
        raise NoButton(
            f"the channel {channel.key!r} built a link that is not https:, mailto: "
            "or sms:, so it is not shown"
        )
    return MessageButton(
        channel=channel,
        href=href,
        label=(
            _text(label).strip()
            or account.label.strip()
            or _default_label(channel, link.display_name)
        ),
        size=_choice(size, SIZES, "size"),
        variant=_choice(variant, VARIANTS, "variant"),
        new_tab=site_settings.open_in_new_tab if site_settings else True,
        display_name=link.display_name,
        platform_script=bool(
            site_settings and site_settings.load_platform_scripts and channel.platform
        ),
    )


@dataclass(frozen=True)
class AccountLink:
    """An account's channel and what its links carry of the account, checked."""

    channel: Channel
    recipient: str
    display_name: str
    ref: str


def account_link(account, request=None):
    """The account's ``AccountLink``; ``NoButton`` if the account is not usable.

    Checked once per account instance and kept on it while its fields and the
    channel registry stay the same: a page's buttons mostly share a few accounts.
    """
    channels = per_request(request, "channels", get_channels)
    fields = (account.channel, account.recipient, account.display_name, account.ref)
    kept = getattr(account, _LINK, None)
    if kept is not None and kept[0] is channels and kept[1] == fields:
        return kept[2]
    try:
        channel = account.get_channel()
        link = AccountLink(
            channel=channel,
            recipient=channel.normalise_recipient(account.recipient),
            display_name=channel.normalise_display_name(account.display_name),
            ref=account.ref if channel.supports("ref") else "",
        )
    except (UnknownChannelError, ValidationError) as error:
        raise NoButton(
            f"the message account {account.slug!r} is not usable: {_message(error)}"
        ) from None
    except Exception as error:  # A registered channel's own code failed.
        raise _channel_failed(account, error) from error
    setattr(account, _LINK, (channels, fields, link))
    return link


def _channel_failed(account, error):
    return NoButton(
        f"the channel of the message account {account.slug!r} failed: {error!r}"
    )


def render_button(account=None, *, template=None, context=None, qr=False, **options):
    """The button's markup, or nothing (with a warning) when there is no button.

    ``context`` (a mapping, or a function returning one) adds to what an
    overriding template sees besides ``button``: the block passes its own, as any
    block does. With ``qr``, the button's QR code follows it.
    """
    try:
        button = build_button(account, **options)
    except NoButton as reason:
        return no_button(reason)
    markup = markup_of(
        template or BUTTON_TEMPLATE, button, context, options.get("request")
    )
    return markup + _render_qr(button, "medium") if qr else markup


def render_floating_button(request=None, locale=None):
    """The site's floating button, where its settings switch it on; never in
    Wagtail's previews, where it would sit over the editor's view."""
    if getattr(request, "is_preview", False):
        return ""
    site_settings = get_site_settings(request)
    if not (site_settings and site_settings.floating_button):
        return ""
    return render_button(
        site_settings.floating_account,
        template=FLOATING_TEMPLATE,
        context={"corner": site_settings.floating_corner},
        label=site_settings.floating_label,
        request=request,
        locale=locale,
    )


def render_qr(account=None, *, size="medium", **options):
    """A QR code of the button's link, or nothing (with a warning)."""
    try:
        button = build_button(account, **options)
    except NoButton as reason:
        return no_button(reason)
    return _render_qr(button, _choice(size, QR_SIZES, "QR code size"))


def _render_qr(button, size):
    name = _("QR code: %(label)s (%(channel)s)") % {
        "label": button.label,
        "channel": button.channel.label,
    }
    return render_to_string(
        QR_TEMPLATE, {"qr": make_qr_code(button.href), "size": size, "name": name}
    )


def message_url(account=None, **options):
    """The button's link alone, or an empty string (with a warning)."""
    try:
        return build_button(account, **options).href
    except NoButton as reason:
        no_button(reason)
        return ""


def no_button(reason):
    """Log why no button is shown; under DEBUG, say it in an HTML comment too."""
    logger.warning(
        "Message button left out: %s.", reason, exc_info=reason.__cause__ is not None
    )
    if not settings.DEBUG:
        return ""
    said = escape(str(reason)).replace("--", "- -")
    return mark_safe(f"<!-- Message button left out: {said}. -->")  # noqa: S308


def _default_label(channel, display_name):
    if display_name:
        name = channel.show_display_name(display_name)
        return _("Message %(name)s") % {"name": name}
    return _("Message us")


def _choice(value, choices, option):
    if isinstance(value, str) and value in choices:
        return value
    default = next(iter(choices))
    logger.warning(
        "Message button %s %r is not one of %s; using %r.",
        option,
        value,
        ", ".join(choices),
        default,
    )
    return default


def _text(value):
    """Typed text as a string that can be sent: a lone surrogate (storable in
    StreamField JSON) would make the page fail to encode."""
    return str(value or "").encode("utf-8", "replace").decode("utf-8")


def _message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
