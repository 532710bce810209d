"""gunicorn settings of `make serve` (production), also used by `make load` and bench/peers.

gthread workers: each worker process runs THREADS threads and keeps client
connections open between requests (HTTP keep-alive). gunicorn's default sync
worker closes the connection after every response, so each request paid a new
TCP connection and a worker round trip (12–17 % of a near-me request, issue 17);
the app is WSGI (Django ORM, psycopg2), so a threaded WSGI worker keeps it
whole, where an ASGI server would run the same synchronous views in a thread
pool anyway. Figures of sync vs gthread: docs/benchmarks.md.

Environment: HOST (127.0.0.1), PORT (8000), WORKERS (2 × cores, at least 2), THREADS (4),
GUNICORN_TIMEOUT (30 s; whole-province analyses run as background jobs, not in requests).
"""
import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS") or max(2, 2 * multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("THREADS", "4"))
keepalive = int(os.environ.get("KEEPALIVE", "30"))  # seconds an idle client connection stays open
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Workers are recycled now and then so that a leak, if any, stays bounded; jitter keeps them from all
# restarting at once.
max_requests = int(os.environ.get("MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("ACCESS_LOG") or None  # "-" for stdout
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
# The app is imported once in the master and forked: faster start, shared memory pages.
preload_app = True
