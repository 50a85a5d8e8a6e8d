"""The channels a message button can open: X, Messenger, WhatsApp and the rest.

A channel is data: a ``Channel`` says how to validate and store the recipient, how
to build the link, which options the link takes and how the button looks. The nine
built-in channels are below; other apps add more through the
``register_dm_button_channel`` hook, each function of which returns a ``Channel``.
A registered channel whose key is a built-in one replaces it.
"""

import logging
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from string import Formatter
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from .glyphs import GLYPHS
from .identifiers import (
    LOOKS_LIKE_A_PHONE,
    PARAMETER_END,
    SEGMENT_END,
    Code,
    EmailAddress,
    LineId,
    NumericUserId,
    OneOf,
    PhoneNumber,
    TrackingRef,
    UserName,
    profile_link,
)

HOOK_NAME = "register_dm_button_channel"

logger = logging.getLogger("wagtail_dm_button")

#: The only kinds of link a button may carry (``viber:`` is how Viber opens a chat:
#: it has no web address for one).
ALLOWED_SCHEMES = ("https://", "mailto:", "sms:", "viber:")

#: What a link may carry besides the recipient.
OPTIONS = ("text", "ref")

_KEY = re.compile(r"[a-z][a-z0-9_]{0,31}", re.ASCII)
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}", re.ASCII)
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


#: What ``quote(value, safe="")`` makes of each ASCII character it encodes.
_ENCODED_ASCII = {
    code: f"%{code:02X}"
    for code in range(128)
    if chr(code) not in string.ascii_letters + string.digits + "_.-~"
}


def percent_encode(value):
    """``quote(value, safe="", errors="replace")``: every character but letters,
    digits and ``_.-~`` percent-encoded, in one pass for the usual ASCII text."""
    if value.isascii():
        return value.translate(_ENCODED_ASCII)
    return quote(value, safe="", errors="replace")


class UnknownChannelError(LookupError):
    """No channel is registered under the key asked for."""


@dataclass(frozen=True)
class LinkFormat:
    """How a channel's link is built from the recipient and the options.

    ``template`` holds ``{recipient}``, which is filled in percent-encoded (keeping
    only the characters in ``recipient_safe``). ``parameters`` maps each option the
    link takes to its query parameter; an empty name means the value alone is the
    query (LINE's ``?TEXT``). Line breaks in values become ``line_break`` first
    (``mailto:`` wants CR LF, RFC 6068). ``recipients``, a pattern, says which
    stored recipients the format is for, where a channel has more than one
    (``Channel.other_links``); empty, it takes any.
    """

    template: str
    parameters: dict = field(default_factory=dict)
    recipient_safe: str = ""
    line_break: str = "\n"
    recipients: str = ""

    def __post_init__(self):
        if not self.template.startswith(ALLOWED_SCHEMES):
            raise ImproperlyConfigured(
                f"The link template {self.template!r} must start with one of "
                f"{', '.join(ALLOWED_SCHEMES)}: no other kind of link is produced."
            )
        try:
            fields = {field for _, field, _, _ in Formatter().parse(self.template)}
        except ValueError:
            fields = set()
        if fields - {None} != {"recipient"}:
            raise ImproperlyConfigured(
                f"The link template {self.template!r} must hold {{recipient}} and no "
                "other {field}."
            )
        unknown = set(self.parameters) - set(OPTIONS)
        if unknown:
            raise ImproperlyConfigured(
                f"A link can take the options {', '.join(OPTIONS)}, not "
                f"{', '.join(sorted(unknown))}."
            )

    def takes(self, recipient):
        """Whether this format is for ``recipient`` (as stored)."""
        return not self.recipients or bool(
            re.fullmatch(self.recipients, recipient, re.ASCII)
        )

    def build(self, recipient, options):
        link = self.template.format(
            recipient=quote(recipient, safe=self.recipient_safe, errors="replace")
        )
        query = [
            self._query_item(name, options[option])
            for option, name in self.parameters.items()
            if options.get(option)
        ]
        if not query:
            return link
        separator = "&" if "?" in link else "?"
        return link + separator + "&".join(query)

    def _query_item(self, name, value):
        if "\n" in value or "\r" in value:
            value = _LINE_BREAKS.sub(self.line_break, value)
        value = percent_encode(value)
        return f"{name}={value}" if name else value


