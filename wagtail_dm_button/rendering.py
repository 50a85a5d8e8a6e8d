"""The one path from an account and a button's options to markup.

The block and the template tags (and the admin's previews) all come here. The
account is the one given, else the site's default; the link is built from its
stored, normalised parts; the markup is the button template's. What can change
between two page views is read for every button (``choose_account``); what is
made from it (``make_button``) is a pure function of a few values, so the
packaged template's markup is kept by those values (``kept_markup``). When no
usable button can be made, nothing is rendered and ``reporting`` says why: a page
never fails because of a message button. docs/how-it-works.md tells the whole
story.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from . import hours, kept_markup, memo, queries, tokens, variables
from .channels import ALLOWED_SCHEMES, Channel, UnknownChannelError, get_channels
from .markup import BUTTON_TEMPLATE, MessageButton, is_packaged
from .markup import build as build_markup
from .markup import render as render_markup
from .models import MessageAccount
from .page_model import page_model
from .qr import make_qr_code
from .reporting import ButtonUnavailable, ClosedAndHidden, left_out, warn

QR_TEMPLATE = "wagtail_dm_button/message_qr.html"

SIZES = {"medium": _("Medium"), "large": _("Large")}
VARIANTS = {"filled": _("Filled"), "outline": _("Outline")}
QR_SIZES = {"medium": _("Medium"), "small": _("Small"), "large": _("Large")}


def resolve_account(account, site_settings, request=None):
    """The account a button opens: ``account`` (an instance or a slug), else the
    site's default. Raises ``ButtonUnavailable`` when there is none."""
    if isinstance(account, MessageAccount):
        return account
    if account:
        found = queries.by_slug(MessageAccount, str(account), request)
        if found is None:
            raise ButtonUnavailable(f"no message account has the slug {str(account)!r}")
        return found
    if site_settings is None:
        raise ButtonUnavailable(
            "no account was chosen and the site is unknown, so its default cannot "
            "be used: render StreamFields with {% include_block %} and keep the "
            "'django.template.context_processors.request' context processor on"
        )
    if site_settings.default_account is None:
        raise ButtonUnavailable(
            "no account was chosen and the site has no default account "
            "(Settings → Message buttons)"
        )
    return site_settings.default_account


def build_button(account=None, **options):
    """The ``MessageButton`` for these ``options`` (``Options``' fields: label,
    text, size, variant, request, locale, page, source, language);
    ``ButtonUnavailable`` if there is none (``ClosedAndHidden`` while a closed
    account hides its buttons).

    ``source`` says where the link is shown (``tokens.SOURCES``): on a site that
    counts clicks, such a link leads through the counting view, for ``page``.
    """
    return _build(account, Options(**options))


def _build(account, options):
    return make_button(
        _chosen(account, options),
        options.size,
        options.variant,
        options.request,
        options.source,
    )


class ChosenAccount(NamedTuple):
    """What a button is made from once its account is known, read afresh for each
    button (from the request's memo): the site's settings, and the account as it
    is at this moment. (A named tuple: made for every button of every page view,
    in half the time of a frozen dataclass.)"""

    #: The active language, which the button's words are in.
    language: str
    site_settings: object
    page: object
    #: The account asked for, in the page's language.
    chosen: MessageAccount
    #: The account the link opens: ``chosen``, or its fallback while it is closed.
    account: MessageAccount
    label: str
    #: The message as typed, and with its variables filled in.
    text: str
    message: str
    status: str
    availability: object


class ShownAccount(NamedTuple):
    """What one request shows of an account asked for in one language and locale:
    the same for all its buttons, so worked out once (``shown_account``)."""

    #: What the buttons asked for (an account, a slug or ``None``). The memo's
    #: key holds an account by its ``id()``; kept here, the account lives as long
    #: as the key, so no other object can take its ``id()`` meanwhile.
    given: object
    site_settings: object
    chosen: MessageAccount
    account: MessageAccount
    #: Whether the button's own label shows: not on a fallback standing in.
    own_label: bool
    status: str
    availability: object
    #: What each of its buttons reports (a fallback that cannot stand in), or "".
    warning: str


def choose_account(
    account, label="", text="", request=None, locale=None, page=None, language=None
):
    """The ``ChosenAccount`` of a button, in ``language`` (else the active one);
    ``ButtonUnavailable`` if there is none."""
    page = page if isinstance(page, page_model()) else None
    language = get_language() if language is None else language
    shown = shown_account(account, request, locale, language)
    if shown.warning:
        warn(shown.warning)
    text = _text(text)
    return ChosenAccount(
        language=language,
        site_settings=shown.site_settings,
        page=page,
        chosen=shown.chosen,
        account=shown.account,
        label=_text(label) if shown.own_label else "",
        text=text,
        message=variables.fill(_typed_message(shown.account, text), request, page),
        status=shown.status,
        availability=shown.availability,
    )


