# Two commands for a fresh machine with Python 3.11, pip and make:
#   make run    set up, migrate, load the plan, demo data and demo accounts (new database
#               only; the accounts' demo passwords are printed then), serve on :8501
#   make test   set up and run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: run test install lint bench load report screenshots i18n clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/actionplan init
	$(BIN)/actionplan seed --demo --if-empty
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --durations=15

# Page timings beside the floor page and SQL statement counts at 1x and 100x data, SQLite and
# PostgreSQL, then the write services over 100 calls (minutes; not part of `make test`).
# 1000x: python -m tests.benchmarks.bench_pages --dialect postgresql --scale 1000 --keep DIR;
# EXPLAIN of every page's reads: add --explain. Results and method: docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.bench_pages
	$(BIN)/python -m tests.benchmarks.bench_writes

# N = 1, 5, 10, 20 browser sessions at once against one server on a 100x PostgreSQL database
# (Playwright + /usr/bin/chromium; many minutes; not part of `make test`): docs/benchmarks.md.
load: $(STAMP)
	$(BIN)/python -m tests.benchmarks.load

# The demo plan's progress report (build/progress-report.pdf) from a fresh demo database, and
# its pages as PNG (build/progress-report-page-N.png) to look at. Not part of `make test`;
# needs chromium, fonts-dejavu-core and poppler-utils (Debian packages, as .ci/run installs).
REPORT_DB := sqlite:///build/report-demo.db
REPORT_AS_OF ?= 2007-09-30
report: $(STAMP)
	mkdir -p build
	rm -f build/report-demo.db build/progress-report*.png
	DATABASE_URL=$(REPORT_DB) $(BIN)/actionplan init
	DATABASE_URL=$(REPORT_DB) $(BIN)/actionplan seed --demo >/dev/null
	DATABASE_URL=$(REPORT_DB) $(BIN)/actionplan report --plan XK-2005-2007 \
		--as-of $(REPORT_AS_OF) --out build/progress-report.pdf
	pdftoppm -r 80 -png build/progress-report.pdf build/progress-report-page

# Every page for every role at 1440×900 (build/screenshots/<role>-<page>-<n>.png), from a
# fresh demo database and a real `streamlit run` in /usr/bin/chromium, to look at. Not part
# of `make test`. Narrow it with ARGS="--roles donor --pages funding".
screenshots: $(STAMP)
	$(BIN)/python -m tests.screenshots $(ARGS)

# Extract every translatable text into build/messages.pot and update the catalogs under
# models/locales (new msgids arrive untranslated; `make test` then fails until translated),
# then list what is left to translate (`actionplan translations`).
LANGUAGES := sq sr_Latn
i18n: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap \
		--add-comments=Translators: --project="Action Plan Monitor" -o build/messages.pot .
	for lang in $(LANGUAGES); do \
		if [ -f models/locales/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update -i build/messages.pot -d models/locales -l $$lang \
				--no-fuzzy-matching --ignore-obsolete --no-wrap || exit 1; \
		else \
			$(BIN)/pybabel init -i build/messages.pot -d models/locales -l $$lang --no-wrap || exit 1; \
		fi; \
	done
	$(BIN)/python -m models.cli translations

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
