"""An editor's whole journey in Wagtail's real admin, in a real browser: an account,
the site's default, a page with the block, and the live page."""

import pytest

from wagtail.models import Site

from wagtail_dm_button.models import MessageAccount, MessageButtonSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.usefixtures("without_autosave")  # the publish must not meet one
def test_an_editor_sets_up_an_account_and_publishes_a_button(admin_page):
    page = admin_page

    # An X account given a handle: the field says what is wrong, nothing is saved.
    page.goto("/admin/snippets/wagtail_dm_button/messageaccount/add/")
    page.locator("#id_name").fill("Furni on X")
    page.locator("#id_slug").fill("furni-x")
    page.locator("#id_channel").select_option("x")
    page.locator("#id_recipient").fill("@furni")
    page.get_by_role("button", name="Save").click()
    error = page.locator(".w-field__errors", has_text="numeric user id")
    error.wait_for()
    assert "not its screen name “@furni”" in error.inner_text()
    assert not MessageAccount.objects.exists()

    # Corrected, it saves.
    page.locator("#id_recipient").fill("783214")
    page.locator("#id_display_name").fill("@furni")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/messageaccount/")
    account = MessageAccount.objects.get()
    assert (account.recipient, account.display_name) == ("783214", "furni")

    # Settings → Message buttons: the account becomes the site's default.
    page.goto("/admin/settings/wagtail_dm_button/messagebuttonsettings/")
    page.get_by_role("button", name="Choose message account").first.click()
    page.get_by_role("link", name="Furni on X").click()
    page.get_by_role("button", name="Save").click()
    page.locator(".messages", has_text="updated").wait_for()
    site = Site.objects.get(is_default_site=True)
    assert MessageButtonSettings.objects.get(site=site).default_account == account

    # A new page: the block picker previews the block, the editor inserts it with
    # no account, a label and a message, and publishes.
    page.goto(f"/admin/pages/add/testapp/buttonpage/{site.root_page_id}/")
    page.locator("#id_title").fill("Write to us")
    page.locator("button.c-sf-add-button").first.click()
    option = page.get_by_role("option", name="Message button")
    option.locator("xpath=..").get_by_role("button", name="Preview").click()
    preview = page.frame_locator("iframe[src*='block-preview']")
    # The sample message names its page: the preview shows a sample title.
    assert preview.get_by_role("link", name="Message us").get_attribute("href") == (
        "https://t.me/furni_shop?text=Hello%21%20I%20have%20a%20question%20about"
        "%20Sample%20page."
    )
    option.click()
    page.locator("[name='body-0-value-label']").fill("Ask us anything")
    page.locator("[name='body-0-value-text']").fill("Hello there, {page_title}")
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("button[name='action-publish']").click()
    page.locator(".messages", has_text="published").wait_for()

    # The visitor's side: the button with the right accessible name and link.
    page.goto("/write-to-us/")
    button = page.get_by_role("link", name="Ask us anything (opens in a new tab)")
    assert button.get_attribute("href") == (
        "https://x.com/messages/compose?recipient_id=783214"
        "&text=Hello%20there%2C%20Write%20to%20us"
    )