def shown_account(account, request=None, locale=None, language=None):
    """The ``ShownAccount`` for ``account`` (an instance, a slug or ``None`` for
    the site's default) on this request, in ``locale`` (the page's) and
    ``language`` (the active one); ``ButtonUnavailable`` if there is none
    (reported by each button).

    Worked out once per request for all the buttons that ask for it: an account
    instance is read as it is at its first button (the package changes none while
    a page renders), a slug or the default as the request found them. Anything
    else given as an account (which names no account but by its text) is worked
    out for each button.
    """
    instance = isinstance(account, MessageAccount)
    if request is None or not (instance or account is None or isinstance(account, str)):
        return _shown(account, request, locale, language)
    given = ("instance", id(account)) if instance else account
    key = (memo.SHOWN, given, getattr(locale, "pk", None), language)
    kept = memo.memo_of(request)
    found = kept.get(key)
    if found is None:
        found = kept[key] = _shown(account, request, locale, language)
    return found


def _shown(given, request, locale, language):
    site_settings = queries.site_settings(request)
    account = chosen = queries.localize(
        resolve_account(given, site_settings, request), locale, request, language
    )
    opening_hours = hours.account_hours(account, request)
    availability = opening_hours and opening_hours.availability
    own_label, status, warning = True, "", ""
    if availability is not None and not availability.is_open:
        account, own_label, status, warning = _while_closed(
            account, opening_hours, locale, request
        )
    return ShownAccount(
        given=given,
        site_settings=site_settings,
        chosen=chosen,
        account=account,
        own_label=own_label,
        status=status,
        availability=availability,
        warning=warning,
    )


def make_button(chosen, size="medium", variant="filled", request=None, source=None):
    """The ``MessageButton`` of a ``ChosenAccount``; ``ButtonUnavailable`` if its
    channel gives no link."""
    site_settings = chosen.site_settings
    account = chosen.account
    checked, href = channel_link(account, chosen.message, request)
    click = _click(chosen, source, request)
    if click is not None:
        try:
            href = tokens.path(
                click, memo.remember(request, memo.COUNTING_PATH, tokens.path_prefix)
            )
        except NoReverseMatch:
            warn(tokens.NOT_INSTALLED + " Until then, links are not counted.")
            click = None
    channel = checked.channel
    return MessageButton(
        channel=channel,
        href=href,
        label=(
            chosen.label.strip()
            or account.label.strip()
            or _default_label(channel, checked.display_name)
        ),
        size=choose(size, SIZES, "Message button size"),
        variant=choose(variant, VARIANTS, "Message button variant"),
        new_tab=site_settings.open_in_new_tab if site_settings else True,
        display_name=checked.display_name,
        # X's script rebuilds its buttons from the link, which a counted one hides.
        platform_script=bool(
            site_settings
            and site_settings.load_platform_scripts
            and channel.platform
            and click is None
        ),
        status=chosen.status,
        availability=chosen.availability,
        click=click,
    )


def _click(chosen, source, request):
    """What the button's link counts (``tokens.Click``), where it is counted: on a
    site that counts clicks, for a saved account, outside editors' previews."""
    site_settings = chosen.site_settings
    if not (
        source
        and site_settings
        and site_settings.count_clicks
        and chosen.chosen.pk is not None  # a preview's sample account
        and not getattr(request, "is_preview", False)  # editors' clicks
    ):
        return None
    return tokens.Click(  # site_id, page_id, account_id, source, text
        site_settings.site_id,
        chosen.page.pk if chosen.page is not None else None,
        chosen.chosen.pk,
        source,
        # As typed: the link is built again when clicked (``link_now``).
        chosen.text,
    )


def _typed_message(account, text):
    """The message a link to ``account`` carries, as typed, before its variables
    are filled in (``variables``): ``text``, else the account's own."""
    return text if text.strip() else account.default_text


def channel_link(account, text, request=None):
    """The account's ``CheckedAccount`` and the link its channel builds for the
    message ``text``; ``ButtonUnavailable`` when there is none."""
    checked = checked_account(account, request)
    channel = checked.channel
    try:
        href = channel.button_link(checked.recipient, text=text, ref=account.ref)
    except Exception as error:  # A registered channel's own code failed.
        raise _channel_failed(account, error) from error
    if not isinstance(href, str) or not href.startswith(ALLOWED_SCHEMES):
        raise ButtonUnavailable(
            f"the channel {channel.key!r} built a link that is not "
            f"{', '.join(ALLOWED_SCHEMES)}, so it is not shown"
        )
    return checked, href