@dataclass(frozen=True)
class BrandColours:
    """A channel's colours, each pair at least 4.5:1 in contrast.

    ``foreground`` is the text on ``background`` (the filled button); ``outline`` is
    the text and border of the outline button, on white. They reach the page as a
    stylesheet rule (``wagtail_dm_button.styles``), never as an inline style.
    """

    background: str
    foreground: str
    outline: str

    def __post_init__(self):
        for name in ("background", "foreground", "outline"):
            if not _HEX_COLOUR.fullmatch(str(getattr(self, name))):
                raise ImproperlyConfigured(
                    f"The {name} colour {getattr(self, name)!r} must be written "
                    "#rrggbb, like #0866ff: it goes into a stylesheet rule."
                )


@dataclass(frozen=True)
class PlatformScript:
    """A platform's own script that restyles its buttons, loaded only where a
    site's admin allows it: ``classname`` marks the buttons it looks for."""

    src: str
    classname: str


@dataclass(frozen=True)
class Channel:
    """One messaging platform a button can open.

    ``recipient_rule`` validates and normalises what an admin types as the
    recipient (an ``identifiers.Identifier``, or any callable that returns the
    value to store or raises ``ValidationError``); ``display_name_rule``, where
    set, does the same for the account's display name (X's screen name), and
    ``display_name_format`` shows it on the button (``@{}``). ``icon`` is SVG path
    data on a 24×24 grid. ``colours`` are the button's brand colours: the
    stylesheet's rule for the channel is made from them (``manage.py
    message_button_css``). ``platform`` is the platform's own script, if it has
    one (X's ``widgets.js``). ``other_links`` are formats for some recipients
    (each says which, ``LinkFormat.recipients``), tried before ``link``: a
    WhatsApp business short link, a Viber bot.
    """

    key: str
    label: str | Promise
    icon: str
    recipient_rule: object
    link: LinkFormat
    colours: BrandColours
    recipient_help: str | Promise = ""
    display_name_rule: object = None
    display_name_format: str = "{}"
    platform: PlatformScript | None = None
    other_links: tuple = ()

    def link_for(self, recipient):
        """The format of the link to ``recipient``: the first of ``other_links``
        that takes it, else ``link``."""
        for link in self.other_links:
            if link.takes(recipient):
                return link
        return self.link

    def supports(self, option, recipient=None):
        """Whether this channel's links carry ``option`` (``"text"``, ``"ref"``):
        the link to ``recipient``, or, without one, any of its links."""
        if recipient is not None:
            return option in self.link_for(recipient).parameters
        return any(option in link.parameters for link in (self.link, *self.other_links))

    def check_message(self, text, recipient=None):
        """Refuse a message typed for this channel when its links cannot carry
        one, or the link to ``recipient`` cannot (a WhatsApp short link, a Viber
        phone number): every form that takes a message asks this."""
        if not text:
            return
        if not self.supports("text"):
            raise ValidationError(
                _(
                    "%(channel)s links cannot carry a message. Leave this empty, or "
                    "use a channel that takes one."
                ),
                code="no_message",
                params={"channel": self.label},
            )
        if recipient is not None and not self.supports("text", recipient):
            raise ValidationError(
                _(
                    "This %(channel)s account's link cannot carry a message (see its "
                    "recipient's help). Leave this empty."
                ),
                code="no_message",
                params={"channel": self.label},
            )

    def normalise_recipient(self, value):
        return self.recipient_rule(value)

    def normalise_display_name(self, value):
        value = str(value).strip()
        if self.display_name_rule is None or not value:
            return value
        return self.display_name_rule(value)

    def show_display_name(self, value):
        return self.display_name_format.format(value) if value else ""

    def build_link(self, recipient, *, text="", ref=""):
        """The link to a conversation with ``recipient``, carrying the options this
        channel takes and leaving out the others."""
        return self.link_for(recipient).build(recipient, {"text": text, "ref": ref})

    def button_link(self, recipient, *, text="", ref=""):
        """The link a button carries: ``build_link`` given only the options this
        channel takes, so a registered channel's own ``build_link`` never receives
        a message it cannot carry."""
        return self.build_link(
            recipient,
            text=text if self.supports("text", recipient) else "",
            ref=ref if self.supports("ref", recipient) else "",
        )


