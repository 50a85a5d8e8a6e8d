"""``make bench``: what message buttons cost, beside hand-written links.

Each row times two things in the same run, in alternating order, round after
round, and reports the median of the per-round ratios with its spread (lowest to
highest round): a busy machine slows both sides of a round alike, so the ratio
holds where absolute times do not. Nothing here is a test; the suite asserts no
timings.

1. A StreamField of 200 message buttons (a third on the site's default account,
   the rest on five chosen accounts; each with its own label and message, a third
   of the messages in French; both sizes and both looks) beside 200 hand-written
   link blocks (a ``StructBlock`` of channel, URL and label with its own template)
   giving the same ``<a>``: the same classes, icon, label and new-tab hint. Each
   render starts from the stored JSON and a new request, as a page view does, so
   account and settings look-ups are counted.
2. ``{% message_button %}`` ×200 in a template beside a template of 200 links
   written out by hand, the message put through ``urlencode`` as a hand-written
   prefilled link must be.
3. The sandbox's content page with 50 buttons among its headings and paragraphs
   beside its control, the same page with the markup of each button typed in as
   raw HTML (``HandWrittenLinksPage``, the same template); the two pages are first
   checked to be byte-identical as served. Served by gunicorn (four workers,
   ``DEBUG`` off) on loopback to 16 clients at once: requests per second, their
   ratio, and 99th-percentile latency. On SQLite, and on PostgreSQL when given a
   server (``--postgres``, by default ``$DATABASE_URL``; ``make bench`` starts
   Debian's with ``.ci/postgres``), in a database the run makes and drops. Django
   is set up once a process, so that row comes from a second run of this script.
4. The sandbox's floating contact card of four options (``{% floating_message_button
   %}``) beside the same four options as hand-written links, and the card's weight
   gzipped.
5. A StreamField of 200 buttons whose accounts have opening hours (weekdays,
   Saturday mornings and a closed date, in Berlin) beside the same 200 buttons on
   the same accounts without hours.
6. A StreamField of 200 buttons whose messages name the page (``{page_title}``,
   ``{page_url}``) beside the same 200 buttons with those words typed out.
7. A StreamField of 200 buttons on a site that counts clicks (each link signed
   for the counting view) beside the same 200 buttons on a site that does not.
8. A counted message link's redirect (``wagtail_dm_button:go``, which counts the
   click) beside Django's bare ``RedirectView`` to a fixed link, over HTTP from the
   same gunicorn: requests per second, and whether every click was counted.
9. The pages of row 3, each served by a gunicorn of one worker: how much the
   worker's resident memory grows over 20,000 requests (``--memory-requests``)
   of the buttons page beside another's over as many of the control, on SQLite.
"""

import argparse
import contextlib
import functools
import gc
import importlib.util
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from http.client import HTTPConnection
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SANDBOX = ROOT / "sandbox"
BUTTONS = 200
PAGE_BUTTONS = 50
#: Row 3's server and load: gunicorn's workers, and the clients asking at once.
SERVED_WORKERS = 4
CLIENTS = 16
#: What the requests say they are: a browser (a request that says nothing is not
#: counted as a click).
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@dataclass
class Row:
    name: str
    ours: str
    floor: str
    ratio: str
    note: str = ""


