"""The app server for `make run` and production: granian serving config.wsgi (decision 0814).

    .venv/bin/python -m config.serve

Settings come from the environment (docs/operations.md):
- HOST, PORT: where to listen (127.0.0.1:8000);
- WEB_CONCURRENCY: worker processes (one per CPU, at least 2); WEB_THREADS: threads per worker that run
  Django (2); each thread keeps its own database connection;
- WEB_MAX_RSS_MB: a worker whose memory stays above this is replaced (768), the guard against
  slow leaks; a worker that dies is started again;
- WEB_ACCESS_LOG: 1 turns the app server's access log on (off by default: the reverse proxy keeps
  one, and /metrics counts requests; writing a line per request cost 15 % of the CPU of a
  signature, decision 0814).

The access log keeps the method, the path, the status and the time, never the query string:
queries may carry personal data.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

ACCESS_LOG_FORMAT = '%(addr)s "%(method)s %(path)s" %(status)d %(dt_ms).1fms'
BASE_DIR = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def options() -> dict[str, object]:
    """granian's Server keyword arguments, read from the environment."""
    from granian.constants import HTTPModes, Interfaces

    return {
        "target": "config.wsgi:application",
        "address": os.environ.get("HOST", "127.0.0.1"),
        "port": _int("PORT", 8000),
        "interface": Interfaces.WSGI,
        "http": HTTPModes.http1,
        "websockets": False,
        "workers": _int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())),
        "blocking_threads": _int("WEB_THREADS", 2),
        # Threads (and their persistent database connections) live while the server is busy
        # within ten minutes; closing a SQLite connection checkpoints the WAL.
        "blocking_threads_idle_timeout": 600,
        "log_access": os.environ.get("WEB_ACCESS_LOG", "0") == "1",
        "log_access_format": ACCESS_LOG_FORMAT,
        "respawn_failed_workers": True,
        "respawn_interval": 1.0,
        "workers_max_rss": _int("WEB_MAX_RSS_MB", 768),
        "rss_samples": 3,
        "workers_kill_timeout": 20,
        "working_dir": BASE_DIR,
    }


def main() -> None:
    from granian import Granian

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    Granian(**options()).serve()  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
