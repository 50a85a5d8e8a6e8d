"""The active language as a template's message tags see it: read once per render.

A button's words are in the active language, so each message tag needs to know
it. Django's ``get_language()`` reads it from the thread's and task's own state
(asgiref's ``Local``, behind a lock); with no language active, as on a site
without ``LocaleMiddleware``, it raises and catches an ``AttributeError`` on the
way. That was a third of a tag's time, and the same for every tag of a render.

So a render of a template reads it at its first message tag, and its other tags
use that, unless something in the render may change the language between two of
its tags. Only a tag that wraps others can: Django's ``{% language %}`` activates
another around its contents (``translation.override``, which restores the one
before). So the first tag looks at every node the render can reach (the template
being rendered and, where it extends another, each template's blocks) and, if any
of them keeps other nodes and is not one of the tags below, known to leave the
language as it is, every tag of that render reads the language for itself.

Not guarded against: a tag or a method that activates a language and leaves it so
(it changes the language for the rest of the request, not for part of a
template), and a project's own tag that calls these tags' functions from Python
inside its own ``translation.override`` (the functions are the template's; from
Python, ``rendering.render_button`` reads the language each time).

Django keeps a render's own state in ``render_context``, as its ``{% cycle %}``
keeps its place there (https://docs.djangoproject.com/en/stable/howto/
custom-template-tags/#thread-safety-considerations). An ``{% include %}``d
template has a state of its own, and is looked at on its own; a template it
extends shares its state (``ExtendsNode``, django/template/loader_tags.py).
"""

import weakref

from django.template import defaulttags, library
from django.template.base import Node, NodeList
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockNode, ExtendsNode
from django.templatetags import cache, l10n, tz
from django.utils.translation import get_language

from wagtail.templatetags import wagtail_cache

#: The tags that wrap others and leave the language as it is: Django's own (but
#: ``{% language %}``) and Wagtail's fragment caches.
KEEP_THE_LANGUAGE = frozenset(
    {
        defaulttags.AutoEscapeControlNode,
        defaulttags.CommentNode,
        defaulttags.FilterNode,
        defaulttags.ForNode,
        defaulttags.IfChangedNode,
        defaulttags.IfNode,
        defaulttags.SpacelessNode,
        defaulttags.VerbatimNode,
        defaulttags.WithNode,
        BlockNode,
        ExtendsNode,
        # Its function is called with its contents once they are rendered.
        library.SimpleBlockNode,
        cache.CacheNode,
        l10n.LocalizeNode,
        tz.LocalTimeNode,
        tz.TimezoneNode,
        wagtail_cache.WagtailCacheNode,
        wagtail_cache.WagtailPageCacheNode,
    }
)

#: Set in a render's state, in place of a language, where each tag reads its own.
_EACH_TAG = object()
_LANGUAGE = object()
#: Not yet read in this render (``get_language()`` itself may give ``None``).
_UNREAD = object()


def active_language(context):
    """The language active where the tag rendering ``context`` is."""
    state = context.render_context
    language = state.get(_LANGUAGE, _UNREAD)
    if language is _UNREAD:  # The render's first message tag.
        language = state[_LANGUAGE] = (
            _EACH_TAG if may_change_language(context) else get_language()
        )
    return get_language() if language is _EACH_TAG else language


def may_change_language(context):
    """Whether anything in the render of ``context`` may change the language
    between two of its tags."""
    template = context.render_context.template
    if template is None:  # Not a template's render: a tag's function called.
        return True
    nodelists = [template.nodelist]
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    if blocks is not None:
        # Every template's blocks, but those rendering now: Django takes those
        # out while they render, and puts a copy of each in the context.
        nodelists += [
            node.nodelist for nodes in blocks.blocks.values() for node in nodes
        ]
        nodelists += [
            layer["block"].nodelist
            for layer in context.dicts
            # Looked up as Django does (``Context.__getitem__``): a context's
            # first layer may be any mapping.
            if "block" in layer and isinstance(layer["block"], BlockNode)
        ]
    return any(map(_changes_language, nodelists))


#: Whether each nodelist may change the language, by its ``id()``; each entry
#: goes with its nodelist (a template no longer used, or reloaded).
_looked_at = {}


def _changes_language(nodelist):
    key = id(nodelist)
    found = _looked_at.get(key)
    if found is not None and found[0]() is nodelist:
        return found[1]
    changes = any(
        type(node) not in KEEP_THE_LANGUAGE and _wraps_others(node)
        for node in nodelist.get_nodes_by_type(Node)
    )
    _looked_at[key] = (weakref.ref(nodelist, lambda _gone: _forget(key)), changes)
    return changes


def _forget(key):
    _looked_at.pop(key, None)


def _wraps_others(node):
    """Whether ``node`` keeps other nodes: in its declared nodelists
    (``Node.child_nodelists``), or anywhere among its attributes, in a list or a
    tuple too (as ``{% if %}`` keeps its branches)."""
    return any(getattr(node, name, None) for name in node.child_nodelists) or any(
        map(_holds_nodes, _attributes(node))
    )


def _attributes(node):
    yield from getattr(node, "__dict__", {}).values()
    for kind in type(node).__mro__:
        slots = kind.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            yield getattr(node, name, None)


def _holds_nodes(value, depth=2):
    if isinstance(value, (Node, NodeList)):
        return True
    return (
        depth > 0
        and isinstance(value, (list, tuple))
        and any(_holds_nodes(item, depth - 1) for item in value)
    )