ROWS = [
    "streamfield",
    "tag",
    "served",
    "memory",
    "card",
    "hours",
    "variables",
    "counting",
    "clicks",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--requests", type=int, default=2500, help="per page")
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=20000,
        help="per page, to the memory row's workers",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("DATABASE_URL"),
        help="a PostgreSQL server (postgres://user:password@host:port/name) to run "
        "the served page row on as well; default $DATABASE_URL",
    )
    # The PostgreSQL run of the served page row (postgres_rows).
    parser.add_argument("--postgres-phase", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only",
        choices=ROWS,
        action="append",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table for README.md"
    )
    add_seeded_option(parser)
    options = parser.parse_args()
    only = options.only or ROWS
    # Found now, not after the SQLite rows have run for many minutes.
    postgres = options.postgres and "served" in only
    if postgres and not importlib.util.find_spec("psycopg"):
        parser.error(
            "--postgres (or $DATABASE_URL) needs psycopg, which is not installed: "
            "pip install 'psycopg[binary]>=3.1' (make bench installs it), "
            "or run without a PostgreSQL server"
        )
    if options.postgres_phase:
        print(json.dumps([asdict(row) for row in postgres_phase(options)]))
        return

    workdir = Path(tempfile.mkdtemp(prefix="dm-button-bench-"))
    try:
        environment = prepare(str(workdir / "bench.sqlite3"), options.seeded)
        rows = []
        if "streamfield" in only:
            rows.append(streamfield_row(options.rounds))
        if "tag" in only:
            rows.append(tag_row(options.rounds))
        if "card" in only:
            rows.append(card_row(options.rounds))
        if "hours" in only:
            rows.append(hours_row(options.rounds))
        if "variables" in only:
            rows.append(variables_row(options.rounds))
        if "counting" in only:
            rows.append(counting_row(options.rounds))
        if "served" in only:
            rows.append(served_row(environment, options.requests))
            if options.postgres:
                rows += postgres_rows(options)
        if "memory" in only:
            rows.append(memory_row(environment, options.memory_requests))
        if "clicks" in only:
            rows.append(clicks_row(environment, options.requests))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_table(rows, markdown=options.markdown)


# Set-up ---------------------------------------------------------------------------


def add_seeded_option(parser):
    parser.add_argument(
        "--seeded",
        metavar="FILE",
        help="start from a copy of this SQLite file of the sandbox, migrated and "
        "seeded (the test suite passes the one it made), instead of making one",
    )


def prepare(database, seeded=None):
    """A migrated copy of the sandbox with its demo content, in ``database``: a
    SQLite file, or a PostgreSQL database's URL (``benchmarks/settings.py``).
    Copied from the SQLite file ``seeded`` where one is given."""
    if seeded:
        copy_database(seeded, database)
    environment = {
        **os.environ,
        "BENCH_DATABASE": database,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "PYTHONPATH": os.pathsep.join([str(SANDBOX), str(ROOT)]),
    }
    os.environ.update(environment)
    sys.path[:0] = [str(SANDBOX), str(ROOT)]

    import django
    from django.core.management import call_command

    django.setup()
    if not seeded:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    # The demo counts clicks; the rows compare plain buttons, and counting has a
    # row of its own (clicks_row).
    from wagtail_dm_button.models import MessageButtonSettings

    MessageButtonSettings.objects.update(count_clicks=False)
    return environment


def copy_database(source, target):
    """A copy of the SQLite file ``source`` at ``target``, made by SQLite's own
    backup (https://sqlite.org/backup.html), so that whatever the source's
    write-ahead log still holds is copied too."""
    with (
        contextlib.closing(sqlite3.connect(source)) as read,
        contextlib.closing(sqlite3.connect(target)) as written,
    ):
        read.backup(written)


@functools.cache
def accounts():
    from wagtail.models import Locale

    from wagtail_dm_button.models import MessageAccount

    slugs = ["x", "messenger", "telegram", "instagram", "email"]
    locale = Locale.get_default()
    return [MessageAccount.objects.get(slug=slug, locale=locale) for slug in slugs]


@dataclass
class Options:
    account: object  # None: the site's default
    label: str
    text: str
    size: str
    variant: str