def _while_closed(account, opening_hours, locale, request):
    """What a closed account's buttons show, as ``(account, own_label, status,
    warning)``: the fallback account with its own label, not the button's (its
    hours not consulted), or the account saying when it opens, and why where its
    fallback cannot stand in (``warning``, for the caller to report);
    ``ClosedAndHidden`` when it hides its buttons. The availability stays the
    chosen account's: the API says that it is closed and when it opens, whichever
    link stands in."""
    if account.when_closed == "hide":
        raise ClosedAndHidden(
            f"the message account {account.slug!r} is closed and hides its buttons"
        )
    fallback = account.fallback_account if account.when_closed == "fallback" else None
    if fallback is not None and fallback.translation_key != account.translation_key:
        fallback = queries.localize(fallback, locale, request)
        try:
            checked_account(fallback, request)
        except ButtonUnavailable as reason:
            return (
                account,
                True,
                opening_hours.status(),
                f"The fallback of the message account {account.slug!r} cannot be "
                f"shown: {reason}; its buttons say when it opens instead.",
            )
        return fallback, False, "", ""
    return account, True, opening_hours.status(), ""


def link_now(account, text="", request=None, find_page=None):
    """The channel and link a button for ``account`` (itself, not a translation)
    and ``text`` leads to at this moment: its fallback's while it is closed, and
    its own while it hides its buttons (a link already out, on paper or in a
    cached page, still leads somewhere). ``ButtonUnavailable`` when there is none.
    What the counting view sends visitors on to. ``find_page`` finds the page the
    link was on, asked only when the message names a variable."""
    text = _text(text)
    opening_hours = hours.account_hours(account, request)
    if opening_hours is not None and not opening_hours.availability.is_open:
        try:
            account, _own_label, _status, warning = _while_closed(
                account, opening_hours, account.locale, request
            )
        except ClosedAndHidden:
            pass
        else:
            if warning:
                warn(warning)
    typed = _typed_message(account, text)
    page = find_page() if find_page is not None and "{" in typed else None
    message = variables.fill(typed, request, page)
    checked, href = channel_link(account, message, request)
    return checked.channel, href


def build_or_explain(account=None, **options):
    """``(button, "")``; or, when no button can be made, ``(None, why)`` once the
    reason is reported, ``why`` being the HTML comment that stands in for the
    button under ``DEBUG`` (else ``""``)."""
    try:
        return build_button(account, **options), ""
    except ButtonUnavailable as reason:
        return None, left_out(reason)


@dataclass(frozen=True)
class CheckedAccount:
    """An account's channel, and its recipient and display name as checked by the
    channel's rules."""

    channel: Channel
    recipient: str
    display_name: str


def checked_account(account, request=None):
    """The account's ``CheckedAccount``; ``ButtonUnavailable`` if it is not usable.

    Kept in the account's memo while its fields and the channel registry stay the
    same: a page's buttons mostly share a few accounts.
    """
    channels = memo.remember(request, memo.CHANNELS, get_channels)
    fields = (account.channel, account.recipient, account.display_name)
    kept = memo.memo_of(account).get(memo.CHECKED)
    if kept is not None and kept[0] is channels and kept[1] == fields:
        return kept[2]
    try:
        channel = account.get_channel()
        checked = CheckedAccount(
            channel=channel,
            recipient=channel.normalise_recipient(account.recipient),
            display_name=channel.normalise_display_name(account.display_name),
        )
    except (UnknownChannelError, ValidationError) as error:
        raise ButtonUnavailable(
            f"the message account {account.slug!r} is not usable: {_message(error)}"
        ) from None
    except Exception as error:  # A registered channel's own code failed.
        raise _channel_failed(account, error) from error
    memo.memo_of(account)[memo.CHECKED] = (channels, fields, checked)
    return checked


def _channel_failed(account, error):
    return ButtonUnavailable(
        f"the channel of the message account {account.slug!r} failed: {error!r}"
    )


def render_button(account=None, *, template=None, context=None, qr=False, **options):
    """The button's markup, or nothing (with a warning) when there is no button.

    ``options`` are ``build_button``'s. ``context`` (a mapping, or a function
    returning one) adds to what an overriding template sees besides ``button``:
    the block passes its own, as any block does. With ``qr``, the button's QR code
    follows it.
    """
    return render_options(
        account, Options(**options), template=template, context=context, qr=qr
    )


def render_options(account, options, *, template=None, context=None, qr=False):
    """``render_button`` for a button's ``Options``, gathered by the caller (the
    block and the tag, once for each of their buttons)."""
    try:
        return _markup(account, options, template, context, qr)
    except ButtonUnavailable as reason:
        return left_out(reason)


def button_markup(account=None, *, template=None, context=None, qr=False, **options):
    """``render_button``'s markup; ``ButtonUnavailable`` when there is no button,
    for the caller to report."""
    return _markup(account, Options(**options), template, context, qr)


