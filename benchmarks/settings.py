"""The sandbox, as production runs it: DEBUG off, a database of the benchmark's own.

``bench.py`` sets ``BENCH_DATABASE``; the hand-written link block's template lives
in ``benchmarks/templates``, and the bare redirect the counting one is compared with
in ``benchmarks/urls.py``.
"""

import os
from pathlib import Path

from sandbox.settings import *  # noqa: F403
from sandbox.settings import DATABASES, TEMPLATES

DEBUG = False
DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE"]
TEMPLATES[0]["DIRS"].append(Path(__file__).parent / "templates")
ROOT_URLCONF = "benchmarks.urls"
