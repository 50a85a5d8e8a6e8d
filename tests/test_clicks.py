"""First-party click counts: on a site that counts clicks, every message link leads
through the site's counting view, which sends the visitor on to the link the
channel builds at the moment of the click and counts one click, exactly, storing
nothing about the visitor; and nothing changes on a site that does not count."""

import datetime as dt
import io
import threading
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import (
    add_button_page,
    buttons,
    make_account,
    make_card,
    render,
    settings_url,
    soup,
)
from tests.test_qr import decode
from wagtail_dm_button import tokens
from wagtail_dm_button.models import ClickCount, MessageButtonSettings

#: What a browser says it is (Firefox on Linux): a request that says nothing is a
#: script, and is not counted.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def client():
    """A visitor's browser."""
    return Client(headers={"User-Agent": BROWSER})


@pytest.fixture
def counting(site_default, site):
    site_settings = MessageButtonSettings.for_site(site)
    site_settings.count_clicks = True
    site_settings.save()
    return site_settings


@pytest.fixture
def contact(home, site_default):
    return add_button_page(
        home, "contact", [("message_button", {"text": "Is the sofa in?"})]
    )


def follow(client, href, **headers):
    return client.get(urlsplit(href).path, headers=headers)


def test_without_counting_the_links_are_the_channels_own(client, contact):
    (button,) = buttons(client.get("/contact/").content)
    assert button["href"] == "https://wa.me/442079460000?text=Is%20the%20sofa%20in%3F"
    assert button["rel"] == ["noopener", "noreferrer"]
    assert not ClickCount.objects.exists()


def test_a_click_is_counted_and_sent_on_to_the_channel(
    client, counting, contact, account, site
):
    (button,) = buttons(client.get("/contact/").content)
    assert button["href"].startswith("/message/")
    assert button["rel"] == ["nofollow", "noopener", "noreferrer"]
    response = follow(client, button["href"])
    assert response.status_code == 302
    assert response["Location"] == (
        "https://wa.me/442079460000?text=Is%20the%20sofa%20in%3F"
    )
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"private", "no-store"}
    assert not response.cookies
    (row,) = ClickCount.objects.all()
    assert (row.site, row.page_id, row.account, row.channel, row.source) == (
        site,
        contact.pk,
        account,
        "whatsapp",
        "block",
    )
    assert row.clicks == 1
    follow(client, button["href"])
    row.refresh_from_db()
    assert row.clicks == 2


def test_every_link_on_the_page_is_counted_with_its_source(client, counting, home):
    mail = make_account(slug="mail", channel="email", recipient="sales@example.com")
    card = make_card([{"account": mail}])
    add_button_page(
        home,
        "contact",
        [
            ("message_button", {"qr": True}),
            ("contact_card", {"card": card, "display": "inline"}),
        ],
    )
    counting.floating_button = True
    counting.save()
    page = soup(client.get("/contact/").content)
    links = page.select("a.dm-button")
    assert len(links) == 3
    for link in links:
        assert follow(client, link["href"]).status_code == 302
    (code,) = page.select("svg.dm-qr")
    (printed,) = decode(code)
    assert printed.startswith("http://testserver/message/")  # the request's host
    assert follow(client, printed).status_code == 302
    sources = dict(ClickCount.objects.values_list("source", "channel"))
    assert sources == {
        "block": "whatsapp",
        "card": "email",
        "floating": "whatsapp",
        "qr": "whatsapp",
    }


@pytest.mark.parametrize(
    ("channel", "recipient", "link"),
    [
        ("email", "sales@example.com", "mailto:sales@example.com"),
        ("sms", "+44 20 7946 0000", "sms:+442079460000"),
    ],
)
def test_e_mail_and_sms_links_are_followed_too(
    client, counting, channel, recipient, link
):
    make_account(slug="other", channel=channel, recipient=recipient)
    markup = render('{% message_button "other" %}', page=None)
    (button,) = buttons(markup)
    response = follow(client, button["href"])
    assert response.status_code == 302
    assert response["Location"] == link


