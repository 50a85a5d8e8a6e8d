"""System checks: a misdeclared channel is reported at start-up, with what to do,
rather than only as a missing button on some page later."""

from django.core import checks

from .channels import HOOK_NAME, get_registration_problems


@checks.register()
def check_channels(app_configs, **kwargs):
    return [
        checks.Error(
            problem,
            hint=f"Fix the function registered with the {HOOK_NAME!r} hook.",
            id="wagtail_dm_button.E001",
        )
        for problem in get_registration_problems()
    ]
