#!/usr/bin/env bash
# Install the Debian packages OCOP-GIS needs; fast and silent when they are already there.
#   scripts/setup_system.sh [run|test]
set -euo pipefail
purpose=${1:-run}

# PostGIS/pgRouting must match the major version of the server that will run them.
pg_major=15
if command -v pg_lsclusters >/dev/null 2>&1; then
  running=$(pg_lsclusters --no-header 2>/dev/null | awk '$4 == "online" && $3 == 5432 {print $1; exit}')
  pg_major=${running:-$pg_major}
fi

packages=(
  python3 python3-venv python3-dev gcc make libpq-dev gettext
  gdal-bin libgdal-dev libgeos-c1v5 libproj-dev binutils
  "postgresql-$pg_major" "postgresql-$pg_major-postgis-3" "postgresql-$pg_major-pgrouting" postgresql-client
  osm2pgrouting
  redis-server  # the background-job queue and shared caches (gis_app/jobs)
)
# Browser libraries are installed by npm (package.json); Debian's npm unless one is already on PATH.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "$purpose" = test ]; then
  packages+=(chromium fonts-noto-core)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  # --no-upgrade: never restart a running PostgreSQL by upgrading it underneath its users.
  $sudo_cmd apt-get install -y -q --no-upgrade "${missing[@]}"
fi
