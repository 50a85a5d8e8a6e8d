"""Settings for the test suite: a small Wagtail project on SQLite."""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = "not-a-secret-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tests.urls"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True
# A project's own translation (Italian), whose new-tab hint has an apostrophe.
LOCALE_PATHS = [BASE_DIR / "locale"]

INSTALLED_APPS = [
    "wagtail_dm_button",
    "tests.testapp",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.simple_translation",
    "wagtail_localize",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.snippets",
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
]

# wagtail-cache (CodeRed CMS's page cache) supports Wagtail 7 and below: the nox
# sessions on Wagtail 7 install it, and tests/test_wagtail_cache.py needs it.
try:
    import wagtailcache  # noqa: F401
except ImportError:
    pass
else:
    INSTALLED_APPS.insert(2, "wagtailcache")

# Lets tests start this project without some apps (names separated by commas).
for app in filter(None, os.environ.get("TESTS_WITHOUT_APP", "").split(",")):
    if app in INSTALLED_APPS:
        INSTALLED_APPS.remove(app)

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "csp.middleware.CSPMiddleware",
]

# The site's pages run under a strict policy: only its own files, and scripts that
# carry the request's nonce. Wagtail's admin, with its inline scripts, is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
    },
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ]
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "test.sqlite3",
        # A file, not Django's in-memory test database: that one locks a whole
        # table against a second connection at once (SQLite's shared cache), so
        # concurrent clicks could not be tested as a site on SQLite gets them.
        # One file per process (and per xdist worker), so runs never share one.
        "TEST": {
            "NAME": os.path.join(
                tempfile.gettempdir(), f"wagtail-dm-button-tests-{os.getpid()}.sqlite3"
            )
        },
    }
}

# DATABASE_URL=postgres://user:password@host:port/name runs the suite on PostgreSQL.
if os.environ.get("DATABASE_URL"):
    DATABASES["default"] = dj_database_url.parse(os.environ["DATABASE_URL"])

# A read replica, as a project with a primary database and replicas has one: a test
# mirror of the default database (the same database, as Django's test runner makes
# it), for the tests of a router that sends reads to it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A real frontend-cache backend that records what it is asked to purge.
WAGTAILFRONTENDCACHE = {
    "recorder": {"BACKEND": "tests.testapp.frontend_cache.RecordingBackend"}
}

WAGTAIL_SITE_NAME = "wagtail-dm-button tests"
WAGTAILADMIN_BASE_URL = "http://testserver"
