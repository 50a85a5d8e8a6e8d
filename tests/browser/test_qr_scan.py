"""A QR code as Chromium draws it on screen scans back to the button's link."""

import io

import pytest
import zxingcpp
from PIL import Image

from tests.conftest import add_button_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_code_on_screen_scans_to_the_link(page, demo, scheme):
    add_button_page(
        demo["site"].root_page,
        "scan",
        [
            (
                "message_button",
                {"account": demo["accounts"]["telegram"], "text": "Hi", "qr": True},
            )
        ],
    )
    page.emulate_media(color_scheme=scheme)
    page.goto("/scan/")
    code = page.locator("svg.dm-qr")
    assert code.get_attribute("aria-label") == "QR code: Message Furni (Telegram)"
    picture = Image.open(io.BytesIO(code.screenshot()))
    scanned = [result.text for result in zxingcpp.read_barcodes(picture)]
    assert scanned == [page.locator("a.dm-button").get_attribute("href")]
    assert scanned == ["https://t.me/furni_shop?text=Hi"]
