from django.core.exceptions import ValidationError

from wagtail.snippets.widgets import AdminSnippetChooser


class SafeSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, re-showing a form whose posted id is not
    an id (``<script>``, ``1.5``) as "nothing chosen" instead of failing with a
    server error; the form field reports the mistake."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None
