"""Opening hours: when an account answers, and what its button says when closed.

An account's ``opening_hours`` is a StreamField of ``hours`` blocks (the days an
opening starts, the time it opens and the time it closes; a closing at or before
the opening runs past midnight, the same time makes 24 hours) and ``closed``
blocks (a date whose openings are cancelled, with a note). With no ``hours`` block
the account answers around the clock, except on its closed dates.

``availability`` is a pure function of those blocks, the account's time zone and
the moment asked about. Wall times are turned into instants with Python's
``zoneinfo`` (PEP 495): a time that does not exist on a day the clocks go forward
(02:30 in Berlin on the last Sunday of March) is read with the offset before the
change, so it falls when the clocks have just gone past it (03:30); a time that
happens twice when they go back is its first occurrence (``fold=0``).
"""

import datetime as dt
import json
import math
import zoneinfo
from dataclasses import dataclass
from functools import cache, lru_cache

from django.core.exceptions import ValidationError
from django.forms import CheckboxSelectMultiple
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from . import memo, timezones
from .reporting import warn

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

#: The attribute of a response holding the seconds until its buttons' next
#: opening or closing (set by ``OpeningHoursMiddleware``).
CHANGE_IN = "wagtail_dm_button_change_in"

#: How far ahead the next opening or closing is looked for.
HORIZON = dt.timedelta(days=400)
#: The days looked at first; more only when no change falls within them.
FIRST_WINDOW = 8
#: A closed button shows the date of its next opening, not only the weekday, when
#: that is this far away or more.
SHOW_DATE_FROM = dt.timedelta(days=7)


class HoursBlock(blocks.StructBlock):
    """An opening, on each of the days chosen."""

    days = blocks.MultipleChoiceBlock(
        choices=[(str(number), name) for number, name in WEEKDAYS],
        widget=CheckboxSelectMultiple,
        label=_("Days"),
    )
    opens = blocks.TimeBlock(label=_("Opens"))
    closes = blocks.TimeBlock(
        label=_("Closes"),
        help_text=_(
            "A closing at or before the opening is on the next day (22:00 to 02:00 "
            "runs past midnight); the same time as the opening makes 24 hours."
        ),
    )

    class Meta:
        icon = "time"
        label = _("Opening hours")
        form_classname = "dm-hours"


class ClosedDateBlock(blocks.StructBlock):
    """A day off: the openings that start on it are cancelled."""

    date = blocks.DateBlock(label=_("Date"))
    note = blocks.CharBlock(
        required=False,
        max_length=100,
        label=_("Note"),
        help_text=_("For you, like “Christmas Day”: visitors do not see it."),
    )

    class Meta:
        icon = "date"
        label = _("Closed on")


def hours_blocks():
    """The blocks of an account's ``opening_hours``."""
    return [("hours", HoursBlock()), ("closed", ClosedDateBlock())]


@dataclass(frozen=True)
class Availability:
    """Whether an account answers at a moment, and when that next changes (an
    aware datetime; ``None`` when it never does)."""

    is_open: bool
    next_change: dt.datetime | None


ALWAYS_OPEN = Availability(is_open=True, next_change=None)


class BadHours(Exception):
    """Stored opening hours that cannot be read (a hand-edited row, a zone this
    machine does not know)."""


@dataclass(frozen=True)
class Schedule:
    """Opening hours read from their blocks: the openings as ``(weekdays, opens,
    closes)`` and the closed dates."""

    openings: tuple
    closed: frozenset

    def availability(self, zone, at):
        """The ``Availability`` at ``at`` (aware) in ``zone``."""
        if not self.openings and not self.closed:
            return ALWAYS_OPEN
        first_day = at.astimezone(zone).date() - dt.timedelta(days=1)
        days = FIRST_WINDOW
        while True:
            window_end = _instant(
                first_day + dt.timedelta(days=days + 1), dt.time(), zone
            )
            found = _change(self._spans(first_day, days, zone), at)
            if found.next_change is not None and found.next_change < window_end:
                return found
            # Openings repeat every week: with no change in a window whose last
            # eight days have no closed date, and none ahead, there is none later.
            free_from = first_day + dt.timedelta(days=days - 8)
            if not any(day >= free_from for day in self.closed) or (
                window_end - at > HORIZON
            ):
                return Availability(found.is_open, None)
            days *= 2

    def _spans(self, first_day, days, zone):
        """The openings starting on ``days`` days from ``first_day``, as
        ``(start, end)`` in UTC, sorted."""
        openings = self.openings or ((frozenset(range(7)), dt.time(), dt.time()),)
        spans = []
        for offset in range(days + 1):
            day = first_day + dt.timedelta(days=offset)
            if day in self.closed:
                continue
            for weekdays, opens, closes in openings:
                if day.weekday() not in weekdays:
                    continue
                start = _instant(day, opens, zone)
                end_day = day + dt.timedelta(days=1) if closes <= opens else day
                end = _instant(end_day, closes, zone)
                if end > start:
                    spans.append((start, end))
        return sorted(spans)