#: A profile's address on X names its screen name.
_X_PROFILE = profile_link(
    r"(?:x|twitter)\.com",
    *("home", "explore", "notifications", "messages", "i", "settings", "search"),
    *("compose", "intent", "share", "hashtag"),
)

_PHONE_HELP = _("Full international number with country code, like +44 20 7946 0000.")

_WHATSAPP_SHORT_LINK = Code(
    r"message/[A-Za-z0-9]{4,40}",
    message=_(
        "“%(value)s” is not a WhatsApp short link. Paste the whole link WhatsApp "
        "Business gives, like https://wa.me/message/IAGN3LPP3IXNI1."
    ),
    links=(r"wa\.me/(?P<id>message/[^/?#]+)" + SEGMENT_END,),
)

_SIGNAL_USERNAME_LINK = Code(
    r"#eu/[A-Za-z0-9_\-]+",
    message=_(
        "“%(value)s” is not a Signal username link. Paste the whole link Signal "
        "shares, like https://signal.me/#eu/…"
    ),
    links=(r"signal\.me/(?P<id>#eu/[^/?]+)$",),
)

_VIBER_PHONE = PhoneNumber(
    plus=True,
    links=(r"viber://chat\?(?:[^#]*&)?number=(?P<id>[^&#]+)" + PARAMETER_END,),
)

_VIBER_BOT = UserName(
    r"[A-Za-z][A-Za-z0-9_.\-]{0,63}",
    rule=_("a letter, then up to 63 letters, digits, dots, dashes and underscores"),
    example="furnishop",
    links=(r"viber://pa\?(?:[^#]*&)?chatURI=(?P<id>[^&#]+)" + PARAMETER_END,),
)

