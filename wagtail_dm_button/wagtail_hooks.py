from django.contrib.auth.models import Permission
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import include, path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.snippets.models import register_snippet

from . import richtext
from .hours import CHANGE_IN, cap_cache_control, seconds_until_change
from .models import MessageAccount
from .reports import MessageClicksReportView
from .views import ContactCardViewSet, MessageAccountViewSet, message_link

register_snippet(MessageAccountViewSet)
register_snippet(ContactCardViewSet)


@hooks.register("register_admin_urls")
def message_link_url():
    """The rich text control's message step (``views.message_link``)."""
    return [path("message-link/", message_link, name="wagtail_dm_button_message_link")]


@hooks.register("register_admin_urls")
def report_urls():
    """Reports → Message clicks."""
    return [
        path(
            "reports/message-clicks/",
            include(
                (
                    [
                        path(
                            "", MessageClicksReportView.as_view(), name="message_clicks"
                        ),
                        path(
                            "results/",
                            MessageClicksReportView.as_view(results_only=True),
                            name="message_clicks_results",
                        ),
                    ],
                    "wagtail_dm_button_reports",
                )
            ),
        )
    ]


class ClicksReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtail_dm_button.view_clickcount")


@hooks.register("register_reports_menu_item")
def clicks_report_menu_item():
    return ClicksReportMenuItem(
        _("Message clicks"),
        reverse("wagtail_dm_button_reports:message_clicks"),
        name="message-clicks",
        icon_name="comment",
        order=1000,
    )


@hooks.register("register_permissions")
def click_report_permission():
    """Lets Settings → Groups give a group Reports → Message clicks."""
    return Permission.objects.filter(
        content_type__app_label="wagtail_dm_button", codename="view_clickcount"
    )


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
    for its own timeout when there is none: keep pages whose buttons open or close
    sooner no longer than that, and never longer than its own timeout. Decides
    nothing itself (``None``)."""
    if not is_cacheable:
        return
    seconds = getattr(response, CHANGE_IN, None)  # OpeningHoursMiddleware's count
    if seconds is None and isinstance(response, TemplateResponse):
        # A page (Wagtail serves TemplateResponses). wagtail-cache's middleware
        # asks once it has rendered; its ``cache_page`` decorator asks before, in
        # the view, and fixes the timeout then: render the page now, so its
        # buttons have been asked whether they are open. Django's TemplateResponse
        # keeps the request it renders for as ``_request``
        # (django/template/response.py).
        if not response.is_rendered:
            response.render()
        seconds = seconds_until_change(response._request)
    if seconds is None:
        return
    from django.core.cache import caches
    from wagtailcache.settings import wagtailcache_settings

    timeout = caches[wagtailcache_settings.WAGTAIL_CACHE_BACKEND].default_timeout
    if timeout is not None:
        seconds = min(seconds, timeout)
    cap_cache_control(response, seconds, names=("max-age",), add=("max-age",))


def _account_chooser_url():
    """The accounts' snippet chooser, as Wagtail names it (``SnippetViewSet``)."""
    viewset = MessageAccount.snippet_viewset.chooser_viewset
    return reverse_lazy(viewset.get_url_name("choose"))


@hooks.register("register_rich_text_features")
def message_links(features):
    """Message links in rich text (``richtext``): how they are stored, rendered
    and converted for the editor. Not a default feature: a field names
    ``message-link`` in its ``features``."""
    features.register_link_type(richtext.MessageLinkHandler)
    features.register_editor_plugin(
        "draftail",
        richtext.FEATURE,
        draftail_features.EntityFeature(
            {
                "type": richtext.ENTITY_TYPE,
                "icon": "comment",
                "description": _("Message link"),
                "chooserUrls": {
                    "accountChooser": _account_chooser_url(),
                    "messageForm": reverse_lazy("wagtail_dm_button_message_link"),
                },
            },
            # Wagtail's chooser modal handlers, which the snippet chooser needs.
            js=[
                "wagtailadmin/js/chooser-modal.js",
                "wagtail_dm_button/js/message-link.js",
            ],
        ),
    )
    features.register_converter_rule(
        "contentstate", richtext.FEATURE, richtext.CONVERTER_RULE
    )


# Rich text message links follow the settings of the site whose page is served.
hooks.register("before_serve_page", richtext.serving)
