"""The project's page model: Wagtail 8 lets a project swap it
(``WAGTAIL_PAGE_MODEL``), so ``wagtailcore.Page`` is never assumed."""

from functools import cache

from django.apps import apps


@cache  # The setting is read once, as Wagtail reads it.
def page_model_string():
    """``"app_label.Model"`` of the project's page model, for foreign keys."""
    try:
        import swapper
    except ImportError:  # Wagtail 7, whose Page cannot be swapped
        return "wagtailcore.Page"
    return swapper.get_model_name("wagtailcore", "Page")


@cache  # A button asks for every page view; the answer never changes.
def page_model():
    return apps.get_model(page_model_string())
