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

.PHONY: run test system system-test venv node db redis messages migrate demo admin-user serve clean

run: system venv node db redis messages migrate demo admin-user
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Serving OCOP-GIS on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# The background-job worker lives as long as the server.
	$(PY) manage.py jobs_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	  DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

test: system-test venv node db redis messages
	$(PY) -m pytest

system:
	@bash scripts/setup_system.sh run

system-test:
	@bash scripts/setup_system.sh test

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || /usr/bin/python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
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
	@$(PY) manage.py compilemessages -v0 --ignore=.venv

migrate:
	$(PY) manage.py migrate --noinput -v0

demo:
	$(PY) manage.py load_demo

# Load test on loopback (docs/load.md) and a database backup (docs/backup.md).
.PHONY: load backup
load: venv
	$(PY) bench/load.py --seconds 15 --max-requests 5000

backup: venv
	$(PY) manage.py backup_db

admin-user:
	@$(PY) manage.py ensure_admin
	@$(PY) manage.py ensure_roles --demo-users

clean:
	rm -rf $(VENV) var node_modules
