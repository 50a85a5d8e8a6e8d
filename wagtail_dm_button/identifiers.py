"""What an admin may type as a channel's recipient, and how it is stored.

Each class knows one kind of identifier: a numeric user id, a user name, a phone
number, a LINE id, an e-mail address. An instance is called with what was typed and
returns the identifier as stored, or raises a ``ValidationError`` whose message says
what is wrong and what to type instead. Pasted profile links are reduced to the
identifier first, since copying the address of a profile is what most admins do.

Only ASCII letters and digits are ever accepted: look-alike Unicode digits or letters
would produce links that open the wrong conversation, or none.
"""

import re
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _


def _shown(value):
    """What was typed, shortened, for quoting back in an error message."""
    return Truncator(value).chars(40)


#: Ends a link whose last path segment is the identifier: nothing but a query or
#: fragment may follow, so ``instagram.com/p/Cabc`` is not read as user ``p``.
SEGMENT_END = r"/?(?:[?#].*)?$"

#: Ends a link whose query parameter is the identifier.
PARAMETER_END = r"(?:[&#].*)?$"

_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)|[a-z0-9-]+\.[a-z]{2,}/", re.I | re.A)


def _link_patterns(*patterns):
    return tuple(
        re.compile(r"(?:https?://)?(?:www\.)?" + pattern, re.IGNORECASE | re.ASCII)
        for pattern in patterns
    )


def profile_link(path, *not_profiles):
    """A pattern for a profile's address, ``PATH/NAME``, capturing ``NAME``.

    ``not_profiles`` are the platform's own pages (``explore``, ``groups``…) that
    stand where a profile's name would, and are refused as one.
    """
    refused = (
        r"(?!(?:" + "|".join(not_profiles) + r")(?:[/?#]|$))" if not_profiles else ""
    )
    return path + "/" + refused + r"(?P<id>[^/?#]+)" + SEGMENT_END


class Identifier:
    """Turns what was typed into a stored identifier, or explains what to type."""

    #: Patterns that find the identifier (group ``id``) in a pasted profile link.
    links = ()

    def __init__(self, *, links=()):
        self.links = _link_patterns(*links) if links else self.links

    def __call__(self, value):
        value = str(value).strip()
        return self.normalise(self.from_link(value))

    def from_link(self, value):
        for pattern in self.links:
            match = pattern.match(value)
            if match:
                return unquote(match.group("id"))
        if self.links and _WEB_ADDRESS.match(value):
            raise ValidationError(
                _(
                    "“%(value)s” is not the address of a profile. Paste the address "
                    "of the profile itself, or type the identifier alone."
                ),
                code="link",
                params={"value": _shown(value)},
            )
        return value

    def normalise(self, value):
        raise NotImplementedError


class NumericUserId(Identifier):
    """A numeric account id, as X's DM composer needs (``recipient_id``).

    A screen name is the commonest mistake made with X's Message button, so it gets
    its own explanation instead of a generic "digits only".
    """

    digits = re.compile(r"[0-9]{1,20}", re.ASCII)
    screen_name = re.compile(r"@?([A-Za-z0-9_]{1,15})", re.ASCII)

    def __init__(self, *, links=(), profile_links=()):
        super().__init__(links=links)
        self.profile_links = _link_patterns(*profile_links)

    def from_link(self, value):
        for pattern in self.profile_links:
            match = pattern.match(value)
            if match:  # A profile's address names its screen name, never its id.
                self.refuse_screen_name(match.group("id"))
        return super().from_link(value)

    def normalise(self, value):
        if self.digits.fullmatch(value):
            return value
        handle = self.screen_name.fullmatch(value)
        if handle:
            self.refuse_screen_name(handle.group(1))
        raise ValidationError(
            _(
                "“%(value)s” is not an X user id. Enter the account's numeric user id: "
                "1 to 20 digits, like 1234567890."
            ),
            code="invalid",
            params={"value": _shown(value)},
        )

    def refuse_screen_name(self, name):
        raise ValidationError(
            _(
                "X needs the account's numeric user id (digits only, like "
                "1234567890), not its screen name “@%(name)s”. Put @%(name)s in "
                "“Display name”, and find the id with an X user-id lookup tool (search "
                "for “X user ID lookup”), or in the account's X data archive "
                "(accountId in account.js)."
            ),
            code="screen_name",
            params={"name": name},
        )


class UserName(Identifier):
    """A user name of a fixed alphabet and length; a leading ``@`` is dropped."""

    def __init__(self, pattern, *, rule, example, links=()):
        super().__init__(links=links)
        self.pattern = re.compile(pattern, re.ASCII)
        self.rule = rule
        self.example = example

    def normalise(self, value):
        value = value.removeprefix("@")
        if self.pattern.fullmatch(value):
            return value
        raise ValidationError(
            _("“%(value)s” is not a valid user name. Type %(rule)s, like %(example)s."),
            code="invalid",
            params={"value": _shown(value), "rule": self.rule, "example": self.example},
        )


