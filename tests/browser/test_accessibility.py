"""axe-core on pages with buttons of every channel, size and look, in light and dark
colour schemes, and the Nu Html Checker on the markup."""

import json
import shutil
import subprocess

import pytest

from tests.browser.conftest import (
    CHANNELS,
    RUN_AXE,
    WCAG_22_AA,
    node_tool,
    run_axe,
    unavailable,
)
from wagtail_dm_button.models import MessageButtonSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("new_tab", [True, False], ids=["new-tab", "same-tab"])
def test_axe_finds_no_violation_at_wcag_2_2_aa(axe_page, demo, scheme, new_tab):
    MessageButtonSettings.objects.filter(site=demo["site"]).update(
        open_in_new_tab=new_tab
    )
    axe_page.emulate_media(color_scheme=scheme)
    results = run_axe(axe_page, "/demo/")
    assert results["violations"] == []
    assert "color-contrast" in results["passes"]
    assert "link-name" in results["passes"]
    assert "target-size" in results["passes"]
    print(  # noqa: T201  (reported with -s: which rules ran)
        f"axe {scheme}/{'new tab' if new_tab else 'same tab'}: "
        f"{len(results['rules'])} rules, {len(results['passes'])} passed, "
        f"incomplete: {results['incomplete']}"
    )


def test_axe_would_report_a_button_without_contrast(axe_page, demo):
    """The check is live: a button made unreadable is reported."""
    axe_page.goto("/demo/")
    axe_page.add_style_tag(
        content=".dm-button--whatsapp { --dm-button-fg: #1faa50 !important; }"
    )
    axe_page.add_script_tag(path=node_tool("axe-core", "axe.min.js"))
    results = axe_page.evaluate(RUN_AXE, WCAG_22_AA)
    assert [v["id"] for v in results["violations"]] == ["color-contrast"]


def test_the_nu_html_checker_finds_no_error(client, demo, tmp_path):
    java = shutil.which("java")
    if java is None:
        unavailable("no Java for the Nu Html Checker: `apt-get install default-jre`")
    vnu = node_tool("vnu-jar", "build", "dist", "vnu.jar")
    page = tmp_path / "demo.html"
    page.write_bytes(client.get("/demo/").content)
    checked = subprocess.run(  # noqa: S603
        [java, "-jar", str(vnu), "--format", "json", "--errors-only", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    assert [m["message"] for m in messages] == []
    assert page.read_text().count('class="dm-button ') == 4 * len(CHANNELS)


def test_axe_finds_no_violation_with_the_floating_button(axe_page, demo):
    MessageButtonSettings.objects.filter(site=demo["site"]).update(floating_button=True)
    results = run_axe(axe_page, "/demo/")
    assert axe_page.locator("aside.dm-floating a.dm-button").count() == 1
    assert results["violations"] == []
