"""An editor links words of a paragraph to a message account in Wagtail's real
rich text editor, with a message, publishes, and the live page has the link;
then edits and removes it as a page link is edited and removed."""

from urllib.parse import parse_qs, urlsplit

import pytest

from wagtail.models import Site

from tests.browser.conftest import check
from tests.conftest import make_account

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_links_words_to_an_account_and_publishes(admin_page, pictures):
    page = admin_page
    page.set_viewport_size({"width": 1100, "height": 640})
    make_account(
        slug="tg", name="Furni on Telegram", channel="telegram", recipient="furni_shop"
    )
    site = Site.objects.get(is_default_site=True)

    page.goto(f"/admin/pages/add/testapp/buttonpage/{site.root_page_id}/")
    page.locator("#id_title").fill("Help")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor = page.locator(".public-DraftEditor-content").first
    editor.click()
    page.keyboard.type("Questions? Message us today.")
    # Select "Message us": back from the end over " today." then 10 characters.
    page.keyboard.press("End")
    for _ in range(len(" today.")):
        page.keyboard.press("ArrowLeft")
    for _ in range(len("Message us")):
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="Message link").click()

    # The accounts' snippet chooser, then the message, in one modal.
    page.get_by_role("link", name="Furni on Telegram").click()
    message = page.locator("form.message-link-form textarea")
    message.wait_for()
    message.fill("Hi, a question about {page_title}")
    page.get_by_role("button", name="Insert link").click()
    entity = page.locator(".TooltipEntity", has_text="Message us")
    entity.wait_for()
    saved_with_the_link(page)

    page.locator("footer .w-dropdown__toggle").click()
    page.locator("button[name='action-publish']").click()
    page.locator(".messages", has_text="published").wait_for()
    page.wait_for_load_state("networkidle")

    page.goto("/help/")
    link = page.locator("a.dm-link", has_text="Message us")
    href = link.get_attribute("href")
    assert href.startswith("https://t.me/furni_shop?")
    assert parse_qs(urlsplit(href).query)["text"] == ["Hi, a question about Help"]

    # Back in the editor: the link says which account it opens; Edit and Remove.
    page.go_back()
    page.goto(f"/admin/pages/{page_id('help')}/edit/")
    entity = page.locator(".TooltipEntity", has_text="Message us")
    entity.click()
    tooltip = page.locator(".Tooltip")
    tooltip.wait_for()
    # Wagtail shortens a tooltip's label as it does a page link's.
    assert tooltip.inner_text().startswith("Furni on Telegram (T")
    # The README's picture of the control (docs/message-link.png).
    page.screenshot(path=pictures / "message-link.png")
    check(pictures / "message-link.png")
    page.get_by_role("button", name="Edit").click()
    page.get_by_role("link", name="Furni on Telegram").click()
    message = page.locator("form.message-link-form textarea")
    assert message.input_value() == "Hi, a question about {page_title}"
    message.fill("Is {x.y} open?")
    page.get_by_role("button", name="Insert link").click()
    refused = page.locator("form.message-link-form .error-message")
    refused.filter(has_text="Not a message variable").wait_for()
    message.fill("Hello again")
    page.get_by_role("button", name="Insert link").click()
    entity.wait_for()
    entity.click()
    page.get_by_role("button", name="Remove").click()
    assert page.locator(".TooltipEntity").count() == 0
    assert (
        "Message us" in page.locator(".public-DraftEditor-content").first.inner_text()
    )


def saved_with_the_link(page):
    """Draftail writes the editor's content to its form field a moment after a
    change (its ``stateSaveInterval``): wait for the link to be in it."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('input[name$=\"-value\"]')]"
        ".some((input) => input.value.includes('MESSAGE_LINK'))"
    )


def page_id(slug):
    from wagtail.models import Page

    return Page.objects.get(slug=slug).pk
