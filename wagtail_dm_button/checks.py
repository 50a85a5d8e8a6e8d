"""System checks: a misdeclared channel is reported at start-up, with what to do,
rather than as a missing button on some page later."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .channels import get_channels


@checks.register()
def check_channels(app_configs, **kwargs):
    try:
        get_channels()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Fix the function registered with the "
                "'register_dm_button_channel' hook.",
                id="wagtail_dm_button.E001",
            )
        ]
    return []
