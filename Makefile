# The two commands: `make demo` and `make test`. Each makes .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# axe-core (accessibility) and vnu-jar (HTML validator) for the browser tests,
# installed from npm, never committed.
NODE_TOOLS := .cache/node
NODE_INSTALLED := $(NODE_TOOLS)/.installed

.PHONY: install node-tools test lint demo screenshots matrix bench clean

# --no-compile: Python compiles what is imported when it is first imported, and
# that is a fraction of what pip would compile (about 18 s of a 58 s install).
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -e ".[test,dev]"
	touch $(INSTALLED)

install: $(INSTALLED)

$(NODE_INSTALLED):
	mkdir -p $(NODE_TOOLS)
	npm install --no-save --no-audit --no-fund --silent --prefix $(NODE_TOOLS) axe-core@4 vnu-jar
	touch $(NODE_INSTALLED)

node-tools: $(NODE_INSTALLED)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite on every core (pytest-xdist); `.venv/bin/pytest` alone runs it in one
# process. `load` hands tests out in their order as workers free up, so no worker
# meets a test that needs Wagtail's initial data after a transactional test has
# emptied its database (pytest-django orders those last; work stealing took tests
# from the end of another worker's queue and broke that order).
test: lint node-tools
	$(BIN)/python -m pytest --numprocesses auto --dist load

# Every supported Python/Django/Wagtail combination, PostgreSQL (DATABASE_URL) and
# the built wheel (noxfile.py).
matrix: install node-tools
	$(BIN)/nox

# Speed and weight beside hand-written links, side by side in one run: prints a
# table (benchmarks/bench.py; about 25 minutes on 2 cores, most of it the memory
# row's 40,000 requests). The served page is measured on PostgreSQL too, with
# psycopg: .ci/postgres starts Debian's PostgreSQL (installing it if missing) and
# prints its URL. Never part of `make test`.
bench: install
	$(BIN)/python -m pip install --quiet --no-compile "psycopg[binary]>=3.1"
	url=$$(.ci/postgres) && $(BIN)/python benchmarks/bench.py --postgres "$$url"

# Regenerate the pictures in docs/ (the browser tests take them).
screenshots: install node-tools
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -k "screenshot or message_link_editor"

demo: install
	cd sandbox && ../$(BIN)/python manage.py migrate --noinput
	cd sandbox && ../$(BIN)/python manage.py seed_demo
	cd sandbox && ../$(BIN)/python manage.py runserver 127.0.0.1:8000

clean:
	rm -rf $(VENV) .cache sandbox/db.sqlite3 build dist *.egg-info
