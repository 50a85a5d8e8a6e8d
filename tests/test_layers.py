"""The package's modules stand in layers (pyproject.toml, ``[tool.importlinter]``):
each imports only from the layers below it, deferred imports included, so no two
modules import each other, and models.py imports nothing that renders."""

import subprocess
import sys
from pathlib import Path

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def test_no_module_imports_from_a_layer_above_its_own():
    # In a process of its own: import-linter configures logging with
    # ``dictConfig``, which silences every logger already made (the package's
    # too) for the rest of the process that runs it.
    checked = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            f"sys.exit(lint_imports(config_filename={str(PYPROJECT)!r}))",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=PYPROJECT.parent,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
