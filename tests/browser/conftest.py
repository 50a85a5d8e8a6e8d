"""Fixtures for the browser tests: a real Chromium, driven by Playwright, against a
live test server.

They skip only where no Chromium (or Playwright, or the npm tools) can be found,
and in CI (``CI=true``) that skip is a failure instead.
"""

import os
import shutil
import threading
import warnings
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.test.client import AsyncClientHandler, ClientHandler

from wagtail.models import Site

from tests.conftest import (
    RECIPIENTS,
    add_button_page,
    make_account,
    make_avatar,
    make_card,
)
from wagtail_dm_button.models import MessageButtonSettings

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPOSITORY = Path(__file__).parents[2]
NODE_MODULES = Path(
    os.environ.get(
        "DM_BUTTON_NODE_MODULES", REPOSITORY / ".cache" / "node" / "node_modules"
    )
)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: What an admin types for each channel, and the link the button carries.
CHANNELS = RECIPIENTS
SIZES = ("medium", "large")
VARIANTS = ("filled", "outline")


def unavailable(what):
    """Skip for want of a tool; in CI, fail, since CI must run these tests."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}: CI must run the browser tests", pytrace=False)
    pytest.skip(what)


def node_tool(*path):
    found = NODE_MODULES.joinpath(*path)
    if not found.exists():
        unavailable(f"{found} is missing: run `make node-tools`")
    return found


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable("no Chromium: `apt-get install chromium`")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: `pip install playwright`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


TEST_CLIENTS = (ClientHandler, AsyncClientHandler)


class RequestsInFlight:
    """Counts the requests the live server is handling, so a test waits for them
    before its database is emptied: a request still being served then would
    break the next test's set-up."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    @staticmethod
    def from_live_server(sender):
        """The live server's handler class sends these, not a test client's (whose
        responses may send none)."""
        return isinstance(sender, type) and not issubclass(sender, TEST_CLIENTS)

    def started(self, sender, **kwargs):
        if self.from_live_server(sender):
            with self.changed:
                self.count += 1

    def finished(self, sender, **kwargs):
        if self.from_live_server(sender):
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_idle(self, seconds=30):
        with self.changed:
            assert self.changed.wait_for(lambda: self.count <= 0, seconds), (
                f"{self.count} requests still being served after {seconds} s"
            )


@pytest.fixture(scope="session")
def requests_in_flight():
    counter = RequestsInFlight()
    request_started.connect(counter.started, weak=False)
    # Before Django's own receiver, which may raise: a request that ends after its
    # test (a picture the browser gave up on) reopens the server thread's database
    # connection while pytest-django blocks it, and the count would stay up.
    request_finished.disconnect(close_old_connections)
    request_finished.connect(counter.finished, weak=False)
    request_finished.connect(close_old_connections)
    yield counter
    request_started.disconnect(counter.started)
    request_finished.disconnect(counter.finished)


