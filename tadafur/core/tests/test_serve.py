"""The app server `make run` and production start (config/serve.py, granian; decision 0814).

It is started for real, as a subprocess on a free port with its own SQLite file: it must serve the
Django application, keep query strings (which may carry personal data) out of its access log, start
a worker again when one dies, and stop cleanly on SIGTERM.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from config import serve

BASE_DIR = serve.BASE_DIR
LEFT_OUT = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "WEB_CONCURRENCY", "WEB_THREADS"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        assert proc.poll() is None, log.read_text()
        try:
            if _get(url)[0] == 200:
                return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"no answer within {seconds} s:\n{log.read_text()}")


def test_the_server_serves_django_respawns_a_dead_worker_and_logs_no_query_string(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in LEFT_OUT}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
        WEB_ACCESS_LOG="1",
    )
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "config.serve"], cwd=BASE_DIR, env=env, stdout=out, stderr=out,
            start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(f"{base}/healthz", proc, log)

        status, body = _get(f"{base}/healthz?cnie=AB123456&email=amina%40example.ma")
        assert status == 200
        assert json.loads(body)["status"] == "ok"
        assert json.loads(body)["database"] == "sqlite"

        # One worker, killed: the server starts another and answers again.
        (worker_pid,) = [int(pid) for pid in re.findall(r"Spawning worker-1 with PID: (\d+)", log.read_text())]
        os.kill(worker_pid, signal.SIGKILL)
        _wait_healthy(f"{base}/healthz", proc, log, seconds=30)
        spawned = re.findall(r"Spawning worker-1 with PID: (\d+)", log.read_text())
        assert len(spawned) == 2 and int(spawned[1]) != worker_pid

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    text = log.read_text()
    access = [line for line in text.splitlines() if '"GET /healthz"' in line]
    assert any(re.fullmatch(r'127\.0\.0\.1 "GET /healthz" 200 [\d.]+ms', line) for line in access), text
    assert "AB123456" not in text and "example.ma" not in text and "cnie=" not in text


def test_the_access_log_is_off_unless_asked_for_and_never_has_the_query_string(monkeypatch) -> None:
    monkeypatch.delenv("WEB_ACCESS_LOG", raising=False)
    assert serve.options()["log_access"] is False  # the reverse proxy keeps the access log
    monkeypatch.setenv("WEB_ACCESS_LOG", "1")
    assert serve.options()["log_access"] is True
    assert "query_string" not in str(serve.options()["log_access_format"])


def test_a_mistyped_setting_stops_the_server_with_a_plain_message() -> None:
    env = {k: v for k, v in os.environ.items() if k not in LEFT_OUT}
    for name, value, message in (
        ("WEB_THREADS", "two", "WEB_THREADS must be a whole number, not 'two'."),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY must be at least 1, not 0."),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "config.serve"], cwd=BASE_DIR, env={**env, name: value},
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 1
        assert done.stderr.strip() == f"config.serve: {message}"
