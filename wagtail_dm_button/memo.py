"""What the package remembers while it serves one request, and nothing longer.

A page's buttons share a handful of accounts and one site, so each look-up is made
once per request and kept on the request, as Wagtail keeps a request's site
settings. Nothing is kept beyond the request: an account edited in the admin shows
on the next page view. (The buttons' markup is kept longer, by the values it is
made from: ``kept_markup``.)

Everything is kept in one dictionary, on one attribute (``MEMO``) of the object it
belongs to: a request, or an account instance for what is known of that account
(loaded without a request: a StreamField reads its accounts before any template
has one). Every key the package uses is one of the names below.

On a request:

``SITE_SETTINGS``
    the site's ``MessageButtonSettings``, or ``None`` when the request matches no
    site.
``CHANNELS``
    the channel registry (``get_channels()``) as it was when the request began to
    show buttons.
``(SLUG, model label, slug)``
    the account or card a template names by slug, or ``None``.
``(NAMED_SLUGS, slugs)``
    set once the accounts a template names by these slugs (a frozenset) are read
    together.
``(TRANSLATIONS, model label, translation_key)``
    an account's or card's translations by locale id, when the query that loaded
    it did not bring them.
``(RENDITION, image id, spec)``
    a contact card avatar's rendition.
``(ACTIVE_LOCALE, language)``
    the id of the ``Locale`` of the active language, or ``None``.
``(TEMPLATE, name)``
    the template in effect for ``name``, and whether it is the package's own.
``(NEW_TAB_HINT, language)``
    the button's "(opens in a new tab)" in that language, as the template shows it.
``ASSETS_SENT``
    the assets ``{% message_button_assets %}`` has already put on the page.
``NOW``
    the moment the request's opening hours are read for, so all its buttons agree.
``(HOURS, account id)``
    the account's opening hours at ``NOW``: whether it answers, when that
    changes, and what its buttons say while it is closed (``hours.AccountHours``).
``(SHOWN, account, locale id, language)``
    what the request's buttons show of an account asked for (an instance, as
    ``("instance", id())``; a slug; or ``None`` for the site's default) in the
    page's locale and the active language (``rendering.ShownAccount``).
``COUNTING_PATH``
    the counting view's path up to a counted link's token.
``SIGNER``
    the ``Signer`` of the project's keys as they are (``tokens.signer()``).
``EARLIEST_CHANGE``
    the earliest of those changes: ``OpeningHoursMiddleware`` keeps caches from
    holding the page past it.
``VARIABLES``
    the message variables by name (``variables.registered()``).
``(VARIABLE, name, page id)``
    a message variable's value for a page (``None``: no page).
``(SITE_OF_PAGE, page id)``
    the site of a page that a message names (``{site_name}``).
``SAMPLE_VARIABLES``
    set by the admin's previews, which show sample values for the built-in
    variables where no page is being served.

On an account or a card:

``TRANSLATIONS``
    its translations by locale id, brought by the query that loaded it.
``CHECKED``
    the account's checked channel, recipient and display name, with the fields and
    registry they were checked from: used again only while those are unchanged.
"""

import copy

from django.http import HttpRequest

#: The attribute that holds the memo on a request or an account.
MEMO = "_wagtail_dm_button_memo"

SITE_SETTINGS = "site_settings"
CHANNELS = "channels"
SLUG = "slug"
NAMED_SLUGS = "named_slugs"
TRANSLATIONS = "translations"
ACTIVE_LOCALE = "active_locale"
TEMPLATE = "template"
NEW_TAB_HINT = "new_tab_hint"
RENDITION = "rendition"
ASSETS_SENT = "assets_sent"
CHECKED = "checked"
NOW = "now"
HOURS = "hours"
SHOWN = "shown"
COUNTING_PATH = "counting_path"
SIGNER = "signer"
EARLIEST_CHANGE = "earliest_change"
VARIABLES = "variables"
VARIABLE = "variable"
SITE_OF_PAGE = "site_of_page"
SAMPLE_VARIABLES = "sample_variables"

_MISSING = object()


def memo_of(owner):
    """``owner``'s memo (a dict), made on first use. A Django REST framework
    request (Wagtail's API passes one to blocks) keeps its memo on the Django
    request it wraps, where middleware finds it."""
    wrapped = owner.__dict__.get("_request")
    if isinstance(wrapped, HttpRequest):
        owner = wrapped
    try:
        return owner.__dict__[MEMO]
    except KeyError:
        memo = owner.__dict__[MEMO] = {}
        return memo


def remember(owner, key, compute):
    """``compute()``, once per ``owner`` and ``key``; every time when ``owner`` is
    ``None`` (a button rendered without a request)."""
    if owner is None:
        return compute()
    memo = memo_of(owner)
    found = memo.get(key, _MISSING)
    if found is _MISSING:
        found = memo[key] = compute()
    return found


def copy_of_request(request, kept):
    """A copy of ``request`` whose memo starts as ``kept`` (keys from this module).

    The settings panel previews the default button with the settings of the site
    being edited (``{SITE_SETTINGS: settings}``), which need not be the site the
    admin is served from.
    """
    copied = copy.copy(request) if request is not None else HttpRequest()
    copied.__dict__[MEMO] = dict(kept)
    return copied
