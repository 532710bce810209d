"""A real HTTP server on the test database, for clients that speak HTTP themselves (GDAL, OWSLib, requests).

Not pytest-django's live_server: that one forces a transactional test, whose flush would erase the demo
province loaded once for the whole session. These servers only read the committed demo data.
"""
from contextlib import contextmanager

from django.test.testcases import LiveServerThread, _StaticFilesHandler


@contextmanager
def serving(host="127.0.0.1"):
    """Yield the base URL ("http://127.0.0.1:PORT") of a server thread answering with the project's WSGI app."""
    thread = LiveServerThread(host, _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://{host}:{thread.port}"
    finally:
        thread.terminate()
