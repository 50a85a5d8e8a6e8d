"""Translations: French, German, Spanish and Dutch ship complete and compiled, and a
visitor sees the button's default label and new-tab hint in their language."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

import wagtail_dm_button
from tests.conftest import make_account, only_button, render

#: The package as installed (the repository's, or the wheel's).
PACKAGE = Path(wagtail_dm_button.__file__).parent
LANGUAGES = {
    # language: (default label, label with a name, new-tab hint, a field label)
    "fr": ("Écrivez-nous", "Écrire à Furni", "(s’ouvre dans un nouvel onglet)"),
    "de": ("Schreiben Sie uns", "Nachricht an Furni", "(öffnet in neuem Tab)"),
    "es": ("Escríbanos", "Escribir a Furni", "(se abre en una pestaña nueva)"),
    "nl": (
        "Stuur ons een bericht",
        "Stuur een bericht aan Furni",
        "(opent in een nieuw tabblad)",
    ),
}


def catalogue(language, kind="po"):
    path = PACKAGE / "locale" / language / "LC_MESSAGES" / f"django.{kind}"
    return polib.pofile(str(path)) if kind == "po" else polib.mofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_sees_the_button_in_their_language(site, language):
    make_account(slug="anon", channel="telegram", recipient="furni_shop")
    make_account(
        slug="named",
        channel="whatsapp",
        recipient="+442079460000",
        display_name="Furni",
    )
    default_label, named_label, hint = LANGUAGES[language]
    with translation.override(language):
        anonymous = only_button(render('{% message_button "anon" %}'))
        named = only_button(render('{% message_button "named" %}'))
    assert anonymous.select_one(".dm-button__label").get_text() == default_label
    assert named.select_one(".dm-button__label").get_text() == named_label
    assert anonymous.select_one(".dm-button__hint").get_text() == hint


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_is_complete_and_compiled(language):
    po = catalogue(language)
    assert po.percent_translated() == 100
    assert not [entry.msgid for entry in po if "fuzzy" in entry.flags]
    compiled = {entry.msgid: entry.msgstr for entry in catalogue(language, "mo")}
    assert compiled == {entry.msgid: entry.msgstr for entry in po if entry.msgid}


def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """`makemessages` run on the code now finds no string the catalogues lack."""
    if shutil.which("xgettext") is None:
        message = "no xgettext: `apt-get install gettext`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path / "wagtail_dm_button"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale"))
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": ""},
        check=True,
        capture_output=True,
    )
    found = {
        e.msgid for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))
    }
    for language in LANGUAGES:
        assert found - {e.msgid for e in catalogue(language)} == set()
