"""Signing under load, on the real server: a benchmark (issue 3 §11), not a timed test.

    .venv/bin/python bench/signing.py [--db sqlite|postgres|both] [--users N] [--clients C] [--seconds S]

For each database it creates a throw-away database (a SQLite file in a temporary directory, or a
fresh PostgreSQL database on postgres://postgres@127.0.0.1:5432/ dropped afterwards), migrates,
loads the territories, seeds N resident-verified users of Settat (06.461.01.15) with a session
each, starts the app server (granian) as `make run` does (config/serve.py, production settings, DEBUG off),
then C keep-alive HTTP clients (threads over raw sockets) run:

- hello:  GET /healthz (a trivial Django view: one `SELECT 1`), the same-server baseline;
- hot:    every client signs ONE petition, each request with a distinct user and CNIE (all 201);
- spread: the same over 50 petitions;
- crash:  one petition, and mid-load the app server (granian) main process and workers get SIGKILL (process group);
          the server is restarted and the load goes on;
- page:   1,000,000 signatures (bulk inserts) on one petition, then its page /ar/petitions/<id>/
          fetched by one client, sequentially (round trip on loopback ~ server time).

After each signing case it checks, from the database, that every 201 receipt code is stored
exactly once, that the exact count equals the rows and the log size, and that the Merkle log
verifies (tadafur.petitions.log.verify, what `manage.py petition_verify` runs). One JSON line per
case goes to stdout; progress goes to stderr.

The server runs with bench/signing_settings.py: config.settings plus raised signing rate
limits (the benchmark measures signing, not the limiter) and a temporary STATIC_ROOT.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
SETTAT = "06.461.01.15"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
SPREAD_PETITIONS = 50


def say(message: str) -> None:
    print(f"signing: {message}", file=sys.stderr, flush=True)


# --- HTTP client: raw sockets, keep-alive, one connection per thread ------------------------


class Conn:
    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buf = b""

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buf = b""

    def request(self, raw: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock = self.sock
        sock.sendall(raw)
        buf = self.buf
        while b"\r\n\r\n" not in buf:
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("closed before the response")
            buf += data
        head, _, rest = buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0][9:12])
        length = None
        close = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        if length is None and (status in (204, 304) or 100 <= status < 200):
            length = 0  # no body by definition (RFC 9112 §6.3): do not wait for one on keep-alive
        if length is None:  # read to the end (the server closes)
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                rest += data
            self.close()
            return status, rest
        while len(rest) < length:
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("closed in the body")
            rest += data
        body, self.buf = rest[:length], rest[length:]
        if close:
            self.close()
        return status, body


def get_request(port: int, path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def sign_request(port: int, petition_id: int, session_key: str, csrf: str | None, cnie: str) -> bytes:
    body = json.dumps({"cnie": cnie, "consent": True}).encode()
    cookie = f"sessionid={session_key}" + (f"; csrftoken={csrf}" if csrf else "")
    csrf_header = f"X-CSRFToken: {csrf}\r\n" if csrf else ""
    head = (
        f"POST /api/v1/petitions/{petition_id}/signatures HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: {cookie}\r\n{csrf_header}Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def run_load(
    port: int, jobs: list[list[Any]], make: Any, stop: threading.Event, deadline: float | None
) -> dict[str, Any]:
    """Each client thread runs its job list (until the deadline, `stop` or the end of its list).

    `make(port, job)` returns the request bytes. Records per request: latency, status, body.
    """
    results: list[list[tuple[Any, float, int, bytes]]] = [[] for _ in jobs]
    started = threading.Barrier(len(jobs) + 1)

    def client(k: int) -> None:
        conn = Conn(port)
        out = results[k]
        started.wait()
        for job in jobs[k]:
            if stop.is_set() or (deadline is not None and time.monotonic() >= deadline):
                break
            raw = make(port, job)
            t0 = time.perf_counter()
            try:
                status, body = conn.request(raw)
            except OSError:
                conn.close()
                out.append((job, time.perf_counter() - t0, 0, b""))
                time.sleep(0.02)  # the server is down (crash case): do not spin
                continue
            out.append((job, time.perf_counter() - t0, status, body))
        conn.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(len(jobs))]
    for t in threads:
        t.start()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    started.wait()
    t0 = time.monotonic()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    flat = [r for rs in results for r in rs]
    return {
        "wall": wall,
        "t_end": time.time(),
        "records": flat,
        "client_cpu_s": (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime),
    }


# --- The server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`python -m config.serve` (granian), as `make run` runs it, in its own process group."""

    def __init__(self, env: dict[str, str], port: int, logfile: Path) -> None:
        self.env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
        self.port = port
        self.logfile = logfile
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        t0 = time.monotonic()
        log = self.logfile.open("ab")
        self.proc = subprocess.Popen(
            [str(PYTHON), "-m", "config.serve"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,  # its own process group: kill -9 reaches master and workers
        )
        log.close()
        while time.monotonic() - t0 < 60:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app server exited with {self.proc.returncode}; see {self.logfile}")
            try:
                conn = Conn(self.port)
                status, _ = conn.request(get_request(self.port, "/healthz"), timeout=2)
                conn.close()
                if status == 200:
                    return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the app server did not answer /healthz within 60 s")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the app server's main process and live workers."""
        if self.proc is None:
            return 0.0
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.proc.pid:  # process group = the server's session
                total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def kill9(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass
        self.proc = None


# --- Seeding -------------------------------------------------------------------------------


def cnie_of(i: int) -> str:
    return f"BK{i:06d}"


def seed(n_users: int) -> dict[str, Any]:
    """N resident-verified users of Settat with a session each, and the petitions."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from tadafur.accounts.models import IdentityLevel, User
    from tadafur.petitions.models import Petition, PetitionKind
    from tadafur.petitions.states import PetitionState
    from tadafur.territories.models import Territory

    settat = Territory.objects.get(code=SETTAT)
    now = timezone.now()
    password = "!bench-unusable-password"
    backend = settings.AUTHENTICATION_BACKENDS[0]
    rng = random.Random(11)
    with transaction.atomic():
        agent = User.objects.create(username="bench-agent", password=password, display_name="Bench agent")
        users = [
            User(
                username=f"bench{i:07d}",
                password=password,
                sex="woman" if i % 2 else "man",
                birth_year=rng.randint(1945, 2006),
                identity_level=IdentityLevel.RESIDENT_VERIFIED,
                resident_of=settat,
                residence=settat,
                resident_method="in_person",
                resident_verified_at=now,
            )
            for i in range(n_users + 1)  # the last one probes the CSRF check
        ]
        User.objects.bulk_create(users, batch_size=2000)
        ids = list(User.objects.filter(username__startswith="bench0").order_by("username").values_list("pk", flat=True))
        auth_hash = User(password=password).get_session_auth_hash()
        store = SessionStore()
        expire = now + dt.timedelta(days=1)
        keys = [get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in ids]
        Session.objects.bulk_create(
            [
                Session(
                    session_key=key,
                    session_data=store.encode(
                        {SESSION_KEY: str(pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: auth_hash}
                    ),
                    expire_date=expire,
                )
                for key, pk in zip(keys, ids, strict=True)
            ],
            batch_size=2000,
        )

        def petition(title: str) -> Petition:
            return Petition(
                kind=PetitionKind.LOCAL_CITIZENS,
                territory=settat,
                agent=agent,
                title=title,
                subject="Benchmark petition.",
                reasons="Benchmark.",
                objectives="Benchmark.",
                requested_agenda_point="Benchmark.",
                status=PetitionState.COLLECTING,
                collecting_at=now,
            )

        made = Petition.objects.bulk_create(
            [petition("hot"), petition("crash"), petition("page")]
            + [petition(f"spread {k}") for k in range(SPREAD_PETITIONS)]
        )
    return {
        "user_ids": ids,
        "sessions": keys,
        "hot": made[0].pk,
        "crash": made[1].pk,
        "page": made[2].pk,
        "spread": [p.pk for p in made[3:]],
        "settat_id": settat.pk,
    }


def seed_page_signatures(petition_id: int, residence_id: int, n: int, vendor: str) -> float:
    """n valid signatures on one petition with bulk inserts (executemany on SQLite, COPY on PG).

    Paper-like rows (no account) with distinct CNIE hashes and codes, mixed sex/age/channel.
    The page reads neither the log leaves nor the accounts, so no log rows are written for them.
    """
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from tadafur.petitions.models import Signature

    table = Signature._meta.db_table
    sexes = ("woman", "man", "woman", "man", "")
    bands = ("18-24", "25-34", "35-49", "50-64", "65+", "")
    at = timezone.now() - dt.timedelta(days=3)
    # Columns by name; any other column (the model is still growing) gets its field default.
    known = {
        "petition_id": lambda i: petition_id,
        "user_id": lambda i: None,
        "cnie_hash": lambda i: hashlib.sha256(b"page%d" % i).hexdigest(),
        "residence_id": lambda i: residence_id,
        "sex": lambda i: sexes[i % 5],
        "age_band": lambda i: bands[i % 6],
        "channel": lambda i: "paper" if i % 10 == 0 else "online",
        "status": lambda i: "valid",
        "verification_code": lambda i: f"Z{i:09d}",
        "log_seq": lambda i: None,
        "created_at": lambda i: at,
    }
    fields = [f for f in Signature._meta.concrete_fields if not f.primary_key]
    cols = [f.column for f in fields]
    makers = []
    for f in fields:
        if f.column in known:
            makers.append(known[f.column])
        else:
            default = f.get_default()
            value = None if f.null and default in ("", None) else f.get_db_prep_save(default, connection)
            makers.append(lambda i, value=value: value)

    def rows(start: int, stop: int) -> Any:
        for i in range(start, stop):
            yield tuple(make(i) for make in makers)

    t0 = time.monotonic()
    with transaction.atomic():
        if vendor == "postgresql":
            raw = connection.connection
            with raw.cursor() as cur:
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows(0, n):
                        copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            with connection.cursor() as cur:
                chunk = 50_000
                for start in range(0, n, chunk):
                    cur.executemany(sql, list(rows(start, min(n, start + chunk))))
    # What autovacuum would have done by the time anyone reads the page: statistics, and on
    # PostgreSQL the visibility map that lets COUNT(*) be an index-only scan.
    with connection.cursor() as cur:
        cur.execute(f"VACUUM ANALYZE {table}" if vendor == "postgresql" else f"ANALYZE {table}")
    return time.monotonic() - t0


# --- Checks --------------------------------------------------------------------------------


def check(petition_ids: list[int], acked: list[tuple[int, str]]) -> dict[str, Any]:
    """Every 201 stored exactly once; counts equal rows and log sizes; every log verifies."""
    from tadafur.petitions import log, selectors
    from tadafur.petitions.models import Petition, Signature

    rows = list(
        Signature.objects.filter(petition_id__in=petition_ids).values_list(
            "petition_id", "verification_code", "user_id", "cnie_hash"
        )
    )
    by_code = Counter((p, code) for p, code, _, _ in rows)
    acked_counts = Counter(acked)
    stored = sum(1 for key in acked_counts if by_code.get(key, 0) >= 1)
    duplicates = (
        sum(n - 1 for n in by_code.values() if n > 1)
        + (len(rows) - len({(p, u) for p, _, u, _ in rows}))
        + (len(rows) - len({(p, h) for p, _, _, h in rows}))
        + sum(n - 1 for n in acked_counts.values() if n > 1)
    )
    counts_ok = True
    log_problems: list[str] = []
    per_petition = Counter(p for p, _, _, _ in rows)
    for petition in Petition.objects.filter(pk__in=petition_ids):
        exact = selectors.signature_count_exact(petition)
        if exact != per_petition.get(petition.pk, 0) or petition.log_size != exact:
            counts_ok = False
        log_problems += [f"{petition.pk}: {p}" for p in log.verify(petition)]
    return {
        "acknowledged": len(acked),
        "stored": stored,
        "lost": len(acked_counts) - stored,
        "duplicates": duplicates,
        "stored_without_201": len(rows) - stored,
        "count_equals_rows": counts_ok,
        "log_verifies": not log_problems,
        "log_problems": log_problems[:5],
    }


# --- Cases ---------------------------------------------------------------------------------


def summarise(run: dict[str, Any]) -> dict[str, Any]:
    records = run["records"]
    latencies = [r[1] * 1000 for r in records if r[2] != 0]
    statuses = Counter(r[2] for r in records)
    ok = statuses.get(201, 0) + statuses.get(200, 0)
    return {
        "wall": run["wall"],
        "ok": ok,
        "per_s": ok / run["wall"] if run["wall"] else 0.0,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "client_cpu_s": round(run["client_cpu_s"], 2),
    }


def write_lock_stats(env: dict[str, str], t0: float, t1: float) -> dict[str, Any]:
    """SQLite: how long the signing transactions queued for the write lock and held it (ms).

    Read from what the workers wrote (tadafur/core/sqlite/base.py, TADAFUR_SQLITE_WRITE_STATS);
    a worker writes every 50 transactions, so the last few of a case may be missing.
    """
    path = env.get("TADAFUR_SQLITE_WRITE_STATS")
    if not path or not os.path.exists(path):
        return {}
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    rows = [r for r in rows if t0 <= r[0] <= t1]
    if not rows:
        return {}
    waits = [r[1] * 1000 for r in rows]
    holds = [r[2] * 1000 for r in rows]
    return {
        "lock_transactions": len(rows),
        "lock_wait_ms": {"p50": round(percentile(waits, 50), 2), "p99": round(percentile(waits, 99), 2)},
        "lock_hold_ms": {
            "mean": round(sum(holds) / len(holds), 2),
            "p50": round(percentile(holds, 50), 2),
            "p90": round(percentile(holds, 90), 2),
            "p99": round(percentile(holds, 99), 2),
        },
        "lock_busy_share": round(sum(holds) / 1000 / (t1 - t0), 2),
    }


def load_through_crash(
    server: Server, port: int, jobs: list[list[Any]], make: Any, seconds: float, db: str, log: Any = None
) -> tuple[dict[str, Any], dict[str, float]]:
    """Run the load for `seconds`, `kill -9` the app server's process group 40 % of the way in, restart
    it at once and go on to 80 %: the run, and how long the restart took and the server was down."""
    stop = threading.Event()
    holder: dict[str, Any] = {}
    loader = threading.Thread(target=lambda: holder.update(run=run_load(port, jobs, make, stop, None)), daemon=True)
    loader.start()
    time.sleep(seconds * 0.4)
    server.kill9()
    killed_at = time.monotonic()
    (log or say)(f"{db}: SIGKILL sent to the app server's process group mid-load; restarting")
    restart = server.start()
    time.sleep(seconds * 0.4)
    stop.set()
    loader.join()
    down = time.monotonic() - killed_at - seconds * 0.4
    return holder["run"], {"restart_s": round(restart, 2), "down_s": round(down, 2)}


def acked_codes(records: list[Any]) -> list[tuple[int, str]]:
    out = []
    for job, _, status, body in records:
        if status == 201:
            out.append((job[0], json.loads(body)["verification_code"]))
    return out


def deal(jobs: list[Any], clients: int) -> list[list[Any]]:
    return [jobs[k::clients] for k in range(clients)]


def run_db(db: str, args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix=f"tadafur-signing-{db}-"))
    pg_name = f"bench_signing_{os.getpid()}"
    env = dict(os.environ)
    for name in ("REDIS_URL", "DEBUG", "TADAFUR_TESTING"):
        env.pop(name, None)
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}" if db == "sqlite" else PG_SERVER + pg_name
    env["DJANGO_SETTINGS_MODULE"] = "bench.signing_settings"
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("PII_HASH_KEY", secrets.token_urlsafe(32))
    env.setdefault("FIELD_ENCRYPTION_KEY", secrets.token_urlsafe(32))
    env["LOG_LEVEL"] = "WARNING"
    if db == "sqlite":  # each app-server worker notes how long it queued for and held the write lock
        env["TADAFUR_SQLITE_WRITE_STATS"] = str(workdir / "writes.jsonl")
    redis: subprocess.Popen[bytes] | None = None
    if args.cache == "redis":
        # A throw-away redis-server of our own, so that the workers share one cache (as with
        # REDIS_URL in production): counts and aggregates are then computed once for all workers.
        redis_port = free_port()
        redis = subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        env["CACHE_KEY_PREFIX"] = f"bench{os.getpid()}"
        time.sleep(0.5)
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    server: Server | None = None
    began = time.monotonic()
    try:
        if db == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {pg_name}")
        if not os.environ.get("BENCH_STATIC_ROOT"):
            collect_static(workdir / "static")
        env["BENCH_STATIC_ROOT"] = os.environ["BENCH_STATIC_ROOT"]
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        say(f"{db}: migrating and loading the territories")
        call_command("migrate", verbosity=0, interactive=False)
        with open(os.devnull, "w") as devnull:
            call_command("load_territories", stdout=devnull)
        t0 = time.monotonic()
        data = seed(args.users)
        elapsed = time.monotonic() - t0
        say(f"{db}: seeded {args.users} users with sessions and {3 + SPREAD_PETITIONS} petitions in {elapsed:.1f} s")
        connection.close()

        port = free_port()
        server = Server(env, port, workdir / "server.log")
        boot = server.start()
        say(f"{db}: app server up on 127.0.0.1:{port} in {boot:.1f} s")
        sessions, C = data["sessions"], args.clients
        csrf = get_random_string_csrf()

        # CSRF: does the API refuse a session-authenticated POST without the token?
        probe = Conn(port)
        status_no_csrf, body_no_csrf = probe.request(sign_request(port, data["hot"], sessions[-1], None, "ZZ999999"))
        probe.close()
        csrf_required = status_no_csrf == 403
        say(f"{db}: POST without CSRF token -> {status_no_csrf} {body_no_csrf[:80]!r}")
        say(f"{db}: so every POST sends the csrftoken cookie and the same value in X-CSRFToken")
        if not csrf_required:
            say(f"{db}: WARNING: the probe was not refused (status {status_no_csrf}); it is excluded from the checks")

        def make_sign(p: int, job: tuple[int, int]) -> bytes:
            return sign_request(p, job[0], sessions[job[1]], csrf, cnie_of(job[1]))

        def make_hello(p: int, job: Any) -> bytes:
            return get_request(p, "/healthz")

        # Warm-up: every worker imports, connects and renders once.
        run_load(port, deal([None] * 200, C), make_hello, threading.Event(), None)
        hello_s = min(args.seconds, 8)
        cpu0 = server.cpu_seconds()
        hello = summarise(
            run_load(port, deal([None] * 10_000_000, C), make_hello, threading.Event(), time.monotonic() + hello_s)
        )
        hello_rps = round(hello["per_s"], 1)
        hello_cpu_ms = round((server.cpu_seconds() - cpu0) * 1000 / max(1, hello["ok"]), 2)
        say(f"{db}: hello costs the server {hello_cpu_ms} ms of CPU per request")
        say(f"{db}: hello {hello_rps}/s p50 {hello['p50_ms']} ms p99 {hello['p99_ms']} ms")

        n = args.users
        common = {
            "db": db,
            "clients": C,
            "users": n,
            "hello_rps": hello_rps,
            "hello_p50_ms": hello["p50_ms"],
            "hello_p99_ms": hello["p99_ms"],
            "hello_server_cpu_ms": hello_cpu_ms,
            "csrf_required": csrf_required,
        }

        def emit(case: str, run: dict[str, Any], checked: dict[str, Any], extra: dict[str, Any] | None = None) -> None:
            s = summarise(run)
            if "server_cpu_s" in run:
                # Server CPU (master + workers) per acknowledged request, and the rate that two
                # otherwise idle cores would allow at that cost (client and lock ignored).
                cpu_ms = run["server_cpu_s"] * 1000 / max(1, s["ok"])
                extra = {
                    **(extra or {}),
                    "server_cpu_ms": round(cpu_ms, 2),
                    "cpu_ceiling_2_cores_per_s": round(2000 / cpu_ms) if cpu_ms else None,
                }
            line = {
                "db": db,
                "case": case,
                "signatures_per_s": round(s["per_s"], 1),
                "p50_ms": s["p50_ms"],
                "p99_ms": s["p99_ms"],
                "hello_rps": hello_rps,
                "acknowledged": checked["acknowledged"],
                "stored": checked["stored"],
                "lost": checked["lost"],
                "duplicates": checked["duplicates"],
                "ratio_to_hello": round(s["per_s"] / hello_rps, 3) if hello_rps else None,
                "seconds": round(s["wall"], 1),
                "t_end": round(run["t_end"], 3),
                "statuses": s["statuses"],
                "stored_without_201": checked["stored_without_201"],
                "count_equals_rows": checked["count_equals_rows"],
                "log_verifies": checked["log_verifies"],
                "client_cpu_s": s["client_cpu_s"],
                "loadavg_1m_after": round(os.getloadavg()[0], 1),
                **{k: v for k, v in common.items() if k not in ("db", "hello_rps")},
                **(extra or {}),
            }
            line.update(write_lock_stats(env, run["t_end"] - s["wall"], run["t_end"]))
            if checked["log_problems"]:
                line["log_problems"] = checked["log_problems"]
            print(json.dumps(line), flush=True)

        # (a) one hot petition
        jobs = [(data["hot"], i) for i in range(n)]
        cpu0 = server.cpu_seconds()
        run = run_load(port, deal(jobs, C), make_sign, threading.Event(), time.monotonic() + args.seconds)
        run["server_cpu_s"] = server.cpu_seconds() - cpu0
        emit("hot", run, check([data["hot"]], acked_codes(run["records"])))

        # (b) 50 petitions
        jobs = [(data["spread"][i % SPREAD_PETITIONS], i) for i in range(n)]
        cpu0 = server.cpu_seconds()
        run = run_load(port, deal(jobs, C), make_sign, threading.Event(), time.monotonic() + args.seconds)
        run["server_cpu_s"] = server.cpu_seconds() - cpu0
        emit(f"spread{SPREAD_PETITIONS}", run, check(data["spread"], acked_codes(run["records"])))

        # (c) kill -9 mid-load, restart, go on
        jobs = [(data["crash"], i) for i in range(n)]
        run, crash = load_through_crash(server, port, deal(jobs, C), make_sign, args.seconds, db)
        emit("crash", run, check([data["crash"]], acked_codes(run["records"])), crash)

        # What one signature costs in queries (in-process, Django test client, no CSRF).
        queries = sign_queries(data["page"], data["user_ids"][-1])
        say(f"{db}: one signature through the API = {queries['count']} SQL statements")
        print(json.dumps({"db": db, "case": "sign_queries", **queries}), flush=True)

        # (d) the petition page with 1,000,000 signatures, after a baseline: the hot petition's page
        hot_path = f"/ar/petitions/{data['hot']}/"
        base_run = run_load(
            port,
            [[None] * 1_000_000],
            lambda p, j: get_request(p, hot_path),
            threading.Event(),
            time.monotonic() + min(3.0, args.page_seconds),
        )
        base_lat = [r[1] * 1000 for r in base_run["records"] if r[2] == 200]
        from tadafur.petitions.models import Signature

        base_n = Signature.objects.filter(petition_id=data["hot"]).count()
        seeded = seed_page_signatures(data["page"], data["settat_id"], args.page_signatures, connection.vendor)
        say(f"{db}: seeded {args.page_signatures:,} signatures on one petition in {seeded:.1f} s (with ANALYZE)")
        breakdown = page_breakdown(data["page"])
        path = f"/ar/petitions/{data['page']}/"
        conn = Conn(port)
        status, body = conn.request(get_request(port, path))
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
        for _ in range(20):
            conn.request(get_request(port, path))
        conn.close()
        page_run = run_load(
            port,
            [[None] * 1_000_000],
            lambda p, j: get_request(p, path),
            threading.Event(),
            time.monotonic() + args.page_seconds,
        )
        lat = [r[1] * 1000 for r in page_run["records"]]
        print(
            json.dumps(
                {
                    "db": db,
                    "case": "page_1m",
                    "cache": args.cache,
                    "signatures": args.page_signatures,
                    "seed_s": round(seeded, 1),
                    "requests": len(lat),
                    "statuses": {str(k): v for k, v in Counter(r[2] for r in page_run["records"]).items()},
                    "p50_ms": round(percentile(lat, 50), 1),
                    "p95_ms": round(percentile(lat, 95), 1),
                    "p99_ms": round(percentile(lat, 99), 1),
                    "max_ms": round(max(lat), 1),
                    "bytes": len(body),
                    "cold_ms": breakdown,
                    "baseline_page": {
                        "signatures": base_n,
                        "requests": len(base_lat),
                        "p50_ms": round(percentile(base_lat, 50), 1),
                        "p95_ms": round(percentile(base_lat, 95), 1),
                    },
                    "loadavg_1m_after": round(os.getloadavg()[0], 1),
                    "hello_rps": hello_rps,
                }
            ),
            flush=True,
        )
    except BaseException:
        logfile = workdir / "server.log"
        if logfile.exists():
            tail = [
                line
                for line in logfile.read_text(errors="replace").splitlines()
                if '"GET ' not in line and '"POST ' not in line
            ][-60:]
            say("app server log (without access lines):\n" + "\n".join(tail))
        raise
    finally:
        if server is not None:
            server.stop()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up
            pass
        if db == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)
        say(f"{db}: done in {time.monotonic() - began:.0f} s")


def sign_queries(petition_id: int, user_id: int) -> dict[str, Any]:
    """The SQL statements of one signing request, captured in-process with the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tadafur.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=user_id))
    url = f"/api/v1/petitions/{petition_id}/signatures"
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, {"cnie": "ZQ1", "consent": True}, content_type="application/json")
    kinds = Counter(q["sql"].split()[0].upper() for q in ctx.captured_queries)
    return {
        "status": response.status_code,
        "count": len(ctx.captured_queries),
        "by_verb": dict(kinds),
        "sql": [q["sql"][:160] for q in ctx.captured_queries],
    }


