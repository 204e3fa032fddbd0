# Program Planner — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := PROGRAM_PLANNER_CONFIG=development $(BIN)/flask --app program_planner
STAMP := $(VENV)/.installed

.PHONY: run test install translations lint format bench clean-db screenshots upgrade lock-check \
	check-wheel

UV_VERSION := 0.13.8
UV := UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv

# Install exactly what uv.lock records (versions and hashes); refuse a lock out of date with pyproject.
$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test "$$($(BIN)/uv --version 2>/dev/null | cut -d" " -f2)" = "$(UV_VERSION)" || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --quiet --locked --inexact --extra dev --python $(BIN)/python
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	@$(BIN)/pybabel compile -d program_planner/translations

## run: install, migrate the SQLite database in instance/, load demo data once, then serve on :5000
## and run a queue worker beside the web server; Ctrl-C stops both
run: install
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) serve --host 127.0.0.1 --port 5000

## test: the whole suite (SQLite always; PostgreSQL and Chromium when present)
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## check-wheel: build the wheel, install it in a fresh venv outside the checkout, migrate a new
## SQLite database and serve pages with gunicorn (0.5-3 min; .ci/run calls it)
check-wheel: $(STAMP)
	timeout 600 .ci/check-wheel

## lock-check: fail when uv.lock no longer matches pyproject.toml
lock-check: $(STAMP)
	$(UV) lock --check

## upgrade: take the newest versions pyproject.toml allows into uv.lock, install them, run the suite
upgrade:
	test -x $(BIN)/uv || $(MAKE) $(STAMP)
	$(UV) lock --upgrade
	$(UV) sync --locked --inexact --extra dev --python $(BIN)/python
	touch $(STAMP)
	$(MAKE) test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check program_planner tests config.py wsgi.py setup.py

format: $(STAMP)
	$(BIN)/ruff format program_planner tests config.py wsgi.py setup.py
	$(BIN)/ruff check --fix .

## extract new strings into the French catalogue
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o program_planner/translations/messages.pot .
	$(BIN)/pybabel update -i program_planner/translations/messages.pot -d program_planner/translations

clean-db:
	rm -f instance/program_planner.sqlite3*

## bench: generate the library system at full scale and 1/100, print the ratios (SCALE=0.1 for a quick look)
bench: install
	$(BIN)/python benchmarks/run.py $(if $(SCALE),--scale $(SCALE),) $(BENCH_ARGS)

## screenshots of the main pages into docs/screenshots/ (needs chromium)
screenshots: install
	$(BIN)/python docs/make_screenshots.py