def test_tags_count_against_the_page_whose_template_shows_them(
    rf, counting, contact, site
):
    request = rf.get("/contact/")
    markup = render(
        '{% message_button text="Hi" %}<a href="{% message_url %}">us</a>',
        request=request,
        page=contact,
    )
    first, second = (tokens.read(h.split("/")[-2]) for h in hrefs(markup))
    assert first == tokens.Click(site.pk, contact.pk, first.account_id, "tag", "Hi")
    assert second.source == "tag"
    assert second.text == ""


def hrefs(markup):
    return [link["href"] for link in soup(markup).select("a")]


def test_the_api_gives_the_counting_link_in_full(client, counting, contact):
    response = client.get(f"/api/v2/pages/{contact.pk}/", {"fields": "body"})
    href = response.json()["body"][0]["value"]["href"]
    assert href.startswith("http://testserver/message/")
    assert follow(client, href).status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
        {"Purpose": "prefetch"},
        {
            "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        },
        {"User-Agent": "facebookexternalhit/1.1"},
        {"User-Agent": "curl/8.5.0"},
        {"User-Agent": ""},
    ],
)
def test_prefetches_and_crawlers_are_sent_on_but_not_counted(
    client, counting, contact, headers
):
    (button,) = buttons(client.get("/contact/").content)
    response = follow(client, button["href"], **headers)
    assert response.status_code == 302
    assert not ClickCount.objects.exists()


def test_a_head_request_is_sent_on_but_not_counted(client, counting, contact):
    (button,) = buttons(client.get("/contact/").content)
    response = client.head(urlsplit(button["href"]).path)
    assert response.status_code == 302
    assert not ClickCount.objects.exists()
    assert client.post(urlsplit(button["href"]).path).status_code == 405


def test_a_changed_token_is_a_404_never_a_redirect(client, counting, contact):
    (button,) = buttons(client.get("/contact/").content)
    token = urlsplit(button["href"]).path.split("/")[-2]
    assert follow(client, button["href"]).status_code == 302
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:"
    for index, character in enumerate(token):
        changed = alphabet[(alphabet.index(character) + 1) % len(alphabet)]
        forged = token[:index] + changed + token[index + 1 :]
        response = client.get(reverse("wagtail_dm_button:go", args=[forged]))
        assert response.status_code == 404, (index, forged)
    assert ClickCount.objects.get().clicks == 1


def test_a_token_made_for_another_site_is_a_404(client, counting, contact, home):
    from wagtail.models import Site

    other = Site.objects.create(hostname="other.test", root_page=home)
    token = tokens.make(
        tokens.Click(other.pk, None, counting.default_account_id, "tag")
    )
    response = client.get(reverse("wagtail_dm_button:go", args=[token]))
    assert response.status_code == 404
    response = client.get(
        reverse("wagtail_dm_button:go", args=[token]), HTTP_HOST="other.test"
    )
    assert response.status_code == 302


def test_a_site_is_known_by_its_hostname_on_any_port(client, counting, home):
    """As Wagtail finds it: a hostname only one site has is that site's, whatever
    port the request came to (a proxy that does not pass the port on)."""
    from wagtail.models import Site

    other = Site.objects.create(hostname="other.test", port=443, root_page=home)
    mine = tokens.Click(other.pk, None, counting.default_account_id, "tag")
    theirs = tokens.Click(counting.site_id, None, counting.default_account_id, "tag")
    for click, status in [(mine, 302), (theirs, 404)]:
        response = client.get(tokens.path(click), HTTP_HOST="other.test:8000")
        assert response.status_code == status


def test_a_click_is_two_queries_once_its_row_is_there(
    client, counting, contact, django_assert_num_queries
):
    """The account, and one statement that counts the click where the site still
    counts clicks; wherever the site is served from."""
    (button,) = buttons(client.get("/contact/").content)
    follow(client, button["href"])
    with django_assert_num_queries(2):
        follow(client, button["href"], Host="localhost:8000")
    assert ClickCount.objects.get().clicks == 2


def test_a_deleted_account_is_a_404(client, counting, contact, account):
    (button,) = buttons(client.get("/contact/").content)
    counting.default_account = None
    counting.save()
    account.delete()
    assert follow(client, button["href"]).status_code == 404


