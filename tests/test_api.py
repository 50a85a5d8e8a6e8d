"""Headless sites: Wagtail's API v2 serves each message button block resolved, the
site's default included, as a front end needs it to draw the button."""

import pytest

from tests.conftest import add_button_page, make_account


@pytest.fixture
def contact(site_default, home):
    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    return add_button_page(
        home,
        "contact",
        [
            ("message_button", {"account": None, "label": "Ask us", "text": "Hi"}),
            (
                "message_button",
                {
                    "account": telegram,
                    "size": "large",
                    "variant": "outline",
                    "qr": True,
                },
            ),
        ],
    )


def test_the_pages_api_gives_each_button_resolved(client, contact):
    response = client.get(f"/api/v2/pages/{contact.pk}/", {"fields": "body"})
    assert response.status_code == 200
    blocks = [block["value"] for block in response.json()["body"]]
    assert blocks == [
        {
            "channel": "whatsapp",
            "href": "https://wa.me/442079460000?text=Hi",
            "label": "Ask us",
            "size": "medium",
            "variant": "filled",
            "new_tab": True,
            "qr": False,
        },
        {
            "channel": "telegram",
            "href": "https://t.me/furni_shop",
            "label": "Message us",
            "size": "large",
            "variant": "outline",
            "new_tab": True,
            "qr": True,
        },
    ]


def test_a_button_without_an_account_is_null_in_the_api(client, site, home):
    page = add_button_page(home, "contact", [("message_button", {})])
    response = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "body"})
    assert response.json()["body"][0]["value"] is None