def button_options(number):
    """Button ``number``'s options: every button its own words, as on a real page,
    a third of them in French (not ASCII), in both sizes and both looks."""
    chosen = accounts()
    if number % 3 == 2:
        text = f"Bonjour ! Le canapé n° {number} est-il disponible ?"
    else:
        text = f"Hello! Is sofa no. {number} in stock?"
    return Options(
        account=None if number % 3 == 0 else chosen[number % len(chosen)],
        label=f"Ask about sofa {number}",
        text=text,
        size=("medium", "large")[number % 2],
        variant=("filled", "outline")[number // 2 % 2],
    )


def built(options):
    from wagtail_dm_button.rendering import build_button

    return build_button(
        options.account,
        label=options.label,
        text=options.text,
        size=options.size,
        variant=options.variant,
        request=request(),
    )


def request(host="localhost"):
    """A new request, its site found as Wagtail's page view finds it before the
    page renders."""
    from django.test import RequestFactory

    from wagtail.models import Site

    request = RequestFactory().get("/", HTTP_HOST=host)
    Site.find_for_request(request)
    return request


def home_page():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


# 1. StreamField ------------------------------------------------------------------


def streamfield_row(rounds):
    ours, floor, note = streamfield_sides()
    return rendering_row(
        f"StreamField, {BUTTONS} buttons / {BUTTONS} hand-written link blocks",
        compare(ours, floor, rounds),
        note,
    )


def streamfield_sides():
    """The two renders of row 1, and how many bytes each gives per button."""
    from wagtail import blocks

    from wagtail_dm_button.blocks import MessageButtonBlock

    class HandWrittenLinkBlock(blocks.StructBlock):
        channel = blocks.CharBlock()
        url = blocks.URLBlock()
        label = blocks.CharBlock()

        class Meta:
            template = "bench/link_block.html"

    ours_block = blocks.StreamBlock([("message_button", MessageButtonBlock())])
    floor_block = blocks.StreamBlock([("link", HandWrittenLinkBlock())])
    ours_raw, floor_raw = [], []
    for number in range(BUTTONS):
        options = button_options(number)
        button = built(options)
        ours_raw.append(stored_button(options))
        floor_raw.append(
            stored(
                "link",
                {
                    "channel": button.channel.key,
                    "url": button.href,
                    "label": options.label,
                },
            )
        )

    ours = stream_page(ours_block, ours_raw)
    floor = stream_page(floor_block, floor_raw)
    ours_bytes = len(ours(request()).encode())
    floor_bytes = len(floor(request()).encode())
    note = f"{ours_bytes / BUTTONS:.0f} / {floor_bytes / BUTTONS:.0f} bytes per button"
    return ours, floor, note


def stream_page(stream_block, raw):
    """A function rendering the stored ``raw`` StreamField on the home page for a
    request, from the JSON on, as a page view does."""
    from django.template import engines

    page = home_page()
    template = engines["django"].from_string(
        "{% load wagtailcore_tags %}{% include_block body %}"
    )

    def once(request):
        body = stream_block.to_python(raw)
        return template.render({"page": page, "body": body}, request)

    return once


def stored(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def stored_button(options):
    """A message button block with these ``Options``, as the StreamField stores it."""
    return stored(
        "message_button",
        {
            "account": options.account.pk if options.account else None,
            "label": options.label,
            "text": options.text,
            "size": options.size,
            "variant": options.variant,
            "qr": False,
        },
    )


# 2. Template tag -----------------------------------------------------------------


def tag_row(rounds):
    ours, floor = tag_sides()
    return rendering_row(
        f"{{% message_button %}} ×{BUTTONS} / {BUTTONS} hand-written links",
        compare(ours, floor, rounds),
    )


def tag_sides():
    """The two renders of row 2."""
    from django.template import engines

    ours_source, floor_source = ["{% load dm_button_tags %}"], []
    for number in range(BUTTONS):
        options = button_options(number)
        slug = f'"{options.account.slug}" ' if options.account else ""
        ours_source.append(
            f'{{% message_button {slug}label="{options.label}" text="{options.text}" '
            f'size="{options.size}" variant="{options.variant}" %}}'
        )
        floor_source.append(hand_written_link(built(options), options.text))

    engine = engines["django"]
    ours_template = engine.from_string("\n".join(ours_source))
    floor_template = engine.from_string("\n".join(floor_source))
    page = home_page()
    return (
        lambda each: ours_template.render({"page": page}, each),
        lambda each: floor_template.render({"page": page}, each),
    )


def hand_written_link(button, text):
    """The link a developer would write for this button: the address typed out,
    the message through ``urlencode``."""
    href = button.href
    if text:
        href = href.replace(quote(text, safe=""), f'{{{{ "{text}"|urlencode:"" }}}}')
    return (
        f'<a class="dm-button dm-button--{button.channel.key} '
        f'dm-button--{button.size} dm-button--{button.variant}" href="{href}" '
        'target="_blank" '
        'rel="noopener noreferrer">\n'
        '  <svg class="dm-button__icon" viewBox="0 0 24 24" aria-hidden="true" '
        f'focusable="false"><path d="{button.channel.icon}"/></svg>\n'
        f'  <span class="dm-button__label">{button.label}</span>\n'
        '  <span class="dm-button__hint">(opens in a new tab)</span>\n</a>'
    )


# 4. A floating contact card ------------------------------------------------------


def card_row(rounds):
    """The sandbox's floating card (four options, an avatar, a greeting) beside its
    four buttons written out by hand, as a site without cards would link them."""
    import gzip

    ours, floor, ours_markup = card_sides()
    timed = compare(ours, floor, rounds)
    zipped = len(gzip.compress(ours_markup.encode(), compresslevel=9))
    if os.environ.get("BENCH_CARD_MARKUP"):
        Path(os.environ["BENCH_CARD_MARKUP"]).write_text(ours_markup)
    return Row(
        "Floating contact card, 4 options / 4 hand-written links",
        f"{statistics.median(timed.ours) * 1e6:.0f} µs",
        f"{statistics.median(timed.floor) * 1e6:.0f} µs",
        timed.ratio(),
        f"card: {len(ours_markup)} bytes, {zipped} gzipped",
    )


def card_sides():
    """The two renders of row 4, and the card's markup."""
    from django.template import engines

    from wagtail_dm_button.cards import option_buttons
    from wagtail_dm_button.models import MessageButtonSettings

    home = home_page()
    site_settings = MessageButtonSettings.for_site(home.get_site())
    card = site_settings.floating_card
    if not (site_settings.floating_button and card is not None):
        raise RuntimeError("the sandbox's floating button has no contact card")
    engine = engines["django"]
    ours_template = engine.from_string(
        "{% load dm_button_tags %}{% floating_message_button %}"
    )
    floor_template = engine.from_string(
        "\n".join(
            hand_written_link(button, "")
            for button in option_buttons(card, request=request())
        )
    )
    ours_markup = ours_template.render({"page": home}, request())
    if ours_markup.count('class="dm-button ') != 4:
        raise RuntimeError(f"the floating card is not four buttons: {ours_markup}")
    return (
        lambda each: ours_template.render({"page": home}, each),
        lambda each: floor_template.render({"page": home}, each),
        ours_markup,
    )


# 5. Opening hours ----------------------------------------------------------------


def hours_row(rounds):
    """200 buttons on accounts with opening hours beside the same buttons on the
    same accounts without: what reading the hours and saying "Closed · opens …"
    costs. Half the accounts are closed (their buttons carry the status line)."""
    import json

    from wagtail import blocks

    from wagtail_dm_button.blocks import MessageButtonBlock
    from wagtail_dm_button.models import MessageAccount

    weekdays = [str(day) for day in range(5)]
    hours = [
        {
            "type": "hours",
            "value": {"days": weekdays, "opens": "09:00", "closes": "17:00"},
        },
        {
            "type": "hours",
            "value": {"days": ["5"], "opens": "10:00", "closes": "14:00"},
        },
        {"type": "closed", "value": {"date": "2026-12-25", "note": "Christmas"}},
    ]
    twins = {}
    for index, account in enumerate(accounts()):
        twin = MessageAccount.objects.filter(slug=f"{account.slug}-hours").first()
        if twin is None:
            twin = MessageAccount.objects.get(pk=account.pk)
            twin.pk = twin.id = None
            twin.slug = f"{account.slug}-hours"
            twin.translation_key = uuid.uuid4()
        # Every other account on the week's hours; the others open only on the
        # day after tomorrow, so closed now.
        later = str((time.localtime().tm_wday + 2) % 7)
        closed_now = [
            {
                "type": "hours",
                "value": {"days": [later], "opens": "09:00", "closes": "17:00"},
            }
        ]
        twin.opening_hours = json.dumps(hours if index % 2 else closed_now)
        twin.timezone = "Europe/Berlin"
        twin.save()
        twins[account.pk] = twin

    stream_block = blocks.StreamBlock([("message_button", MessageButtonBlock())])
    plain_raw, hours_raw = [], []
    chosen = accounts()
    for number in range(BUTTONS):
        account = chosen[number % len(chosen)]
        value = {"label": f"Ask about sofa {number}", "text": f"Is sofa {number} in?"}
        plain_raw.append(stored("message_button", {**value, "account": account.pk}))
        twin = twins[account.pk].pk
        hours_raw.append(stored("message_button", {**value, "account": twin}))

    with_hours = stream_page(stream_block, hours_raw)
    plain = stream_page(stream_block, plain_raw)
    closed = with_hours(request()).count("dm-button--closed")
    timed = compare(with_hours, plain, rounds)
    return rendering_row(
        f"StreamField, {BUTTONS} buttons with opening hours / without",
        timed,
        f"{closed} of {BUTTONS} closed",
    )


def variables_row(rounds):
    """200 buttons whose messages name the page beside the same buttons with the
    page's title and address typed out: what filling in variables costs."""
    from wagtail import blocks

    from wagtail_dm_button.blocks import MessageButtonBlock

    page = home_page()
    stream_block = blocks.StreamBlock([("message_button", MessageButtonBlock())])
    typed_raw, variables_raw = [], []
    chosen = accounts()
    for number in range(BUTTONS):
        options = Options(
            account=chosen[number % len(chosen)],
            label=f"Ask about sofa {number}",
            text=f"Is sofa {number} in? About {{page_title}}: {{page_url}}",
            size="medium",
            variant="filled",
        )
        typed = options.text.replace("{page_title}", page.title)
        typed = typed.replace("{page_url}", page.full_url)
        variables_raw.append(stored_button(options))
        typed_raw.append(stored_button(replace(options, text=typed)))
    with_variables = stream_page(stream_block, variables_raw)
    typed = stream_page(stream_block, typed_raw)
    same = with_variables(request()) == typed(request())
    timed = compare(with_variables, typed, rounds)
    return rendering_row(
        f"StreamField, {BUTTONS} buttons with message variables / typed out",
        timed,
        "the same markup" if same else "DIFFERENT MARKUP",
    )


def counting_row(rounds):
    """200 buttons on a site that counts clicks beside the same buttons on a site
    that does not: what signing each link for the counting view costs."""
    from wagtail import blocks
    from wagtail.models import Site

    from wagtail_dm_button import tokens
    from wagtail_dm_button.blocks import MessageButtonBlock
    from wagtail_dm_button.models import MessageButtonSettings

    home = home_page()
    counting, _created = Site.objects.get_or_create(
        hostname="counting.localhost",
        port=80,
        defaults={"root_page": home, "site_name": "Counting"},
    )
    MessageButtonSettings.objects.update_or_create(
        site=counting,
        defaults={
            "count_clicks": True,
            "default_account": MessageButtonSettings.for_site(
                home.get_site()
            ).default_account,
        },
    )
    stream_block = blocks.StreamBlock([("message_button", MessageButtonBlock())])
    raw = [stored_button(button_options(number)) for number in range(BUTTONS)]
    counting_render = stream_page(stream_block, raw)
    plain_render = stream_page(stream_block, raw)
    counted = counting_render(request("counting.localhost")).count(
        f'href="{tokens.path_prefix()}'
    )
    timed = compare(counting_render, plain_render, rounds, ours_host=counting.hostname)
    return rendering_row(
        f"StreamField, {BUTTONS} buttons on a site counting clicks / not counting",
        timed,
        f"{counted} of {BUTTONS} links counted",
    )


# 3. A served page beside its control ---------------------------------------------


def served_row(environment, requests):
    """The buttons page beside its control (``served_pages``), served by gunicorn
    with four workers to 16 clients at once, in alternating batches: requests per
    second, their ratio (ours over the control's, by batch) and 99th-percentile
    latency. Before any timing, the two pages as served are compared byte for byte:
    the same, their 50 links included."""
    from django.db import connection

    pages = served_pages()
    with gunicorn(environment, workers=SERVED_WORKERS) as server:
        served = {side: get(server.port, path) for side, path in pages.items()}
        if len(button_rows(served["ours"])) != PAGE_BUTTONS:
            raise RuntimeError(f"the buttons page does not show {PAGE_BUTTONS} buttons")
        if served["ours"] != served["floor"]:
            raise RuntimeError("the buttons page and its control are not the same")
        targets = {side: (server.port, path) for side, path in pages.items()}
        latencies, rates, _made = alternate(targets, requests, clients=CLIENTS)
    ratios = [a / b for a, b in zip(rates["ours"], rates["floor"], strict=True)]
    p99 = {side: percentile(values, 99) * 1000 for side, values in latencies.items()}
    return Row(
        f"Served page, {PAGE_BUTTONS} buttons / {PAGE_BUTTONS} hand-written links, "
        f"{connection.display_name} ({len(latencies['ours'])} requests each)",
        f"{statistics.median(rates['ours']):.0f} req/s",
        f"{statistics.median(rates['floor']):.0f} req/s",
        spread(ratios, "{:.2f}"),
        "requests/s, ours ÷ control (target ≥ 0.95); 99th-percentile latency "
        f"{p99['ours']:.1f} / {p99['floor']:.1f} ms; "
        f"both pages byte-identical as served ({PAGE_BUTTONS} links)",
    )


@functools.cache
def served_pages():
    """Row 3's two pages, their paths by side: the sandbox's content page with 50
    buttons among its headings and paragraphs, and its control, a
    ``HandWrittenLinksPage`` of the same title and text with, in each button's
    place, the markup that button renders on the page, as raw HTML. The site's
    floating button is off; the footer's button stays on both."""
    from django.test import Client
    from home.models import ContentPage, HandWrittenLinksPage

    from wagtail_dm_button.models import MessageButtonSettings

    home = home_page()
    site_settings = MessageButtonSettings.for_site(home.get_site())
    site_settings.floating_button = False
    site_settings.save()

    def text():
        return [
            stored("heading", "Our sofas"),
            stored("paragraph", "<p>Every sofa is made to order in our workshop.</p>"),
        ]

    def publish(page):
        page = home.add_child(instance=page)
        page.save_revision().publish()
        return page.url

    buttons = []
    for number in range(PAGE_BUTTONS):
        buttons += [*text(), stored_button(button_options(number))]
    ours = publish(ContentPage(title="Sofas", slug="with-buttons", body=buttons))
    served = Client().get(ours, HTTP_HOST="localhost").content.decode()
    links = []
    for markup in button_rows(served):
        links += [*text(), stored("link", markup)]
    floor = publish(HandWrittenLinksPage(title="Sofas", slug="links", body=links))
    return {"ours": ours, "floor": floor}


def button_rows(page):
    """What each button row (``<p class="button-row">``) of a sandbox page holds:
    a button's markup, or the control's link typed in its place."""
    return re.findall(r'<p class="button-row">(.*?)</p>', page, flags=re.DOTALL)


def postgres_rows(options):
    """Row 3 on the PostgreSQL server ``options.postgres``, from a second run of
    this script (``postgres_phase``): Django is set up once a process, and this
    one's is on SQLite."""
    ran = subprocess.run(  # noqa: S603
        [
            sys.executable,
            __file__,
            "--postgres-phase",
            f"--postgres={options.postgres}",
            f"--requests={options.requests}",
        ],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return [Row(**fields) for fields in json.loads(ran.stdout.splitlines()[-1])]


def postgres_phase(options):
    """This script's second run: row 3, on a database of its own on the server."""
    with postgres_database(options.postgres) as url:
        return [served_row(prepare(url), options.requests)]


@contextlib.contextmanager
def postgres_database(server):
    """The URL of a new database on the PostgreSQL ``server`` (a URL), dropped
    afterwards with whatever is still connected to it."""
    import psycopg
    from psycopg import sql

    name = f"dm_button_bench_{uuid.uuid4().hex[:8]}"

    def url(database):
        return urlsplit(server)._replace(path=f"/{database}").geturl()

    def run(statement):
        with psycopg.connect(url("postgres"), autocommit=True) as maintenance:
            maintenance.execute(sql.SQL(statement).format(sql.Identifier(name)))

    run("CREATE DATABASE {}")
    try:
        yield url(name)
    finally:
        run("DROP DATABASE {} WITH (FORCE)")


# 9. Memory -----------------------------------------------------------------------


def memory_row(environment, requests):
    """Row 3's two pages, each from a gunicorn of one worker, 16 clients at once, in
    alternating batches: how much each worker's resident memory grows over
    ``requests``, counted from after 200 to warm up (fewer for fewer requests). A
    worker grows as it serves whatever the page; the buttons should add nothing to
    that. On SQLite only."""
    pages = served_pages()
    warm_up = min(200, requests)
    with gunicorn(environment) as ours, gunicorn(environment) as floor:
        servers = {"ours": ours, "floor": floor}
        targets = {side: (servers[side].port, path) for side, path in pages.items()}
        alternate(targets, warm_up, clients=CLIENTS, warm_up=0)
        before = {side: worker_memory(server.pid) for side, server in servers.items()}
        _latencies, _rates, made = alternate(
            targets, requests, clients=CLIENTS, warm_up=0
        )
        after = {side: worker_memory(server.pid) for side, server in servers.items()}
    growth = {side: after[side] - before[side] for side in servers}
    # A control that has not grown at all leaves no ratio, only the difference.
    ratio = growth["ours"] / growth["floor"] if growth["floor"] > 0 else None
    return Row(
        f"Worker memory growth over {made} requests, buttons page / control, SQLite",
        f"{growth['ours'] / 1e6:+.1f} MB",
        f"{growth['floor'] / 1e6:+.1f} MB",
        "–" if ratio is None else f"{ratio:.2f}",
        "growth, ours ÷ control (target ≤ 1.10), "
        f"ours − control {(growth['ours'] - growth['floor']) / 1e6:+.1f} MB; one "
        f"worker each, at {before['ours'] / 1e6:.0f} / {before['floor'] / 1e6:.0f} MB "
        f"after {warm_up} requests",
    )


def worker_memory(master):
    """The resident memory, in bytes, of the one worker of the gunicorn whose master
    is the process ``master``."""
    (worker,) = children(master)
    status = Path(f"/proc/{worker}/status").read_text()
    (kilobytes,) = re.findall(r"^VmRSS:\s+(\d+) kB$", status, flags=re.MULTILINE)
    return int(kilobytes) * 1024


def children(parent):
    """The processes whose parent is the process ``parent``, from each process's
    ``/proc/<id>/stat`` (its fourth field; not every kernel has
    ``/proc/<id>/task/<id>/children``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):  # a process that has ended meanwhile
            # The command's name, in brackets, may hold spaces and brackets.
            if int(stat.read_text().rpartition(")")[2].split()[1]) == parent:
                found.append(int(stat.parent.name))
    return found


# Serving and loading -------------------------------------------------------------


def alternate(targets, requests, *, status=200, clients=1, warm_up=50):
    """``requests`` to each of ``targets`` (a port and a path, by side) in
    alternating batches of up to 250, after ``warm_up`` each (templates compiled,
    caches filled), from ``clients`` connections at once: with one, each latency is
    the server's alone. The latencies and the requests per second of each batch, by
    side, and the requests made to each target in all."""
    batch = min(250, requests)
    batches = max(1, requests // batch)
    latencies = {side: [] for side in targets}
    rates = {side: [] for side in targets}
    with ThreadPoolExecutor(clients) as pool:

        def run(target, count):
            port, path = target
            return list(
                pool.map(fetch, [port] * count, [path] * count, [status] * count)
            )

        for target in targets.values():
            run(target, warm_up)
        for number in range(batches):
            order = list(targets.items())
            if number % 2:
                order.reverse()
            for side, target in order:
                started = time.perf_counter()
                latencies[side] += run(target, batch)
                rates[side].append(batch / (time.perf_counter() - started))
    return latencies, rates, warm_up + batch * batches


def fetch(port, path, status=200):
    """The seconds it takes to ``get`` ``path``."""
    started = time.perf_counter()
    get(port, path, status)
    return time.perf_counter() - started


def get(port, path, status=200):
    """``path``'s body from the server on ``port``, asked for as a browser asks a
    site on localhost, on a connection of its own."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "GET", path, headers={"Host": "localhost", "User-Agent": BROWSER}
    )
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != status:
        raise RuntimeError(f"{path} answered {response.status}")
    return body.decode()


class Server(NamedTuple):
    port: int
    pid: int  # gunicorn's master


@contextlib.contextmanager
def gunicorn(environment, workers=1):
    """The sandbox, served by gunicorn on a free loopback port until the block
    ends."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "sandbox.wsgi",
        ],
        env=environment,
        cwd=SANDBOX,
    )
    try:
        wait_for(port)
        yield Server(port, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} in {seconds} s")


# 6. Counting clicks --------------------------------------------------------------


def clicks_row(environment, requests):
    """The counting redirect beside a bare one, over HTTP, in alternating batches;
    then the clicks counted against the requests made."""
    from django.db.models import Sum

    from wagtail_dm_button import tokens
    from wagtail_dm_button.models import ClickCount, MessageButtonSettings

    home = home_page()
    site = home.get_site()
    site_settings = MessageButtonSettings.for_site(site)
    site_settings.count_clicks = True
    site_settings.save()
    ClickCount.objects.filter(site=site).delete()
    click = tokens.Click(site.pk, home.pk, accounts()[0].pk, "block", "Hi")
    paths = {"ours": tokens.path(click), "floor": "/bench/redirect/"}

    with gunicorn(environment) as server:
        targets = {side: (server.port, path) for side, path in paths.items()}
        _latencies, rates, made = alternate(targets, requests, status=302)
    counted = ClickCount.objects.filter(site=site).aggregate(n=Sum("clicks"))["n"]
    ratios = [a / b for a, b in zip(rates["ours"], rates["floor"], strict=True)]
    return Row(
        f"Counted click redirect / Django's RedirectView ({made - 50} requests each)",
        f"{statistics.median(rates['ours']):.0f} req/s",
        f"{statistics.median(rates['floor']):.0f} req/s",
        spread(ratios, "{:.2f}"),
        f"requests/s; {counted} of {made} clicks counted",
    )


# Timing and reporting ------------------------------------------------------------


@dataclass
class Timed:
    ours: list
    floor: list
    ratios: list

    def ratio(self):
        return spread(self.ratios, "{:.2f}")


def compare(ours, floor, rounds, number=5, ours_host="localhost"):
    """Time ``ours`` and ``floor`` in alternating order, ``number`` calls a round,
    each round after a full garbage collection, the collector left on while timing
    (the side that makes more garbage pays for it). Each call gets a new request,
    made before the clock starts: a page view has found its site before its
    content renders. ``ours`` is asked for by ``ours_host``, ``floor`` by
    localhost."""
    hosts = {ours: ours_host, floor: "localhost"}
    ours(request(ours_host)), floor(request())  # warm up
    times = {ours: [], floor: []}
    for round_number in range(rounds):
        order = [ours, floor] if round_number % 2 == 0 else [floor, ours]
        for function in order:
            requests = [request(hosts[function]) for _ in range(number)]
            gc.collect()
            started = time.perf_counter()
            for each in requests:
                function(each)
            times[function].append((time.perf_counter() - started) / number)
    ratios = [a / b for a, b in zip(times[ours], times[floor], strict=True)]
    return Timed(times[ours], times[floor], ratios)


def spread(values, form):
    low, middle, high = min(values), statistics.median(values), max(values)
    return f"{form.format(middle)} ({form.format(low)}–{form.format(high)})"


def rendering_row(name, timed, note=""):
    """The row of a ``compare`` of two renders of ``BUTTONS`` buttons each."""
    return Row(
        name, per_button(timed.ours), per_button(timed.floor), timed.ratio(), note
    )


def per_button(seconds):
    middle = statistics.median(seconds)
    return f"{middle * 1000:.1f} ms ({middle / BUTTONS * 1e6:.1f} µs/button)"


def percentile(values, number):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(number / 100 * (len(ordered) - 1)))]


def print_table(rows, *, markdown=False):
    header = Row("", "message buttons", "baseline", "ratio: median (range)", "notes")
    table = [header, *rows]
    names = list(Row.__annotations__)
    widths = [max(len(getattr(row, name)) for row in table) for name in names]
    for index, row in enumerate(table):
        cells = [
            getattr(row, name).ljust(width)
            for name, width in zip(names, widths, strict=True)
        ]
        if markdown:
            print("| " + " | ".join(cells) + " |")
            if index == 0:
                print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
            continue
        print(" | ".join(cells).rstrip())
        if index == 0:
            print("-+-".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
