"""A message link in Wagtail's real rich text editor: an editor links words of a
paragraph to an account with a message and publishes, and the live page has the
link; a stored link shows its account, and is edited (the accounts' chooser, then
the message, checked as every form checks it) and removed as a page link is."""

from urllib.parse import parse_qs, urlsplit

import pytest

from wagtail.models import Site
from wagtail.rich_text import RichText

from tests.browser.conftest import check, saved_with
from tests.conftest import add_button_page, make_account

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.usefixtures("without_autosave")
def test_an_editor_links_words_to_an_account_and_publishes(admin_page):
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
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("Questions? Message us today.")
    # Select "Message us": back from the end over " today.", then 10 characters.
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
    page.locator(".TooltipEntity", has_text="Message us").wait_for()
    saved_with(page, "MESSAGE_LINK")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("button[name='action-publish']").click()
    page.locator(".messages", has_text="published").wait_for()

    page.goto("/help/")
    link = page.locator("a.dm-link", has_text="Message us")
    href = link.get_attribute("href")
    assert href.startswith("https://t.me/furni_shop?")
    assert parse_qs(urlsplit(href).query)["text"] == ["Hi, a question about Help"]
    assert link.inner_text() == "Message us"


def test_an_editor_edits_and_removes_a_message_link(admin_page, pictures):
    page = admin_page
    page.set_viewport_size({"width": 1100, "height": 640})
    account = make_account(
        slug="tg", name="Furni on Telegram", channel="telegram", recipient="furni_shop"
    )
    site = Site.objects.get(is_default_site=True)
    help_page = add_button_page(
        site.root_page,
        "help",
        [
            (
                "paragraph",
                RichText(
                    f'<p>Questions? <a linktype="message" id="{account.pk}" '
                    'data-text="Hi, a question about {page_title}">Message us</a> '
                    "today.</p>"
                ),
            )
        ],
    )

    page.goto(f"/admin/pages/{help_page.pk}/edit/")
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
    message.wait_for()
    assert message.input_value() == "Hi, a question about {page_title}"
    message.fill("Is {x.y} open?")
    page.get_by_role("button", name="Insert link").click()
    refused = page.locator("form.message-link-form .error-message")
    refused.filter(has_text="Not a message variable").wait_for()
    message.fill("Hello again")
    page.get_by_role("button", name="Insert link").click()
    entity.wait_for()
    saved_with(page, "Hello again")
    entity.click()
    page.get_by_role("button", name="Remove").click()
    assert page.locator(".TooltipEntity").count() == 0
    assert (
        "Message us" in page.locator(".public-DraftEditor-content").first.inner_text()
    )
