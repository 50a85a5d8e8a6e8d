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
3. A sandbox page with 50 buttons beside the same page without them, served by
   gunicorn (one worker) on loopback, loaded from this process: requests per
   second, the ratio of time per request, and 99th-percentile latency.
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
"""

import argparse
import functools
import gc
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
SANDBOX = ROOT / "sandbox"
BUTTONS = 200
PAGE_BUTTONS = 50
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
    "http",
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
        "--only",
        choices=ROWS,
        action="append",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table for README.md"
    )
    options = parser.parse_args()
    only = options.only or ROWS

    workdir = Path(tempfile.mkdtemp(prefix="dm-button-bench-"))
    try:
        environment = prepare(workdir)
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
        if "http" in only:
            rows += http_rows(environment, options.requests)
        if "clicks" in only:
            rows.append(clicks_row(environment, options.requests))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_table(rows, markdown=options.markdown)


# Set-up ---------------------------------------------------------------------------


def prepare(workdir):
    """A migrated copy of the sandbox with its demo content, in ``workdir``."""
    environment = {
        **os.environ,
        "BENCH_DATABASE": str(workdir / "bench.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "PYTHONPATH": os.pathsep.join([str(SANDBOX), str(ROOT)]),
    }
    os.environ.update(environment)
    sys.path[:0] = [str(SANDBOX), str(ROOT)]

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    # The demo counts clicks; the rows compare plain buttons, and counting has a
    # row of its own (clicks_row).
    from wagtail_dm_button.models import MessageButtonSettings

    MessageButtonSettings.objects.update(count_clicks=False)
    return environment


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
    timed = compare(ours, floor, rounds)
    return rendering_row(
        f"StreamField, {BUTTONS} buttons / {BUTTONS} hand-written link blocks",
        timed,
        f"{ours_bytes / BUTTONS:.0f} / {floor_bytes / BUTTONS:.0f} bytes per button",
    )


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
    timed = compare(
        lambda request: ours_template.render({"page": page}, request),
        lambda request: floor_template.render({"page": page}, request),
        rounds,
    )
    return rendering_row(
        f"{{% message_button %}} ×{BUTTONS} / {BUTTONS} hand-written links", timed
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
    timed = compare(
        lambda each: ours_template.render({"page": home}, each),
        lambda each: floor_template.render({"page": home}, each),
        rounds,
    )
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


# 3. A whole page over HTTP -------------------------------------------------------


def http_rows(environment, requests):
    from home.models import ContentPage

    from wagtail_dm_button.models import MessageButtonSettings

    home = home_page()
    site_settings = MessageButtonSettings.for_site(home.get_site())
    site_settings.floating_button = False  # the footer's button stays on both
    site_settings.save()

    text = [
        ("heading", "Our sofas"),
        ("paragraph", "<p>Every sofa is made to order in our workshop.</p>"),
    ]
    with_buttons, without = [], []
    for number in range(PAGE_BUTTONS):
        options = button_options(number)
        with_buttons += [
            *text,
            (
                "message_button",
                {
                    "account": options.account,
                    "label": options.label,
                    "text": options.text,
                    "size": options.size,
                    "variant": options.variant,
                },
            ),
        ]
        without += text
    for slug, body in [("with-buttons", with_buttons), ("without", without)]:
        page = home.add_child(instance=ContentPage(title=slug, slug=slug, body=body))
        page.save_revision().publish()

    port = free_port()
    server = gunicorn(environment, port)
    try:
        wait_for(port)
        return load(port, requests)
    finally:
        server.terminate()
        server.wait(timeout=30)


def load(port, requests):
    """The two pages, alternating (``alternate``)."""
    paths = {"ours": "/with-buttons/", "floor": "/without/"}
    latencies, rates, _made = alternate(port, paths, requests)
    # Time per request, ours over the baseline's, as in the other rows.
    ratios = [b / a for a, b in zip(rates["ours"], rates["floor"], strict=True)]
    total = len(latencies["ours"])
    p99 = {side: percentile(values, 99) for side, values in latencies.items()}
    return [
        Row(
            f"Sandbox page over HTTP, {PAGE_BUTTONS} buttons / none "
            f"({total} requests each)",
            f"{statistics.median(rates['ours']):.0f} req/s",
            f"{statistics.median(rates['floor']):.0f} req/s",
            spread(ratios, "{:.2f}"),
            "requests/s: " + spread([1 / ratio for ratio in ratios], "{:.2f}"),
        ),
        Row(
            "… 99th-percentile latency",
            f"{p99['ours'] * 1000:.1f} ms",
            f"{p99['floor'] * 1000:.1f} ms",
            f"{p99['ours'] / p99['floor']:.2f}",
        ),
    ]


def alternate(port, paths, requests, status=200):
    """``requests`` to each of ``paths`` (by side) in alternating batches of up to
    250, after 50 each to warm up (templates compiled, caches filled); one
    connection at a time, so each latency is the server's alone. The latencies and
    the requests per second of each batch, by side, and the requests made to each
    path in all."""
    batch = min(250, requests)
    for path in paths.values():
        for _ in range(50):
            fetch(port, path, status)
    latencies = {side: [] for side in paths}
    rates = {side: [] for side in paths}
    batches = max(1, requests // batch)
    for number in range(batches):
        order = list(paths.items())
        if number % 2:
            order.reverse()
        for side, path in order:
            started = time.perf_counter()
            for _ in range(batch):
                latencies[side].append(fetch(port, path, status))
            rates[side].append(batch / (time.perf_counter() - started))
    return latencies, rates, 50 + batch * batches


def fetch(port, path, status=200):
    started = time.perf_counter()
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "GET", path, headers={"Host": "localhost", "User-Agent": BROWSER}
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != status:
        raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - started


def gunicorn(environment, port, workers=1):
    return subprocess.Popen(  # noqa: S603
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

    port = free_port()
    server = gunicorn(environment, port)
    try:
        wait_for(port)
        _latencies, rates, made = alternate(port, paths, requests, status=302)
    finally:
        server.terminate()
        server.wait(timeout=30)
    counted = ClickCount.objects.filter(site=site).aggregate(n=Sum("clicks"))["n"]
    ratios = [a / b for a, b in zip(rates["ours"], rates["floor"], strict=True)]
    return Row(
        f"Counted click redirect / Django's RedirectView ({made - 50} requests each)",
        f"{statistics.median(rates['ours']):.0f} req/s",
        f"{statistics.median(rates['floor']):.0f} req/s",
        spread(ratios, "{:.2f}"),
        f"requests/s; {counted} of {made} clicks counted",
    )


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
