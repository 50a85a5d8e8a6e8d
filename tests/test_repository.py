"""Repository hygiene users expect of a Wagtail package: the GitHub workflow mirrors
the nox matrix and pins its actions; the classifiers name exactly what is tested."""

import re
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib
import yaml

ROOT = Path(__file__).parents[1]


@pytest.fixture
def workflow():
    return yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())


def nox_matrix():
    source = (ROOT / "noxfile.py").read_text()
    block = source.split("MATRIX = [", 1)[1].split("]", 1)[0]
    return re.findall(r'\("([\d.]+)", "([\d.]+)", "([\d.]+)"\)', block)


def test_the_workflow_runs_the_nox_matrix(workflow):
    include = workflow["jobs"]["tests"]["strategy"]["matrix"]["include"]
    assert [(i["python"], i["django"], i["wagtail"]) for i in include] == nox_matrix()
    assert {"lint", "tests", "postgres", "wheel"} <= set(workflow["jobs"])


def test_every_action_is_pinned_to_a_commit(workflow):
    uses = [
        step["uses"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    ]
    assert uses
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action) for action in uses)


def test_the_classifiers_name_exactly_the_tested_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    matrix = nox_matrix()
    classifiers = project["classifiers"]
    pythons = {
        c.rsplit(" ", 1)[1] for c in classifiers if re.search(r"Python :: 3\.\d+$", c)
    }
    djangos = {
        c.rsplit(" ", 1)[1] for c in classifiers if "Framework :: Django ::" in c
    }
    wagtails = {
        c.rsplit(" ", 1)[1] for c in classifiers if "Framework :: Wagtail ::" in c
    }
    assert pythons == {p for p, _, _ in matrix}
    assert djangos == {d for _, d, _ in matrix}
    assert wagtails == {w.split(".")[0] for _, _, w in matrix}
    assert project["requires-python"] == ">=3.10"
    assert "Django>=5.2" in project["dependencies"]
    assert "wagtail>=7.0" in project["dependencies"]


def test_every_job_that_runs_the_suite_downloads_the_filter_lists(workflow):
    """The ad-blocker tests read the lists from DM_BUTTON_FILTER_LISTS; in GitHub's
    CI that is a folder .github/download-filter-lists fills from the publishers."""
    for name, job in workflow["jobs"].items():
        runs = [step.get("run", "") for step in job["steps"]]
        if not any(run.startswith("nox ") for run in runs):
            continue
        fetch = [run for run in runs if "download-filter-lists" in run]
        assert fetch, f"job {name} runs the suite without the filter lists"
        folder = fetch[0].split()[1].strip('"')
        assert f"DM_BUTTON_FILTER_LISTS={folder}" in fetch[0]
        assert runs.index(fetch[0]) < next(
            index for index, run in enumerate(runs) if run.startswith("nox ")
        )


def test_the_download_names_the_lists_the_tests_read():
    script = (ROOT / ".github" / "download-filter-lists").read_text()
    for name in (
        "adguard_social_general_elemhide.txt",
        "fanboy_annoyance_general_hide.txt",
        "fanboy_social_general_hide.txt",
    ):
        assert re.search(rf"^  {re.escape(name)} \\$", script, re.M), name
