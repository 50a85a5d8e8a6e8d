"""What ``{% message_button_assets %}`` adds to a page: the stylesheet and, only
where the site's admin allows it, the platform scripts. Each goes out once per
request, however often the tag is used."""

try:  # Django 6.0 and later have a Content Security Policy of their own.
    from django.middleware.csp import get_nonce
except ImportError:
    get_nonce = None

from . import memo, queries
from .channels import get_channels

STYLESHEET = "stylesheet"


def assets_to_render(context):
    """The template context for the assets not yet sent in this request."""
    request = context.get("request")
    sent = memo.remember(request, memo.ASSETS_SENT, set)
    site_settings = queries.site_settings(request)
    wanted = [STYLESHEET]
    if site_settings and site_settings.load_platform_scripts:
        wanted += [
            channel.platform.src
            for channel in get_channels().values()
            if channel.platform
        ]
    new = [asset for asset in dict.fromkeys(wanted) if asset not in sent]
    sent.update(new)
    scripts = [asset for asset in new if asset != STYLESHEET]
    return {
        "stylesheet": STYLESHEET in new,
        "scripts": scripts,
        "nonce": _csp_nonce(context, request) if scripts else "",
    }


def _csp_nonce(context, request):
    """The page's Content Security Policy nonce, from Django's own CSP (Django 6:
    the ``csp_nonce`` context variable, or the middleware's nonce on the request)
    or from django-csp (``request.csp_nonce``).

    Both are lazy and go into the policy only once read, so it is read here, as a
    string.
    """
    nonce = context.get("csp_nonce")
    if nonce is None and request is not None:
        nonce = getattr(request, "csp_nonce", None)
        if nonce is None and get_nonce is not None:
            nonce = get_nonce(request)
    return "" if nonce is None else str(nonce)
