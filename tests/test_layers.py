"""The package's modules stand in layers (pyproject.toml, ``[tool.importlinter]``):
each imports only from the layers below it, deferred imports included, so no two
modules import each other, and models.py imports nothing that renders."""

from pathlib import Path

from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def test_no_module_imports_from_a_layer_above_its_own(capsys):
    assert lint_imports(config_filename=str(PYPROJECT)) == 0, capsys.readouterr().out
