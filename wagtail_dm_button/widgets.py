from django import forms
from django.core.exceptions import ValidationError

from wagtail.snippets.widgets import AdminSnippetChooser

from . import timezones


class SafeSnippetChooser(AdminSnippetChooser):
    """Wagtail's snippet chooser, re-showing a form whose posted id is not
    an id (``<script>``, ``1.5``) as "nothing chosen" instead of failing with a
    server error; the form field reports the mistake."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


class TimeZoneSelect(forms.Select):
    """A choice of the IANA time zones this machine knows, by name."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices=[(zone, zone) for zone in timezones.in_order()])
