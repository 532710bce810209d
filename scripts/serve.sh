#!/usr/bin/env bash
# The production server (`make serve`; `make load` and bench/peers start the app the same way).
#   PORT=8000 WORKERS=4 THREADS=4 HOST=127.0.0.1 scripts/serve.sh
# DEBUG off, hashed and compressed static files (collected first), persistent database
# connections (DB_CONN_MAX_AGE, 600 s here), gunicorn gthread workers with keep-alive
# (gis_app/gunicorn_conf.py), and a background-job worker beside it, both under supervisord
# (deploy/supervisord.conf, docs/deploy.md): one that dies is restarted alone, the other keeps running.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=0 OCOP_STATIC_HASHED=1
export DB_CONN_MAX_AGE=${DB_CONN_MAX_AGE:-600}
py=${PYTHON:-.venv/bin/python}
if [ -z "${SKIP_COLLECTSTATIC:-}" ]; then
  "$py" manage.py collectstatic --noinput -v0
fi
export OCOP_ROOT=$PWD
OCOP_BIN=$(cd "$(dirname "$py")" && pwd)
export OCOP_BIN
# one directory per port: servers on other ports (bench/peers) each have their own supervisord
export OCOP_RUN_DIR=${OCOP_RUN_DIR:-$PWD/var/run/serve-${PORT:-8000}}
mkdir -p "$OCOP_RUN_DIR"
# The background-job worker (docs/jobs.md); NO_JOBS_WORKER=1 leaves it out (bench/peers, or when
# workers run on other machines).
if [ -z "${NO_JOBS_WORKER:-}" ]; then
  export OCOP_START_JOBS_WORKER=true
else
  export OCOP_START_JOBS_WORKER=false
fi
# supervisord stays in the foreground: Ctrl+C or TERM stops both programs, each with its process group.
# `$OCOP_BIN/supervisorctl -c deploy/supervisord.conf status` (same environment) shows them.
exec "$OCOP_BIN/supervisord" -c deploy/supervisord.conf
