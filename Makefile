# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint system-deps postgres bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## make run: set up and start the bot on the embedded default (SQLite, demo data, local stand-ins)
run: $(STAMP)
	$(PY) -m bot run

## make test: set up (venv, system packages, PostgreSQL) and pass the whole suite
test: $(STAMP) system-deps postgres
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check bot conversations domain storage tests bench
	$(PY) -m pytest -q
	$(PY) -m bot replay scenarios/

system-deps:
	@bash scripts/install-system-deps.sh

postgres:
	@bash scripts/ensure-postgres.sh

bench: $(STAMP)
	@bash scripts/install-system-deps.sh bench
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) data/*.sqlite3* .pytest_cache
