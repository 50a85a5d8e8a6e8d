"""What visitors see of opening hours: a closed button says when it opens (in the
account's time zone and the page's language), hides, or gives way to the fallback
account; cards show each option's status; the API says whether an account is
open; ``OpeningHoursMiddleware`` keeps caches from holding a page past the next
opening or closing; stored garbage shows the button as if it had no hours."""

import datetime as dt
import json
import logging
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.conftest import (
    account_form,
    add_button_page,
    buttons,
    field_errors,
    make_account,
    make_card,
    render,
    soup,
)
from wagtail_dm_button import hours as opening_hours
from wagtail_dm_button import timezones
from wagtail_dm_button.models import MessageAccount

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
#: Monday 30 November 2026, 08:00 in Berlin: an hour before opening.
MONDAY_EARLY = dt.datetime(2026, 11, 30, 8, 0, tzinfo=BERLIN)
#: The same Monday, 10:00: open until 17:00.
MONDAY_OPEN = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)

WEEKDAYS_9_TO_5 = [
    {
        "type": "hours",
        "value": {
            "days": ["0", "1", "2", "3", "4"],
            "opens": "09:00",
            "closes": "17:00",
        },
    }
]


def with_hours(blocks=WEEKDAYS_9_TO_5, **fields):
    fields.setdefault("slug", "support")
    fields.setdefault("channel", "whatsapp")
    fields.setdefault("recipient", "+44 20 7946 0000")
    return make_account(
        timezone="Europe/Berlin", opening_hours=json.dumps(blocks), **fields
    )


def button_at(moment, source='{% message_button "support" %}', **context):
    with time_machine.travel(moment, tick=False):
        found = buttons(render(source, **context))
    return found


@pytest.fixture
def support(site):
    return with_hours()


def test_a_closed_button_says_when_it_opens(support):
    (button,) = button_at(MONDAY_EARLY)
    assert "dm-button--closed" in button["class"]
    assert button["href"] == "https://wa.me/442079460000"  # still works
    status = button.select_one(".dm-button__status")
    assert status.get_text() == "Closed · opens Monday 9 a.m."
    assert status.parent is button


def test_hours_are_read_once_per_process_and_again_once_edited(support):
    """What an account's stored hours say is kept by their JSON: page views read
    it once, and an edit, being other JSON, is read at the next view."""
    opening_hours._schedule_of.cache_clear()
    for _view in range(3):
        (button,) = button_at(MONDAY_EARLY)
        assert "dm-button--closed" in button["class"]
    assert opening_hours._schedule_of.cache_info().misses == 1
    assert opening_hours._schedule_of.cache_info().hits == 2
    opening_at_7_30 = [
        {
            **WEEKDAYS_9_TO_5[0],
            "value": {**WEEKDAYS_9_TO_5[0]["value"], "opens": "07:30"},
        }
    ]
    MessageAccount.objects.filter(pk=support.pk).update(
        opening_hours=json.dumps(opening_at_7_30)
    )
    (button,) = button_at(MONDAY_EARLY)
    assert "dm-button--closed" not in button["class"]
    assert opening_hours._schedule_of.cache_info().misses == 2


def edit_opening(account, **changes):
    """``account``'s first opening changed in memory, unsaved, the hours having
    been read first (so Wagtail has made their values)."""
    assert account.opening_hours[0].value["opens"] == dt.time(9)
    account.opening_hours[0] = ("hours", {**account.opening_hours[0].value, **changes})
    return account


def edit_opening_in_place(account, **changes):
    account.opening_hours[0].value.update(changes)
    return account


@pytest.mark.parametrize("edit", [edit_opening, edit_opening_in_place])
def test_hours_changed_in_memory_are_read_as_they_are(support, edit):
    """Hours kept by their stored JSON are those of accounts as read: an account
    whose hours are changed in memory shows them, though its stored JSON (and so
    Wagtail's ``raw_data``) is unchanged."""
    (button,) = button_at(MONDAY_EARLY, "{% message_button account %}", account=support)
    assert "dm-button--closed" in button["class"]  # the stored hours, kept
    early = edit(MessageAccount.objects.get(pk=support.pk), opens=dt.time(7, 30))
    (button,) = button_at(MONDAY_EARLY, "{% message_button account %}", account=early)
    assert "dm-button--closed" not in button["class"]