BUILTIN_CHANNELS = (
    Channel(
        key="x",
        label=_("X (Twitter) Direct Message"),
        icon=GLYPHS["x"],
        recipient_rule=NumericUserId(
            links=(
                r"(?:x|twitter)\.com/messages/compose\?(?:[^#]*&)?recipient_id="
                r"(?P<id>[^&#]+)" + PARAMETER_END,
                profile_link(r"(?:x|twitter)\.com/i/user"),
            ),
            profile_links=(_X_PROFILE,),
        ),
        display_name_rule=UserName(
            r"[A-Za-z0-9_]{1,15}",
            rule=_("1 to 15 letters, digits and underscores"),
            example="furni",
            links=(_X_PROFILE,),
        ),
        link=LinkFormat(
            "https://x.com/messages/compose?recipient_id={recipient}",
            {"text": "text"},
        ),
        display_name_format="@{}",
        colours=BrandColours("#000000", "#ffffff", "#000000"),
        platform=PlatformScript(
            "https://platform.twitter.com/widgets.js", "twitter-dm-button"
        ),
        recipient_help=_(
            "The account's numeric user id, like 1234567890 (not the @screen name: "
            "that goes in “Display name”)."
        ),
    ),
    Channel(
        key="messenger",
        label=_("Messenger"),
        icon=GLYPHS["messenger"],
        recipient_rule=UserName(
            r"[A-Za-z0-9.]{5,50}",
            rule=_("the Facebook page's user name: 5 to 50 letters, digits and dots"),
            example="furni.shop",
            links=(
                profile_link(r"m\.me"),
                profile_link(r"messenger\.com/t"),
                r"(?:[a-z]+\.)?facebook\.com/profile\.php\?(?:[^#]*&)?id="
                r"(?P<id>[0-9]+)" + PARAMETER_END,
                profile_link(
                    r"(?:[a-z]+\.)?facebook\.com",
                    *(r"profile\.php", "pages", "groups", "people", "events", "watch"),
                    *("marketplace", "share", "sharer", "dialog", "login"),
                ),
            ),
        ),
        link=LinkFormat("https://m.me/{recipient}", {"ref": "ref", "text": "text"}),
        colours=BrandColours("#0866ff", "#ffffff", "#0866ff"),
        recipient_help=_("The Facebook page's user name, like furni.shop."),
    ),
    Channel(
        key="whatsapp",
        label=_("WhatsApp"),
        icon=GLYPHS["whatsapp"],
        recipient_rule=OneOf(
            (r"(?:(?:https?://)?(?:www\.)?wa\.me/)?message/.*", _WHATSAPP_SHORT_LINK),
            otherwise=PhoneNumber(plus=False),
        ),
        link=LinkFormat("https://wa.me/{recipient}", {"text": "text"}),
        # A business's short link carries the message set when it was made, and
        # takes no text= of its own: https://developers.facebook.com/documentation/
        # business-messaging/whatsapp/qr-codes ("QR Codes and Short Links").
        other_links=(
            LinkFormat(
                "https://wa.me/{recipient}",
                recipient_safe="/",
                recipients=r"message/[A-Za-z0-9]+",
            ),
        ),
        colours=BrandColours("#25d366", "#111b21", "#087a3a"),
        recipient_help=_(
            "Full international number with country code, like +44 20 7946 0000; "
            "or a WhatsApp Business short link, like https://wa.me/message/"
            "IAGN3LPP3IXNI1 (it carries its own message)."
        ),
    ),
    Channel(
        key="telegram",
        label=_("Telegram"),
        icon=GLYPHS["telegram"],
        recipient_rule=OneOf(
            (
                r"(?:(?:https?://)?(?:www\.)?(?:t|telegram)\.me/)?"
                + LOOKS_LIKE_A_PHONE,
                PhoneNumber(plus=True, links=(profile_link(r"(?:t|telegram)\.me"),)),
            ),
            otherwise=UserName(
                r"[A-Za-z][A-Za-z0-9_]{4,31}",
                rule=_(
                    "5 to 32 letters, digits and underscores, starting with a letter"
                ),
                example="furni_shop",
                links=(
                    profile_link(
                        r"(?:t|telegram)\.me",
                        *("joinchat", "addstickers", "share", "proxy", "s", "c"),
                    ),
                ),
            ),
        ),
        # https://core.telegram.org/api/links ("Public username links", "Phone
        # number links"): t.me/USERNAME and t.me/+PHONE, both with ?text=.
        link=LinkFormat(
            "https://t.me/{recipient}", {"text": "text"}, recipient_safe="+"
        ),
        colours=BrandColours("#26a5e4", "#000000", "#186a99"),
        recipient_help=_(
            "The Telegram user name, like furni_shop; or a phone number with its "
            "country code, like +44 20 7946 0000."
        ),
    ),
    Channel(
        key="instagram",
        label=_("Instagram"),
        icon=GLYPHS["instagram"],
        recipient_rule=UserName(
            r"[A-Za-z0-9._]{1,30}",
            rule=_("1 to 30 letters, digits, dots and underscores"),
            example="furni.shop",
            links=(
                profile_link(r"ig\.me/m"),
                profile_link(
                    r"instagram\.com",
                    *("p", "reel", "reels", "explore", "stories", "accounts"),
                    *("direct", "tv"),
                ),
            ),
        ),
        link=LinkFormat("https://ig.me/m/{recipient}", {"ref": "ref"}),
        colours=BrandColours("#d6005f", "#ffffff", "#d6005f"),
        recipient_help=_("The Instagram user name, like furni.shop."),
    ),
    Channel(
        key="signal",
        label=_("Signal"),
        icon=GLYPHS["signal"],
        recipient_rule=OneOf(
            (r"(?:(?:https?://)?signal\.me/)?#eu/.*", _SIGNAL_USERNAME_LINK),
            otherwise=PhoneNumber(plus=True),
        ),
        link=LinkFormat("https://signal.me/#p/{recipient}", recipient_safe="+"),
        # A username link, as Signal's app shares it, kept as pasted: it cannot be
        # made from the username (https://signal.org/blog/phone-number-privacy-
        # usernames/; its form is UsernameRepository.kt in signalapp/Signal-Android).
        other_links=(
            LinkFormat(
                "https://signal.me/{recipient}",
                recipient_safe="#/",
                recipients=r"#eu/[A-Za-z0-9_\-]+",
            ),
        ),
        colours=BrandColours("#3b45fd", "#ffffff", "#3b45fd"),
        recipient_help=_(
            "Full international number with country code, like +44 20 7946 0000; "
            "or the username link Signal shares, like https://signal.me/#eu/…"
        ),
    ),
    Channel(
        key="line",
        label=_("LINE"),
        icon=GLYPHS["line"],
        recipient_rule=LineId(),
        link=LinkFormat("https://line.me/R/oaMessage/{recipient}/", {"text": ""}),
        colours=BrandColours("#00c300", "#000000", "#007a00"),
        recipient_help=_("The LINE official account id, like @123abcde."),
    ),
    Channel(
        key="sms",
        label=_("SMS"),
        icon=GLYPHS["sms"],
        recipient_rule=PhoneNumber(plus=True),
        link=LinkFormat("sms:{recipient}", {"text": "body"}, recipient_safe="+"),
        colours=BrandColours("#2d6a4f", "#ffffff", "#2d6a4f"),
        recipient_help=_PHONE_HELP,
    ),
    Channel(
        key="email",
        label=_("E-mail"),
        icon=GLYPHS["email"],
        recipient_rule=EmailAddress(),
        link=LinkFormat(
            "mailto:{recipient}",
            {"text": "body"},
            recipient_safe="@",
            line_break="\r\n",
        ),
        colours=BrandColours("#3d5a80", "#ffffff", "#3d5a80"),
        recipient_help=_("An e-mail address, like hello@example.com."),
    ),
    Channel(
        key="viber",
        label=_("Viber"),
        icon=GLYPHS["viber"],
        recipient_rule=OneOf(
            (r"(?:viber://chat\?.*|" + LOOKS_LIKE_A_PHONE + ")", _VIBER_PHONE),
            otherwise=_VIBER_BOT,
        ),
        # Bots: https://developers.viber.com/docs/tools/deep-links/ documents
        # viber://pa?chatURI=URI&context=…&text=…. A phone number: Viber documents
        # no link; viber://chat?number= with the + as %2B is the form its apps open
        # (described by third parties only), so it is given no message parameter.
        link=LinkFormat("viber://chat?number={recipient}"),
        other_links=(
            LinkFormat(
                "viber://pa?chatURI={recipient}",
                {"ref": "context", "text": "text"},
                recipients=r"[A-Za-z][A-Za-z0-9_.\-]{0,63}",
            ),
        ),
        colours=BrandColours("#6f5de8", "#ffffff", "#6f5de8"),
        recipient_help=_(
            "A phone number with its country code, like +44 20 7946 0000; or a "
            "Viber bot's URI, like furnishop (a message and a tracking reference "
            "reach bots only)."
        ),
    ),
    Channel(
        key="kakaotalk",
        label=_("KakaoTalk"),
        icon=GLYPHS["kakaotalk"],
        recipient_rule=Code(
            r"_[A-Za-z0-9]{2,40}",
            message=_(
                "“%(value)s” is not a KakaoTalk channel id. Type the id in the "
                "channel's address, with its underscore, like _xkxoxgxj."
            ),
            links=(
                r"pf\.kakao\.com/(?P<id>_[A-Za-z0-9]+)(?:/(?:chat|friend))?"
                + SEGMENT_END,
            ),
        ),
        # The channel id is the path of pf.kakao.com/_ID (https://developers.kakao.
        # com/docs/latest/en/kakaotalk-channel/common); Kakao's SDKs open a chat at
        # pf.kakao.com/_ID/chat (TalkApi.chatChannelUrl in its SDK reference). No
        # message parameter is documented.
        link=LinkFormat("https://pf.kakao.com/{recipient}/chat"),
        colours=BrandColours("#ffcd00", "#191919", "#7a5c00"),
        recipient_help=_(
            "The KakaoTalk channel id from its address pf.kakao.com/_xkxoxgxj, "
            "like _xkxoxgxj. KakaoTalk links cannot carry a message."
        ),
    ),
    Channel(
        key="threema",
        label=_("Threema"),
        icon=GLYPHS["threema"],
        recipient_rule=Code(
            r"[A-Z0-9*][A-Z0-9]{7}",
            tidy=str.upper,
            message=_(
                "“%(value)s” is not a Threema ID. Type the 8 letters and digits "
                "of the ID, like ECHOECHO (a gateway ID starts with *)."
            ),
            links=(profile_link(r"threema\.id"),),
        ),
        # threema.id/ID (https://threema.ch/en/faq/url_actions); Threema's own app
        # opens the chat with ?text= typed in (AppLinksActivity.java in
        # threema-ch/threema-android).
        link=LinkFormat(
            "https://threema.id/{recipient}", {"text": "text"}, recipient_safe="*"
        ),
        colours=BrandColours("#3fe669", "#000000", "#147a32"),
        recipient_help=_("The Threema ID, like ECHOECHO."),
    ),
    Channel(
        key="teams",
        label=_("Microsoft Teams"),
        icon=GLYPHS["teams"],
        recipient_rule=EmailAddress(
            links=(
                r"teams\.microsoft\.com/l/chat/0/0\?(?:[^#]*&)?users=(?P<id>[^&#,]+)"
                + PARAMETER_END,
            )
        ),
        # https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-
        # test/deep-link-teams ("Deep link to Teams chat"): users= and message=.
        link=LinkFormat(
            "https://teams.microsoft.com/l/chat/0/0?users={recipient}",
            {"text": "message"},
            recipient_safe="@",
        ),
        colours=BrandColours("#6264a7", "#ffffff", "#6264a7"),
        recipient_help=_(
            "The Microsoft 365 sign-in (user principal name) of whoever answers, "
            "like anna@furni.example."
        ),
    ),
    Channel(
        key="apple_messages",
        label=_("Apple Messages"),
        icon=GLYPHS["apple_messages"],
        recipient_rule=Code(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            tidy=str.lower,
            message=_(
                "“%(value)s” is not an Apple Messages for Business id. Type the "
                "business id Apple gave you, like "
                "f4a2c1d0-3b5e-4c7a-9d8f-0e1a2b3c4d5e."
            ),
            links=(r"bcrw\.apple\.com/(?:urn:biz:)?(?P<id>[^?#/]+)" + SEGMENT_END,),
        ),
        # bcrw.apple.com/urn:biz:ID, with body= typed in: Apple's "Starting a chat
        # from a URL" (https://developer.apple.com/documentation/businesschat), and
        # https://docs.aws.amazon.com/connect/latest/adminguide/add-apple-messages-
        # for-business-features.html.
        link=LinkFormat(
            "https://bcrw.apple.com/urn:biz:{recipient}",
            {"text": "body"},
            recipient_safe=":",
        ),
        colours=BrandColours("#34c759", "#000000", "#1b7f37"),
        recipient_help=_(
            "The Messages for Business id of your business (a UUID), like "
            "f4a2c1d0-3b5e-4c7a-9d8f-0e1a2b3c4d5e."
        ),
    ),
    Channel(
        key="zalo",
        label=_("Zalo"),
        icon=GLYPHS["zalo"],
        recipient_rule=Code(
            r"[0-9]{6,20}",
            tidy=lambda value: value.replace(" ", "").removeprefix("+"),
            message=_(
                "“%(value)s” is not a Zalo number. Type the phone number as Zalo "
                "shows it, or the Official Account id: digits only, like "
                "0912345678."
            ),
            links=(profile_link(r"zalo\.me"),),
        ),
        # Zalo documents no link format publicly; zalo.me/ID is the address its
        # own apps share for a phone number or an Official Account.
        link=LinkFormat("https://zalo.me/{recipient}"),
        colours=BrandColours("#0068ff", "#ffffff", "#0068ff"),
        recipient_help=_(
            "The phone number as Zalo shows it, or the Official Account id, like "
            "0912345678. Zalo publishes no documentation of its links: check the "
            "button once it is saved. Zalo links cannot carry a message."
        ),
    ),
)