def _instant(day, time, zone):
    """The moment the wall clock in ``zone`` shows ``time`` on ``day``, in UTC."""
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.timezone.utc)


def _change(spans, at):
    """Whether ``at`` falls within the (sorted) spans, once touching and
    overlapping ones are merged, and the next start or end after it."""
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        if end <= at:
            continue
        if start <= at:
            return Availability(is_open=True, next_change=end)
        return Availability(is_open=False, next_change=start)
    return Availability(is_open=False, next_change=None)


def read_schedule(stream):
    """The ``Schedule`` of an ``opening_hours`` StreamValue; ``BadHours`` when a
    stored value cannot be read."""
    openings = []
    closed = set()
    try:
        for child in stream:
            value = child.value
            if child.block_type == "hours":
                weekdays = frozenset(int(day) for day in value["days"])
                opens, closes = value["opens"], value["closes"]
                if not weekdays <= set(range(7)) or not (
                    isinstance(opens, dt.time) and isinstance(closes, dt.time)
                ):
                    raise BadHours(f"an opening cannot be read: {value!r}")
                openings.append(
                    (weekdays, opens.replace(tzinfo=None), closes.replace(tzinfo=None))
                )
            elif child.block_type == "closed":
                if not isinstance(value["date"], dt.date):
                    raise BadHours(f"a closed date cannot be read: {value!r}")
                closed.add(value["date"])
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise BadHours(f"the opening hours cannot be read: {error!r}") from None
    return Schedule(openings=tuple(openings), closed=frozenset(closed))


def kept_schedule(opening_hours):
    """``read_schedule`` of an account's ``opening_hours``, kept for the process
    by their JSON as stored: the same JSON always reads the same. Reading it makes
    Wagtail's value of every block (30 to 115 µs an account here); writing out
    its JSON takes 3 to 6. Hours made or changed in memory are read as they are."""
    stored = _as_stored(opening_hours)
    if stored is None:
        return read_schedule(opening_hours)
    return _schedule_of(stored)


def _as_stored(stream):
    """The JSON of a StreamValue as read from the database, while that is still
    all it holds: none of its blocks made into values yet. Once one is, an edit to
    it (``stream[0] = …``, or to the value itself) is not in Wagtail's
    ``raw_data``. ``None`` otherwise, and for values made in memory."""
    if not stream.is_lazy or any(child is not None for child in stream._bound_blocks):
        return None
    try:
        return json.dumps(list(stream.raw_data))
    except (TypeError, ValueError):  # Set in memory through raw_data.
        return None


@lru_cache(maxsize=500)  # An account's hours are the same on every view.
def _schedule_of(stored):
    return read_schedule(_hours_stream_block().to_python(json.loads(stored)))


@cache
def _hours_stream_block():
    """The StreamBlock of an account's ``opening_hours`` (``hours_blocks``)."""
    return blocks.StreamBlock(hours_blocks())


def default_time_zone():
    """The project's time zone (``settings.TIME_ZONE``): a new account's."""
    from django.conf import settings

    return settings.TIME_ZONE or "UTC"


class AccountHours:
    """An account's opening hours as one request reads them: its ``availability``
    at the request's moment, and what its buttons say while it is closed."""

    def __init__(self, availability, zone, at):
        self.availability = availability
        self.zone = zone
        self.at = at
        self._statuses = {}

    def status(self):
        """What the account's closed buttons say (``closed_status``), escaped, in
        the active language: worked out once per language, as formatting dates
        costs more than a button."""
        language = get_language()
        found = self._statuses.get(language)
        if found is None:
            found = self._statuses[language] = conditional_escape(
                closed_status(self.availability, self.zone, self.at)
            )
        return found