@pytest.mark.parametrize(
    "opening",
    [
        {"days": {"0", "1", "2", "3", "4"}},  # a set, which JSON has not
        {"opens": dt.time(9, tzinfo=BERLIN)},  # an aware time, which it refuses
    ],
    ids=["set-of-days", "aware-time"],
)
def test_hours_made_in_memory_that_json_cannot_hold_are_read(site, opening):
    account = MessageAccount(
        name="Night",
        slug="night",
        channel="telegram",
        recipient="furni_night",
        timezone="Europe/Berlin",
        opening_hours=[
            (
                "hours",
                {
                    "days": ["0", "1", "2", "3", "4"],
                    "opens": dt.time(9),
                    "closes": dt.time(17),
                    **opening,
                },
            )
        ],
    )
    (button,) = button_at(MONDAY_EARLY, "{% message_button account %}", account=account)
    assert button.select_one(".dm-button__status").get_text() == (
        "Closed · opens Monday 9 a.m."
    )


def test_an_open_button_says_nothing_of_hours(support):
    (button,) = button_at(MONDAY_OPEN)
    assert "dm-button--closed" not in button["class"]
    assert button.select_one(".dm-button__status") is None


def test_the_status_is_in_the_pages_language_and_the_accounts_zone(support):
    new_york_evening = dt.datetime(2026, 11, 29, 19, 0, tzinfo=dt.timezone.utc)
    with translation.override("fr"):
        (button,) = button_at(new_york_evening)
    assert button.select_one(".dm-button__status").get_text() == (
        "Fermé · ouvre lundi à 09:00"
    )


def test_an_opening_a_week_away_or_more_comes_with_its_date(site):
    december_off = [
        {"type": "closed", "value": {"date": f"2026-12-{day:02}", "note": ""}}
        for day in range(1, 32)
    ]
    with_hours(WEEKDAYS_9_TO_5 + december_off)
    evening = dt.datetime(2026, 11, 30, 18, 0, tzinfo=BERLIN)
    (button,) = button_at(evening)
    assert button.select_one(".dm-button__status").get_text() == (
        "Closed · opens Friday January 1, 9 a.m."
    )


def test_a_closed_account_that_hides_renders_nothing_and_warns_of_nothing(site, caplog):
    with_hours(when_closed="hide")
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        assert button_at(MONDAY_EARLY) == []
        assert len(button_at(MONDAY_OPEN)) == 1
    assert caplog.text == ""


def test_a_closed_account_with_a_fallback_shows_the_fallbacks_button(site):
    mail = make_account(
        slug="mail", channel="email", recipient="sales@example.com", label="E-mail us"
    )
    with_hours(when_closed="fallback", fallback_account=mail, label="WhatsApp")
    (button,) = button_at(MONDAY_EARLY, '{% message_button "support" text="Hi" %}')
    assert button["href"] == "mailto:sales@example.com?body=Hi"
    assert button["data-dm-channel"] == "email"
    assert button.select_one(".dm-button__label").get_text() == "E-mail us"
    assert button.select_one(".dm-button__status") is None
    (button,) = button_at(MONDAY_OPEN, '{% message_button "support" text="Hi" %}')
    assert button["data-dm-channel"] == "whatsapp"


def test_fallback_without_a_fallback_account_says_when_it_opens(site):
    with_hours(when_closed="fallback")
    (button,) = button_at(MONDAY_EARLY)
    assert "dm-button--closed" in button["class"]


def test_a_card_shows_each_options_status_and_leaves_hidden_ones_out(support):
    hidden = with_hours(
        slug="hidden", channel="telegram", recipient="furni_shop", when_closed="hide"
    )
    mail = make_account(slug="mail", channel="email", recipient="sales@example.com")
    make_card([{"account": support}, {"account": hidden}, {"account": mail}])
    source = '{% contact_card "sales" display="inline" %}'
    closed, always = button_at(MONDAY_EARLY, source)
    assert closed.select_one(".dm-button__status").get_text().startswith("Closed")
    assert always["data-dm-channel"] == "email"
    assert always.select_one(".dm-button__status") is None
    assert len(button_at(MONDAY_OPEN, source)) == 3


def test_the_api_says_whether_an_account_is_open_and_until_when(client, support, home):
    page = add_button_page(home, "contact", [("message_button", {"account": support})])
    with time_machine.travel(MONDAY_EARLY, tick=False):
        response = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "body"})
    value = response.json()["body"][0]["value"]
    assert value["is_open"] is False
    opens = dt.datetime.fromisoformat(value["next_change"])
    assert opens == dt.datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)


