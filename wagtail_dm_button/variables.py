"""Message variables: ``{page_title}``, ``{page_url}`` and ``{site_name}`` in a
message, replaced for the page being served before the message is put in a link.

A message names a variable as ``{name}``, braces and name alone. The built-in
names are ``page_title``, ``page_url`` (the page's full URL) and ``site_name``
(the site's name, else its host name); more come from the hook
``register_dm_button_message_variables``, each function of which returns a dict
of names to functions of ``(request, page)`` returning text.

Nothing else in a message is interpreted: no attribute or index access and no
format spec, as ``str.format`` would do. ``{page.owner}``, ``{page_title!r}``,
``{x:>99999}``, ``{{page_title}}`` and braces inside braces are left as typed,
and every form that takes a message refuses them (``check``), with the names it
knows. Braces that name nothing (``{}``, a lone ``{``) are plain text.
A replaced value is cut to ``MAX_LENGTH`` characters.
"""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Site

from . import memo
from .reporting import warn

HOOK_NAME = "register_dm_button_message_variables"

#: The longest a replaced value may be: a page title cannot crowd out the message.
MAX_LENGTH = 300

#: What a variable may be called: a Python identifier in ASCII.
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _page_title(request, page):
    return page.title if page is not None else ""


def _page_url(request, page):
    return (page.get_full_url(request) or "") if page is not None else ""


def _site_name(request, page):
    site = memo.remember(
        request,
        (memo.SITE_OF_PAGE, getattr(page, "pk", None)),
        lambda: page.get_site() if page is not None else Site.find_for_request(request),
    )
    if site is None:
        return ""
    return site.site_name or site.hostname


BUILT_IN = {
    "page_title": _page_title,
    "page_url": _page_url,
    "site_name": _site_name,
}

#: What previews in the admin show for the built-in variables, where no page is
#: being served.
SAMPLES = {
    "page_title": _("Sample page"),
    "page_url": "https://www.example.com/sample-page/",
    "site_name": _("Sample site"),
}


def registered():
    """Every variable, by name: the built-in ones, then the hook's, in the order
    of the hook's functions (a later one replaces an earlier name). A name that
    is not an identifier, a value that is not a function, or a hook function
    that fails or gives no dict, is left out and reported."""
    found = dict(BUILT_IN)
    for register in hooks.get_hooks(HOOK_NAME):
        try:
            given = dict(register())
        except Exception as error:  # A registration's own code failed.
            warn(f"{HOOK_NAME} function {register!r} failed: {error!r}.")
            continue
        for name, function in given.items():
            if isinstance(name, str) and NAME.match(name) and callable(function):
                found[name] = function
            else:
                warn(
                    f"The message variable {name!r} from {HOOK_NAME} is left out: "
                    "a variable is a name of letters, digits and underscores with a "
                    "function of (request, page)."
                )
    return found


def known_names():
    """The variables' names as a message writes them: ``{page_title}, …``."""
    return ", ".join(f"{{{name}}}" for name in registered())


#: What a message's help text says of the variables. Only the built-in ones: help
#: texts are written into migrations, which a project's own variables would change.
HELP = _(
    "It may name {page_title}, {page_url} or {site_name}, filled in for the page "
    "the visitor is on."
)


def fill(text, request=None, page=None):
    """``text`` with each variable it names replaced for ``page`` (``None`` where
    no page is being served: the page's variables are then empty), once per
    request, page and name. A variable whose function fails is left as typed,
    and reported."""
    if "{" not in text:
        return text
    variables = memo.remember(request, memo.VARIABLES, registered)
    parts = []
    done = 0
    for start, end, name in _named_groups(text):
        if name not in variables:
            continue
        try:
            value = _value(name, variables[name], request, page)
        except Exception as error:  # A registered variable's own code failed.
            warn(f"The message variable {{{name}}} failed: {error!r}; left as typed.")
            continue
        parts += [text[done:start], value[:MAX_LENGTH]]
        done = end
    return "".join(parts) + text[done:]


def _value(name, function, request, page):
    if page is None and name in SAMPLES and _shows_samples(request):
        return str(SAMPLES[name])
    return memo.remember(
        request,
        (memo.VARIABLE, name, getattr(page, "pk", None)),
        lambda: str(function(request, page) or ""),
    )


def _shows_samples(request):
    return request is not None and memo.memo_of(request).get(memo.SAMPLE_VARIABLES)


def check(text):
    """Refuse a message that names anything but a variable between braces: every
    form that takes a message asks this."""
    variables = registered()
    unknown = []
    for start, end in _groups(text or ""):
        inside = text[start + 1 : end - 1]
        if inside.strip() and inside not in variables:
            unknown.append(text[start:end])
    if unknown:
        raise ValidationError(
            _(
                "Not a message variable: %(unknown)s. Use only these, as written: "
                "%(known)s; or leave the braces out."
            ),
            code="unknown_variable",
            params={"unknown": ", ".join(unknown), "known": known_names()},
        )


@lru_cache(maxsize=2000)  # A page's messages are the same on every view.
def _named_groups(text):
    """``_groups`` of ``text``, each with what its braces hold."""
    return tuple(
        (start, end, text[start + 1 : end - 1]) for start, end in _groups(text)
    )


def _groups(text):
    """Each outermost pair of matching braces in ``text``, as ``(start, end)``
    with ``end`` past the closing brace; a brace that matches none is text."""
    opened = []
    groups = []
    for index, character in enumerate(text):
        if character == "{":
            opened.append(index)
        elif character == "}" and opened:
            start = opened.pop()
            while groups and groups[-1][0] > start:
                groups.pop()  # Inside this pair.
            groups.append((start, index + 1))
    return groups
