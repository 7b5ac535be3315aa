# Two entry points: `make run` (serve the bundled corpus) and `make test`; `make lint` for the code's hygiene.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Serve and watch corpus/ together: Ctrl-C (or the server's end) stops the watcher too.
run: $(VENV)/.installed
	$(BIN)/searchapp index rebuild --if-missing
	$(BIN)/searchapp index watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null; wait $$watcher' EXIT INT TERM; \
	PORT=$(PORT) $(BIN)/gunicorn --config python:searchapp.web.gunicorn_conf wsgi:app

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
