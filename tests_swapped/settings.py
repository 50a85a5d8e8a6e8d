"""The test project with its Page model swapped (Wagtail 8): `tests.testapp`, whose
page type subclasses wagtailcore.Page, gives way to this project's own."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [  # noqa: F405
    "wagtail.test.basepage",
    "tests_swapped",
    *(app for app in INSTALLED_APPS if app != "tests.testapp"),  # noqa: F405
]
WAGTAIL_PAGE_MODEL = "basepage.BasePage"

# On PostgreSQL this project runs beside the main suite's test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_swapped"  # noqa: F405
    }
