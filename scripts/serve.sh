#!/usr/bin/env bash
# The production server (`make serve`; `make load` and bench/peers start the app the same way).
#   PORT=8000 WORKERS=4 THREADS=4 HOST=127.0.0.1 scripts/serve.sh
# DEBUG off, hashed and compressed static files (collected first), persistent database
# connections (DB_CONN_MAX_AGE, 600 s here), gunicorn gthread workers with keep-alive
# (gis_app/gunicorn_conf.py), and a background-job worker beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=0 OCOP_STATIC_HASHED=1
export DB_CONN_MAX_AGE=${DB_CONN_MAX_AGE:-600}
py=${PYTHON:-.venv/bin/python}
if [ -z "${SKIP_COLLECTSTATIC:-}" ]; then
  "$py" manage.py collectstatic --noinput -v0
fi
# A background-job worker (docs/jobs.md) lives as long as the server; NO_JOBS_WORKER=1 leaves it out
# (bench/peers, or when workers run on other machines).
pids=()
if [ -z "${NO_JOBS_WORKER:-}" ]; then
  "$py" manage.py jobs_worker &
  pids+=($!)
fi
"$(dirname "$py")/gunicorn" -c gis_app/gunicorn_conf.py gis_app.wsgi &
pids+=($!)
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' TERM INT EXIT
wait -n "${pids[@]}"
