"""Message links in rich text: stored as ``<a linktype="message" id="PK">``,
rendered through the one rendering path as ``<a class="dm-link">`` around the
editor's words, found by Wagtail's reference index, and never a reason for a
page to fail."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils.html import escape

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Locale, ReferenceIndex, Site
from wagtail.rich_text import RichText, expand_db_html

from tests.conftest import add_button_page, make_account, soup
from tests.test_budgets import queries_to_serve
from wagtail_dm_button import tokens
from wagtail_dm_button.models import ClickCount, MessageButtonSettings

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def paragraph(account_id, words="Message our team", text=None):
    """Rich text as Draftail stores a message link."""
    data_text = "" if text is None else f' data-text="{escape(text)}"'
    return (
        f'<p>Questions? <a linktype="message" id="{account_id}"{data_text}>'
        f"{words}</a> any time.</p>"
    )


def page_with(home, html, slug="help"):
    return add_button_page(home, slug, [("paragraph", RichText(html))])


def links(response):
    assert response.status_code == 200
    return soup(response.content).select("main a, body a:not(.dm-button)")


def the_link(response, words="Message our team"):
    found = [a for a in soup(response.content).find_all("a") if a.get_text() == words]
    assert len(found) == 1, response.content
    return found[0]


@pytest.fixture
def telegram(db):
    return make_account(slug="tg", channel="telegram", recipient="furni_shop")


def test_a_message_link_opens_the_account_with_the_editors_message(
    client, home, site, telegram
):
    page = page_with(home, paragraph(telegram.pk, text='About "{page_title}" & more'))
    link = the_link(client.get(page.url))
    assert link["class"] == ["dm-link"]
    assert link["data-dm-channel"] == "telegram"
    href = urlsplit(link["href"])
    assert (href.scheme, href.netloc, href.path) == ("https", "t.me", "/furni_shop")
    assert parse_qs(href.query)["text"] == ['About "Help" & more']
    assert link["target"] == "_blank"
    assert link["rel"] == ["noopener", "noreferrer"]
    assert "data-text" not in link.attrs
    assert "linktype" not in link.attrs


def test_without_a_message_the_accounts_own_is_sent(client, home, site):
    account = make_account(
        slug="mail", channel="email", recipient="hi@example.com", default_text="Hello"
    )
    link = the_link(client.get(page_with(home, paragraph(account.pk)).url))
    assert link["href"] == "mailto:hi@example.com?body=Hello"


def test_a_site_that_opens_links_in_the_same_tab_gets_no_target(
    client, home, site, telegram
):
    MessageButtonSettings.objects.create(site=site, open_in_new_tab=False)
    link = the_link(client.get(page_with(home, paragraph(telegram.pk)).url))
    assert "target" not in link.attrs and "rel" not in link.attrs


def test_a_deleted_account_leaves_the_words_without_a_link(
    client, home, site, telegram, caplog
):
    page = page_with(home, paragraph(telegram.pk))
    telegram.delete()
    response = client.get(page.url)
    link = the_link(response)
    assert link.attrs == {}
    assert "Questions? Message our team any time." in soup(response.content).text
    assert "does not exist" in caplog.text


@pytest.mark.parametrize(
    "hostile_id", ["abc", "", "1 OR 1=1", "-1", "١", "999999", '"><script>x</script>']
)
def test_an_id_that_is_no_account_never_breaks_the_page(client, home, site, hostile_id):
    html = paragraph(escape(hostile_id))
    response = client.get(page_with(home, html).url)
    assert the_link(response).attrs == {}
    assert not soup(response.content).select("main script, p script")


@pytest.mark.parametrize(
    "hostile_text",
    ['"><script>alert(1)</script>', "' onmouseover='x", "&amp;lt;b&amp;gt;"],
)
def test_a_hostile_message_is_escaped_and_encoded(
    client, home, site, telegram, hostile_text
):
    response = client.get(
        page_with(home, paragraph(telegram.pk, text=hostile_text)).url
    )
    link = the_link(response)
    assert set(link.attrs) == {"class", "href", "data-dm-channel", "target", "rel"}
    assert link["href"].startswith("https://t.me/furni_shop")
    assert b"<script>alert" not in response.content


def test_a_nul_in_hand_written_html_is_encoded(site, telegram):
    # The message step refuses a NUL, as every Django form does, and
    # PostgreSQL cannot store one; only HTML written by hand can hold it.
    html = expand_db_html(paragraph(telegram.pk, text="Hi\x00<b>"))
    (link,) = soup(html).select("a.dm-link")
    assert parse_qs(urlsplit(link["href"]).query)["text"] == ["Hi\x00<b>"]
    assert "\x00" not in html and "<b>" not in html


def test_a_pages_links_cost_the_same_queries_however_many(client, home, site, telegram):
    other = make_account(slug="mail", channel="email", recipient="hi@example.com")
    counts = {}
    for number in (1, 5):
        html = "".join(
            paragraph(each.pk) for each in [telegram, other, telegram] * number
        )
        page = page_with(home, html, slug=f"help-{number}")
        queries_to_serve(client, page)  # Wagtail's caches filled
        counts[number], response = queries_to_serve(client, page)
        assert len(soup(response.content).select("a.dm-link")) == 3 * number
    assert counts[1] == counts[5], counts


def test_counted_sites_count_rich_text_links_for_their_page(home, site, telegram):
    MessageButtonSettings.objects.create(site=site, count_clicks=True)
    page = page_with(home, paragraph(telegram.pk))
    visitor = Client(headers={"User-Agent": BROWSER})
    link = the_link(visitor.get(page.url))
    assert (
        link["rel"] == ["nofollow", "noopener", "noreferrer"]
        or "nofollow" in link["rel"]
    )
    click = tokens.read(urlsplit(link["href"]).path.split("/")[-2])
    assert (click.site_id, click.page_id, click.source) == (
        site.pk,
        page.pk,
        "richtext",
    )
    response = visitor.get(urlsplit(link["href"]).path)
    assert response["Location"] == "https://t.me/furni_shop"
    (row,) = ClickCount.objects.all()
    assert (row.page_id, row.source, row.clicks) == (page.pk, "richtext", 1)


def test_rich_text_rendered_outside_a_page_view_is_never_counted(site, telegram):
    """A preview, the API or a view of the project's own: no page Wagtail serves,
    so no click is counted (editors previewing a page would be)."""
    MessageButtonSettings.objects.create(site=site, count_clicks=True)
    html = expand_db_html(paragraph(telegram.pk))
    assert 'href="https://t.me/furni_shop"' in html


def test_each_site_follows_its_own_settings(client, home, site, telegram):
    """The page served names the site whose settings apply, though Wagtail gives
    link handlers no request."""
    other_root = add_button_page(home, "other-root", [])
    other = Site.objects.create(hostname="other.test", root_page=other_root)
    MessageButtonSettings.objects.create(site=site, open_in_new_tab=True)
    MessageButtonSettings.objects.create(site=other, open_in_new_tab=False)
    add_button_page(
        other_root, "help", [("paragraph", RichText(paragraph(telegram.pk)))]
    )
    page_with(home, paragraph(telegram.pk))
    assert the_link(client.get("/help/"))["target"] == "_blank"
    assert "target" not in the_link(client.get("/help/", HTTP_HOST="other.test")).attrs
    # Rendered outside a page view, rich text follows the default site.
    assert 'target="_blank"' in expand_db_html(paragraph(telegram.pk))


def test_the_reference_index_lists_pages_that_link_to_the_account(
    home, site, telegram, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = page_with(home, paragraph(telegram.pk))
    references = ReferenceIndex.get_references_to(telegram).group_by_source_object()
    assert [source.pk for source, _refs in references] == [page.pk]


def test_the_editor_round_trip_keeps_the_account_and_the_message(telegram):
    converter = ContentstateConverter(features=["message-link"])
    stored = paragraph(telegram.pk, text='Hi & "bye" <3')
    contentstate = json.loads(converter.from_database_format(stored))
    (entity,) = contentstate["entityMap"].values()
    assert entity["type"] == "MESSAGE_LINK"
    assert entity["data"] == {
        "id": telegram.pk,
        "text": 'Hi & "bye" <3',
        "name": "Tg",
        "channel": "Telegram",
    }
    back = converter.to_database_format(json.dumps(contentstate))
    again = soup(back).select_one('a[linktype="message"]')
    assert again["id"] == str(telegram.pk)
    assert again["data-text"] == 'Hi & "bye" <3'
    assert again.get_text() == "Message our team"
    no_message = converter.to_database_format(
        converter.from_database_format(paragraph(telegram.pk))
    )
    assert "data-text" not in soup(no_message).select_one("a").attrs


MESSAGE_STEP = "/admin/message-link/"


def test_the_message_step_answers_with_the_links_data(admin_client, telegram):
    response = admin_client.get(MESSAGE_STEP, {"id": telegram.pk, "text": "Hi"})
    step = json.loads(response.content)
    assert step["step"] == "message"
    form = soup(step["html"]).select_one("form.message-link-form")
    assert form.select_one("textarea").get_text().strip() == "Hi"
    assert "Tg" in soup(step["html"]).get_text()
    response = admin_client.post(
        MESSAGE_STEP, {"account": telegram.pk, "text": "About {page_title}"}
    )
    assert json.loads(response.content) == {
        "step": "message_chosen",
        "result": {
            "id": telegram.pk,
            "name": "Tg",
            "channel": "Telegram",
            "text": "About {page_title}",
        },
    }


@pytest.mark.parametrize(
    ("channel", "recipient", "text", "says"),
    [
        ("telegram", "furni_shop", "Hi {page.owner}", "Not a message variable"),
        ("instagram", "furni.shop", "Hi", "cannot carry a message"),
    ],
)
def test_the_message_step_refuses_what_the_forms_refuse(
    admin_client, channel, recipient, text, says
):
    account = make_account(slug="acc", channel=channel, recipient=recipient)
    response = admin_client.post(MESSAGE_STEP, {"account": account.pk, "text": text})
    step = json.loads(response.content)
    assert step["step"] == "message"
    assert says in soup(step["html"]).select_one(".error-message").get_text()


def test_the_message_step_is_for_the_admin_only(client, telegram):
    response = client.get(MESSAGE_STEP, {"id": telegram.pk})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_deleting_a_linked_account_warns_of_the_pages(
    admin_client, home, site, telegram, django_capture_on_commit_callbacks
):
    from tests.conftest import snippet_url

    # Wagtail updates the reference index once the saving transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        page_with(home, paragraph(telegram.pk))
    warning = soup(admin_client.get(snippet_url("delete", telegram.pk)).content)
    assert "referenced 1 time" in " ".join(warning.get_text().split())
    usage = soup(admin_client.get(snippet_url("usage", telegram.pk)).content)
    assert "Help" in usage.get_text(" ")


def test_a_translated_page_links_to_the_accounts_translation(
    admin_client, home, site, telegram
):
    """The stored ``id`` is the original account's (a translation of the page keeps
    it); a page in French opens the account's French translation, and an ``id``
    of another language's account opens the page's language's translation too."""
    from tests.test_multilingual import translate
    from wagtail_dm_button import richtext

    french_locale = Locale.objects.create(language_code="fr")
    with override_settings(
        WAGTAIL_I18N_ENABLED=True,
        LANGUAGES=[("en", "English"), ("fr", "French")],
        WAGTAIL_CONTENT_LANGUAGES=[("en", "English"), ("fr", "French")],
    ):
        french = translate(admin_client, telegram, french_locale)
        french.default_text = "Bonjour !"
        french.full_clean()
        french.save()
        page = add_button_page(home, "aide", [])
        page.locale = french_locale
        request = RequestFactory().get("/aide/")
        try:
            for linked in (telegram, french):
                richtext.serving(page, request)
                html = expand_db_html(paragraph(linked.pk))
                assert 'href="https://t.me/furni_shop?text=Bonjour%20%21"' in html
        finally:
            richtext.serving(None, None)  # As when the request ends.
