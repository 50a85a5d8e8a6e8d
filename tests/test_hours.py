"""Opening hours: whether an account answers at a moment and when that changes,
in three time zones, across both changes of the clocks, overnight, on closed
dates and around the clock. A pure function of the stored hours and the moment."""

import datetime as dt
import json
import zoneinfo

import pytest
import time_machine

from wagtail_dm_button.hours import Availability
from wagtail_dm_button.models import MessageAccount

UTC = dt.timezone.utc


def hours(days, opens, closes):
    return {
        "type": "hours",
        "value": {"days": [str(day) for day in days], "opens": opens, "closes": closes},
    }


def closed(date, note=""):
    return {"type": "closed", "value": {"date": date, "note": note}}


def account(zone, *blocks):
    """An account with these opening hours, stored as the database holds them."""
    return MessageAccount(
        slug="support",
        channel="telegram",
        recipient="furni_shop",
        timezone=zone,
        opening_hours=json.dumps(list(blocks)),
    )


def at(zone, *wall):
    """The moment the wall clock in ``zone`` shows ``wall`` (first occurrence)."""
    return dt.datetime(*wall, tzinfo=zoneinfo.ZoneInfo(zone))


def utc(*wall):
    return dt.datetime(*wall, tzinfo=UTC)


WEEKDAYS = range(5)
BERLIN, NEW_YORK, KOLKATA = "Europe/Berlin", "America/New_York", "Asia/Kolkata"

