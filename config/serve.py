"""The app server for `make run` and production: granian serving config.wsgi (decision 0814).

    .venv/bin/python -m config.serve

Settings come from the environment (docs/operations.md):
- HOST, PORT: where to listen (127.0.0.1:8000);
- WEB_CONCURRENCY: worker processes (one per CPU, at least 2); WEB_THREADS: threads per worker that run
  Django (2); each thread keeps its own database connection;
- WEB_MAX_RSS_MB: a worker whose memory stays above this is replaced (768), the guard against
  slow leaks; a worker that dies is started again;
- WEB_ACCESS_LOG: 1 (or true, yes, on) turns the app server's access log on (off by default: the reverse proxy keeps
  one, and /metrics counts requests; writing a line per request cost 15 % of the CPU of a
  signature, decision 0814).

The access log keeps the method, the path, the status and the time, never the query string:
queries may carry personal data.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

ACCESS_LOG_FORMAT = '%(addr)s "%(method)s %(path)s" %(status)d %(dt_ms).1fms'
BASE_DIR = Path(__file__).resolve().parent.parent


def _at_least_one(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, not {value}.")
    return value


def options() -> dict[str, object]:
    """granian's Server keyword arguments, read from the environment."""
    from granian.constants import HTTPModes, Interfaces

    return {
        "target": "config.wsgi:application",
        "address": env_str("HOST", "127.0.0.1"),
        "port": env_int("PORT", 8000),
        "interface": Interfaces.WSGI,
        "http": HTTPModes.http1,
        "websockets": False,
        "workers": _at_least_one("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())),
        "blocking_threads": _at_least_one("WEB_THREADS", 2),
        # Threads (and their persistent database connections) live while the server is busy
        # within ten minutes; closing a SQLite connection checkpoints the WAL.
        "blocking_threads_idle_timeout": 600,
        "log_access": env_bool("WEB_ACCESS_LOG"),
        "log_access_format": ACCESS_LOG_FORMAT,
        "respawn_failed_workers": True,
        "respawn_interval": 1.0,
        "workers_max_rss": _at_least_one("WEB_MAX_RSS_MB", 768),
        "rss_samples": 3,
        "workers_kill_timeout": 20,
        "working_dir": BASE_DIR,
    }


def main() -> None:
    from granian import Granian

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        server = Granian(**options())  # type: ignore[arg-type]
    except ImproperlyConfigured as error:
        sys.exit(f"config.serve: {error}")
    server.serve()


if __name__ == "__main__":
    main()
