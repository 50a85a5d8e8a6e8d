"""A visitor with a mouse, a keyboard or a screen reader meets a contact card in
a real browser: the launcher opens it, Tab moves into it, Esc closes it and focus
returns to the launcher, a click outside closes it; axe-core finds nothing with the card
open, light and dark, left-to-right and right-to-left; nothing is asked of another
host; every option is a target of at least 44 px."""

import pytest

from tests.browser.conftest import RUN_AXE, WCAG_22_AA, node_tool
from wagtail_dm_button.models import MessageButtonSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPEN = ".dm-card:popover-open"
FOCUSED = "() => document.activeElement.getAttribute('class') || ''"
FOCUSED_HREF = "() => document.activeElement.getAttribute('href')"


def launcher(page):
    return page.locator("main button.dm-launcher")


def test_a_click_opens_the_card_and_the_close_button_closes_it(page, card_page):
    page.goto("/card/")
    assert page.locator(OPEN).count() == 0
    launcher(page).click()
    card = page.locator(OPEN)
    assert card.count() == 1
    assert card.get_by_role("heading", name="Talk to us").is_visible()
    assert card.locator("img.dm-card__avatar").evaluate("img => img.naturalWidth") > 0
    card.get_by_role("button", name="Close").click()
    assert page.locator(OPEN).count() == 0


def test_the_keyboard_opens_it_moves_in_and_esc_brings_focus_back(page, card_page):
    page.goto("/card/")
    launcher(page).focus()
    page.keyboard.press("Enter")
    assert page.locator(OPEN).count() == 1

    hrefs = page.locator(f"{OPEN} a.dm-button").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    reached = []
    for _ in hrefs:
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED_HREF))
    assert reached == hrefs  # Tab goes from the launcher into the card, in order
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "dm-card__close"

    page.keyboard.press("Escape")
    assert page.locator(OPEN).count() == 0
    assert page.evaluate(FOCUSED) == "dm-launcher"


def test_a_click_outside_closes_the_card(page, card_page):
    """Focus goes where the visitor clicked (the page), as with any click; never
    left inside the closed card."""
    page.goto("/card/")
    launcher(page).click()
    page.locator(f"{OPEN} a.dm-button").first.focus()
    page.mouse.click(5, 5)
    assert page.locator(OPEN).count() == 0
    assert page.evaluate("() => document.activeElement.closest('.dm-card')") is None


def test_the_screen_reader_meets_a_dialog_named_by_its_heading(page, card_page):
    page.goto("/card/")
    assert launcher(page).get_attribute("aria-haspopup") == "dialog"
    launcher(page).click()
    dialog = page.get_by_role("dialog", name="Talk to us")
    assert dialog.count() == 1
    assert dialog.get_by_role("link").count() == 4
    inline = page.get_by_role("region", name="Talk to us")
    assert inline.count() == 1


def test_every_option_is_a_target_of_at_least_44_px(page, card_page):
    page.goto("/card/")
    launcher(page).click()
    targets = page.locator(f"{OPEN} a.dm-button, {OPEN} .dm-card__close, .dm-launcher")
    assert targets.count() == 6
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44


def test_without_popover_support_the_card_shows_in_place_and_links_work(
    page, card_page
):
    """A browser that does not know the popover attribute ignores it: taken away
    here, the card is in the page's flow, shown, its links working."""
    page.goto("/card/")
    page.evaluate(
        "() => document.querySelectorAll('[popover]').forEach("
        "card => card.removeAttribute('popover'))"
    )
    card = page.locator("main div.dm-card")
    assert card.is_visible()
    link = card.locator("a.dm-button").first
    assert link.is_visible()
    assert link.get_attribute("href") == "https://wa.me/442079460000"


#: Acts out a browser without popover support: the ``popover`` attributes go, and
#: the stylesheet's ``@supports not selector(:popover-open)`` rules apply, where
#: they stand (at the end of the stylesheet).
WITHOUT_POPOVER = """() => {
  document.querySelectorAll('[popover]').forEach(
    card => card.removeAttribute('popover'));
  let applied = 0;
  for (const sheet of document.styleSheets) {
    for (const rule of [...sheet.cssRules]) {
      const supports = rule instanceof CSSSupportsRule;
      if (supports && rule.conditionText.includes('popover-open')) {
        for (const inner of rule.cssRules) {
          sheet.insertRule(inner.cssText, sheet.cssRules.length);
          applied += 1;
        }
      }
    }
  }
  return applied;
}"""


def test_without_popover_support_the_floating_card_shows_in_place_and_links_work(
    page, demo, card_page
):
    MessageButtonSettings.objects.filter(site=demo["site"]).update(
        floating_button=True, floating_card=card_page
    )
    page.goto("/demo/")
    assert page.evaluate(WITHOUT_POPOVER) > 0
    card = page.locator("aside.dm-floating div.dm-card")
    assert card.is_visible()
    assert card.evaluate("card => getComputedStyle(card.parentElement).position") == (
        "static"
    )
    links = card.locator("a.dm-button")
    assert links.count() == 4
    for index in range(4):
        links.nth(index).scroll_into_view_if_needed()
        assert links.nth(index).is_visible()
    assert links.first.get_attribute("href") == "https://wa.me/442079460000"


def test_nothing_is_asked_of_another_host(context, page, card_page):
    page.goto("/card/")
    launcher(page).click()
    page.wait_for_load_state("networkidle")
    assert context.requests
    assert all(url.startswith(page.url.split("/card/")[0]) for url in context.requests)
    assert page.locator("script").count() == 0


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_card_open(
    axe_page, card_page, scheme, direction
):
    axe_page.emulate_media(color_scheme=scheme)
    axe_page.goto("/card/")
    axe_page.evaluate(
        f"() => document.documentElement.setAttribute('dir', '{direction}')"
    )
    launcher(axe_page).click()
    assert axe_page.locator(OPEN).count() == 1
    axe_page.add_script_tag(path=node_tool("axe-core", "axe.min.js"))
    results = axe_page.evaluate(RUN_AXE, WCAG_22_AA)
    assert results["violations"] == []
    assert {"color-contrast", "aria-allowed-attr", "target-size"} <= set(
        results["passes"]
    )


def test_in_right_to_left_the_card_mirrors(page, card_page):
    """The avatar starts on the right: the card is laid out with logical
    properties."""
    page.goto("/card/")
    inline = page.locator("main section.dm-card")

    def gaps():
        card = inline.bounding_box()
        avatar = inline.locator("img.dm-card__avatar").bounding_box()
        left = avatar["x"] - card["x"]
        right = card["x"] + card["width"] - (avatar["x"] + avatar["width"])
        return left, right

    left, right = gaps()
    assert left == pytest.approx(21, abs=2)  # 1.25rem padding and a 1 px border
    assert right > 100
    page.evaluate("() => document.documentElement.setAttribute('dir', 'rtl')")
    left, right = gaps()
    assert right == pytest.approx(21, abs=2)
    assert left > 100


def test_the_floating_button_opens_the_card_from_its_corner(page, demo, card_page):
    MessageButtonSettings.objects.filter(site=demo["site"]).update(
        floating_button=True, floating_card=card_page
    )
    page.goto("/demo/")
    floating = page.locator("aside.dm-floating button.dm-launcher")
    floating.click()
    card = page.locator(OPEN)
    assert card.count() == 1
    box, viewport = card.bounding_box(), page.viewport_size
    assert viewport["width"] - (box["x"] + box["width"]) == pytest.approx(16, abs=2)
    page.keyboard.press("Escape")
    assert page.evaluate(FOCUSED) == "dm-launcher"