# 30 November 2026 is a Monday. Berlin's clocks go forward at 02:00 on 29 March
# 2026 and back at 03:00 on 25 October; New York's on 8 March and 1 November.
CASES = {
    "before opening": (
        account(BERLIN, hours(WEEKDAYS, "09:00:00", "17:00:00")),
        at(BERLIN, 2026, 11, 30, 8, 0),
        Availability(False, at(BERLIN, 2026, 11, 30, 9, 0)),
    ),
    "open": (
        account(BERLIN, hours(WEEKDAYS, "09:00:00", "17:00:00")),
        at(BERLIN, 2026, 11, 30, 10, 0),
        Availability(True, at(BERLIN, 2026, 11, 30, 17, 0)),
    ),
    "at the closing minute": (
        account(BERLIN, hours(WEEKDAYS, "09:00:00", "17:00:00")),
        at(BERLIN, 2026, 11, 30, 17, 0),
        Availability(False, at(BERLIN, 2026, 12, 1, 9, 0)),
    ),
    "friday evening, over the week end": (
        account(BERLIN, hours(WEEKDAYS, "09:00:00", "17:00:00")),
        at(BERLIN, 2026, 12, 4, 18, 0),
        Availability(False, at(BERLIN, 2026, 12, 7, 9, 0)),
    ),
    "an opening at 02:30 on the night the clocks skip it opens at 03:30": (
        account(BERLIN, hours([6], "02:30:00", "04:00:00")),
        utc(2026, 3, 29, 0, 30),
        Availability(False, utc(2026, 3, 29, 1, 30)),
    ),
    "the week before the clocks go forward, the same opening is at 02:30": (
        account(BERLIN, hours([6], "02:30:00", "04:00:00")),
        utc(2026, 3, 21, 12, 0),
        Availability(False, utc(2026, 3, 22, 1, 30)),
    ),
    "an opening at 02:30 on the night it happens twice is the first": (
        account(BERLIN, hours([6], "02:30:00", "03:00:00")),
        utc(2026, 10, 25, 0, 0),
        Availability(False, utc(2026, 10, 25, 0, 30)),
    ),
    "open through the repeated hour until 03:00 after the change": (
        account(BERLIN, hours([6], "02:30:00", "03:00:00")),
        utc(2026, 10, 25, 1, 45),
        Availability(True, utc(2026, 10, 25, 2, 0)),
    ),
    "new york opens an hour earlier in utc once its clocks go forward": (
        account(NEW_YORK, hours(WEEKDAYS, "09:00:00", "17:00:00")),
        at(NEW_YORK, 2026, 3, 6, 18, 0),
        Availability(False, utc(2026, 3, 9, 13, 0)),
    ),
    "new york closes an hour later in utc once its clocks go back": (
        account(NEW_YORK, hours(WEEKDAYS, "09:00:00", "17:00:00")),
        at(NEW_YORK, 2026, 11, 2, 12, 0),
        Availability(True, utc(2026, 11, 2, 22, 0)),
    ),
    "kolkata, half an hour off utc, no change of clocks": (
        account(KOLKATA, hours(range(6), "10:00:00", "19:00:00")),
        at(KOLKATA, 2026, 12, 6, 12, 0),
        Availability(False, utc(2026, 12, 7, 4, 30)),
    ),
    "kolkata open": (
        account(KOLKATA, hours(range(6), "10:00:00", "19:00:00")),
        utc(2026, 12, 7, 5, 0),
        Availability(True, utc(2026, 12, 7, 13, 30)),
    ),
    "overnight: open early saturday": (
        account(BERLIN, hours([4], "22:00:00", "02:00:00")),
        at(BERLIN, 2026, 12, 5, 1, 0),
        Availability(True, at(BERLIN, 2026, 12, 5, 2, 0)),
    ),
    "overnight from sunday runs into monday, across the week end": (
        account(BERLIN, hours([6], "22:00:00", "02:00:00")),
        at(BERLIN, 2026, 11, 30, 1, 0),
        Availability(True, at(BERLIN, 2026, 11, 30, 2, 0)),
    ),
    "overnight hours that meet the next day's run on": (
        account(
            BERLIN,
            hours([0], "18:00:00", "00:00:00"),
            hours([1], "00:00:00", "08:00:00"),
        ),
        at(BERLIN, 2026, 11, 30, 23, 0),
        Availability(True, at(BERLIN, 2026, 12, 1, 8, 0)),
    ),
    "the same time twice makes 24 hours": (
        account(BERLIN, hours([0], "09:00:00", "09:00:00")),
        at(BERLIN, 2026, 12, 1, 8, 0),
        Availability(True, at(BERLIN, 2026, 12, 1, 9, 0)),
    ),
    "a closed friday cancels its overnight opening": (
        account(
            BERLIN, hours([4], "22:00:00", "02:00:00"), closed("2026-12-04", "Party")
        ),
        at(BERLIN, 2026, 12, 4, 23, 0),
        Availability(False, at(BERLIN, 2026, 12, 11, 22, 0)),
    ),
    "a closed saturday leaves friday's overnight opening alone": (
        account(BERLIN, hours([4], "22:00:00", "02:00:00"), closed("2026-12-05")),
        at(BERLIN, 2026, 12, 5, 1, 0),
        Availability(True, at(BERLIN, 2026, 12, 5, 2, 0)),
    ),
    "weeks of closed dates: the date of the next opening": (
        account(
            BERLIN,
            hours(WEEKDAYS, "09:00:00", "17:00:00"),
            *(closed(f"2026-12-{day:02}") for day in range(1, 32)),
        ),
        at(BERLIN, 2026, 11, 30, 18, 0),
        Availability(False, at(BERLIN, 2027, 1, 1, 9, 0)),
    ),
    "no hours: open around the clock, for good": (
        account(BERLIN),
        at(BERLIN, 2026, 11, 30, 3, 0),
        Availability(True, None),
    ),
    "no hours but a closed date: open until it starts": (
        account(BERLIN, closed("2026-12-25", "Christmas Day")),
        at(BERLIN, 2026, 12, 20, 12, 0),
        Availability(True, at(BERLIN, 2026, 12, 25, 0, 0)),
    ),
    "no hours, on the closed date: opens the next midnight": (
        account(BERLIN, closed("2026-12-25")),
        at(BERLIN, 2026, 12, 25, 12, 0),
        Availability(False, at(BERLIN, 2026, 12, 26, 0, 0)),
    ),
    "every day around the clock: open, with no change ahead": (
        account(BERLIN, hours(range(7), "00:00:00", "00:00:00")),
        at(BERLIN, 2026, 11, 30, 12, 0),
        Availability(True, None),
    ),
    "around the clock with a closed date months ahead: open until it": (
        account(BERLIN, hours(range(7), "00:00:00", "00:00:00"), closed("2027-09-26")),
        at(BERLIN, 2026, 11, 30, 12, 0),
        Availability(True, at(BERLIN, 2027, 9, 26, 0, 0)),
    ),
    "24 hours across the night the clocks go forward last 23": (
        account(BERLIN, hours([5], "12:00:00", "12:00:00")),
        utc(2026, 3, 29, 9, 30),
        Availability(True, utc(2026, 3, 29, 10, 0)),
    ),
    "a closed date in the past changes nothing": (
        account(BERLIN, closed("2025-12-25")),
        at(BERLIN, 2026, 11, 30, 12, 0),
        Availability(True, None),
    ),
}


@pytest.mark.parametrize(("account", "moment", "expected"), CASES.values(), ids=CASES)
def test_availability(account, moment, expected):
    found = account.availability(at=moment)
    assert found.is_open == expected.is_open
    assert found.next_change == expected.next_change  # compared as instants
    if found.next_change is not None:
        assert found.next_change.utcoffset() is not None


def test_availability_is_for_now_by_default():
    support = account(BERLIN, hours(WEEKDAYS, "09:00:00", "17:00:00"))
    with time_machine.travel(at(BERLIN, 2026, 11, 30, 8, 59), tick=False):
        assert support.availability() == Availability(
            False, at(BERLIN, 2026, 11, 30, 9, 0)
        )
    with time_machine.travel(at(BERLIN, 2026, 11, 30, 9, 0), tick=False):
        assert support.availability().is_open


@pytest.mark.django_db
def test_availability_makes_no_query(django_assert_num_queries):
    """(The cases above run with the database closed to them, too.)"""
    support = account(BERLIN, hours(WEEKDAYS, "09:00:00", "17:00:00"))
    with django_assert_num_queries(0):
        support.availability(at=at(BERLIN, 2026, 11, 30, 8, 0))