def test_the_api_says_when_a_closed_account_whose_fallback_stands_in_opens(
    client, site, home
):
    mail = make_account(slug="mail", channel="email", recipient="sales@example.com")
    support = with_hours(when_closed="fallback", fallback_account=mail)
    page = add_button_page(home, "contact", [("message_button", {"account": support})])
    with time_machine.travel(MONDAY_EARLY, tick=False):
        response = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "body"})
    value = response.json()["body"][0]["value"]
    assert value["href"] == "mailto:sales@example.com"
    assert value["is_open"] is False
    opens = dt.datetime.fromisoformat(value["next_change"])
    assert opens == dt.datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)


def test_buttons_with_hours_make_the_same_queries_for_2_or_200(site, home, client):
    support = with_hours()
    mail = make_account(slug="mail", channel="email", recipient="sales@example.com")
    late = with_hours(
        [
            {
                "type": "hours",
                "value": {"days": ["0"], "opens": "20:00", "closes": "23:00"},
            }
        ],
        slug="late",
        channel="telegram",
        recipient="furni_shop",
        when_closed="fallback",
        fallback_account=mail,
    )
    counts = {}
    for number in (2, 200):
        body = [
            ("message_button", {"account": (support, late)[index % 2]})
            for index in range(number)
        ]
        page = add_button_page(home, f"hours-{number}", body)
        with time_machine.travel(MONDAY_EARLY, tick=False):
            client.get(page.url)  # Wagtail caches the site's root paths
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.url)
        assert len(buttons(response.content)) == number
        counts[number] = len(queries)
    assert counts[2] == counts[200], counts


# Stored garbage: the button shows as if it had no hours, and a warning says why.


@pytest.mark.parametrize(
    ("hours", "zone", "warning"),
    [
        (
            [{"type": "hours", "value": {"days": ["9"], "opens": "09:00"}}],
            "Europe/Berlin",
            "an opening cannot be read",
        ),
        (
            [{"type": "hours", "value": {"days": "x", "opens": 5, "closes": None}}],
            "Europe/Berlin",
            "cannot be read",
        ),
        ([{"type": "closed", "value": {"date": "31/12"}}], "Europe/Berlin", "closed"),
        ([{"type": "closed", "value": None}], "Europe/Berlin", "cannot be read"),
        (5, "Europe/Berlin", "MessageAccount.opening_hours: the stored value cannot"),
        ({"type": "hours"}, "Europe/Berlin", "the stored value cannot be read"),
        (["x"], "Europe/Berlin", "the stored value cannot be read"),
        ([{"value": {}}], "Europe/Berlin", "the stored value cannot be read"),
        ([{"type": "hours"}], "Europe/Berlin", "cannot be read"),
        (WEEKDAYS_9_TO_5, "Mars/Olympus_Mons", "the time zone 'Mars/Olympus_Mons'"),
        (WEEKDAYS_9_TO_5, "", "the time zone ''"),
    ],
)
def test_hours_that_cannot_be_read_leave_the_button_as_if_it_had_none(
    client, support, home, caplog, hours, zone, warning
):
    MessageAccount.objects.filter(pk=support.pk).update(
        opening_hours=json.dumps(hours), timezone=zone
    )
    add_button_page(home, "contact", [("message_button", {"account": support})])
    with caplog.at_level(logging.WARNING, logger="wagtail_dm_button"):
        with time_machine.travel(MONDAY_EARLY, tick=False):
            response = client.get("/contact/")
    assert response.status_code == 200
    (button,) = buttons(response.content)
    assert "dm-button--closed" not in button["class"]
    assert warning in caplog.text


# The account form.


def hours_form(blocks=(), **fields):
    data = account_form(
        channel="whatsapp", recipient="+44 20 7946 0000", timezone="Europe/Berlin"
    )
    data.update(fields)
    data["opening_hours-count"] = str(len(blocks))
    for index, (kind, value) in enumerate(blocks):
        prefix = f"opening_hours-{index}"
        data.update({f"{prefix}-type": kind, f"{prefix}-order": str(index)})
        data[f"{prefix}-deleted"] = ""
        for name, field in value.items():
            if isinstance(field, list):
                data[f"{prefix}-value-{name}"] = field
            else:
                data[f"{prefix}-value-{name}"] = field
    return data