def account_hours(account, request=None):
    """The account's ``AccountHours``, or ``None`` when it has no opening hours,
    or hours that cannot be read (with a warning: its buttons then show as if it
    had none). Worked out once per request and account, for one moment of the
    request, which also keeps the earliest change among the accounts asked about
    (for ``OpeningHoursMiddleware``)."""
    if not account.opening_hours.raw_data:
        return None
    key = account.pk
    if request is None or key is None:
        return _work_out(account, request)
    kept = memo.memo_of(request)
    found = kept.get((memo.HOURS, key), _UNKNOWN)
    if found is _UNKNOWN:
        found = kept[(memo.HOURS, key)] = _work_out(account, request)
    return found


_UNKNOWN = object()


def _work_out(account, request):
    at = moment(request)
    try:
        zone = time_zone(account.timezone)
        found = kept_schedule(account.opening_hours).availability(zone, at)
    except BadHours as error:
        warn(
            f"Message account {account.slug!r}: {error}; its buttons show as if it "
            "had no opening hours."
        )
        return None
    if request is not None and found.next_change is not None:
        earliest = memo.memo_of(request).get(memo.EARLIEST_CHANGE)
        if earliest is None or found.next_change < earliest:
            memo.memo_of(request)[memo.EARLIEST_CHANGE] = found.next_change
    return AccountHours(found, zone, at)


def cap_cache_control(response, seconds, names=("max-age", "s-maxage"), add=()):
    """Lower the response's ``Cache-Control`` directives ``names`` to ``seconds``
    where they say more, or say it in a way that cannot be read (``max-age=abc``,
    a bare ``max-age``); set those in ``add`` where the response has none. Every
    other directive stays as it was written."""
    written = response.get("Cache-Control", "")
    parts = [part.strip() for part in written.split(",") if part.strip()]
    found = set()
    for index, part in enumerate(parts):
        name, _equals, value = part.partition("=")
        name = name.strip().lower()
        if name in names:
            found.add(name)
            said = value.strip().strip('"')
            if not said.isdigit() or int(said) > seconds:
                parts[index] = f"{name}={seconds}"
    parts += [f"{name}={seconds}" for name in add if name not in found]
    if parts:
        response["Cache-Control"] = ", ".join(parts)


def seconds_until_change(request):
    """The whole seconds from the request's moment until the earliest next
    opening or closing among the accounts whose buttons it showed (never less
    than 0), or ``None`` when none of them had opening hours."""
    change = memo.memo_of(request).get(memo.EARLIEST_CHANGE)
    if change is None:
        return None
    return max(0, math.floor((change - now()).total_seconds()))


def now():
    return dt.datetime.now(dt.timezone.utc)


def moment(request=None):
    """The moment opening hours are read for: one per request, so all its
    buttons agree."""
    return memo.remember(request, memo.NOW, now)


def time_zone(name):
    """The ``ZoneInfo`` named ``name``; ``BadHours`` when there is none."""
    try:
        return zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise BadHours(f"the time zone {name!r} is unknown: {error!r}") from None


def check_time_zone(name):
    """A field validator: ``name`` is an IANA time zone this machine knows."""
    if name not in timezones.known():
        raise ValidationError(
            _(
                "“%(name)s” is not a time zone. Choose one from the list, like "
                "Europe/Berlin."
            ),
            params={"name": name},
            code="unknown_time_zone",
        )


def closed_status(availability, zone, at):
    """What a closed button says: when it opens, in ``zone`` and the active
    language ("Closed · opens Monday 9 a.m."), with the date when that is a week
    or more away."""
    if availability.next_change is None:
        return gettext("Closed")
    opens = availability.next_change.astimezone(zone)
    words = {
        "weekday": formats.date_format(opens, "l"),
        "time": formats.time_format(opens, "TIME_FORMAT"),
    }
    if availability.next_change - at < SHOW_DATE_FROM:
        return gettext("Closed · opens %(weekday)s %(time)s") % words
    words["date"] = formats.date_format(opens, "MONTH_DAY_FORMAT")
    return gettext("Closed · opens %(weekday)s %(date)s, %(time)s") % words


def summary(availability, zone):
    """The admin's help for an account's hours: "Now closed; opens Mon 30 Nov
    09:00 Europe/Berlin"."""
    if availability.next_change is None:
        if availability.is_open:
            return gettext("Now open, around the clock")
        return gettext("Now closed, with no opening ahead")
    words = {
        "when": formats.date_format(
            availability.next_change.astimezone(zone), "D j M H:i"
        ),
        "zone": str(zone),
    }
    if availability.is_open:
        return gettext("Now open; closes %(when)s %(zone)s") % words
    return gettext("Now closed; opens %(when)s %(zone)s") % words
