# Two commands for a fresh machine with Python 3.11, pip and make:
#   make run    set up, migrate, load the plan, demo data and demo accounts (new database
#               only; the accounts' demo passwords are printed then), serve on :8501
#   make test   set up and run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: run test install lint bench clean

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

# Page timings and SQL statement counts at 1x and 100x data, SQLite and PostgreSQL (minutes;
# not part of `make test`). Results and method: docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.bench_pages

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