def test_the_link_is_the_accounts_as_it_is_when_clicked(
    client, counting, contact, account
):
    (button,) = buttons(client.get("/contact/").content)
    account.recipient = "+44 20 7946 1111"
    account.save()
    response = follow(client, button["href"])
    assert response["Location"].startswith("https://wa.me/442079461111?")


def test_a_click_from_a_deleted_page_counts_without_a_page(client, counting, contact):
    (button,) = buttons(client.get("/contact/").content)
    contact.delete()
    assert follow(client, button["href"]).status_code == 302
    (row,) = ClickCount.objects.all()
    assert row.page is None
    assert row.clicks == 1


def test_clicks_are_not_counted_once_the_site_stops_counting(client, counting, contact):
    (button,) = buttons(client.get("/contact/").content)
    counting.count_clicks = False
    counting.save()
    assert follow(client, button["href"]).status_code == 302
    assert not ClickCount.objects.exists()


def test_a_days_clicks_stop_adding_up_once_the_site_stops_counting(
    client, counting, contact
):
    (button,) = buttons(client.get("/contact/").content)
    follow(client, button["href"])
    counting.count_clicks = False
    counting.save()
    assert follow(client, button["href"]).status_code == 302
    assert ClickCount.objects.get().clicks == 1


def test_counting_cannot_be_switched_on_without_the_counting_view(
    admin_client, site, settings
):
    settings.ROOT_URLCONF = "tests.urls_without_counting"
    response = admin_client.post(
        settings_url(site),
        {
            "open_in_new_tab": "on",
            "count_clicks": "on",
            "floating_corner": "bottom-right",
        },
    )
    (message,) = response.context["form"].errors["count_clicks"]
    assert 'include("wagtail_dm_button.urls")' in message


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_clicks_are_counted_exactly(site, home):
    """8 visitors clicking 50 times each, at once: 400 clicks, in one row."""
    account = make_account(slug="support", channel="telegram", recipient="furni_shop")
    site_settings = MessageButtonSettings.for_site(site)
    site_settings.count_clicks = True
    site_settings.save()
    path = tokens.path(tokens.Click(site.pk, home.pk, account.pk, "tag"))
    start = threading.Barrier(8)
    failures = []

    def visitor():
        client = Client(headers={"User-Agent": BROWSER})
        start.wait()
        try:
            for _ in range(50):
                response = client.get(path)
                if response.status_code != 302:
                    failures.append(response.status_code)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    (row,) = ClickCount.objects.all()
    assert row.clicks == 400


def test_a_deleted_pages_counts_are_kept_without_a_page(
    client, counting, contact, home
):
    """A row without a page for the same day and account may be there already:
    the deleted page's clicks are added to it."""
    (button,) = buttons(client.get("/contact/").content)
    follow(client, button["href"])
    follow(client, button["href"])
    other = add_button_page(home, "other", [("message_button", {})])
    (second,) = buttons(client.get("/other/").content)
    follow(client, second["href"])
    token = urlsplit(button["href"]).path.split("/")[-2]
    click = tokens.read(token)
    orphan = tokens.Click(click.site_id, None, click.account_id, "block", click.text)
    client.get(tokens.path(orphan))
    contact.delete()
    other.delete()
    (row,) = ClickCount.objects.all()
    assert row.page is None
    assert row.clicks == 4


def test_old_counts_are_pruned(counting, account, site, settings):
    from django.core.management import call_command

    today = ClickCount.today
    for age in (0, 9, 10, 400):
        ClickCount.objects.create(
            day=today() - dt.timedelta(days=age),
            site=site,
            account=account,
            channel="whatsapp",
            source="tag",
            clicks=age + 1,
        )
    out = io.StringIO()
    call_command("prune_message_clicks", "--days", "10", stdout=out)
    assert "Deleted 2 click count rows" in out.getvalue()
    assert sorted(ClickCount.objects.values_list("clicks", flat=True)) == [1, 10]
    settings.WAGTAIL_DM_BUTTON_CLICK_RETENTION_DAYS = 1
    call_command("prune_message_clicks", stdout=io.StringIO())
    assert list(ClickCount.objects.values_list("clicks", flat=True)) == [1]


REPORT = "/admin/reports/message-clicks/"


