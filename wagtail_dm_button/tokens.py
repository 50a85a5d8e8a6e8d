"""Counting links: the signed token that says what a click on a message link was
for.

When a site counts clicks, its message links lead to the package's own view
(``wagtail_dm_button:go``) with a token naming the site, the page, the account,
where the link was (its source) and the message text the block or tag chose. The
token is signed with Django's signing (``django.core.signing.Signer``, with its
own salt): a changed token is refused, so nobody can make the view send visitors
anywhere but to a link a channel builds. Tokens carry no time and do not expire, as
printed QR codes keep theirs.
"""

import functools
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse

SALT = "wagtail_dm_button.clicks"

NOT_INSTALLED = (
    "Counting clicks needs the counting view: add "
    'path("message/", include("wagtail_dm_button.urls")) to your urls.py.'
)

#: A token's message is compressed from this many characters.
COMPRESS_FROM = 100

#: Where a counted link was; its index is what a token holds.
SOURCES = ("block", "tag", "floating", "card", "qr", "richtext")


class Click(NamedTuple):
    """What a counted link names. (A named tuple: made, hashed and compared for
    every counted button of every page view, in a third of the time of a frozen
    dataclass.)"""

    site_id: int
    page_id: int | None
    account_id: int
    source: str
    text: str = ""


def signer():
    """The ``Signer`` for the project's keys as they are now. Made once per set of
    keys: a counted page signs a token per link, and making a ``Signer`` reads the
    settings, a third of the cost of a token."""
    return _signer_for(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


@functools.lru_cache(maxsize=4)
def _signer_for(key, fallback_keys):
    return signing.Signer(key=key, fallback_keys=list(fallback_keys), salt=SALT)


def make(click):
    """The token for ``click``: URL-safe, signed."""
    return signer().sign_object(
        [
            click.site_id,
            click.page_id or 0,
            click.account_id,
            SOURCES.index(click.source),
            click.text,
        ],
        # Compressing costs more than a button; it pays only for long messages.
        compress=len(click.text) > COMPRESS_FROM,
    )


def read(token):
    """The ``Click`` a token names, or ``None`` when it was not made here or has
    been changed."""
    try:
        site_id, page_id, account_id, source, text = signer().unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    numbers = (site_id, page_id, account_id, source)
    if not all(type(number) is int and number >= 0 for number in numbers) or not (
        isinstance(text, str) and source < len(SOURCES)
    ):
        return None
    return Click(site_id, page_id or None, account_id, SOURCES[source], text)


def path(click, prefix=None):
    """The counting view's path for ``click``; ``prefix`` (``path_prefix()``) saves
    resolving the URL again for each link."""
    return (prefix or path_prefix()) + make(click) + "/"


def path_prefix():
    """The counting view's path up to the token."""
    return reverse("wagtail_dm_button:go", args=["-"])[: -len("-/")]


def installed():
    """Whether the project's URLs include the counting view."""
    try:
        reverse("wagtail_dm_button:go", args=["token"])
    except NoReverseMatch:
        return False
    return True
