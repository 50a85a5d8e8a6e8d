"""Where a page's message buttons spend their time: ``make bench``'s renders,
split into the parts of the rendering path.

A few functions on the path are timed as they run (a wrapper around each, put on
here only; nothing in the package is changed to be measured), each part's time
without the parts it calls: the StreamField's conversion of its stored JSON, the
queries (accounts, settings, cards), the account's translation and the new-tab
hint in the page's language, opening hours, message variables, signing counted
links, building the channel's link, the markup, and looking a button's markup
up among those the process keeps (``kept_markup``; the renders timed follow one
that made them, as a page's views after its first do). What is left is the rest
of the path (the block's and the tag's own code, gathering what a button is made
from, the ``MessageButton``, choosing sizes and labels) and Django's template
engine around it. The hand-written side is timed the same way. ``cProfile``
finds the same parts, but its cost per call makes code of many small calls, as a
button is, look slower than it is.

    .venv/bin/python benchmarks/where_time_goes.py [--only streamfield|tag|card]
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import bench

ROWS = ["streamfield", "tag", "card"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=ROWS, action="append")
    parser.add_argument("--renders", type=int, default=100)
    bench.add_seeded_option(parser)
    options = parser.parse_args()
    bench.prepare(
        str(Path(tempfile.mkdtemp(prefix="dm-button-where-")) / "db.sqlite3"),
        options.seeded,
    )
    for row in options.only or ROWS:
        ours, floor, count = SIDES[row]()
        print(f"\n{row}: {count} buttons, {options.renders} renders each")
        print_parts(split(ours, options.renders), split(floor, options.renders), count)


# The parts, by the function that starts each -------------------------------------


def parts():
    """``(name, owner, attribute)`` of each function that starts a part."""
    from django.db.models.query import QuerySet

    from wagtail.blocks.stream_block import StreamValue

    from wagtail_dm_button import (
        hours,
        kept_markup,
        kept_queries,
        markup,
        queries,
        rendering,
        tokens,
        variables,
    )

    return [
        ("StreamField: stored JSON to values", StreamValue, "_prefetch_blocks"),
        ("queries (ORM and database)", QuerySet, "_fetch_all"),
        # The SQL the package keeps, run again and its rows made into objects.
        ("queries (ORM and database)", kept_queries, "_run"),
        ("translation: account for the page's locale", queries, "localize"),
        ("translation: new-tab hint", markup, "_new_tab_hint"),
        ("opening hours", hours, "account_hours"),
        ("message variables", variables, "fill"),
        ("signing counted links", tokens, "path"),
        ("channel link: recipient checked, message encoded", rendering, "channel_link"),
        ("markup", markup, "build"),
        ("kept markup: looked up by its values", kept_markup, "markup"),
    ]


def part_names():
    """Each part's name, once (a part may start in more than one function)."""
    return list(dict.fromkeys(part for part, _owner, _name in parts()))


class Clock:
    """Each part's own time: a part called within another is taken out of the
    caller's time."""

    def __init__(self):
        self.spent = defaultdict(float)
        self.stack = []

    def wrap(self, name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            self.stack.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                inner = self.stack.pop()
                took = time.perf_counter() - started
                self.spent[name] += took - inner
                if self.stack:
                    self.stack[-1] += took

        return timed


def split(render, renders):
    """``{part: seconds per render}`` of ``render`` (a function of a request),
    with ``"total"``: the mean of ``renders`` renders, each with a new request (a
    mean, so the parts add up to the total)."""
    clock = Clock()
    originals = [(owner, name, getattr(owner, name)) for _, owner, name in parts()]
    for part, owner, name in parts():
        setattr(owner, name, clock.wrap(part, getattr(owner, name)))
    try:
        render(bench.request())  # warm up
        per_render = defaultdict(list)
        for _ in range(renders):
            request = bench.request()
            clock.spent.clear()
            started = time.perf_counter()
            render(request)
            total = time.perf_counter() - started
            per_render["total"].append(total)
            for part in part_names():
                per_render[part].append(clock.spent.get(part, 0.0))
            per_render["the rest"].append(total - sum(clock.spent.values()))
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)
    return {part: statistics.fmean(times) for part, times in per_render.items()}


def print_parts(ours, floor, count):
    """The parts of both sides (``split``), in microseconds per button."""
    names = [*part_names(), "the rest", "total"]
    width = max(map(len, names))
    print(f"{'':{width}} | {'message buttons':>22} | {'hand-written':>22}")
    for part in names:
        if not (ours.get(part) or floor.get(part)):
            continue
        print(
            f"{part:{width}} | {cell(ours.get(part, 0.0), ours, count)} | "
            f"{cell(floor.get(part, 0.0), floor, count)}"
        )


def cell(seconds, side, count):
    share = seconds / side["total"] * 100
    return f"{seconds / count * 1e6:6.1f} µs/button {share:3.0f}%"


# The renders, as make bench times them --------------------------------------------


def streamfield():
    ours, floor, _note = bench.streamfield_sides()
    return ours, floor, bench.BUTTONS


def tag():
    ours, floor = bench.tag_sides()
    return ours, floor, bench.BUTTONS


def card():
    ours, floor, _markup = bench.card_sides()
    return ours, floor, 4


SIDES = {"streamfield": streamfield, "tag": tag, "card": card}


if __name__ == "__main__":
    sys.exit(main())
