"""``make bench`` keeps working: the benchmark runs end to end, a round of each
comparison and a few requests, and prints every row: the served page's on
PostgreSQL too when ``DATABASE_URL`` names a server, as in CI. It times nothing
here: the suite asserts no timings (the figures are in README.md, from a full
run)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.bench]


def printed(script, *arguments):
    """What ``benchmarks/<script>`` prints, run with ``arguments``; it must
    succeed."""
    ran = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    return ran.stdout


def test_the_benchmark_runs_and_prints_every_row(seeded_sandbox):
    table = printed(
        "bench.py",
        "--rounds=1",
        "--requests=20",
        "--memory-requests=20",
        f"--seeded={seeded_sandbox}",
    )
    rows = table.splitlines()
    databases = (
        ["SQLite", "PostgreSQL"] if os.environ.get("DATABASE_URL") else ["SQLite"]
    )
    for row in [
        "StreamField, 200 buttons / 200 hand-written link blocks",
        "{% message_button %} ×200 / 200 hand-written links",
        *(
            f"Served page, 50 buttons / 50 hand-written links, {database} "
            "(20 requests each)"
            for database in databases
        ),
        "Worker memory growth over 20 requests, buttons page / control, SQLite",
        "Floating contact card, 4 options / 4 hand-written links",
        "StreamField, 200 buttons with opening hours / without",
        "StreamField, 200 buttons with message variables / typed out",
        "StreamField, 200 buttons on a site counting clicks / not counting",
        "Counted click redirect / Django's RedirectView",
    ]:
        assert any(line.startswith(row) for line in rows), table
    served = [line for line in rows if line.startswith("Served page")]
    assert len(served) == len(databases)
    for line in served:
        assert "both pages byte-identical as served (50 links)" in line
    (variables,) = [line for line in rows if "message variables" in line]
    assert "the same markup" in variables
    (counting,) = [line for line in rows if "counting clicks" in line]
    assert "200 of 200 links counted" in counting
    (clicks,) = [line for line in rows if line.startswith("Counted click")]
    assert "70 of 70 clicks counted" in clicks  # 50 to warm up, 20 timed


def test_where_the_time_goes_splits_each_render_into_parts_that_add_up(seeded_sandbox):
    # Asked for last to first, the rows still run in their order: the served
    # page's turns the floating card off, which the card's row shows.
    asked = [f"--only={row}" for row in ["served", "card", "tag", "streamfield"]]
    tables = (
        printed(
            "where_time_goes.py", *asked, "--renders=2", f"--seeded={seeded_sandbox}"
        )
        .strip()
        .split("\n\n")
    )
    assert [table.split(":")[0] for table in tables] == [
        "streamfield",
        "tag",
        "card",
        "served",
    ]
    # The buttons of a page shown before are kept, a card's options among them,
    # and every button comes through the rendering path. The card has its
    # avatar and templates. A view of the buttons page leaves more garbage than
    # the collector lets pass without a pass.
    each = {"queries (ORM and database)", "kept markup", "rendering path"}
    parts = {
        "streamfield": each,
        "tag": each,
        "card": {*each, "card"},
        "served": {*each, "garbage collector"},
    }
    for table in tables:
        rows = {
            line.split("|")[0].strip(): line.split("|")[1:]
            for line in table.splitlines()[2:]
        }
        assert parts[table.split(":")[0]] <= {name.split(":")[0] for name in rows}
        for side in (0, 1):
            shares = [
                int(cells[side].split()[-1].rstrip("%"))
                for name, cells in rows.items()
                if name != "total"
            ]
            assert abs(sum(shares) - 100) <= len(shares)  # each share is rounded


def test_the_benchmark_says_at_once_when_postgresql_needs_psycopg(seeded_sandbox):
    # A Python without psycopg: a module set to None in sys.modules is one
    # that cannot be imported (the import system's documented way to block one).
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy, sys\n"
            "sys.modules['psycopg'] = None\n"
            "sys.argv = sys.argv[1:]\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')",
            str(ROOT / "benchmarks" / "bench.py"),
            "--only=served",
            "--requests=2",
            "--postgres=postgres://nobody@127.0.0.1:1/none",
            f"--seeded={seeded_sandbox}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert ran.returncode == 2, ran.stderr[-3000:]
    assert "pip install 'psycopg[binary]>=3.1'" in ran.stderr
    assert ran.stdout == ""  # no row was run first
