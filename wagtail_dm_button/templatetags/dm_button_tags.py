import weakref

from django import template
from django.template.library import SimpleNode

from .. import memo, queries
from ..assets import assets_to_render
from ..cards import render_card
from ..floating import render_floating_button
from ..models import MessageAccount
from ..rendering import Options, render_options, render_qr
from ..rendering import message_url as build_message_url
from ..template_language import active_language

register = template.Library()


def page_locale(context):
    """The locale of the page being rendered, if any: buttons show the account's
    translation for it."""
    return getattr(context.get("page"), "locale", None)


def reading(context):
    """What a message tag reads from the template's context: the request, the page
    and its locale (whose translation of the account it shows), as keywords of a
    button's options, with the active language (``active_language``); and, at the
    first such tag of the template, the accounts the template names
    (``read_named_accounts``)."""
    request, locale, page = request_and_page(context)
    return {
        "request": request,
        "locale": locale,
        "page": page,
        "language": active_language(context),
    }


def request_and_page(context):
    """``reading``'s request, page locale and page, as a tuple."""
    request = context.get("request")
    page = context.get("page")
    read_named_accounts(context, request)
    return request, getattr(page, "locale", None), page


#: The slugs each template's own message tags name, found once per template.
_named = weakref.WeakKeyDictionary()

#: Set in a template render's own state once its named accounts are read.
_NAMED_READ = object()


def read_named_accounts(context, request):
    """Read every account the template being rendered names by slug in its message
    tags, in one query, at the first of those tags: a template naming ten accounts
    makes the queries of one naming one. A slug given by a variable, or named in
    another template (an ``{% include %}``, a base template), is read when its tag
    renders."""
    if request is None or context.template is None:
        return
    # Once per render of the template: Django keeps a render's own state in
    # ``render_context``, as its ``{% cycle %}`` keeps its place there
    # (https://docs.djangoproject.com/en/stable/howto/custom-template-tags/#thread-safety-considerations).
    state = context.render_context
    if _NAMED_READ in state:
        return
    state[_NAMED_READ] = True
    named = named_slugs(context.template)
    if named:
        memo.remember(
            request,
            (memo.NAMED_SLUGS, named),
            lambda: queries.by_slugs(MessageAccount, named, request),
        )


def named_slugs(template):
    """The slugs ``template``'s message tags give as text (``{% message_button
    "sales" %}``), the tags inside its blocks and loops included."""
    found = _named.get(template)
    if found is None:
        found = _named[template] = frozenset(
            node.args[0].var
            for node in template.nodelist.get_nodes_by_type(SimpleNode)
            if node.func in NAMING_TAGS and node.args and _is_text(node.args[0])
        )
    return found


def _is_text(argument):
    """Whether a tag's argument is a string written in the template, unfiltered
    (Django resolves such a constant when it parses the template)."""
    return isinstance(argument.var, str) and not argument.filters


@register.simple_tag(takes_context=True)
def message_button(
    context, account=None, label="", text="", size="medium", variant="filled"
):
    """``{% message_button [account] [label=…] [text=…] [size=…] [variant=…] %}``

    One button for ``account`` (a ``MessageAccount`` or its slug), or for the
    current site's default account when it is left out. A project's own button
    template sees the template's context too.
    """
    request, locale, page = request_and_page(context)
    options = Options(
        label=label,
        text=text,
        size=size,
        variant=variant,
        request=request,
        locale=locale,
        page=page,
        source="tag",
        language=active_language(context),
    )
    return render_options(account, options, context=context.flatten)


@register.simple_tag(takes_context=True)
def message_url(context, account=None, text=""):
    """``{% message_url [account] [text=…] %}``: the button's link alone."""
    return build_message_url(account, text=text, source="tag", **reading(context))


@register.simple_tag(takes_context=True)
def message_qr(context, account=None, text="", size="medium"):
    """``{% message_qr [account] [text=…] [size=…] %}``: a QR code of the same link
    the button carries, as inline SVG (sizes ``small``, ``medium``, ``large``)."""
    return render_qr(account, text=text, size=size, source="tag", **reading(context))


#: The tags whose first argument may name an account by its slug.
NAMING_TAGS = {message_button, message_url, message_qr}


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
