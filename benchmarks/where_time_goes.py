"""Where a page's message buttons spend their time: ``make bench``'s renders and
its served page, split into the parts of the rendering path.

A few functions on the path are timed as they run (a wrapper around each, put on
here only; nothing in the package is changed to be measured), each part's time
without the parts it calls: the StreamField's conversion of its stored JSON, the
queries (accounts, settings, cards), the account's translation and the new-tab
hint in the page's language, opening hours, message variables, signing counted
links, building the channel's link, the markup, a card's avatar and templates,
and looking a button's markup up among those the process keeps
(``kept_markup``; the renders timed follow one that made them, as a page's
views after its first do). The rest of the rendering path, from where a block,
a tag or a card's option enters it, is a part too: what a button is made from
(its account from the request's memo, its options, the kept markup's key), and
the ``MessageButton`` where one is made. What is left is Wagtail's and Django's
work around each block and tag (the template engine, ``{% include_block %}``,
the StreamField's values) and the block's and tags' own reading of their
context. The garbage collector's passes (``gc.callbacks``) are a part of their
own, taken out of whatever part they interrupted. The hand-written side is
timed the same way, in turns with ours. ``cProfile`` finds the same parts, but
its cost per call makes code of many small calls, as a button is, look slower
than it is.

The served page is ``make bench``'s page of 50 buttons and its control, each
view a whole request through Django's WSGI handler, as gunicorn calls it, in
this process: Wagtail finding the page, its middleware and its template
included, with no server or client around it.

    .venv/bin/python benchmarks/where_time_goes.py \
        [--only streamfield|tag|card|served]
"""

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import bench

# In this order, whichever are asked for: the served page's row turns the site's
# floating card off (bench.served_pages), so it comes after the card's.
ROWS = ["streamfield", "tag", "card", "served"]


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
    for row in [row for row in ROWS if row in (options.only or ROWS)]:
        ours, floor, count = SIDES[row]()
        print(f"\n{row}: {count} buttons, {options.renders} renders each")
        print_parts(*split_in_turn(ours, floor, options.renders), count)


# The parts, by the function that starts each -------------------------------------


def parts():
    """``(name, owner, attribute)`` of each function that starts a part."""
    from django.db.models.query import QuerySet

    from wagtail.blocks.stream_block import StreamValue

    from wagtail_dm_button import blocks as button_blocks
    from wagtail_dm_button import (
        cards,
        floating,
        hours,
        kept_markup,
        kept_queries,
        markup,
        queries,
        rendering,
        tokens,
        variables,
    )
    from wagtail_dm_button.templatetags import dm_button_tags

    path = "rendering path: what a button is made from"
    return [
        # Where the block, the tags and a card's options hand a button's options
        # to the rendering path (each module calls it by its own name).
        (path, button_blocks, "render_options"),
        (path, dm_button_tags, "render_options"),
        (path, cards, "button_markup"),
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
        # A card's own: its avatar's rendition, which Wagtail finds in its cache,
        # and the card's templates around its options' markup.
        ("card: the avatar's rendition", queries, "avatar"),
        ("card: its templates", cards, "render_to_string"),
        ("card: its templates", floating, "render_to_string"),
    ]


COLLECTOR = "garbage collector"


def part_names():
    """Each part's name, once (a part may start in more than one function)."""
    return [*dict.fromkeys(part for part, _owner, _name in parts()), COLLECTOR]


class Clock:
    """Each part's own time: a part called within another is taken out of the
    caller's time."""

    def __init__(self):
        self.spent = defaultdict(float)
        self.stack = []
        self.collecting_since = None

    def wrap(self, name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            self.stack.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                self.count(name, started)

        return timed

    def collector(self, phase, _info):
        """A ``gc.callbacks`` callback: the collector's pass as a part."""
        if phase == "start":
            self.collecting_since = time.perf_counter()
            self.stack.append(0.0)
        elif self.collecting_since is not None:
            self.count(COLLECTOR, self.collecting_since)
            self.collecting_since = None

    def count(self, name, started):
        inner = self.stack.pop()
        took = time.perf_counter() - started
        self.spent[name] += took - inner
        if self.stack:
            self.stack[-1] += took


def split_in_turn(ours, floor, renders, turns=10):
    """``split`` of both sides, ``renders`` each, in turns of a tenth of them, so
    that a machine whose speed drifts slows both sides alike: ``{part: seconds
    per render}`` of each side, with ``"total"`` (means, so the parts add up to
    the total)."""
    per_render = {ours: defaultdict(list), floor: defaultdict(list)}
    sizes = [renders // turns + (turn < renders % turns) for turn in range(turns)]
    for turn, size in enumerate(size for size in sizes if size):
        for render in (ours, floor) if turn % 2 == 0 else (floor, ours):
            for part, times in split(render, size).items():
                per_render[render][part] += times
    return [
        {part: statistics.fmean(times) for part, times in per_render[side].items()}
        for side in (ours, floor)
    ]


def split(render, renders):
    """``{part: [seconds, …]}`` of ``renders`` renders of ``render`` (a function
    of a request), each with a new request, with ``"total"``."""
    clock = Clock()
    originals = [(owner, name, getattr(owner, name)) for _, owner, name in parts()]
    for part, owner, name in parts():
        setattr(owner, name, clock.wrap(part, getattr(owner, name)))
    gc.callbacks.append(clock.collector)
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
        gc.callbacks.remove(clock.collector)
        for owner, name, function in originals:
            setattr(owner, name, function)
    return per_render


def print_parts(ours, floor, count):
    """The parts of both sides (``split_in_turn``), in microseconds per button."""
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


def served():
    """The buttons page and its control (``bench.served_pages``), each a function
    serving a whole request for its page; the request ``split`` makes is left
    unused, as the handler makes its own."""
    from wsgiref.util import setup_testing_defaults

    from django.core.wsgi import get_wsgi_application

    handler = get_wsgi_application()

    def started(status, _headers):
        if not status.startswith("200 "):
            raise RuntimeError(f"the served page answered {status}")

    def view(path):
        # As bench.get asks: a browser, for a site on localhost.
        environ = {
            "PATH_INFO": path,
            "SERVER_NAME": "localhost",
            "HTTP_HOST": "localhost",
            "HTTP_USER_AGENT": bench.BROWSER,
        }
        setup_testing_defaults(environ)  # A GET's other WSGI keys

        def serve(_request):
            response = handler(dict(environ), started)
            body = b"".join(response)
            response.close()
            return body

        return serve

    pages = bench.served_pages()
    ours, floor = view(pages["ours"]), view(pages["floor"])
    if ours(None) != floor(None):
        raise RuntimeError("the buttons page and its control are not the same")
    return ours, floor, bench.PAGE_BUTTONS


SIDES = {"streamfield": streamfield, "tag": tag, "card": card, "served": served}


if __name__ == "__main__":
    sys.exit(main())
