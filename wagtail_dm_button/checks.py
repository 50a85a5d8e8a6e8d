"""System checks: what would otherwise fail quietly, reported at start-up with what
to do (``manage.py check``)."""

from django.apps import apps
from django.conf import settings
from django.core import checks

from .channels import HOOK_NAME, get_registration_problems

REQUIRED_APPS = ("wagtail.contrib.settings", "wagtail.snippets")
REQUEST_CONTEXT_PROCESSOR = "django.template.context_processors.request"


@checks.register()
def check_channels(app_configs, **kwargs):
    """A misdeclared channel registered through the hook."""
    return [
        checks.Error(
            problem,
            hint=f"Fix the function registered with the {HOOK_NAME!r} hook.",
            id="wagtail_dm_button.E001",
        )
        for problem in get_registration_problems()
    ]


@checks.register()
def check_required_apps(app_configs, **kwargs):
    """Settings → Message buttons needs Wagtail's settings app; accounts need its
    snippets app."""
    return [
        checks.Error(
            f"wagtail_dm_button needs {app!r} in INSTALLED_APPS.",
            hint=f"Add {app!r} to INSTALLED_APPS, then run `manage.py migrate`.",
            id="wagtail_dm_button.E002",
        )
        for app in REQUIRED_APPS
        if not apps.is_installed(app)
    ]


@checks.register(checks.Tags.templates)
def check_request_context_processor(app_configs, **kwargs):
    """Without the request in template contexts a button cannot tell its site, so a
    multi-site install cannot show each site's default."""
    engines = [
        engine
        for engine in settings.TEMPLATES
        if engine.get("BACKEND") == "django.template.backends.django.DjangoTemplates"
    ]
    if any(
        REQUEST_CONTEXT_PROCESSOR
        in engine.get("OPTIONS", {}).get("context_processors", ())
        for engine in engines
    ):
        return []
    return [
        checks.Warning(
            "The 'request' context processor is not enabled, so message buttons "
            "cannot tell which site a page belongs to: buttons that choose no "
            "account are left out wherever there is more than one site.",
            hint=f"Add {REQUEST_CONTEXT_PROCESSOR!r} to the 'context_processors' of "
            "your DjangoTemplates engine in TEMPLATES.",
            id="wagtail_dm_button.W001",
        )
    ]
