"""The sandbox, as production runs it: DEBUG off, a database of the benchmark's own.

``bench.py`` sets ``BENCH_DATABASE``: a SQLite file, or the URL of a PostgreSQL
database (``postgres://user:password@host:port/name``). The hand-written link
block's template lives in ``benchmarks/templates``, and the bare redirect the
counting one is compared with in ``benchmarks/urls.py``.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sandbox.settings import *  # noqa: F403
from sandbox.settings import DATABASES, TEMPLATES

DEBUG = False
if os.environ["BENCH_DATABASE"].startswith(("postgres://", "postgresql://")):
    _url = urlsplit(os.environ["BENCH_DATABASE"])
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": unquote(_url.username or ""),
        "PASSWORD": unquote(_url.password or ""),
        "HOST": _url.hostname or "",
        "PORT": str(_url.port or ""),
        # As on SQLite: a connection kept between requests, not opened for each.
        "CONN_MAX_AGE": 60,
    }
else:
    DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE"]
TEMPLATES[0]["DIRS"].append(Path(__file__).parent / "templates")
ROOT_URLCONF = "benchmarks.urls"