@pytest.fixture
def context(browser, live_server, requests_in_flight):
    """A fresh browser profile. Every request is recorded in ``context.requests``;
    requests to any other host get a stub page (this machine has no internet)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1100, "height": 900}
    )
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body="<!DOCTYPE html><title>Elsewhere</title>",
        ),
    )
    yield context
    context.close()
    requests_in_flight.wait_until_idle()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def serialized_rows(django_db_setup):
    """Django's copy of the rows the migrations made (the root page, the default
    site…), which ``serialized_rollback`` puts back before each browser test."""
    return getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def wagtail_rows(request, serialized_rows):
    """Wagtail's rows (the root page, the default site…) at the start of every
    browser test, and Django's copy of them kept for the next one.

    Django puts the rows back only if its copy is on the connection object it finds,
    and the live server and Playwright's event loop may leave a new one in its place.
    The copy is handed to the current connection after each test. Should a test
    still start without the rows (CI met it once, in an axe test's set-up on one
    worker), they are put back here, with a warning that says whether Django's copy
    was lost, rather than the test failing in its set-up. pytest-django's own automatic
    fixture has set the database up before this one runs."""
    marker = request.node.get_closest_marker("django_db")
    serialized = marker is not None and marker.kwargs.get("serialized_rollback")
    if serialized and serialized_rows is not None and not Site.objects.exists():
        connection = connections[DEFAULT_DB_ALIAS]
        lost = not hasattr(connection, "_test_serialized_contents")
        connection.creation.deserialize_db_from_string(serialized_rows)
        warnings.warn(
            f"{request.node.nodeid} started without Wagtail's rows; put back"
            + (" (the connection had lost Django's copy of them)" if lost else ""),
            stacklevel=1,
        )
    yield
    if serialized_rows is not None:
        connections[DEFAULT_DB_ALIAS]._test_serialized_contents = serialized_rows


@pytest.fixture
def admin_page(page):
    """A browser tab logged into Wagtail's admin as a superuser."""
    get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    # Wagtail's editing-session pings (and the one a closing editor sends) would
    # reach the live server while the test's database is being emptied.
    page.route("**/admin/editing-sessions/**", lambda route: route.abort())
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def without_autosave(settings):
    """Wagtail 8 saves the editor's form half a second after a change. In the
    tests' database (SQLite in memory, its cache shared with the live server's
    threads) a second writer fails at once with "database is locked" instead of
    waiting, so a publish that meets an autosave fails about one time in five.
    The live server reads the settings at each request."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


def saved_with(page, words):
    """Draftail writes the editor's content to its form field a moment after a
    change (its ``stateSaveInterval``): wait for ``words`` to be in it."""
    page.wait_for_function(
        "(words) => [...document.querySelectorAll('input[name$=\"-value\"]')]"
        ".some((input) => input.value.includes(words))",
        arg=words,
    )


@pytest.fixture
def demo(transactional_db):
    """Accounts on every channel, WhatsApp as the site's default, and a page with a
    button for every channel, size and look."""
    site = Site.objects.get(is_default_site=True)
    accounts = {
        key: make_account(
            slug=key,
            name=f"Furni on {key}",
            channel=key,
            recipient=typed,
            display_name="Furni",
        )
        for key, (typed, _) in CHANNELS.items()
    }
    MessageButtonSettings.objects.update_or_create(
        site=site, defaults={"default_account": accounts["whatsapp"]}
    )
    body = []
    for size in SIZES:
        for variant in VARIANTS:
            body.append(("heading", f"{size.title()}, {variant}"))
            body += [
                (
                    "message_button",
                    {"account": account, "size": size, "variant": variant},
                )
                for account in accounts.values()
            ]
    page = add_button_page(site.root_page, "demo", body)
    return {"site": site, "accounts": accounts, "page": page}


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async tags => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return {
        violations: results.violations.map(v => ({
            id: v.id, help: v.help, nodes: v.nodes.map(n => n.html)})),
        rules: [...results.passes, ...results.violations, ...results.incomplete,
                ...results.inapplicable].map(r => r.id),
        passes: results.passes.map(r => r.id),
        incomplete: results.incomplete.map(r => r.id),
    };
}"""


@pytest.fixture
def axe_page(browser, live_server, requests_in_flight):
    """A tab that may inject axe-core despite the page's Content Security Policy."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    yield context.new_page()
    context.close()
    requests_in_flight.wait_until_idle()


def run_axe(page, path):
    page.goto(path)
    page.add_script_tag(path=node_tool("axe-core", "axe.min.js"))
    return page.evaluate(RUN_AXE, WCAG_22_AA)


@pytest.fixture
def card_page(demo, settings, tmp_path):
    """A page with a contact card of four channels, an avatar and a greeting,
    behind its launcher, and the same card inline further down."""
    settings.MEDIA_ROOT = tmp_path
    accounts = demo["accounts"]
    card = make_card(
        [
            {"account": accounts["whatsapp"], "label": "WhatsApp"},
            {"account": accounts["telegram"], "label": "Telegram"},
            {"account": accounts["instagram"], "label": "Instagram"},
            {"account": accounts["email"], "label": "E-mail"},
        ],
        heading="Talk to us",
        greeting="Hello! We are Anna and Luca.\nAsk us anything about your order.",
        reply_time="Typically replies within an hour",
        avatar=make_avatar(),
    )
    add_button_page(
        demo["site"].root_page,
        "card",
        [
            ("heading", "Questions?"),
            ("contact_card", {"card": card, "display": "launcher"}),
            ("heading", "Or write to us here"),
            ("contact_card", {"card": card, "display": "inline"}),
        ],
    )
    return card


#: What a picture starts with.
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def pictures(tmp_path):
    """Where screenshots go: docs/ with UPDATE_SCREENSHOTS=1 (``make
    screenshots``), else a temporary folder, so a broken page still fails."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        return REPOSITORY / "docs"
    return tmp_path


def check(picture):
    data = picture.read_bytes()
    assert data.startswith(PNG)
    assert len(data) > 10_000
