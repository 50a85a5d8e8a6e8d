"""Contact cards: one button that opens a card of channels, with no script.

The card opens with HTML's ``popover`` attribute: the launcher is a
``<button popovertarget>``, and the browser opens the card, moves focus into it
with Tab, closes it with Esc or a click outside, and gives focus back to the
launcher. A browser without popover support shows the card's content in place,
and every link still works.

Each option is the standard button of its account, made by the rendering path as
any button is; the card around them is the ``contact_card.html`` template, which a
project overrides as any Django template. The block, the ``{% contact_card %}`` tag
and the floating button all come here.
"""

import uuid

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import queries
from .glyphs import CHAT_GLYPH
from .markup import BUTTON_TEMPLATE
from .models import ContactCard
from .rendering import absolute_href, build_or_explain, button_markup, choose
from .reporting import ButtonUnavailable, left_out, warn

CARD_TEMPLATE = "wagtail_dm_button/contact_card.html"

DISPLAYS = {
    "launcher": _("A button that opens the card"),
    "inline": _("The card, in the page"),
}


def render_card(card, **options):
    """The card's markup, or nothing (with a warning) when it has no usable
    option. ``card`` is a ``ContactCard`` or its slug; ``options`` are
    ``card_markup``'s."""
    try:
        return card_markup(card, **options)
    except ButtonUnavailable as reason:
        return left_out(reason)


def card_markup(
    card,
    *,
    display="launcher",
    label="",
    request=None,
    locale=None,
    page=None,
    source="card",
    template=None,
    context=None,
):
    """The card's markup; ``ButtonUnavailable`` when it has no usable option.

    ``context`` (a mapping, or a function returning one) adds to what an
    overriding template sees: the block passes its own, as any block does.
    """
    card, buttons = usable_card(
        card,
        request=request,
        locale=locale,
        page=page,
        source=source,
        made_by=option_markups,
    )
    display = choose(display, DISPLAYS, "Contact card display")
    extra = context() if callable(context) else context
    return render_to_string(
        template or CARD_TEMPLATE,
        {
            **(extra or {}),
            "card": card,
            "card_id": _card_id(),
            "display": display,
            "label": str(label or "").strip() or card.heading,
            "icon": CHAT_GLYPH,
            "avatar": _avatar(card, request),
            "avatar_size": ContactCard.AVATAR_SIZE,
            "buttons": buttons,
        },
    )


def usable_card(
    card, *, request=None, locale=None, page=None, source="card", made_by=None
):
    """The card (by slug or itself, in the page's language) and its options'
    buttons, as ``made_by`` makes them (``option_buttons``, or ``option_markups``
    for their markup); ``ButtonUnavailable`` when it has none."""
    card = queries.localize(resolve_card(card, request), locale, request)
    buttons = (made_by or option_buttons)(
        card, request=request, locale=locale, page=page, source=source
    )
    if not buttons:
        raise ButtonUnavailable(
            f"the contact card {card.slug!r} has no option that can be shown"
        )
    return card, buttons


def resolve_card(card, request=None):
    """The card itself, or the one a template names by slug."""
    if isinstance(card, ContactCard):
        return card
    found = None
    if card:
        found = queries.by_slug(ContactCard, str(card), request, related=("avatar",))
    if found is None:
        raise ButtonUnavailable(f"no contact card has the slug {str(card)!r}")
    return found


def option_buttons(card, *, request=None, locale=None, page=None, source="card"):
    """The buttons of the card's options that can be shown. An option whose
    account is gone, or no longer works, is left out (and reported): it never
    falls back to the site's default account."""
    buttons = []
    for account, options in _options(card):
        button, _why = build_or_explain(
            account, request=request, locale=locale, page=page, source=source, **options
        )
        if button is not None:
            buttons.append(button)
    return buttons


def option_markups(card, *, request=None, locale=None, page=None, source="card"):
    """The markup of the buttons ``option_buttons`` gives, each made as a button
    block's is (``rendering.button_markup``)."""
    markups = []
    for account, options in _options(card):
        try:
            markups.append(
                button_markup(
                    account,
                    template=BUTTON_TEMPLATE,
                    request=request,
                    locale=locale,
                    page=page,
                    source=source,
                    **options,
                )
            )
        except ButtonUnavailable as reason:
            left_out(reason)
    return markups


def _options(card):
    """Each option's account and its button's label and message; an option whose
    account is gone is left out (the chooser has said so)."""
    for option in card.options:
        value = option.value
        account = value.get("account")
        if account is not None:
            yield (
                account,
                {
                    "label": value.get("label") or "",
                    "text": value.get("text") or "",
                },
            )


def card_data(card, *, request=None, locale=None, page=None):
    """The card for headless front ends: its words, its avatar and each option's
    resolved button; ``None`` (with a warning) when it has no usable option."""
    try:
        card, buttons = usable_card(card, request=request, locale=locale, page=page)
    except ButtonUnavailable as reason:
        left_out(reason)
        return None
    avatar = _avatar(card, request)
    return {
        "heading": card.heading,
        "greeting": card.greeting,
        "reply_time": card.reply_time,
        "avatar": (
            {"url": avatar.url, "width": avatar.width, "height": avatar.height}
            if avatar
            else None
        ),
        "options": [
            {
                "channel": button.channel.key,
                "href": absolute_href(button, request),
                "label": str(button.label),
                "new_tab": button.new_tab,
                **button.availability_data(),
            }
            for button in buttons
        ],
    }


def _card_id():
    """An id unique on the page: random, so a card kept in a ``{% cache %}``
    fragment cannot share its id with a card rendered afresh beside it."""
    return f"dm-card-{uuid.uuid4().hex[:12]}"


def _avatar(card, request):
    if card.avatar_id is None:
        return None
    try:
        return queries.avatar(card, ContactCard.AVATAR_SPEC, request)
    except Exception as error:  # A missing or unreadable source file.
        warn(f"Contact card {card.slug!r}: its avatar cannot be shown: {error!r}.")
        return None
