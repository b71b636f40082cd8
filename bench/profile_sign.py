"""Where one signing (or ballot) request spends its CPU, in-process, through the real WSGI app.

    .venv/bin/python bench/profile_sign.py [--n 400] [--profile] [--case sign|ballot] [--spread] [--other-writer]

Production settings (bench/signing_settings.py: DEBUG off, the full middleware stack, CSRF on),
a throw-away SQLite file seeded like bench/signing.py, and the WSGI handler called directly with
a hand-built environ (cookies + X-CSRFToken), so no HTTP server or client is measured. Prints
ms per request (wall and CPU) for the case and for /healthz; `--profile` adds a cProfile top list.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent


def environ(method: str, path: str, cookie: str, csrf: str | None, body: bytes = b"") -> dict:
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "HTTP_COOKIE": cookie,
        "CONTENT_LENGTH": str(len(body)),
    }
    if body:
        env["CONTENT_TYPE"] = "application/json"
    if csrf:
        env["HTTP_X_CSRFTOKEN"] = csrf
    return env


def production_environment(workdir: Path) -> None:
    """Production settings (bench/signing_settings.py) on a throw-away SQLite file in `workdir`."""
    os.environ.pop("TADAFUR_TESTING", None)
    os.environ.pop("DEBUG", None)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'p.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.signing_settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("PII_HASH_KEY", secrets.token_urlsafe(32))
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", secrets.token_urlsafe(32))
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["BENCH_STATIC_ROOT"] = str(workdir / "static")


def wsgi_status(app: Any, env: dict) -> str:
    """Call the WSGI app with `env`, read the whole response, and return its status code."""
    out: list[str] = []
    chunks = app(env, lambda status, headers, exc=None: out.append(status))
    for _ in chunks:
        pass
    if hasattr(chunks, "close"):
        chunks.close()
    return out[0][:3]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--case", choices=["sign", "ballot"], default="sign")
    parser.add_argument("--dump", help="with --profile: write the cProfile stats to this file (for pstats)")
    parser.add_argument(
        "--spread", action="store_true", help="sign the 50 'spread' petitions in turn instead of the hot one"
    )
    parser.add_argument(
        "--other-writer",
        action="store_true",
        help="after each request another connection commits a write, as the other app-server workers do "
        "(SQLite then drops the app connection's page cache at its next transaction); its own CPU is "
        "not counted",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tadafur-profile-"))
    production_environment(workdir)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as devnull:
        call_command("load_territories", stdout=devnull)
    n = args.n
    if args.case == "sign":
        from bench.signing import cnie_of, seed

        data = seed(n + 50)
        sessions = data["sessions"]

        def request(i: int) -> tuple[str, str, bytes]:
            body = json.dumps({"cnie": cnie_of(i), "consent": True}).encode()
            target = data["spread"][i % len(data["spread"])] if args.spread else data["hot"]
            return "POST", f"/api/v1/petitions/{target}/signatures", sessions[i], body

        expect = "201"
    else:
        import random

        from bench.ballots import MAX_CHOICES, seed_cycle
        from bench.signing import seed

        data = seed(n + 50)
        data.update(seed_cycle())
        sessions = data["sessions"]
        rng = random.Random(7)

        def request(i: int) -> tuple[str, str, bytes]:
            chosen = sorted(rng.sample(data["projects"], rng.randint(1, MAX_CHOICES)))
            body = json.dumps({"projects": chosen}).encode()
            return "POST", f"/api/v1/budgets/{data['cycle']}/ballots", sessions[i], body

        expect = "201"
    connection.close()
    app = get_wsgi_application()
    csrf = "a" * 32
    statuses: dict[str, int] = {}

    def call(env: dict) -> str:
        return wsgi_status(app, env)

    def hello(k: int) -> None:
        for _ in range(k):
            call(environ("GET", "/healthz", "", None))

    other_cpu = [0.0]
    other_write = None
    if args.other_writer:
        import sqlite3

        other = sqlite3.connect(workdir / "p.sqlite3", isolation_level=None)
        other.execute("CREATE TABLE IF NOT EXISTS bench_other_writer (n INTEGER)")
        other.execute("INSERT INTO bench_other_writer VALUES (0)")

        def other_write() -> None:
            c = time.process_time()
            other.execute("UPDATE bench_other_writer SET n = n + 1")
            other_cpu[0] += time.process_time() - c

    def work(lo: int, hi: int) -> None:
        for i in range(lo, hi):
            method, path, session, body = request(i)
            s = call(environ(method, path, f"sessionid={session}; csrftoken={csrf}", csrf, body))
            statuses[s] = statuses.get(s, 0) + 1
            if other_write is not None:
                other_write()

    hello(30)
    work(0, 19)  # warm-up
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        work(19, 20)
    queries = [q["sql"][:150] for q in ctx.captured_queries]
    t0, c0 = time.perf_counter(), time.process_time()
    hello(n)
    hello_ms = ((time.perf_counter() - t0) * 1000 / n, (time.process_time() - c0) * 1000 / n)
    if args.profile:  # the unprofiled cost first, on half of the signers
        half = 20 + (n - 20) // 2
        t0, c0 = time.perf_counter(), time.process_time()
        other_cpu[0] = 0.0
        work(20, half)
        case_ms = (
            (time.perf_counter() - t0) * 1000 / (half - 20),
            (time.process_time() - c0 - other_cpu[0]) * 1000 / (half - 20),
        )
    extra: dict[str, object] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        work(half, n)
        prof.disable()
    else:
        # In chunks of 50 requests: the whole mean, and the fastest and median chunk's CPU per request,
        # which another process's load on the shared cores disturbs less than the mean.
        chunk_cpu: list[float] = []
        other_cpu[0] = 0.0
        for lo in range(20, n, 50):
            hi = min(lo + 50, n)
            c1, o1 = time.process_time(), other_cpu[0]
            work(lo, hi)
            chunk_cpu.append((time.process_time() - c1 - (other_cpu[0] - o1)) * 1000 / (hi - lo))
        case_ms = (
            (time.perf_counter() - t0) * 1000 / (n - 20),
            (time.process_time() - c0 - other_cpu[0]) * 1000 / (n - 20),
        )
        chunks = sorted(chunk_cpu)
        extra["case_cpu_ms_min_median_chunk"] = [round(chunks[0], 3), round(chunks[len(chunks) // 2], 3)]
    print(
        json.dumps(
            {
                "case": args.case,
                "n": n - 20,
                "statuses": statuses,
                "expect": expect,
                "case_ms_wall_cpu": [round(x, 2) for x in case_ms],
                "hello_ms_wall_cpu": [round(x, 2) for x in hello_ms],
                **extra,
                "loadavg": os.getloadavg(),
                "other_writer": args.other_writer,
                "spread": args.spread,
                "statements": len(queries),
                "sql": queries,
            }
        )
    )
    if args.profile:
        st = pstats.Stats(prof)
        if args.dump:
            st.dump_stats(args.dump)
        # Share of the request's profiled time per layer (cumulative, so layers nest).
        layers = {
            "whole request (WSGI handler)": "__call__ wsgi.py",
            "session read": "load db.py",
            "user read (auth)": "get_user __init__.py",
            "view (ninja: parse, call, render)": "_sync_view operation.py",
            "service": f"{'petition_sign services.py' if args.case == 'sign' else 'ballot_cast services.py'}",
            "write lock: queue + BEGIN": "_start_transaction_under_autocommit base.py",
            "COMMIT": "_commit base.py",
            "precompiled reads (user, petition)": "get precompiled.py",
            "log append (sign)": "append log.py",
            "audit record (ballot)": "audit_record audit.py",
            "rate limiter": "check_rate ratelimit.py",
        }
        cum: dict[str, float] = {}
        for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
            key = f"{func} {os.path.basename(filename)}"
            cum[key] = max(cum.get(key, 0.0), ct)
        whole = cum.get(layers["whole request (WSGI handler)"], 0.0) or 1.0
        per_request_ms = case_ms[1]
        print("layer shares of the profiled request, scaled to the unprofiled CPU ms per request:")
        for label, key in layers.items():
            share = cum.get(key, 0.0) / whole
            print(f"  {label:36s} {share * 100:5.1f}%  ~{share * per_request_ms:5.2f} ms")
        if os.environ.get("PROFILE_TOP"):
            st.sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(main())
