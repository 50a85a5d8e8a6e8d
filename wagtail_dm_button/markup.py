"""A button's markup: the package's template, or the same markup built in Python.

``wagtail_dm_button/message_button.html`` is the button's template, and a project
overrides it as any Django template: the same path in its own templates folder.
Django's engine spends most of a button's time resolving the same variables again,
so while the package's own template is the one in effect, ``build`` writes the
same markup directly. The tests hold the two together: for any button the builder
gives exactly what Django renders from the template, and for every value the
template reads, a button that differs in it alone gets other markup from the
builder.
"""

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from . import memo
from .channels import Channel

BUTTON_TEMPLATE = "wagtail_dm_button/message_button.html"
_PACKAGED = Path(__file__).resolve().parent / "templates" / BUTTON_TEMPLATE


@dataclass(frozen=True)
class MessageButton:
    """Everything the button template shows, resolved and validated
    (``platform_script`` only for a channel that has a platform script)."""

    channel: Channel
    href: str
    label: str
    size: str
    variant: str
    new_tab: bool
    display_name: str = ""
    platform_script: bool = False
    #: What a closed button says of when it opens; empty while open.
    status: str = ""
    #: Whether the account answers now and when that changes
    #: (``hours.Availability``), for accounts with opening hours.
    availability: object = None
    #: What the link counts (``tokens.Click``) where it leads through the site's
    #: click counting, else ``None``.
    click: object = None

    @property
    def counted(self):
        return self.click is not None

    def availability_data(self):
        """For the API, where the account has opening hours: ``is_open``, and
        ``next_change`` in ISO 8601 (``None`` when nothing changes)."""
        if self.availability is None:
            return {}
        change = self.availability.next_change
        return {
            "is_open": self.availability.is_open,
            "next_change": change.isoformat() if change else None,
        }


def render(template_name, button, context=None, request=None):
    """The markup of ``button`` through ``template_name``. ``context`` (a mapping,
    or a function returning one) is what else a project's own template sees."""
    template, packaged = _template(template_name, request)
    if packaged:
        return build(button, request)
    extra = context() if callable(context) else context
    return template.render({**(extra or {}), "button": button})


def is_packaged(template_name, request=None):
    """Whether ``template_name`` is the package's own button template, in effect:
    its markup is then ``build``'s, made from the button alone."""
    return _template(template_name, request)[1]


def _template(template_name, request):
    return memo.remember(
        request, (memo.TEMPLATE, template_name), lambda: _in_effect(template_name)
    )


def target_and_rel(button):
    """The ``target`` and ``rel`` attributes of a button's link, as the template
    writes them: a new tab as the site says, and ``nofollow`` on a counted link
    (search engines need not follow it)."""
    rel = ["nofollow"] if button.click is not None else []
    attributes = ""
    if button.new_tab:
        attributes = ' target="_blank"'
        rel += ["noopener", "noreferrer"]
    return attributes + (f' rel="{" ".join(rel)}"' if rel else "")


def build(button, request=None):
    """The packaged template's markup for ``button``, character for character."""
    channel = button.channel
    classes = (
        f"dm-button--{_escape(channel.key)} dm-button--{_escape(button.size)} "
        f"dm-button--{_escape(button.variant)}"
    )
    if button.status:
        classes += " dm-button--closed"
    attributes = ""
    if button.platform_script:
        classes += f" {_escape(channel.platform.classname)}"
        if button.display_name:
            attributes += f' data-screen-name="{_escape(button.display_name)}"'
        if button.size == "large":
            attributes += ' data-size="large"'
    status = ""
    if button.status:
        status = f'\n  <span class="dm-button__status">{_escape(button.status)}</span>'
    hint = ""
    if button.new_tab:
        hint = f'\n  <span class="dm-button__hint">{_new_tab_hint(request)}</span>'
    attributes += target_and_rel(button)
    return SafeString(
        f'<a class="dm-button {classes}" href="{_escape(button.href)}" '
        f'data-dm-channel="{_escape(channel.key)}"{attributes}>\n'
        '  <svg class="dm-button__icon" viewBox="0 0 24 24" aria-hidden="true" '
        f'focusable="false"><path d="{_escaped_icon(channel.icon)}"/></svg>\n'
        f'  <span class="dm-button__label">{_escape(button.label)}</span>'
        f"{status}{hint}\n"
        "</a>\n"
    )


def _new_tab_hint(request):
    """The new-tab hint in the active language: looked up once per request and
    language, as finding a translation costs more than a button.

    Not escaped, as ``{% translate "…" %}`` leaves it: Django marks the translation
    of a template's literal text safe.
    """
    return memo.remember(
        request,
        (memo.NEW_TAB_HINT, get_language()),
        lambda: SafeString(gettext("(opens in a new tab)")),
    )


def _escape(value):
    """What the template's autoescaping makes of a value (Django's
    ``conditional_escape``)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@lru_cache(maxsize=64, typed=True)
def _escaped_icon(path_data):
    """A channel's icon, escaped once: it is the largest part of a button."""
    return _escape(path_data)


def _in_effect(template_name):
    """The template Django finds for ``template_name``, and whether it is the
    package's own button template in an engine that escapes (as Django's does
    unless told not to): only then does ``build`` stand in for it."""
    template = get_template(template_name)
    return template, (
        template_name == BUTTON_TEMPLATE
        and _is_packaged_file(template.origin.name)
        and getattr(getattr(template.template, "engine", None), "autoescape", False)
    )


@lru_cache(maxsize=16)
def _is_packaged_file(path):
    return Path(path).resolve() == _PACKAGED
