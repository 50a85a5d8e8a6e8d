"""Privacy first: by default a page with buttons asks
nothing of any other host, sets no cookie and runs no script."""

import re

import pytest

from wagtail_dm_button.models import MessageButtonSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDGETS = "https://platform.twitter.com/widgets.js"


def policy_violations(page):
    """What the browser reports breaking the page's Content Security Policy."""
    seen = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and seen.append(message.text)
        ),
    )
    return seen


def test_by_default_nothing_leaves_the_site(page, context, demo, live_server):
    violations = policy_violations(page)
    page.goto("/demo/")
    page.wait_for_load_state("networkidle")
    print("requests:", context.requests)  # noqa: T201  (reported with -s)
    assert context.requests  # the page and its stylesheets
    assert [
        url for url in context.requests if not url.startswith(live_server.url)
    ] == []
    assert context.cookies() == []
    assert page.locator("script").count() == 0
    assert page.evaluate("document.scripts.length") == 0
    assert violations == []


def test_with_platform_scripts_on_only_xs_script_loads_once_with_the_nonce(
    page, context, demo, live_server
):
    MessageButtonSettings.objects.filter(site=demo["site"]).update(
        load_platform_scripts=True
    )
    page.route(
        WIDGETS,
        lambda route: route.fulfill(
            content_type="application/javascript", body="window.widgetsRan = true;"
        ),
    )
    violations = policy_violations(page)
    response = page.goto("/demo/")
    page.wait_for_load_state("networkidle")
    assert violations == []

    elsewhere = [url for url in context.requests if not url.startswith(live_server.url)]
    assert elsewhere == [WIDGETS]
    script = page.locator("script")
    assert script.count() == 1
    assert script.evaluate("element => element.async") is True
    policy = response.headers["content-security-policy"]
    (nonce,) = re.findall(r"'nonce-([^']+)'", policy)
    assert script.evaluate("element => element.nonce") == nonce
    assert page.evaluate("window.widgetsRan") is True  # the policy let it run
    assert page.locator("a.twitter-dm-button").count() == 4
