"""The support matrix, PostgreSQL and the built wheel.

    nox -s tests        every Python/Django/Wagtail combination below
    nox -s postgres     the newest combination on PostgreSQL (DATABASE_URL)
    nox -s wheel        build sdist and wheel, `twine check`, and run the suite
                        against the installed wheel, not the repository; on
                        PostgreSQL when DATABASE_URL is set (CI runs it so)

The interpreters come from pyenv where it is there (``pyenv versions``).
"""

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYENV_VERSIONS = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
for version in sorted(PYENV_VERSIONS.glob("3.1[0-3].*")):
    os.environ["PATH"] = f"{version / 'bin'}{os.pathsep}{os.environ['PATH']}"

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "postgres", "wheel"]

#: (Python, Django, Wagtail): the lowest and highest supported, and the LTSs.
MATRIX = [
    ("3.10", "5.2", "7.0"),
    ("3.11", "5.2", "7.4"),
    ("3.12", "6.0", "7.4"),
    ("3.13", "6.1", "8.0"),
]
NEWEST = MATRIX[-1]

#: Quiet, on every core (pytest-xdist), tests handed out in order (see Makefile).
PYTEST = ["-q", "--numprocesses", "auto", "--dist", "load"]
#: The matrix leaves out the tests of make bench's scripts, the developers' tools:
#: `make test` runs them on the development versions, the wheel session on the
#: newest.
MATRIX_PYTEST = [*PYTEST, "-m", "not bench"]

#: The matrix runs on SQLite, whatever DATABASE_URL the shell has.
SQLITE = {"DATABASE_URL": ""}


def install(session, django, wagtail, *extra):
    # --no-compile: as in the Makefile, only what is imported gets compiled.
    session.install(
        "--no-compile",
        *extra,
        f"Django~={django}.0",
        f"wagtail~={wagtail}.0",
        silent=True,
    )


@nox.session
@nox.parametrize(
    ("python", "django", "wagtail"),
    MATRIX,
    ids=[f"py{p}-django{d}-wagtail{w}" for p, d, w in MATRIX],
)
def tests(session, django, wagtail):
    # wagtail-cache 3 declares Wagtail < 8; where it installs, its tests run.
    extra = ["wagtail-cache>=3.0"] if int(wagtail.split(".")[0]) < 8 else []
    install(session, django, wagtail, "-e", ".[test]", *extra)
    session.run("python", "-m", "pytest", *MATRIX_PYTEST, *session.posargs, env=SQLITE)


@nox.session(python=NEWEST[0])
def postgres(session):
    """The newest combination on PostgreSQL: set DATABASE_URL."""
    if "DATABASE_URL" not in os.environ:
        session.error("Set DATABASE_URL=postgres://user:password@host:port/name")
    install(session, *NEWEST[1:], "-e", ".[test]", "psycopg[binary]>=3.1")
    session.run("python", "-m", "pytest", *PYTEST, *session.posargs)


@nox.session(python=NEWEST[0])
def wheel(session):
    """What users install: a missing template, static file, migration or .mo file
    in the wheel fails the suite here. The database is DATABASE_URL's if set
    (SQLite otherwise): CI tests the wheel on PostgreSQL, so the newest
    combination runs once on each database without a third run."""
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.install("build", "twine", silent=True)
    session.run("python", "-m", "build", "--outdir", str(dist), silent=True)
    session.run("twine", "check", "--strict", *map(str, dist.iterdir()))
    (built,) = dist.glob("*.whl")
    extra = ["psycopg[binary]>=3.1"] if os.environ.get("DATABASE_URL") else []
    install(session, *NEWEST[1:], f"{built}[test]", *extra)

    # The tests, the sandbox, the benchmark and the README, away from the
    # repository's package.
    work = Path(session.create_tmp()) / "installed"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    for name in [
        "tests",
        "tests_swapped",
        "sandbox",
        "benchmarks",
        "README.md",
        "noxfile.py",
        "pyproject.toml",
        ".github",
    ]:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, work / name)
    # The suite's marks, as pyproject.toml declares them. (tomllib needs Python
    # 3.11, which runs nox wherever this session runs: .venv here, 3.13 on GitHub.)
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    markers = pyproject["tool"]["pytest"]["ini_options"]["markers"]
    (work / "pytest.ini").write_text(
        "[pytest]\nDJANGO_SETTINGS_MODULE = tests.settings\ntestpaths = tests\n"
        "addopts = --strict-markers -ra\nmarkers =\n"
        + "".join(f"    {marker}\n" for marker in markers)
    )
    session.chdir(work)
    session.run(
        "python",
        "-c",
        "import wagtail_dm_button as p; assert 'site-packages' in p.__file__",
    )
    session.run(
        "python",
        "-m",
        "pytest",
        *PYTEST,
        *session.posargs,
        env={"DM_BUTTON_NODE_MODULES": str(ROOT / ".cache/node/node_modules")},
    )