class Options(NamedTuple):
    """A button's options besides its account, gathered once where a button is
    asked for and handed on as they are: each step of a button reads the few it
    needs, where passing them on as keywords cost a quarter of a button's time."""

    label: str = ""
    text: str = ""
    size: str = "medium"
    variant: str = "filled"
    request: object = None
    locale: object = None
    page: object = None
    source: str | None = None
    #: The active language, where the caller has read it (``template_language``).
    language: str | None = None


def _markup(account, options, template, context, qr):
    template = template or BUTTON_TEMPLATE
    request = options.request
    if not qr and is_packaged(template, request):
        return _packaged_markup(account, options)
    button = _build(account, options)
    markup = render_markup(template, button, context, request)
    return markup + _render_qr(button, "medium", request) if qr else markup


def _chosen(account, options):
    return choose_account(
        account,
        options.label,
        options.text,
        options.request,
        options.locale,
        options.page,
        options.language,
    )


def _packaged_markup(account, options):
    """The package's own template's markup for the button, made once per process
    from the same values (``kept_markup``); ``ButtonUnavailable`` when there is
    none."""
    chosen = _chosen(account, options)
    size, variant, request, source = (
        options.size,
        options.variant,
        options.request,
        options.source,
    )

    def make():
        button = make_button(chosen, size, variant, request, source)
        return build_markup(button, request)

    key = _markup_key(chosen, size, variant, request, source)
    if key is None:
        return make()
    channels = memo.remember(request, memo.CHANNELS, get_channels)
    return kept_markup.markup(key, channels, make)


def _markup_key(chosen, size, variant, request, source):
    """Everything the packaged template's markup is made from, besides the channel
    registry; ``None`` where making the button warns (an unknown size or look,
    counting without its view), so that it warns each time."""
    if not (_is_one_of(size, SIZES) and _is_one_of(variant, VARIANTS)):
        return None
    account = chosen.account
    site_settings = chosen.site_settings
    click = _click(chosen, source, request)
    counting = None
    if click is not None:
        try:
            prefix = memo.remember(request, memo.COUNTING_PATH, tokens.path_prefix)
        except NoReverseMatch:
            return None
        counting = (click, prefix, memo.remember(request, memo.SIGNER, tokens.signer))
    return (
        chosen.language,
        account.channel,
        account.recipient,
        account.display_name,
        account.ref,
        account.label,
        chosen.label,
        chosen.message,
        chosen.status,
        size,
        variant,
        site_settings
        and (site_settings.open_in_new_tab, site_settings.load_platform_scripts),
        counting,
    )


def render_qr(account=None, *, size="medium", **options):
    """A QR code of the button's link, or nothing (with a warning)."""
    button, why = build_or_explain(account, **options)
    if button is None:
        return why
    size = choose(size, QR_SIZES, "Message button QR code size")
    return _render_qr(button, size, options.get("request"))


def _render_qr(button, size, request):
    name = _("QR code: %(label)s (%(channel)s)") % {
        "label": button.label,
        "channel": button.channel.label,
    }
    href = button.href
    if button.click is not None:  # Printed codes are counted as such.
        qr_click = button.click._replace(source="qr")
        href = absolute(tokens.path(qr_click), request, qr_click)
    return render_to_string(
        QR_TEMPLATE, {"qr": make_qr_code(href), "size": size, "name": name}
    )


def absolute_href(button, request=None):
    """The button's link as a full URL, for the API and QR codes: a counted link
    is a path on the site."""
    return absolute(button.href, request, button.click)


def absolute(href, request=None, click=None):
    """``href`` as a full URL: on the host the request came to, else under the
    root URL of the site the click is counted for."""
    if not href.startswith("/"):
        return href
    if request is not None:
        return request.build_absolute_uri(href)
    for root in Site.get_site_root_paths():
        if click is not None and root.site_id == click.site_id:
            return root.root_url + href
    return href


def message_url(account=None, **options):
    """The button's link alone, or an empty string (with a warning)."""
    button, _why = build_or_explain(account, **options)
    return button.href if button else ""


def _default_label(channel, display_name):
    if display_name:
        name = channel.show_display_name(display_name)
        return _("Message %(name)s") % {"name": name}
    return _("Message us")


def choose(value, choices, option):
    """``value`` if it is one of ``choices`` (a template's or a stored block's
    word), else the first of them, with a warning naming ``option``."""
    if _is_one_of(value, choices):
        return value
    default = next(iter(choices))
    warn(f"{option} {value!r} is not one of {', '.join(choices)}; using {default!r}.")
    return default


def _is_one_of(value, choices):
    return isinstance(value, str) and value in choices


def _text(value):
    """Typed text as a string that can be sent: a lone surrogate (storable in
    StreamField JSON) would make the page fail to encode."""
    return str(value or "").encode("utf-8", "replace").decode("utf-8")


def _message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
