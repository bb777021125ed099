"""gunicorn settings for helpwanted (docs/operations.md): sync workers, logs without visitor data.

    gunicorn -c gunicorn.conf.py

Environment: HELPWANTED_BIND (default 127.0.0.1:8000), HELPWANTED_WORKERS (default 3). Any
gunicorn option can still be given on the command line or in GUNICORN_CMD_ARGS.
"""

from __future__ import annotations

import gc
import os
from typing import Any

wsgi_app = "helpwanted:create_app()"
bind = os.environ.get("HELPWANTED_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("HELPWANTED_WORKERS", "3"))
worker_class = "sync"  # the pages are CPU-bound and small: sync beats threads on few cores
timeout = 30
graceful_timeout = 20
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which a
# second instance on the machine would take over; off, unless you give each instance its own path.
control_socket_disable = True

# Structured lines, one JSON object each, without IP address, user agent, referrer, cookie or
# query string (helpwanted/logs.py), for gunicorn's own error log as much as for the app's.
logger_class = "helpwanted.logs.GunicornLogger"
accesslog = "-"
errorlog = "-"
loglevel = "info"


def post_worker_init(worker: Any) -> None:
    """Each worker reads and checks the questionnaires before it takes its first request.

    The app itself reads nothing while it is built (so that a command such as `questionnaires check`
    does not pay for the catalogue); a worker loads it here instead, so that no visitor waits for it.
    Only trees that pass every check are in it. Should loading fail here, the worker still starts:
    its first request tries again (and the catalogue holds only checked trees either way).
    """
    app = getattr(worker, "wsgi", None)
    live = getattr(app, "extensions", {}).get("helpwanted.trees")
    if live is not None:
        try:
            live.current()
        except Exception:  # a worker that cannot load yet still answers /healthz and retries per request
            worker.log.exception("loading the questionnaires before the first request failed")
    # Everything built so far (the app, its modules, the catalogue: ~133,000 objects) lives as long
    # as the worker. Frozen, the garbage collector's full collections no longer walk it; before, each
    # one (whenever enough objects had survived requests) held one request up for all of it: 260 ms
    # measured at load 11. Frozen objects are still freed when nothing refers to them any more.
    gc.collect()
    gc.freeze()


def worker_exit(server: Any, worker: Any) -> None:
    """A worker that stops gracefully first hands what its spool holds to the database (best effort).

    Nothing depends on this: the spool is durable and the next worker replays it.
    """
    app = getattr(worker, "wsgi", None)
    counting = getattr(app, "extensions", {}).get("helpwanted.counters")
    if counting is not None:
        try:
            counting.replay()
        except Exception:  # never block a worker's exit
            server.log.warning("usage replay at worker exit failed; the spool keeps the counters")
