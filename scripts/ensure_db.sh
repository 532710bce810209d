#!/usr/bin/env bash
# Make sure a PostGIS database is reachable at $DATABASE_URL.
#
# With OCOP_LOCAL_DB=1 (the default URL, not one the user gave) this script also
# starts the local Debian cluster when none listens on 127.0.0.1:5432, and
# creates the `ocop` superuser role and the database. A user's own DATABASE_URL
# is only checked, never administered.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set}"

if [ "${OCOP_LOCAL_DB:-0}" = 1 ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    if ! pg_lsclusters --no-header | awk '{print $1, $2}' | grep -qx "$version main"; then
      echo "Creating PostgreSQL $version cluster 'main'"
      pg_createcluster "$version" main --port 5432 >/dev/null
    fi
    echo "Starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  as_postgres() { runuser -u postgres -- "$@"; }
  # The socket admits the postgres OS user by peer authentication on any Debian
  # cluster; the app then connects over TCP with a password, which also works
  # where the cluster trusts local connections.
  as_postgres psql -qtAX -c "DO \$\$BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ocop') THEN
      CREATE ROLE ocop LOGIN SUPERUSER PASSWORD 'ocop';
    END IF; END\$\$;" postgres
  as_postgres psql -qtAX -c "SELECT 1 FROM pg_database WHERE datname = 'ocop_gis'" postgres | grep -q 1 \
    || as_postgres createdb -O ocop ocop_gis
  # Read replicas are made with pg_basebackup over loopback (tests/ops/test_replica_standby.py):
  # let the ocop role replicate from 127.0.0.1 when no line allows it yet.
  hba=$(as_postgres psql -qtAX -c "SHOW hba_file" postgres)
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|ocop)[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    echo "Allowing replication connections for ocop from 127.0.0.1 ($hba)"
    echo "host replication ocop 127.0.0.1/32 scram-sha-256" >> "$hba"
    as_postgres psql -qtAX -c "SELECT pg_reload_conf()" postgres >/dev/null
  fi
fi

python=${PYTHON:-.venv/bin/python}
"$python" - <<'PY'
import os, sys
import dj_database_url, psycopg2
cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
try:
    psycopg2.connect(dbname=cfg["NAME"], user=cfg["USER"], password=cfg["PASSWORD"],
                     host=cfg["HOST"] or None, port=cfg["PORT"] or None, connect_timeout=10).close()
except psycopg2.OperationalError as e:
    sys.exit(f"Cannot reach the database at DATABASE_URL: {e}")
PY