@pytest.fixture
def counted(site, home, account):
    """Clicks over three days: on two pages, on two channels, from two sources."""
    telegram = make_account(slug="tg", channel="telegram", recipient="furni_shop")
    contact = add_button_page(home, "contact", [])
    prices = add_button_page(home, "prices", [])
    today = ClickCount.today()
    rows = [
        (0, contact, account, "whatsapp", "block", 5),
        (0, prices, account, "whatsapp", "block", 2),
        (1, contact, telegram, "telegram", "card", 7),
        (2, None, account, "whatsapp", "qr", 3),
        (40, contact, account, "whatsapp", "block", 100),
    ]
    for age, page, who, channel, source, clicks in rows:
        ClickCount.objects.create(
            day=today - dt.timedelta(days=age),
            site=site,
            page=page,
            account=who,
            channel=channel,
            source=source,
            clicks=clicks,
        )
    return {"today": today, "telegram": telegram, "contact": contact}


def last_week(counted):
    return {
        "day_from": (counted["today"] - dt.timedelta(days=6)).isoformat(),
        "day_to": counted["today"].isoformat(),
    }


def test_the_report_gives_the_totals_of_the_rows(admin_client, counted):
    response = admin_client.get(REPORT, last_week(counted))
    assert response.status_code == 200
    page = soup(response.content)
    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in page.select("table.listing tbody tr")
    ]
    assert ["Support", "WhatsApp", "Contact", "5"] in rows
    assert ["Support", "WhatsApp", "Prices", "2"] in rows
    assert ["Tg", "Telegram", "Contact", "7"] in rows
    assert ["Support", "WhatsApp", "", "3"] in rows
    assert ["Support", "10"] in rows and ["Tg", "7"] in rows  # by account
    assert ["WhatsApp", "10"] in rows and ["Telegram", "7"] in rows  # by channel
    assert "17 clicks" in page.get_text()


