from wagtail.snippets.models import register_snippet

from .views import MessageAccountViewSet

register_snippet(MessageAccountViewSet)
