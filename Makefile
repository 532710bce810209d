# Two entry points for a fresh Debian 12 machine (as root, or a user with sudo):
#   make run   - install everything, load the demo province, serve on 127.0.0.1:8000
#   make test  - install everything, run the whole test suite against a real PostGIS
# Both are safe to re-run; steps that are already done are skipped quickly.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# A DATABASE_URL from the environment is the user's own PostGIS: we use it as it
# is. Otherwise we manage a local cluster with a role and database of our own.
ifeq ($(origin DATABASE_URL),undefined)
export DATABASE_URL := postgis://ocop:ocop@127.0.0.1:5432/ocop_gis
export OCOP_LOCAL_DB := 1
endif
# Likewise Redis (background jobs, shared caches): a REDIS_URL you give is only checked.
ifeq ($(origin REDIS_URL),undefined)
export REDIS_URL := redis://127.0.0.1:6379/0
else
export OCOP_REDIS_GIVEN := 1
endif

# `make lock` re-resolves requirements/*.in into the lock files after a change of a direct pin.
UV := .venv-tools/bin/uv
UV_COMPILE := $(UV) pip compile --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --quiet --custom-compile-command "make lock" --annotation-style line

.PHONY: run test test-fast system system-test venv node db redis messages migrate demo admin-user serve clean

run: system venv node db redis messages migrate demo admin-user
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Serving OCOP-GIS on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# The background-job worker lives as long as the server.
	$(PY) manage.py jobs_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	  DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

test: system-test venv node db redis messages
	$(PY) -m pytest

# The inner loop: everything but the Chromium journeys (-m browser) and the tests of about 10 s or more that
# start servers of their own (-m slow; tests/conftest.py), stopping at the first failure.
test-fast: venv node db redis messages
	$(PY) -m pytest -m "not browser and not slow" -x -q

system:
	@bash scripts/setup_system.sh run

system-test:
	@bash scripts/setup_system.sh test

venv: $(VENV)/.installed

# The working environment holds the runtime and the test tools, every package locked
# (requirements/test.txt). A production server installs requirements.txt alone (docs/development.md).
$(VENV)/.installed: requirements.txt requirements/test.txt
	test -x $(PY) || /usr/bin/python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/test.txt
	# The OGC validator in its own environment: it pins libraries the project's tools need newer (issue 18).
	test -x .venv-ogctests/bin/python || /usr/bin/python3 -m venv .venv-ogctests
	.venv-ogctests/bin/python -m pip install -q ogctests==0.1.15
	touch $@

# Browser libraries pinned in package-lock.json (served as static files, never from a CDN).
node: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

db:
	@PYTHON=$(PY) bash scripts/ensure_db.sh

redis:
	@bash scripts/ensure_redis.sh

messages:
	@$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=.venv-ogctests

migrate:
	$(PY) manage.py migrate --noinput -v0

demo:
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_tours

# Production server: gunicorn gthread workers with keep-alive, DEBUG off, hashed compressed static files,
# persistent database connections, and the job worker, each under supervisord (scripts/serve.sh,
# deploy/supervisord.conf, gis_app/gunicorn_conf.py; docs/deploy.md). PORT, HOST, WORKERS, THREADS from
# the environment.
serve: venv node db redis messages migrate
	PORT=$(PORT) HOST=$(HOST) bash scripts/serve.sh

# Load test on loopback (docs/load.md) and a database backup (docs/backup.md).
.PHONY: load backup lock
load: venv
	$(PY) bench/load.py --seconds 15 --max-requests 5000

backup: venv
	$(PY) manage.py backup_db

lock:
	test -x $(UV) || (/usr/bin/python3 -m venv .venv-tools && .venv-tools/bin/pip install -q uv==0.13.9)
	$(UV_COMPILE) requirements/runtime.in -o requirements.txt
	$(UV_COMPILE) requirements/test.in -o requirements/test.txt
	$(UV_COMPILE) requirements/bench.in -o requirements/bench.txt

admin-user:
	@$(PY) manage.py ensure_admin
	@$(PY) manage.py ensure_roles --demo-users

clean:
	rm -rf $(VENV) .venv-tools var node_modules
