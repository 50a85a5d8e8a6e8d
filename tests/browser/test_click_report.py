"""Reports → Message clicks in a real browser: the chart and its tables pass axe,
and the README's picture of the report is taken from it."""

import datetime as dt

import pytest

from tests.browser.conftest import WCAG_22_AA, check, node_tool
from tests.conftest import add_button_page
from wagtail_dm_button.models import ClickCount

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUN_AXE_ON = """async ([selector, tags]) => {
    const results = await axe.run(document.querySelector(selector),
                                  {runOnly: {type: "tag", values: tags}});
    return results.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html)}));
}"""


@pytest.fixture
def counted(demo):
    """Two weeks of clicks on three accounts."""
    accounts = demo["accounts"]
    contact = add_button_page(demo["site"].root_page, "contact", [])
    today = ClickCount.today()
    for age in range(14):
        for number, key in enumerate(["whatsapp", "telegram", "email"]):
            ClickCount.objects.create(
                day=today - dt.timedelta(days=age),
                site=demo["site"],
                page=contact if number == 0 else None,
                account=accounts[key],
                channel=key,
                source="block" if number == 0 else "floating",
                clicks=(age * 5 + number * 3) % 11 + 2 * (3 - number),
            )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_report_passes_axe(admin_page, counted, scheme):
    page = admin_page
    page.emulate_media(color_scheme=scheme)
    page.goto("/admin/reports/message-clicks/")
    page.add_script_tag(path=node_tool("axe-core", "axe.min.js"))
    assert page.evaluate(RUN_AXE_ON, ["#listing-results", WCAG_22_AA]) == []


def test_screenshot_of_the_click_report(admin_page, counted, pictures):  # noqa: F811
    page = admin_page
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto("/admin/reports/message-clicks/")
    page.locator("figure svg").wait_for()
    page.screenshot(path=pictures / "click-report.png")
    check(pictures / "click-report.png")
