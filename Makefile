# The two commands: `make demo` and `make test`. Each makes .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install test lint demo clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

demo: install
	cd sandbox && ../$(BIN)/python manage.py migrate --noinput
	cd sandbox && ../$(BIN)/python manage.py seed_demo
	cd sandbox && ../$(BIN)/python manage.py runserver 127.0.0.1:8000

clean:
	rm -rf $(VENV) sandbox/db.sqlite3 build dist *.egg-info
