"""The sandbox, as production runs it: DEBUG off, a database of the benchmark's own.

``bench.py`` sets ``BENCH_DATABASE``: a SQLite file, or the URL of a PostgreSQL
database (``postgres://user:password@host:port/name``). The hand-written link
block's template lives in ``benchmarks/templates``, and the bare redirect the
counting one is compared with in ``benchmarks/urls.py``.
"""

import os
from pathlib import Path

import dj_database_url
from sandbox.settings import *  # noqa: F403
from sandbox.settings import DATABASES, TEMPLATES

DEBUG = False
if os.environ["BENCH_DATABASE"].startswith(("postgres://", "postgresql://")):
    # As on SQLite: a connection kept between requests, not opened for each.
    DATABASES["default"] = dj_database_url.parse(
        os.environ["BENCH_DATABASE"], conn_max_age=60
    )
else:
    DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE"]
TEMPLATES[0]["DIRS"].append(Path(__file__).parent / "templates")
ROOT_URLCONF = "benchmarks.urls"
