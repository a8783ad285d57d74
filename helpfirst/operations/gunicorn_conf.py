"""gunicorn settings for ``helpfirst serve --production`` (``-c python:<this module>``).

Bind address, workers, threads and timeout come from the command line that ``serve`` builds;
this file holds what does not change: threaded workers, graceful shutdown, worker recycling and
logs in helpfirst's structured format. The app's request log (one line per request with its
id, status, duration and user) is the access log, so gunicorn's own access log is off.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from helpfirst.operations.logs import logging_config
from helpfirst.site.config import home_dir, setting

worker_class = "gthread"
# Load the app once in the master and fork warm workers: importing the URL map (and the analytics
# libraries behind it) takes seconds, which every worker would otherwise spend on its first request.
preload_app = True
graceful_timeout = 30  # SIGTERM: stop accepting, let requests in flight finish (at most 30 s)
keepalive = 5
max_requests = 5000  # recycle workers now and then; the jitter keeps them from all restarting
max_requests_jitter = 500
accesslog = None
errorlog = "-"
logconfig_dict = logging_config(
    setting("HELPFIRST_LOG_FORMAT"), setting("HELPFIRST_LOG_LEVEL").upper()
)
control_socket = str(home_dir() / "gunicorn.ctl")  # one per instance, not one per user
control_socket_disable = len(control_socket) > 100  # a Unix socket path must stay short
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's documented heartbeat folder
if os.path.isdir(SHARED_MEMORY):
    worker_tmp_dir = SHARED_MEMORY  # heartbeats off the disk: a slow disk must not kill workers


def pre_fork(server, worker) -> None:
    """Warm the URL map in the master; close its database connections before forking.

    Then freeze what the master loaded (~200,000 objects: Django, the URL map, the analytics
    libraries) out of the garbage collector's reach: a worker's full collection otherwise walks
    them all, a pause of ~140 ms with every thread of that worker stopped (measured on the large
    demo; frozen: under 6 ms), and touching them would also un-share the forked memory.
    """
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module once
    connections.close_all()  # a connection must never be shared by two processes
    gc.collect()
    gc.freeze()


def on_starting(server) -> None:
    """Create the page-fragment store the workers share (helpfirst.web.fragment_store)."""
    from helpfirst.web import fragment_store

    path = fragment_store.create_store_file(home_dir() / "run")
    os.environ[fragment_store.ENV_FILE] = str(path)  # inherited by every worker forked later


def on_exit(server) -> None:
    """Delete the page-fragment store: nothing cached outlives the server."""
    from helpfirst.web import fragment_store

    path = os.environ.pop(fragment_store.ENV_FILE, None)
    if path:
        fragment_store.remove_store_file(Path(path))
