"""Visitors with ad blockers still see the buttons.

Social and annoyance filter lists hide share and chat widgets by class, id or link.
No generic element-hiding rule of EasyList's Fanboy Social and Fanboy Annoyance lists
or AdGuard's Social filter (``##sel``, or ``~a.com,~b.com##sel``, which applies
everywhere but the named domains) may match
any element of a button rendered with the default settings, for every channel, size
and look, nor the floating button. Rules are matched with Beautiful Soup's CSS engine
(soupsieve); the ones it cannot parse are listed, not failed on. A rule that is one
class or one id (nine in ten) is decided by whether the document has that name, which
a test shows is soupsieve's answer too.
"""

import functools
import os
import re
from pathlib import Path

import pytest
import soupsieve

from tests.conftest import RECIPIENTS, make_account, render, soup
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings

#: The folder of the filter lists, named by the environment: `.ci/run` points it at
#: the copies beside the checkout, the GitHub workflow at the lists it downloads
#: from their publishers (.github/download-filter-lists).
FILTER_LISTS_VARIABLE = "DM_BUTTON_FILTER_LISTS"
LISTS = (
    "adguard_social_general_elemhide.txt",
    "fanboy_annoyance_general_hide.txt",
    "fanboy_social_general_hide.txt",
)
GENERIC_RULE = re.compile(r"^(?P<domains>[^#]*)##(?P<selector>.+)$")
#: A selector that is one class or one id, named by a plain CSS identifier.
ONE_NAME = re.compile(r"^(?P<kind>[.#])(?P<name>-?[A-Za-z_][A-Za-z0-9_-]*)$")


def filter_lists():
    """The folder of the lists; without one, skip (fail in CI)."""
    folder = os.environ.get(FILTER_LISTS_VARIABLE)
    missing = (
        f"{FILTER_LISTS_VARIABLE} is not set"
        if not folder
        else [name for name in LISTS if not (Path(folder) / name).is_file()]
    )
    if missing:
        message = (
            f"no filter lists to test against ({missing}): set "
            f"{FILTER_LISTS_VARIABLE} to a folder that has them "
            "(.github/download-filter-lists fetches them)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return Path(folder)


@pytest.fixture(autouse=True)
def _lists_first():
    """Skip (or fail) before the buttons are rendered, not after."""
    filter_lists()


def generic_rules():
    """(list, rule, selector) for each generic element-hiding rule."""
    return _generic_rules(filter_lists())


@functools.cache
def _generic_rules(folder):
    """The lists in ``folder`` read once per run: each test asks for them."""
    rules = []
    for path in (folder / name for name in LISTS):
        for line in path.read_text().splitlines():
            match = GENERIC_RULE.match(line)
            if not match or line.startswith("!"):
                continue
            domains = match["domains"]
            if domains and not all(d.startswith("~") for d in domains.split(",")):
                continue  # a rule for named sites only
            rules.append((path.name, line, match["selector"]))
    return rules


def hidden_by(markup):
    """The rules that hide something in ``markup``, and those soupsieve cannot read."""
    parsed = soup(markup)
    names = names_in(parsed)
    matching, unreadable = [], []
    for list_name, rule, selector in generic_rules():
        one_name = ONE_NAME.match(selector)
        if one_name:
            found = one_name["name"] in names[one_name["kind"]]
        else:
            try:
                found = parsed.select(selector)
            except soupsieve.SelectorSyntaxError:
                unreadable.append(rule)
                continue
        if found:
            matching.append((list_name, rule))
    return matching, unreadable


def names_in(parsed):
    """The classes (under ".") and ids (under "#") of a parsed document: whether a
    one-name rule matches, without soupsieve walking the document for each of
    5,000 rules (some 10 s a document)."""
    return {
        ".": {name for tag in parsed.find_all(class_=True) for name in tag["class"]},
        "#": {tag["id"] for tag in parsed.find_all(id=True)},
    }


def every_button(site, platform_scripts):
    source = "{% floating_message_button %}"
    for key, (typed, _) in RECIPIENTS.items():
        make_account(slug=key, channel=key, recipient=typed, display_name="furni")
        for size in ("medium", "large"):
            for variant in ("filled", "outline"):
                source += (
                    f'{{% message_button "{key}" size="{size}" variant="{variant}" '
                    'text="Hello" %}'
                )
    MessageButtonSettings.objects.update_or_create(
        site=site,
        defaults={
            "load_platform_scripts": platform_scripts,
            "floating_button": True,
            "floating_account": MessageAccount.objects.get(slug="whatsapp"),
        },
    )
    markup = render(source)
    # Every channel in each size and look, and the floating button.
    assert len(soup(markup).select("a.dm-button")) == 4 * len(RECIPIENTS) + 1
    assert len(soup(markup).select("aside.dm-floating a.dm-button")) == 1
    return f"<!DOCTYPE html><html><body><main>{markup}</main></body></html>"


def test_the_lists_are_read():
    rules = generic_rules()
    assert len(rules) > 5000
    assert {name for name, _, _ in rules} == set(LISTS)


def test_the_matcher_finds_what_the_lists_hide():
    matching, _ = hidden_by(
        '<html><body><a class="twitter-share-button" href="https://x.com/share">'
        'Share</a><div id="twitter-box"></div></body></html>'
    )
    assert (
        "adguard_social_general_elemhide.txt",
        "~twitter.com##body .twitter-share-button",
    ) in matching
    assert ("fanboy_social_general_hide.txt", "###twitter-box") in matching


def test_a_one_name_rule_is_decided_as_soupsieve_decides_it(site):
    """The shortcut gives soupsieve's own verdict, on a document with every
    channel's button and the names of some rules, in their case and in another."""
    one_name = [s for _, _, s in generic_rules() if ONE_NAME.match(s)]
    classes = " ".join(s[1:] for s in one_name[::97] if s[0] == ".")
    ids = [s[1:] for s in one_name[::89] if s[0] == "#"]
    make_account(slug="wa", channel="whatsapp", recipient=RECIPIENTS["whatsapp"][0])
    markup = (
        f'<!DOCTYPE html><html><body><div class="{classes}">'
        f'<p class="{classes.upper()}"></p>'
        + "".join(f'<i id="{name}"></i><b id="{name.swapcase()}"></b>' for name in ids)
        + render('{% message_button "wa" %}')
        + "</div></body></html>"
    )
    parsed = soup(markup)
    names = names_in(parsed)
    decided = {s: s[1:] in names[s[0]] for s in one_name}
    assert decided == {s: bool(parsed.select(s)) for s in one_name}
    assert sum(decided.values()) > len(ids) + 10  # it found what is there


def test_no_generic_rule_hides_a_button_with_default_settings(site):
    matching, unreadable = hidden_by(every_button(site, platform_scripts=False))
    print(f"{len(generic_rules())} rules; unreadable: {unreadable}")  # noqa: T201
    assert matching == []


def test_with_platform_scripts_on_x_buttons_are_still_not_hidden(site):
    """Reported: which rules match X's own class (twitter-dm-button). None do in
    these lists."""
    matching, _ = hidden_by(every_button(site, platform_scripts=True))
    print(f"with platform scripts on: {matching}")  # noqa: T201
    assert matching == []
