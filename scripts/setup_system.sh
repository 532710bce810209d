#!/usr/bin/env bash
# Install the Debian packages OCOP-GIS needs; fast and silent when they are already there.
#   scripts/setup_system.sh [run|test|bench]
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
# Installed without their recommended packages (QGIS's recommends pull in the desktop and its plugins).
lean=()
if [ "$purpose" = test ]; then
  packages+=(chromium fonts-noto-core)
  # QGIS 3.22's Python bindings and data providers (OAPIF, vector tiles) for tests/layers/test_qgis.py, run
  # headless by Debian's /usr/bin/python3; not the QGIS desktop.
  lean+=(python3-qgis qgis-providers)
fi
if [ "$purpose" = bench ]; then
  packages+=(wrk)  # HTTP load generator of bench/peers only
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=() missing_lean=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
for p in "${lean[@]}"; do installed "$p" || missing_lean+=("$p"); done
if [ $((${#missing[@]} + ${#missing_lean[@]})) -gt 0 ]; then
  echo "Installing system packages: ${missing[*]} ${missing_lean[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  # --no-upgrade: never restart a running PostgreSQL by upgrading it underneath its users.
  [ ${#missing[@]} -eq 0 ] || $sudo_cmd apt-get install -y -q --no-upgrade "${missing[@]}"
  [ ${#missing_lean[@]} -eq 0 ] || $sudo_cmd apt-get install -y -q --no-upgrade --no-install-recommends \
    "${missing_lean[@]}"
fi
