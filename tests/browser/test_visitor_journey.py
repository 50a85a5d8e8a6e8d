"""A visitor with a keyboard or a screen reader, in a real browser."""

import pytest

from tests.browser.conftest import CHANNELS, SIZES, VARIANTS
from wagtail_dm_button.models import MessageButtonSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUSED_HREF = """() => document.activeElement.matches("a.dm-button")
    ? document.activeElement.getAttribute("href") : null"""


def test_tab_reaches_every_button_in_order(page, demo):
    page.goto("/demo/")
    buttons = page.locator("a.dm-button")
    expected = [buttons.nth(i).get_attribute("href") for i in range(buttons.count())]
    assert len(expected) == len(CHANNELS) * len(SIZES) * len(VARIANTS)

    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED_HREF))
    assert reached == expected


def test_the_focus_ring_is_visible(page, demo, tmp_path):
    page.goto("/demo/")
    button = page.locator("a.dm-button").first
    box = button.bounding_box()
    around = {
        "x": box["x"] - 8,
        "y": box["y"] - 8,
        "width": box["width"] + 16,
        "height": box["height"] + 16,
    }
    unfocused = page.screenshot(clip=around)

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_HREF) == button.get_attribute("href")
    style = button.evaluate(
        """element => {
            const style = getComputedStyle(element);
            return [style.outlineStyle, style.outlineWidth, style.outlineColor,
                    style.outlineOffset];
        }"""
    )
    assert style == ["solid", "3px", "rgb(11, 12, 12)", "2px"]
    focused = page.screenshot(clip=around, path=tmp_path / "focused.png")
    assert focused != unfocused


def test_enter_opens_the_link_in_a_new_tab_with_the_message(page, context, demo):
    demo["accounts"]["telegram"].default_text = "Is the oak table in stock?"
    demo["accounts"]["telegram"].save()
    page.goto("/demo/")
    button = page.locator("a.dm-button--telegram").first
    button.focus()
    with context.expect_page() as opened:
        page.keyboard.press("Enter")
    popup = opened.value
    popup.wait_for_load_state()
    assert (
        popup.url
        == "https://t.me/furni_shop?text=Is%20the%20oak%20table%20in%20stock%3F"
    )
    assert popup.evaluate("window.opener") is None
    assert page.url.endswith("/demo/")


def test_without_new_tab_enter_follows_the_link_in_place(page, context, demo):
    MessageButtonSettings.objects.filter(site=demo["site"]).update(
        open_in_new_tab=False
    )
    page.goto("/demo/")
    page.locator("a.dm-button--whatsapp").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == "https://wa.me/442079460000"
    assert len(context.pages) == 1


def test_the_new_tab_hint_is_announced_but_not_seen(page, demo):
    page.goto("/demo/")
    per_look = len(SIZES) * len(VARIANTS)
    named = page.get_by_role(
        "link", name="Message Furni (opens in a new tab)", exact=True
    )
    assert named.count() == (len(CHANNELS) - 1) * per_look
    x_named = page.get_by_role(
        "link", name="Message @Furni (opens in a new tab)", exact=True
    )
    assert x_named.count() == per_look

    hint = page.locator(".dm-button__hint").first
    box = hint.bounding_box()
    assert box["width"] <= 1
    assert box["height"] <= 1
    assert hint.evaluate("element => getComputedStyle(element).clipPath") == (
        "inset(50%)"
    )


def test_every_button_is_a_target_of_at_least_44_px(page, demo):
    page.goto("/demo/")
    buttons = page.locator("a.dm-button")
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box["width"] >= 44
        assert box["height"] >= 44


@pytest.fixture
def floating_on(demo):
    MessageButtonSettings.objects.filter(site=demo["site"]).update(floating_button=True)
    return demo


def test_the_floating_button_sits_in_its_corner_and_is_reached_last(page, floating_on):
    page.goto("/demo/")
    floating = page.locator("aside.dm-floating a.dm-button")
    box = floating.bounding_box()
    viewport = page.viewport_size
    assert viewport["width"] - (box["x"] + box["width"]) == pytest.approx(16, abs=2)
    assert viewport["height"] - (box["y"] + box["height"]) == pytest.approx(16, abs=2)
    page.keyboard.press("End")
    assert floating.bounding_box()["y"] == pytest.approx(box["y"], abs=1)  # fixed

    count = page.locator("a.dm-button").count()
    for _ in range(count):
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_HREF) == "https://wa.me/442079460000"
    assert page.get_by_role("complementary", name="Message us").count() == 1


def test_on_a_small_screen_the_floating_button_covers_nothing(page, floating_on):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto("/demo/")
    floating = page.locator("aside.dm-floating")
    assert floating.evaluate("element => getComputedStyle(element).position") == (
        "static"
    )
    main = page.locator("main").bounding_box()
    box = floating.bounding_box()
    assert box["y"] >= main["y"] + main["height"]  # after the content, not over it
