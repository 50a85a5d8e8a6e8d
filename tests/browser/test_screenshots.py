"""The pictures in docs/ and the README, taken from the real thing.

Run `make screenshots` (UPDATE_SCREENSHOTS=1) to write them into docs/; otherwise
they are taken into a temporary folder, so a broken page or editor still fails here.
"""

import pytest

from tests.browser.conftest import check
from tests.conftest import add_button_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_screenshot_of_a_page_with_buttons(page, demo, pictures):
    page.set_viewport_size({"width": 1100, "height": 760})
    page.goto("/demo/")
    page.screenshot(path=pictures / "buttons.png")
    check(pictures / "buttons.png")


def test_screenshot_of_the_block_in_the_editor(admin_page, demo, pictures):
    contact = add_button_page(
        demo["site"].root_page,
        "contact",
        [
            ("heading", "Questions about your order?"),
            (
                "message_button",
                {
                    "account": demo["accounts"]["whatsapp"],
                    "label": "Ask us on WhatsApp",
                    "text": "Hello! I have a question about my order.",
                    "size": "large",
                },
            ),
        ],
    )
    page = admin_page
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"/admin/pages/{contact.pk}/edit/")
    page.locator("[name='body-1-value-label']").wait_for()
    page.locator("[name='body-1-value-text']").scroll_into_view_if_needed()
    page.screenshot(path=pictures / "editor.png")
    check(pictures / "editor.png")


def test_screenshot_of_an_open_contact_card(page, card_page, pictures):
    page.set_viewport_size({"width": 900, "height": 720})
    page.goto("/card/")
    page.locator("main button.dm-launcher").click()
    page.locator(".dm-card:popover-open").wait_for()
    page.locator(".dm-card:popover-open img").evaluate(
        "img => img.complete || new Promise(done => img.onload = done)"
    )
    page.mouse.move(890, 710)  # away from the launcher's hover underline
    page.screenshot(path=pictures / "contact-card.png")
    check(pictures / "contact-card.png")
