"""The floating button: a "Message us" button in a corner of every page that has
the ``{% floating_message_button %}`` tag, where Settings → Message buttons
switches it on. It opens the site's floating contact card, or one account."""

from django.template.loader import render_to_string

from . import queries
from .cards import card_markup
from .rendering import render_button
from .reporting import ButtonUnavailable, left_out

FLOATING_TEMPLATE = "wagtail_dm_button/floating_button.html"
FLOATING_CARD_TEMPLATE = "wagtail_dm_button/floating_card.html"


def render_floating_button(request=None, locale=None, page=None):
    """The site's floating button, where its settings switch it on; never in
    Wagtail's previews, where it would sit over the editor's view.

    With a floating card set, the button opens the card (labelled with the
    floating button's text, else the card's heading); a card left with no option
    that can be shown gives way to the single account's button.
    """
    if getattr(request, "is_preview", False):
        return ""
    site_settings = queries.site_settings(request)
    if not (site_settings and site_settings.floating_button):
        return ""
    context = {"corner": site_settings.floating_corner}
    card = _floating_card(site_settings)
    if card is not None:
        try:
            card = card_markup(
                card,
                label=site_settings.floating_label,
                request=request,
                locale=locale,
                page=page,
                source="floating",
            )
        except ButtonUnavailable as reason:
            left_out(reason)
        else:
            return render_to_string(FLOATING_CARD_TEMPLATE, {**context, "card": card})
    return render_button(
        site_settings.floating_account,
        template=FLOATING_TEMPLATE,
        context=context,
        label=site_settings.floating_label,
        request=request,
        locale=locale,
        page=page,
        source="floating",
    )


def _floating_card(site_settings):
    """The settings' floating card, and its avatar: a query each, their SQL kept
    (``kept_queries``), where the foreign keys would compile theirs on every
    page view; ``None`` where there is none."""
    # From the settings' own database, as Wagtail's one query joined them: a
    # replica the routers would read from may not have the card an admin has just
    # chosen, or its latest edit.
    card = queries.foreign(
        site_settings, "floating_card", using=site_settings._state.db
    )
    if card is not None:
        queries.foreign(card, "avatar", using=card._state.db)
    return card
