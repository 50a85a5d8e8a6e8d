"""The block, the tags, the Usage listing and the CDN purge in a project whose Page
model is swapped (Wagtail 8): nothing in the package assumes wagtailcore.Page.

Run by tests/test_project.py in a subprocess with ``--ds=tests_swapped.settings``.
"""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Site
from wagtail.test.basepage.models import BasePage

from tests.testapp.frontend_cache import PURGED
from tests_swapped.models import ContactPage
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(django_capture_on_commit_callbacks):
    assert settings.WAGTAIL_PAGE_MODEL == "basepage.BasePage"
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page, BasePage)
    with django_capture_on_commit_callbacks(execute=True):
        account = MessageAccount(
            name="Support", slug="support", channel="telegram", recipient="furni_shop"
        )
        account.full_clean()
        account.save()
        MessageButtonSettings.objects.create(site=site, default_account=account)
        page = ContactPage(
            title="Contact",
            slug="contact",
            body=[
                ("message_button", {"label": "Write"}),
                ("message_button", {"account": account}),
            ],
        )
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
    return account, page


def test_the_block_and_the_tags_render_on_a_swapped_page(client, contact):
    response = client.get("/contact/")
    assert response.status_code == 200
    hrefs = [
        a["href"]
        for a in BeautifulSoup(response.content, "html.parser").select("a.dm-button")
    ]
    assert hrefs == ["https://t.me/furni_shop"] * 3


def test_usage_lists_the_swapped_page(admin_client, contact):
    account, _ = contact
    url = reverse(
        MessageAccount.snippet_viewset.get_url_name("usage"), args=[account.pk]
    )
    text = BeautifulSoup(admin_client.get(url).content, "html.parser").get_text(" ")
    assert "Contact" in text


def test_saving_the_account_purges_the_swapped_page(
    contact, django_capture_on_commit_callbacks
):
    account, _ = contact
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account.save()
    assert "http://localhost/contact/" in PURGED[0]


def test_the_migrations_need_nothing_new():
    out = StringIO()
    call_command(
        "makemigrations", "wagtail_dm_button", check=True, dry_run=True, stdout=out
    )
    assert "No changes detected" in out.getvalue()