def get_random_string_csrf() -> str:
    from django.utils.crypto import get_random_string

    return get_random_string(32)


def page_breakdown(petition_id: int) -> dict[str, float]:
    """What the detail page's uncached reads cost in-process (cache cleared), in ms."""
    from django.core.cache import cache

    from tadafur.petitions import selectors

    petition = selectors.petition_get(petition_id)
    out: dict[str, float] = {}
    for name, fn in (
        ("signature_count_exact", lambda: selectors.signature_count_exact(petition)),
        ("aggregates", lambda: selectors.aggregates_exact(petition)),
        ("distribution(counts_by_province)", lambda: selectors.distribution(petition)),
        ("spread", lambda: selectors.spread(petition)),
    ):
        cache.clear()
        t0 = time.perf_counter()
        fn()
        out[name] = round((time.perf_counter() - t0) * 1000, 1)
    return out


def collect_static(target: Path) -> None:
    t0 = time.monotonic()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.signing_settings", "BENCH_STATIC_ROOT": str(target)}
    env.setdefault("DATABASE_URL", f"sqlite:///{target.parent / 'collect.sqlite3'}")
    env.pop("TADAFUR_TESTING", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR, env=env, check=True
    )
    os.environ["BENCH_STATIC_ROOT"] = str(target)
    say(f"collectstatic into a temporary STATIC_ROOT in {time.monotonic() - t0:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, default=20_000, help="seeded users = max signatures per case")
    parser.add_argument("--clients", type=int, default=16, help="concurrent keep-alive HTTP clients")
    parser.add_argument("--seconds", type=float, default=15, help="seconds per signing case")
    parser.add_argument("--page-signatures", type=int, default=1_000_000)
    parser.add_argument("--page-seconds", type=float, default=10)
    parser.add_argument(
        "--cache",
        choices=["locmem", "redis"],
        default="locmem",
        help="Django's cache: one LocMemCache per worker, or a throw-away redis-server shared by the workers",
    )
    args = parser.parse_args()
    if args.db != "both":
        run_db(args.db, args)
        return 0
    # One process per database: Django's settings are read once per process.
    workdir = Path(tempfile.mkdtemp(prefix="tadafur-signing-static-"))
    try:
        collect_static(workdir / "static")
        argv = [a for a in sys.argv[1:]]
        if "--db" in argv:
            i = argv.index("--db")
            del argv[i : i + 2]
        argv = [a for a in argv if not a.startswith("--db=")]
        code = 0
        for db in ("sqlite", "postgres"):
            code |= subprocess.run([sys.executable, __file__, "--db", db, *argv], env=os.environ).returncode
        return code
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
