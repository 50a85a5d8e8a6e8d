from django.templatetags.static import static
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.html import format_html

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .hours import CHANGE_IN
from .views import ContactCardViewSet, MessageAccountViewSet

register_snippet(MessageAccountViewSet)
register_snippet(ContactCardViewSet)


@hooks.register("insert_global_admin_css")
def button_stylesheet():
    """The buttons' own stylesheet, for the previews in the accounts listing and on
    Settings → Message buttons."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("wagtail_dm_button/dm-button.css")
    )


@hooks.register("is_response_cacheable")
def cache_no_longer_than_opening_hours(response, is_cacheable):
    """wagtail-cache (which calls this hook) keeps a page for its ``max-age``, or
    for its own timeout when there is none: give pages whose buttons open or close
    soon the seconds until then (``OpeningHoursMiddleware`` counted them). Decides
    nothing itself (``None``)."""
    seconds = getattr(response, CHANGE_IN, None)
    if is_cacheable and seconds is not None:
        kept = get_max_age(response)
        if kept is None or kept > seconds:
            patch_cache_control(response, max_age=seconds)
