#!/usr/bin/env bash
# Make sure Redis answers at $REDIS_URL (default redis://127.0.0.1:6379/0). A local server is started when
# none answers on 127.0.0.1:6379 and REDIS_URL was not given: it keeps nothing on disk (queues and caches
# only). A REDIS_URL you give is only checked.
set -euo pipefail
url=${REDIS_URL:-redis://127.0.0.1:6379/0}
if redis-cli -u "$url" ping >/dev/null 2>&1; then exit 0; fi
if [ -z "${OCOP_REDIS_GIVEN:-}" ]; then
  echo "Starting Redis on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ocop.log
  for _ in $(seq 30); do redis-cli -u "$url" ping >/dev/null 2>&1 && exit 0; sleep 0.2; done
fi
echo "Cannot reach Redis at $url" >&2
exit 1