def add_url():
    from django.urls import reverse

    return reverse(MessageAccount.snippet_viewset.get_url_name("add"))


def test_the_form_saves_hours(admin_client):
    data = hours_form(
        [("hours", {"days": ["0", "4"], "opens": "22:00", "closes": "02:00"})],
        when_closed="hide",
    )
    response = admin_client.post(add_url(), data)
    assert response.status_code == 302, response.context["form"].errors
    saved = MessageAccount.objects.get()
    (opening,) = saved.opening_hours
    assert opening.value["days"] == ["0", "4"]
    assert saved.timezone == "Europe/Berlin"
    assert saved.when_closed == "hide"


@pytest.mark.parametrize(
    "value",
    [
        {"days": [], "opens": "09:00", "closes": "17:00"},
        {"days": ["0"], "opens": "", "closes": "17:00"},
        {"days": ["0"], "opens": "09:00", "closes": "nine"},
    ],
)
def test_the_form_refuses_hours_with_a_part_missing(admin_client, value):
    response = admin_client.post(add_url(), hours_form([("hours", value)]))
    assert field_errors(response, "opening_hours")
    assert not MessageAccount.objects.exists()


def test_the_form_refuses_an_unknown_time_zone(admin_client):
    response = admin_client.post(add_url(), hours_form(timezone="Mars/Olympus_Mons"))
    assert field_errors(response, "timezone")


def test_the_machines_time_zones_are_looked_up_once(admin_client):
    # Python walks the zone directories on each available_timezones() call
    # (about 50 ms): the list and the check share one look-up per process.
    page = soup(admin_client.get(add_url()).content)
    listed = [option["value"] for option in page.select("select#id_timezone option")]
    assert listed == sorted(zoneinfo.available_timezones())
    assert timezones.known() is timezones.known()
    assert timezones.in_order() is timezones.in_order()


def test_an_account_is_never_its_own_fallback(admin_client, site):
    support = with_hours()
    from django.urls import reverse

    edit = reverse(
        MessageAccount.snippet_viewset.get_url_name("edit"), args=[support.pk]
    )
    response = admin_client.post(
        edit, hours_form(fallback_account=str(support.pk), when_closed="fallback")
    )
    assert field_errors(response, "fallback_account") == [
        "This account cannot be its own fallback, nor the fallback of its fallback. "
        "Choose another account, or none."
    ]


def test_a_fallback_loop_is_refused(admin_client, site):
    support = with_hours()
    mail = make_account(
        slug="mail",
        channel="email",
        recipient="sales@example.com",
        fallback_account=support,
    )
    from django.urls import reverse

    edit = reverse(
        MessageAccount.snippet_viewset.get_url_name("edit"), args=[support.pk]
    )
    response = admin_client.post(edit, hours_form(fallback_account=str(mail.pk)))
    assert field_errors(response, "fallback_account")


def test_the_form_says_when_the_account_next_opens(admin_client, site):
    support = with_hours()
    from django.urls import reverse

    edit = reverse(
        MessageAccount.snippet_viewset.get_url_name("edit"), args=[support.pk]
    )
    with time_machine.travel(MONDAY_EARLY, tick=False):
        page = soup(admin_client.get(edit).content)
    assert "Now closed; opens Mon 30 Nov 09:00 Europe/Berlin" in page.get_text(" ")


# OpeningHoursMiddleware: caches keep the page no longer than until the change.


@pytest.fixture
def capped(settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "wagtail_dm_button.middleware.OpeningHoursMiddleware",
        "tests.testapp.cache_headers.CacheHeaders",
    ]

    def serve(client, path, headers, moment=MONDAY_EARLY):
        settings.TEST_CACHE_HEADERS = headers
        with time_machine.travel(moment, tick=False):
            response = client.get(path)
        assert response.status_code == 200
        return response

    return serve


@pytest.fixture
def pages(support, home):
    add_button_page(home, "hours", [("message_button", {"account": support})])
    plain = make_account(slug="plain", channel="telegram", recipient="furni_shop")
    add_button_page(home, "plain", [("message_button", {"account": plain})])


