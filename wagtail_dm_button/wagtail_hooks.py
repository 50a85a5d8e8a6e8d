from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.snippets.models import register_snippet

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