class PhoneNumber(Identifier):
    """A full international phone number.

    Spaces, dashes, dots, brackets and a leading ``+`` or ``00`` are accepted and
    dropped. A national number (one leading ``0``) is refused, since the country it
    belongs to cannot be guessed. Stored as digits, with a ``+`` when ``plus`` is set.
    """

    allowed = re.compile(r"\(?\+?[0-9 ().\-]+", re.ASCII)
    national_zero = re.compile(r"\(\s*0\s*\)")
    links = _link_patterns(
        profile_link(r"wa\.me"),
        r"api\.whatsapp\.com/send/?\?(?:[^#]*&)?phone=(?P<id>[^&#]+)" + PARAMETER_END,
        r"signal\.me/#p/(?P<id>[^/?&]+)$",
        r"(?:tel|sms):(?://)?(?P<id>[^?;,]+)(?:[?;,].*)?$",
    )

    def __init__(self, *, plus, links=()):
        super().__init__()
        self.plus = plus
        if links:  # Besides the usual ones: a channel's own links to a number.
            self.links = PhoneNumber.links + _link_patterns(*links)

    def normalise(self, value):
        if not self.allowed.fullmatch(value):
            raise ValidationError(
                _(
                    "“%(value)s” is not a phone number. Type the full international "
                    "number with its country code, like +44 20 7946 0000: digits, "
                    "spaces, dashes, dots and brackets only."
                ),
                code="invalid",
                params={"value": _shown(value)},
            )
        start = value.lstrip("( ")
        international = start.startswith(("+", "00"))
        if international:
            # "+44 (0) 20 …": the bracketed 0 is dialled only from inside the country.
            digits = re.sub(r"[^0-9]", "", self.national_zero.sub("", value))
        else:
            digits = re.sub(r"[^0-9]", "", value)
        if start.startswith("00"):
            digits = digits.removeprefix("00")
        if not international and digits.startswith("0"):
            raise ValidationError(
                _(
                    "“%(value)s” looks like a national number. Add the country code "
                    "and drop the leading 0: +44 20 7946 0000, not 020 7946 0000."
                ),
                code="national",
                params={"value": _shown(value)},
            )
        if not 7 <= len(digits) <= 15 or digits.startswith("0"):
            raise ValidationError(
                _(
                    "“%(value)s” is not a full international number. Type 7 to 15 "
                    "digits starting with the country code, like +44 20 7946 0000."
                ),
                code="length",
                params={"value": _shown(value)},
            )
        return "+" + digits if self.plus else digits


class LineId(Identifier):
    """A LINE official account id, stored with its leading ``@``."""

    pattern = re.compile(r"@[a-z0-9._\-]{3,20}", re.ASCII)
    links = _link_patterns(
        profile_link(r"line\.me/R/ti/p"),
        profile_link(r"line\.me/R/oaMessage"),
        profile_link(r"page\.line\.me"),
    )

    def normalise(self, value):
        value = value.replace("%40", "@")
        value = value.lower() if value.startswith("@") else "@" + value.lower()
        if self.pattern.fullmatch(value):
            return value
        raise ValidationError(
            _(
                "“%(value)s” is not a LINE official account id. Type the id shown in "
                "LINE Official Account Manager, like @123abcde (the @ is optional)."
            ),
            code="invalid",
            params={"value": _shown(value)},
        )


class EmailAddress(Identifier):
    """An e-mail address; a pasted ``mailto:`` link is reduced to its address."""

    links = _link_patterns(r"mailto:(?P<id>[^?]+)(?:\?.*)?$")
    validator = EmailValidator()

    def normalise(self, value):
        try:
            self.validator(value)
        except ValidationError:
            raise ValidationError(
                _(
                    "“%(value)s” is not an e-mail address. Type one like "
                    "hello@example.com."
                ),
                code="invalid",
                params={"value": _shown(value)},
            ) from None
        if not value.isascii():
            raise ValidationError(
                _(
                    "“%(value)s” has letters outside A–Z. Type the address in plain "
                    "ASCII (an international domain in its xn-- form)."
                ),
                code="invalid",
                params={"value": _shown(value)},
            )
        return value


class TrackingRef(Identifier):
    """A tracking reference, as Messenger and Instagram pass it on (``ref``)."""

    pattern = re.compile(r"[A-Za-z0-9+/=\-.:_]{1,250}", re.ASCII)

    def normalise(self, value):
        if self.pattern.fullmatch(value):
            return value
        raise ValidationError(
            _(
                "Type a reference of up to 250 letters, digits and + / = - . : _ "
                "(no spaces), like spring_campaign."
            ),
            code="invalid",
        )


class OneOf:
    """One of several kinds of identifier, told apart by what was typed: the rule
    of the first pattern that matches it (a link or the identifier alone) reads
    it, else the last rule does, and explains what to type."""

    def __init__(self, *choices, otherwise):
        self.choices = tuple(
            (re.compile(looks, re.IGNORECASE | re.ASCII), rule)
            for looks, rule in choices
        )
        self.otherwise = otherwise

    def __call__(self, value):
        value = str(value).strip()
        for looks, rule in self.choices:
            if looks.fullmatch(value):
                return rule(value)
        return self.otherwise(value)


#: What a phone number, typed or in a link, looks like to ``OneOf``.
LOOKS_LIKE_A_PHONE = r"\(?\+?[0-9 ().\-]+"


class Code(Identifier):
    """An identifier of a fixed alphabet, stored as ``tidy`` makes it (``str.upper``,
    say; as typed without one), with its own explanation (``message``, which may
    quote the value as ``%(value)s``)."""

    def __init__(self, pattern, *, message, tidy=None, links=()):
        super().__init__(links=links)
        self.pattern = re.compile(pattern, re.ASCII)
        self.message = message
        self.tidy = tidy

    def normalise(self, value):
        value = self.tidy(value) if self.tidy else value
        if self.pattern.fullmatch(value):
            return value
        raise ValidationError(
            self.message, code="invalid", params={"value": _shown(value)}
        )