#: Messenger and Instagram pass this on to the business with the conversation.
normalise_ref = TrackingRef()


def get_channels():
    """Every channel, built-in and registered, by key, in the order of the menu.

    A misdeclared registration is left out (and logged, and reported by the system
    checks) rather than breaking every page that shows a button.
    """
    return _build_registry(tuple(hooks.get_hooks(HOOK_NAME)))[0]


def get_registration_problems():
    """What is wrong with the channels registered through the hook, if anything."""
    return _build_registry(tuple(hooks.get_hooks(HOOK_NAME)))[1]


def get_channel(key):
    """The channel registered under ``key``; ``UnknownChannelError`` if none."""
    try:
        return get_channels()[key]
    except KeyError:
        raise UnknownChannelError(
            f"No message button channel is registered under {key!r}."
        ) from None


def channel_choices():
    """The channel field's choices: the registry as it is when the form is shown."""
    return [(channel.key, channel.label) for channel in get_channels().values()]


@lru_cache(maxsize=8)
def _build_registry(hook_functions):
    channels = {channel.key: channel for channel in BUILTIN_CHANNELS}
    problems = []
    registered_by = {}
    for function in hook_functions:
        where = f"{function.__module__}.{function.__qualname__}"
        try:
            channel = _registered_channel(function, where, registered_by)
        except ImproperlyConfigured as problem:
            logger.error("Message button channel left out: %s", problem)
            problems.append(str(problem))
            continue
        registered_by[channel.key] = where
        channels[channel.key] = channel
    return channels, tuple(problems)


