from django import template

from ..assets import assets_to_render
from ..cards import render_card
from ..floating import render_floating_button
from ..rendering import message_url as build_message_url
from ..rendering import render_button, render_qr

register = template.Library()


def page_locale(context):
    """The locale of the page being rendered, if any: buttons show the account's
    translation for it."""
    return getattr(context.get("page"), "locale", None)


@register.simple_tag(takes_context=True)
def message_button(
    context, account=None, label="", text="", size="medium", variant="filled"
):
    """``{% message_button [account] [label=…] [text=…] [size=…] [variant=…] %}``

    One button for ``account`` (a ``MessageAccount`` or its slug), or for the
    current site's default account when it is left out. A project's own button
    template sees the template's context too.
    """
    return render_button(
        account,
        context=context.flatten,
        label=label,
        text=text,
        size=size,
        variant=variant,
        request=context.get("request"),
        locale=page_locale(context),
        page=context.get("page"),
        source="tag",
    )


@register.simple_tag(takes_context=True)
def message_url(context, account=None, text=""):
    """``{% message_url [account] [text=…] %}``: the button's link alone."""
    return build_message_url(
        account,
        text=text,
        request=context.get("request"),
        locale=page_locale(context),
        page=context.get("page"),
        source="tag",
    )


@register.simple_tag(takes_context=True)
def message_qr(context, account=None, text="", size="medium"):
    """``{% message_qr [account] [text=…] [size=…] %}``: a QR code of the same link
    the button carries, as inline SVG (sizes ``small``, ``medium``, ``large``)."""
    return render_qr(
        account,
        text=text,
        size=size,
        request=context.get("request"),
        locale=page_locale(context),
        page=context.get("page"),
        source="tag",
    )


@register.simple_tag(takes_context=True)
def contact_card(context, card, display="launcher", label=""):
    """``{% contact_card CARD_OR_SLUG [display="launcher"|"inline"] [label=…] %}``

    A contact card: a button that opens it (``launcher``, with the card's heading
    or ``label`` on it), or the card itself as a section of the page (``inline``).
    """
    return render_card(
        card,
        display=display,
        label=label,
        request=context.get("request"),
        locale=page_locale(context),
        page=context.get("page"),
    )


@register.simple_tag(takes_context=True)
def floating_message_button(context):
    """``{% floating_message_button %}``, just before ``</body>``: the site's
    floating "Message us" button, where Settings → Message buttons switches it on."""
    return render_floating_button(
        context.get("request"), page_locale(context), context.get("page")
    )


@register.simple_tag(takes_context=True)
def message_button_assets(context):
    """The stylesheet and, where the site allows it, the platform scripts: each
    once per request, wherever the tag is used."""
    return template.loader.render_to_string(
        "wagtail_dm_button/assets.html", assets_to_render(context)
    )