def test_the_middleware_lowers_max_age_and_s_maxage_to_the_next_change(
    client, capped, pages
):
    headers = {
        "Cache-Control": "public, max-age=86400, s-maxage=86400",
        "Expires": "Tue, 01 Dec 2026 07:00:00 GMT",
    }
    response = capped(client, "/hours/", headers)
    assert sorted(response["Cache-Control"].split(", ")) == [
        "max-age=3600",
        "public",
        "s-maxage=3600",
    ]
    assert response["Expires"] == "Mon, 30 Nov 2026 08:00:00 GMT"  # 09:00 in Berlin


def test_the_middleware_counts_to_the_closing_while_open(client, capped, pages):
    response = capped(
        client, "/hours/", {"Cache-Control": "max-age=86400"}, MONDAY_OPEN
    )
    assert response["Cache-Control"] == "max-age=25200"  # 10:00 to 17:00


def test_the_middleware_never_raises_a_lower_max_age(client, capped, pages):
    response = capped(client, "/hours/", {"Cache-Control": "max-age=60"})
    assert response["Cache-Control"] == "max-age=60"


def test_the_middleware_adds_none_where_there_is_none(client, capped, pages):
    assert not capped(client, "/hours/", {}).has_header("Cache-Control")
    response = capped(client, "/hours/", {"Cache-Control": "no-cache"})
    assert response["Cache-Control"] == "no-cache"


def test_the_middleware_leaves_pages_without_hours_alone(client, capped, pages):
    response = capped(client, "/plain/", {"Cache-Control": "max-age=86400"})
    assert response["Cache-Control"] == "max-age=86400"


def test_the_middleware_caps_the_api_too(client, capped, support, home):
    """Wagtail's API renders blocks with its own (REST framework) request."""
    page = add_button_page(home, "contact", [("message_button", {"account": support})])
    response = capped(
        client,
        f"/api/v2/pages/{page.pk}/?fields=body",
        {"Cache-Control": "max-age=86400"},
    )
    assert response.json()["body"][0]["value"]["is_open"] is False
    assert response["Cache-Control"] == "max-age=3600"


@pytest.mark.parametrize(
    ("written", "capped_to"),
    [
        ('public, max-age="86400"', "public, max-age=3600"),
        ("max-age=abc, s-maxage=60", "max-age=3600, s-maxage=60"),
        ("max-age, no-transform", "max-age=3600, no-transform"),
        ("Max-Age=7200, must-revalidate", "max-age=3600, must-revalidate"),
    ],
)
def test_the_middleware_reads_any_cache_control_without_failing(
    client, capped, pages, written, capped_to
):
    response = capped(client, "/hours/", {"Cache-Control": written})
    assert response["Cache-Control"] == capped_to


def test_a_translation_of_the_account_is_no_fallback(site, admin_client):
    """Neither as a fallback shown for itself, nor in the form."""
    from django.urls import reverse

    from wagtail.models import Locale

    support = with_hours(when_closed="fallback")
    french = support.copy_for_translation(Locale.objects.create(language_code="fr"))
    french.save()
    MessageAccount.objects.filter(pk=support.pk).update(fallback_account=french)
    (button,) = button_at(MONDAY_EARLY)
    assert "dm-button--closed" in button["class"]  # says when it opens instead

    edit = reverse(
        MessageAccount.snippet_viewset.get_url_name("edit"), args=[support.pk]
    )
    response = admin_client.post(
        edit, hours_form(fallback_account=str(french.pk), when_closed="fallback")
    )
    assert field_errors(response, "fallback_account")


def test_a_fallback_that_cannot_stand_in_is_reported_with_its_buttons(
    client, site, home, caplog
):
    """Each button on a closed account whose fallback cannot be shown counts in
    the one warning the request logs, as any reason a button gives."""
    mail = make_account(slug="mail", channel="email", recipient="sales@example.com")
    support = with_hours(when_closed="fallback", fallback_account=mail)
    MessageAccount.objects.filter(pk=mail.pk).update(recipient="not an address")
    body = [("message_button", {"account": support})] * 3
    page = add_button_page(home, "contact", body)
    with (
        time_machine.travel(MONDAY_EARLY, tick=False),
        caplog.at_level(logging.WARNING, logger="wagtail_dm_button"),
    ):
        response = client.get(page.url)
    shown = buttons(response.content)
    assert [b.select_one(".dm-button__status") is not None for b in shown] == [True] * 3
    (line,) = caplog.records
    assert line.getMessage().startswith(
        "The fallback of the message account 'support' cannot be shown: "
    )
    assert line.getMessage().endswith(
        "its buttons say when it opens instead. (3 buttons in this request)"
    )