#: Channel's arguments that were renamed, and what to write instead.
_RENAMED_HINT = {
    "recipient": " Channel(recipient=…) is now Channel(recipient_rule=…).",
    "display_name": " Channel(display_name=…) is now Channel(display_name_rule=…).",
}


def _unexpected_keyword(error):
    match = re.search(r"unexpected keyword argument '(\w+)'", str(error))
    return match[1] if isinstance(error, TypeError) and match else None


def _registered_channel(function, where, registered_by):
    try:
        channel = function()
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"{where}: {error}") from None
    except Exception as error:  # The project's own code failed: never a page.
        raise ImproperlyConfigured(
            f"{where}, registered with the {HOOK_NAME!r} hook, failed: {error!r}."
            + _RENAMED_HINT.get(_unexpected_keyword(error), "")
        ) from None
    if not isinstance(channel, Channel):
        raise ImproperlyConfigured(
            f"{where}, registered with the {HOOK_NAME!r} hook, returned "
            f"{channel!r}; it must return a wagtail_dm_button.channels.Channel."
        )
    for link in (channel.link, *channel.other_links):
        if not isinstance(link, LinkFormat):
            raise ImproperlyConfigured(
                f"{where} registers the channel {channel.key!r} with a link of "
                f"{type(link).__name__}; it must be a LinkFormat, which allows "
                f"only {', '.join(ALLOWED_SCHEMES)} links."
            )
    if channel.platform and not channel.platform.src.startswith("https://"):
        raise ImproperlyConfigured(
            f"{where} registers the channel {channel.key!r} with the script "
            f"{channel.platform.src!r}; a platform script must load over https://."
        )
    if not _KEY.fullmatch(channel.key):
        raise ImproperlyConfigured(
            f"{where} registers a channel with the key {channel.key!r}; a key is "
            "1 to 32 lowercase letters, digits and underscores, starting with a "
            "letter."
        )
    if channel.key in registered_by:
        raise ImproperlyConfigured(
            f"{where} and {registered_by[channel.key]} both register the channel "
            f"{channel.key!r}; keep one."
        )
    return channel
