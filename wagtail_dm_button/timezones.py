"""The IANA time zones this machine knows.

``zoneinfo.available_timezones()`` walks the zone directories on every call
(about 50 ms; Python's documentation says it is not cached), and the accounts'
form asks for them twice: the time zone list and the check of the one chosen.
They are looked up once per process, as the installed zone data changes only
with a new ``tzdata`` and a restart.
"""

import functools
import zoneinfo


@functools.cache
def known():
    """Every zone's name, as a frozenset."""
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def in_order():
    """Every zone's name, sorted, for a list to choose from."""
    return tuple(sorted(known()))
