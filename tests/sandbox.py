"""`make demo`'s sandbox as the tests run it: its own Django project, in a
subprocess, with ``manage.py`` on a SQLite file of the test's own.

Migrating and seeding it takes about half a minute on two cores, so a run of the
suite does it once (``seeded_sandbox`` in ``tests/conftest.py``) and each test that
starts from a seeded sandbox works on a copy.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

SANDBOX = Path(__file__).parents[1] / "sandbox"


def run(database, *args):
    """What ``python *args`` prints, run in the sandbox on the SQLite file
    ``database``; it must succeed."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=SANDBOX,
        env={
            **os.environ,
            "SANDBOX_DATABASE": str(database),
            "DJANGO_SETTINGS_MODULE": "sandbox.settings",
            "PYTHONPATH": os.pathsep.join([str(SANDBOX), str(SANDBOX.parent)]),
        },
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def made_once(tmp_path_factory, worker_id, name, make):
    """What ``make(folder)`` returns (JSON), made once for the whole run in a
    folder called ``name``, whichever worker of pytest-xdist asks first: the others
    wait for it and read what it made. The recipe pytest-xdist documents for a
    session fixture, which holds whatever worker each test goes to."""
    if worker_id == "master":  # no xdist
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent / name
    shared.mkdir(exist_ok=True)
    made = shared / "made.json"
    with FileLock(shared / "made.lock"):
        if not made.is_file():
            made.write_text(json.dumps(make(shared)))
    return json.loads(made.read_text())
