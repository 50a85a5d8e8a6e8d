"""Scannable codes: `{% message_qr %}` and the block's QR option draw a QR code of the
same link the button carries, inline, with an accessible name."""

import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from tests.conftest import (
    RECIPIENTS,
    add_button_page,
    buttons,
    make_account,
    render,
    soup,
)

RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\d+z")


def decode(svg):
    """Draw the SVG's modules (a white square, black runs) and read the code back
    with zxing-cpp, as a phone's camera would."""
    size = int(svg["viewbox"].split()[2])
    scale = 10
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    path = svg.find("path")["d"]
    assert RUN.sub("", path) == ""  # nothing but runs of modules
    for x, y, length in RUN.findall(path):
        x, y, length = int(x), int(y), int(length)
        draw.rectangle(
            [x * scale, y * scale, (x + length) * scale - 1, (y + 1) * scale - 1],
            fill=0,
        )
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("key", list(RECIPIENTS))
def test_the_code_decodes_to_the_buttons_link(site, key):
    typed, _ = RECIPIENTS[key]
    account = make_account(slug=key, channel=key, recipient=typed)
    text = "Hello! Is the oak table (120 cm) in stock?\nThanks"
    markup = render(
        "{% message_button account text=text %}{% message_qr account text=text %}",
        account=account,
        text=text,
    )
    (button,) = buttons(markup)
    (svg,) = soup(markup).find_all("svg", class_="dm-qr")
    assert decode(svg) == [button["href"]]


def test_the_code_has_an_accessible_name_and_scales(site_default):
    svg = soup(render('{% message_qr size="large" %}')).svg
    assert svg["role"] == "img"
    assert svg["aria-label"] == "QR code: Message us (WhatsApp)"
    assert svg["class"] == ["dm-qr", "dm-qr--large"]
    assert not svg.has_attr("width") and not svg.has_attr("height")
    assert svg["viewbox"].startswith("0 0 ")
    assert svg.find("rect")["fill"] == "#fff"  # light modules, on any page


def test_an_unknown_size_falls_back_to_medium(site_default):
    assert soup(render('{% message_qr size="huge" %}')).svg["class"] == [
        "dm-qr",
        "dm-qr--medium",
    ]


def test_without_an_account_there_is_no_code(site):
    assert render("{% message_qr %}") == ""


def test_the_block_shows_the_code_beside_the_button_when_asked(
    client, site_default, home
):
    add_button_page(
        home,
        "contact",
        [
            ("message_button", {"text": "Hi", "qr": True}),
            ("message_button", {"text": "Hi"}),
        ],
    )
    page = soup(client.get("/contact/").content)
    codes = page.select("svg.dm-qr")
    assert len(codes) == 1
    assert decode(codes[0]) == ["https://wa.me/442079460000?text=Hi"]
    assert len(page.select("a.dm-button")) == 2