@pytest.mark.parametrize("export", [None, "csv"])
def test_the_reports_accounts_and_pages_are_looked_up_once(
    admin_client, counted, export
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {**last_week(counted), **({"export": export} if export else {})}
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(REPORT, query).status_code == 200
    accounts = ClickCount._meta.get_field("account").related_model._meta.db_table
    looked_up = [
        each["sql"]
        for each in queries.captured_queries
        if f'FROM "{accounts}" WHERE' in each["sql"] and " IN (" in each["sql"]
    ]
    assert len(looked_up) == 1, looked_up


def test_the_chart_is_an_svg_with_a_title_and_a_table_of_its_days(
    admin_client, counted
):
    page = soup(admin_client.get(REPORT, last_week(counted)).content)
    (chart,) = page.select("figure svg[role=img]")
    title = chart.select_one("title")
    assert chart["aria-labelledby"] == title["id"]
    assert "17 clicks in all" in title.get_text()
    assert len(chart.select("rect")) == 3  # three days with clicks
    days = page.select("figure table tbody tr")
    assert len(days) == 7
    assert [row.select("td")[1].get_text() for row in days][-3:] == ["3", "7", "7"]


def test_the_report_filters_by_channel_and_account(admin_client, counted):
    page = soup(admin_client.get(REPORT, {"channel": "telegram"}).content)
    assert "7 clicks" in page.get_text()
    query = {"account": counted["telegram"].pk}
    assert "7 clicks" in soup(admin_client.get(REPORT, query).content).get_text()
    assert "117 clicks" in soup(admin_client.get(REPORT).content).get_text()


def test_the_report_exports_csv_and_xlsx(admin_client, counted):
    import openpyxl

    response = admin_client.get(REPORT, {**last_week(counted), "export": "csv"})
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert lines[0] == "Account,Channel,Page,Clicks"
    assert "Tg,Telegram,Contact,7" in lines
    assert len(lines) == 5
    response = admin_client.get(REPORT, {**last_week(counted), "export": "xlsx"})
    workbook = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Account", "Channel", "Page", "Clicks"]
    assert ["Tg", "Telegram", "Contact", 7] in values


def test_the_report_needs_its_permission(client, django_user_model, counted):
    from django.contrib.auth.models import Group, Permission

    editor = django_user_model.objects.create_user("editor", password="password")
    editors = Group.objects.get(name="Editors")
    editor.groups.add(editors)
    client.force_login(editor)
    assert client.get(REPORT).status_code in (302, 403)
    assert "message-clicks" not in client.get("/admin/").content.decode()
    editors.permissions.add(Permission.objects.get(codename="view_clickcount"))
    assert client.get(REPORT).status_code == 200
    assert "message-clicks" in client.get("/admin/").content.decode()


def test_the_accounts_listing_shows_the_clicks_of_the_last_30_days(
    admin_client, counted
):
    from tests.conftest import snippet_url

    page = soup(admin_client.get(snippet_url("list")).content)
    cells = {
        row.select_one("td a").get_text(strip=True): row.get_text(" ", strip=True)
        for row in page.select("table.listing tbody tr")
    }
    assert cells["Support"].endswith("10")
    assert cells["Tg"].endswith("7")


def test_clicks_count_on_a_project_without_time_zones(
    client, counting, contact, settings
):
    settings.USE_TZ = False
    (button,) = buttons(client.get("/contact/").content)
    assert follow(client, button["href"]).status_code == 302
    assert ClickCount.objects.get().day == dt.date.today()


def test_previews_and_sample_accounts_are_never_counted(rf, counting, contact):
    request = rf.get("/contact/")
    request.is_preview = True
    (button,) = buttons(render("{% message_button %}", request=request, page=contact))
    assert button["href"].startswith("https://wa.me/")


def test_x_script_is_left_off_counted_x_buttons(client, counting, contact):
    make_account(slug="x", channel="x", recipient="783214", display_name="furni")
    counting.load_platform_scripts = True
    counting.save()
    (button,) = buttons(render('{% message_button "x" %}', page=contact))
    assert button["href"].startswith("/message/")
    assert "twitter-dm-button" not in button["class"]


def test_the_days_chosen_are_the_admins_whatever_their_time_zone(counted):
    """The admin reads the chosen dates in the user's time zone (Wagtail activates
    it); the days are the dates chosen all the same."""
    from django.utils import timezone

    from wagtail_dm_button.reports import ClickReportFilterSet

    yesterday = (counted["today"] - dt.timedelta(days=1)).isoformat()
    for zone in ("Asia/Tokyo", "America/New_York", "UTC"):
        with timezone.override(zone):
            filters = ClickReportFilterSet(
                {"day_from": yesterday, "day_to": yesterday},
                queryset=ClickCount.objects.all(),
            )
            assert sum(row.clicks for row in filters.qs) == 7, zone


def test_accounts_of_the_same_name_have_their_own_totals(admin_client, counted, site):
    twin = make_account(
        slug="twin", name="Support", channel="sms", recipient="+44 20 7946 0001"
    )
    ClickCount.objects.create(
        day=counted["today"],
        site=site,
        account=twin,
        channel="sms",
        source="tag",
        clicks=1,
    )
    page = soup(admin_client.get(REPORT, last_week(counted)).content)
    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in page.select("table.listing tbody tr")
    ]
    assert ["Support", "10"] in rows
    assert ["Support", "1"] in rows


def test_a_long_message_makes_a_compressed_token_that_reads_back(site, account):
    text = "Hello! " * 60
    click = tokens.Click(site.pk, None, account.pk, "tag", text)
    token = tokens.make(click)
    assert token.startswith(".")  # Django's mark of a compressed payload
    assert len(token) < len(text)
    assert tokens.read(token) == click


def test_tokens_follow_a_rotated_secret_key(site, account, settings):
    """The signer is kept per set of keys: a new SECRET_KEY signs new tokens at
    once, and a token of the old key reads while the key is a fallback."""
    click = tokens.Click(site.pk, None, account.pk, "block", "Hi")
    settings.SECRET_KEY = "the-old-key-" + "x" * 40
    old = tokens.make(click)
    settings.SECRET_KEY = "the-new-key-" + "y" * 40
    new = tokens.make(click)
    assert new != old
    assert tokens.read(new) == click
    assert tokens.read(old) is None
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "x" * 40]
    assert tokens.read(old) == click
