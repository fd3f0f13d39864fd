# The project's verbs. `make run` serves the site, `make test` runs every check.
# Both set everything up first: a Python >= 3.12 (PYTHON= overrides), .venv, the pinned dependencies.

HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := DJANGO_LOCAL=$${DJANGO_LOCAL:-true} $(PY) manage.py
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run setup db test lint format migrations-check hadolint chromium pytest pytest-postgres screenshots loadtest redis-server bench-search bench-pages bench-plan clean

help:
	@echo "make run    set up and serve the site on http://$(HOST):$(PORT) (gunicorn, SQLite in var/)"
	@echo "make test   set up and run the whole suite: lint, migrations, Dockerfile, pytest, browser tests"
	@echo "make loadtest   gunicorn as make run serves it, on a scratch database, driven by wrk"
	@echo "make bench-search   search latency, full-text vs icontains, 100,000 questions (QUESTIONS=)"
	@echo "make bench-pages    page latency uncached, the bank vs 100,000 questions (QUESTIONS=)"
	@echo "make bench-plan     the study planner's cost at 1,000 questions and 90 days"
	@echo "make lint | format | screenshots | clean"

# Rebuilt when pyproject.toml changes or the venv's Python is missing.
$(STAMP): pyproject.toml bin/find-python
	@python_bin=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Creating $(VENV) with $$python_bin"; rm -rf $(VENV); "$$python_bin" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install -qq --disable-pip-version-check --upgrade "pip>=25.1"
	$(PY) -m pip install -qq --disable-pip-version-check --group dev
	@touch $(STAMP)

setup: $(STAMP)

db: $(STAMP)
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) rebuild_search_index
	$(MANAGE) ensure_superuser
	$(MANAGE) collectstatic --noinput --verbosity 0

# gunicorn.conf.py: worker threads, worker recycling, workers forked from one preloaded app.
run: db
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Create an admin with: DJANGO_LOCAL=true $(PY) manage.py createsuperuser"
	@echo ""
	@# The task worker sends mail (password resets) outside requests; it stops with the server.
	$(MANAGE) db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_LOCAL=$${DJANGO_LOCAL:-true} $(VENV)/bin/gunicorn -c gunicorn.conf.py interviewprep.wsgi \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --forwarded-allow-ips 127.0.0.1

test: setup lint migrations-check hadolint chromium pytest pytest-postgres

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	$(MANAGE) makemigrations --check --dry-run

hadolint: $(STAMP)
	$(VENV)/bin/hadolint Dockerfile

# $(call debian_package,PACKAGE,PROGRAM,PURPOSE): install Debian's PACKAGE when PROGRAM is
# missing and we may (root, apt-get); otherwise stop and say how.
define debian_package
@if ! command -v $(2) >/dev/null; then \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's $(1) for $(3)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null || exit 1; \
	else \
		echo "$(2) is missing (needed for $(3)). Install it: sudo apt-get install $(1)"; exit 1; \
	fi; \
fi
endef

# Browser tests drive Debian's Chromium; install it when missing and we may, else say how.
chromium:
	$(call debian_package,chromium,/usr/bin/chromium,the browser tests)

# Everything but the two-instance test, which needs PostgreSQL and runs in the pass below.
pytest: $(STAMP) chromium
	TEST_DATABASE_URL= $(VENV)/bin/pytest -m "not scale_out" $(PYTEST_ARGS)

# The database tests again on PostgreSQL, when TEST_DATABASE_URL names one (.ci/run sets it),
# with tests/test_scale_out.py: two gunicorn instances on it and a redis-server of their own.
pytest-postgres: $(STAMP)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "Running the database tests and the two-instance test on PostgreSQL ($$TEST_DATABASE_URL)"; \
		$(MAKE) --no-print-directory redis-server || exit 1; \
		$(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS) || exit 1; \
	else \
		echo "PostgreSQL run (and the two-instance test) did NOT happen: TEST_DATABASE_URL is not set."; \
	fi

# Screenshots of the site `make run` serves (start it first), into var/screenshots/.
screenshots: $(STAMP) chromium
	$(PY) bin/screenshots http://$(HOST):$(PORT)

# Search latency on scratch databases (var/bench/, and PostgreSQL's interviewprep_bench when a
# server answers on 127.0.0.1:5432 or BENCH_DATABASE_URL names one). Results: docs/performance.md.
QUESTIONS ?= 100000
bench-search: $(STAMP)
	@mkdir -p var/bench
	DJANGO_SETTINGS_MODULE=tools.bench.settings $(MANAGE) bench_search --questions $(QUESTIONS)

# Pages (home, list, topic, question, search) uncached, at the bank's size and with QUESTIONS
# more, on scratch databases (var/bench/pages.sqlite3, PostgreSQL's interviewprep_pages_bench).
bench-pages: $(STAMP)
	@mkdir -p var/bench
	DJANGO_SETTINGS_MODULE=tools.bench.settings $(MANAGE) bench_pages --questions $(QUESTIONS)

# The study planner at 1,000 questions and 90 days: pure, then through the database on a scratch
# SQLite file (var/bench/plan.sqlite3). Results: docs/performance.md.
bench-plan: $(STAMP)
	@mkdir -p var/bench
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/plan.sqlite3 DJANGO_SETTINGS_MODULE=tools.bench.settings \
		$(MANAGE) bench_plan

# Pages against a trivial view under make run's gunicorn, on a scratch var dir (bin/loadtest);
# a second column on PostgreSQL (a scratch database) with Redis when a server answers locally.
LOADTEST_PORT ?= 8040
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/interviewprep_loadtest
loadtest: $(STAMP)
	$(call debian_package,wrk,wrk,the load test)
	@if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
		$(MAKE) --no-print-directory redis-server && \
		$(PY) bin/loadtest --port $(LOADTEST_PORT) --workers $(WORKERS) \
			--database-url $(LOADTEST_DATABASE_URL); \
	else \
		echo "No PostgreSQL on 127.0.0.1:5432: the PostgreSQL + Redis column is left out."; \
		$(PY) bin/loadtest --port $(LOADTEST_PORT) --workers $(WORKERS); \
	fi

redis-server:
	$(call debian_package,redis-server,/usr/bin/redis-server,the two-instance test and the PostgreSQL + Redis load test)

clean:
	rm -rf $(VENV) var .ruff_cache
