"""The package as a project installs it: migrations, system checks, app config."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from wagtail import hooks
from wagtail.models import ReferenceIndex

from wagtail_dm_button.channels import HOOK_NAME
from wagtail_dm_button.models import MessageButtonSettings


@pytest.mark.django_db
def test_the_models_and_their_migrations_agree():
    out = StringIO()
    call_command(
        "makemigrations", "wagtail_dm_button", check=True, dry_run=True, stdout=out
    )
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_migrations_depend_only_on_what_wagtail_7_0_has():
    """0094 is the last wagtailcore migration of Wagtail 7.0, the lowest supported;
    contact cards' avatars and click counts' pages depend on the project's image
    and page models (swappable), from their first migration."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    ours = [key for key in graph.nodes if key[0] == "wagtail_dm_button"]
    assert ours
    for key in ours:
        for app, name in graph.nodes[key].dependencies:
            assert app in {"wagtail_dm_button", "wagtailcore", "wagtailimages"}, (
                app,
                name,
            )
            if app == "wagtailcore" and name != "__first__":
                assert int(name[:4]) <= 94, name
            if app == "wagtailimages":
                assert name == "__first__", name


def test_site_settings_are_in_the_reference_index():
    assert ReferenceIndex.is_indexed(MessageButtonSettings)


@pytest.mark.django_db  # some of Wagtail's own checks read the database
def test_a_misdeclared_channel_is_a_system_check_error():
    with hooks.register_temporarily(HOOK_NAME, lambda: "not a channel"):
        errors = checks.run_checks()
    ours = [error for error in errors if error.id == "wagtail_dm_button.E001"]
    assert len(ours) == 1
    assert "must return a wagtail_dm_button.channels.Channel" in ours[0].msg
    assert "register_dm_button_channel" in ours[0].hint
    assert not [e for e in checks.run_checks() if e.id.startswith("wagtail_dm_button")]


def our_checks(**kwargs):
    return [
        message
        for message in checks.run_checks(**kwargs)
        if message.id.startswith("wagtail_dm_button")
    ]


@pytest.mark.django_db
def test_a_missing_request_context_processor_is_a_warning_saying_what_to_add(
    settings,
):
    engine = settings.TEMPLATES[0]
    processors = [
        p
        for p in engine["OPTIONS"]["context_processors"]
        if p != "django.template.context_processors.request"
    ]
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": processors}}
    ]
    (warning,) = our_checks(tags=[checks.Tags.templates])
    assert warning.id == "wagtail_dm_button.W001"
    assert warning.level == checks.WARNING
    assert "'django.template.context_processors.request'" in warning.hint


@pytest.mark.parametrize("app", ["wagtail.contrib.settings", "wagtail.snippets"])
def test_a_missing_wagtail_app_is_an_error_saying_what_to_add(app):
    """`manage.py check` of this project started without ``app``."""
    checked = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "TESTS_WITHOUT_APP": app,
        },
        cwd=Path(__file__).parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 1
    assert (
        f"(wagtail_dm_button.E002) wagtail_dm_button needs {app!r} in INSTALLED_APPS."
        in checked.stderr
    )
    assert f"HINT: Add {app!r} to INSTALLED_APPS" in checked.stderr


@pytest.mark.django_db
def test_a_complete_project_passes_every_check():
    assert our_checks() == []


@pytest.mark.slow
def test_a_project_with_a_swapped_page_model_works():
    """Wagtail 8 lets a project swap its Page model: the block, the tags, Usage and
    the CDN purge work there too (tests_swapped/, in a fresh process)."""
    wagtail = pytest.importorskip("wagtail")
    if int(wagtail.__version__.split(".")[0]) < 8:
        pytest.skip("Wagtail's Page model can be swapped from Wagtail 8 on")
    root = Path(__file__).parents[1]
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(root / "tests_swapped"),
            "--ds=tests_swapped.settings",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert "4 passed" in checked.stdout
