"""Rendering the button template: each shape once, each button by filling it in.

The buttons of a page differ in their link and label, rarely in anything else,
and Django's template engine spends most of a button's time resolving the same
variables again. So the package's own button template is rendered once for each
*shape* of button (its channel, size, look, new-tab setting, platform script and
language) with markers in place of the link, the label and the display name; a
button is that rendering with its own values, escaped as the template escapes
them, in place of the markers. Only the parts are kept, never a button's markup:
every button's link and label are escaped and put in on every render.

A project that overrides the template (the same path in its own templates
folder) gets Django's ordinary rendering, with the full context, every time: a
template of theirs may use the values in ways markers cannot stand for.
"""

import html
import re
from dataclasses import replace
from pathlib import Path

from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .lookups import per_request

PACKAGED = Path(__file__).resolve().parent / "templates"
#: The package's templates that read nothing but ``button``.
SHAPED = {"wagtail_dm_button/message_button.html"}

#: The values a shape leaves open, each with a marker escaping leaves alone.
FILLED = ("href", "label", "display_name")
_MARKERS = {name: f"\ue000{name}\ue001" for name in FILLED}
_MARKER = re.compile("\ue000(" + "|".join(FILLED) + ")\ue001")

#: Kept on each compiled template, so they go when Django's loaders let it go:
#: its shapes, or ``None`` for a template that is not the package's own.
_SHAPES = "_wagtail_dm_button_shapes"
_UNKNOWN = object()


def render(template_name, button, context=None, request=None):
    """The markup of ``button`` through ``template_name``. ``context`` (a mapping,
    or a function returning one) is what else an overriding template sees."""
    template = per_request(
        request, ("template", template_name), lambda: get_template(template_name)
    )
    compiled = template.template
    shapes = getattr(compiled, _SHAPES, _UNKNOWN)
    if shapes is _UNKNOWN:
        shapes = {} if _is_packaged(template) else None
        setattr(compiled, _SHAPES, shapes)
    if shapes is None:
        extra = context() if callable(context) else context
        return template.render({**(extra or {}), "button": button})
    key = _shape_key(button)
    form = shapes.get(key)
    if form is None:
        form = shapes[key] = _form(template, button)
    return SafeString(  # each value escaped here, as the template escapes it
        form.format(
            href=_escape(button.href),
            label=_escape(button.label),
            display_name=_escape(button.display_name) if button.display_name else "",
        )
    )


def _escape(value):
    """What the template's autoescaping makes of a value (Django's
    ``conditional_escape``, without its lazy-string wrapper)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _is_packaged(template):
    """Whether ``template`` is one of ``SHAPED``, as the package ships it, in an
    engine that escapes (as Django's does unless told not to)."""
    name = template.origin.template_name
    return (
        name in SHAPED
        and Path(template.origin.name).resolve() == PACKAGED / name
        and getattr(getattr(template.template, "engine", None), "autoescape", False)
    )


def _shape_key(button):
    """All the template reads of a button, except the values filled in."""
    channel = button.channel
    return (
        get_language(),
        channel.key,
        channel.icon,
        channel.platform,
        button.size,
        button.variant,
        button.new_tab,
        button.platform_script,
        bool(button.display_name),
    )


def _form(template, button):
    """The template's output for this shape as a format string, its markers
    turned into ``{href}``, ``{label}`` and ``{display_name}``."""
    marked = replace(
        button,
        **{
            name: _MARKERS[name]
            for name in FILLED
            if name != "display_name" or button.display_name
        },
    )
    output = template.render({"button": marked})
    return _MARKER.sub(r"{\1}", output.replace("{", "{{").replace("}", "}}"))
