from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class WagtailDmButtonAppConfig(AppConfig):
    name = "wagtail_dm_button"
    label = "wagtail_dm_button"
    verbose_name = _("Message buttons")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from wagtail.models import ReferenceIndex

        from . import checks, clicks, kept_markup, reporting, richtext  # noqa: F401  (checks registers itself)
        from .models import MessageButtonSettings

        # Settings are not indexed by default: index them, so an account's Usage
        # lists the sites whose default it is.
        ReferenceIndex.register_model(MessageButtonSettings)

        reporting.connect()
        kept_markup.connect()
        clicks.connect()
        richtext.connect()

        if apps.is_installed("wagtail.contrib.frontend_cache") or apps.is_installed(
            "wagtailcache"
        ):
            from . import purging

            purging.connect()
