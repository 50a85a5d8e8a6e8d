"""Closed buttons in a real browser: axe-core finds nothing on a page of closed
buttons of every channel, size and look, light and dark; and their picture for the
README."""

import datetime as dt
import json
import os

import pytest

from tests.browser.conftest import REPOSITORY, run_axe
from tests.conftest import RECIPIENTS, add_button_page
from wagtail_dm_button.models import MessageAccount

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def closed_page(demo):
    """Every demo account closed now: it opens on the day after tomorrow."""
    day = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).weekday()
    hours = [
        {
            "type": "hours",
            "value": {"days": [str(day)], "opens": "09:00", "closes": "17:00"},
        }
    ]
    MessageAccount.objects.update(opening_hours=json.dumps(hours), timezone="UTC")
    body = []
    for size in ("medium", "large"):
        for variant in ("filled", "outline"):
            body += [
                (
                    "message_button",
                    {"account": account, "size": size, "variant": variant},
                )
                for account in demo["accounts"].values()
            ]
    return add_button_page(demo["site"].root_page, "closed", body)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_closed_buttons(axe_page, closed_page, scheme):
    axe_page.emulate_media(color_scheme=scheme)
    results = run_axe(axe_page, "/closed/")
    closed = axe_page.locator("a.dm-button--closed .dm-button__status")
    assert closed.count() == 4 * len(RECIPIENTS)
    assert closed.first.inner_text().startswith("Closed · opens")
    assert results["violations"] == []
    assert "color-contrast" in results["passes"]


def test_screenshot_of_closed_buttons(page, demo, tmp_path):
    """docs/opening-hours.png: a button open now beside one that says when it
    opens."""
    accounts = demo["accounts"]
    now = dt.datetime.now(dt.timezone.utc)
    later = (now + dt.timedelta(days=2)).weekday()
    MessageAccount.objects.filter(pk=accounts["telegram"].pk).update(
        timezone="UTC",
        opening_hours=json.dumps(
            [
                {
                    "type": "hours",
                    "value": {
                        "days": [str(later)],
                        "opens": "09:00",
                        "closes": "17:00",
                    },
                }
            ]
        ),
    )
    add_button_page(
        demo["site"].root_page,
        "hours",
        [
            ("heading", "Write to us"),
            ("message_button", {"account": accounts["whatsapp"], "label": "WhatsApp"}),
            ("message_button", {"account": accounts["telegram"], "label": "Telegram"}),
        ],
    )
    pictures = REPOSITORY / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    page.set_viewport_size({"width": 900, "height": 260})
    page.goto("/hours/")
    page.mouse.move(890, 250)
    page.screenshot(path=pictures / "opening-hours.png")
    assert (pictures / "opening-hours.png").read_bytes().startswith(b"\x89PNG")
