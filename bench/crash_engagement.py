"""Engagement writes under load, and `kill -9` of the server mid-load (issue 8 §3): a benchmark.

    .venv/bin/python bench/crash_engagement.py [--db sqlite|postgres] [--users N] [--clients C] [--seconds S]

Like bench/signing.py's crash case, whose helpers it imports (HTTP client, app-server wrapper,
seeding, collectstatic): a throw-away database (SQLite in WAL mode in a temporary directory by
default, or a fresh PostgreSQL database dropped afterwards), migrated, territories loaded, N
resident-verified users of Settat with a session each and a collecting petition; then the app server as
`make run` starts it (config/serve.py, production settings, DEBUG off). C keep-alive clients
each take a share of the users and, for each user in turn, make these API writes (session + CSRF):

1. POST /api/v1/comments/on/petitions.petition/<id>          a comment        (201)
2. POST /api/v1/notifications/follows                        follow           (201)
3. POST /api/v1/feedback/                                    service report   (201)
4. POST /api/v1/information-requests/                        information request (201)
5. DELETE /api/v1/notifications/follows/<id>, every 2nd user  unfollow         (204)

A write whose connection fails (the server is down) is not retried: its outcome is unknown, and it
is counted as unacknowledged; the client waits until the port accepts connections again and goes
on with its next user. After S*0.4 seconds the app server (granian) main process and workers get SIGKILL
(process group); the server is restarted at once and the load goes on for S*0.4 seconds more.

Then, from the database: every acknowledged write (2xx) must be stored exactly once (comments,
reports and requests by id and by their unique text; an acknowledged follow is present unless
its unfollow was acknowledged, an acknowledged unfollow is absent), every stored comment, report
and request has its audit entry, the audit chain verifies, and request references are unique.
One JSON line goes to stdout; progress to stderr. Exit status 1 if a write was lost or doubled.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.signing import (  # noqa: E402 - after the path fix, so that `python bench/crash_engagement.py` works
    PG_SERVER,
    SETTAT,
    Conn,
    Server,
    collect_static,
    free_port,
    get_random_string_csrf,
    percentile,
    seed,
)

MARK = "crash2-"  # every text written by the benchmark starts with it
KINDS = ("comment", "follow", "report", "inforequest", "unfollow")


def say(message: str) -> None:
    print(f"crash_engagement: {message}", file=sys.stderr, flush=True)


def api_request(port: int, method: str, path: str, session: str, csrf: str, payload: Any = None) -> bytes:
    body = json.dumps(payload).encode() if payload is not None else b""
    # A 204 has no Content-Length, and bench.signing.Conn then reads to the end of the stream:
    # `Connection: close` ends it at once instead of after the server's keep-alive timeout.
    close = "Connection: close\r\n" if method == "DELETE" else ""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{close}"
        f"Cookie: sessionid={session}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


# --- The load ------------------------------------------------------------------------------


def run_users(
    port: int, users: list[int], sessions: list[str], petition_id: int, csrf: str, stop: threading.Event, clients: int
) -> dict[str, Any]:
    """Each client thread takes every C-th user and makes that user's writes, in order.

    Records (kind, user index, status, object id from a 2xx body or None, latency s).
    """
    records: list[list[tuple[str, int, int, int | None, float]]] = [[] for _ in range(clients)]
    started = threading.Barrier(clients + 1)

    def wait_for_server() -> None:
        while not stop.is_set():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)

    def one(conn: Conn, out: list[Any], kind: str, i: int, method: str, path: str, payload: Any) -> int | None:
        raw = api_request(port, method, path, sessions[i], csrf, payload)
        t0 = time.perf_counter()
        try:
            status, body = conn.request(raw)
        except OSError:
            conn.close()
            out.append((kind, i, 0, None, time.perf_counter() - t0))
            wait_for_server()  # do not spend the remaining users on a server that is down
            return None
        pk = None
        if 200 <= status < 300 and body:
            pk = json.loads(body).get("id")
        out.append((kind, i, status, pk, time.perf_counter() - t0))
        return pk if 200 <= status < 300 else None

    def client(k: int) -> None:
        conn = Conn(port)
        out = records[k]
        started.wait()
        for i in users[k::clients]:
            if stop.is_set():
                break
            text = f"{MARK}{i}"
            comments = f"/api/v1/comments/on/petitions.petition/{petition_id}"
            one(conn, out, "comment", i, "POST", comments, {"text": text})
            follow_id = one(
                conn,
                out,
                "follow",
                i,
                "POST",
                "/api/v1/notifications/follows",
                {"target": "petitions.petition", "object_id": petition_id},
            )
            one(
                conn,
                out,
                "report",
                i,
                "POST",
                "/api/v1/feedback/",
                {"commune": SETTAT, "service": "lighting", "description": text, "address": "Bench street"},
            )
            one(
                conn,
                out,
                "inforequest",
                i,
                "POST",
                "/api/v1/information-requests/",
                {"collectivity": SETTAT, "subject": text, "text": "Benchmark request."},
            )
            if i % 2 == 0 and follow_id is not None:
                one(conn, out, "unfollow", i, "DELETE", f"/api/v1/notifications/follows/{follow_id}", None)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    started.wait()
    t0 = time.monotonic()
    for t in threads:
        t.join()
    return {"wall": time.monotonic() - t0, "records": [r for rs in records for r in rs]}


# --- Checks --------------------------------------------------------------------------------


def check(records: list[Any], user_ids: list[int], petition_id: int) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    from tadafur.comments.models import Comment
    from tadafur.core.audit import audit_verify
    from tadafur.core.models import AuditEntry
    from tadafur.feedback.models import Report
    from tadafur.inforequests.models import InfoRequest
    from tadafur.notifications.models import Follow
    from tadafur.petitions.models import Petition

    acked: dict[str, list[tuple[int, int | None]]] = {k: [] for k in KINDS}
    attempted: dict[str, set[int]] = {k: set() for k in KINDS}
    for kind, i, status, pk, _ in records:
        attempted[kind].add(i)
        if 200 <= status < 300:
            acked[kind].append((i, pk))

    out: dict[str, Any] = {}
    totals = Counter()

    def by_text(kind: str, rows: list[tuple[int, str]], action: str, model_label: str) -> None:
        ids = Counter(pk for pk, _ in rows)
        texts = Counter(text for _, text in rows)
        acked_ids = Counter(pk for _, pk in acked[kind])
        stored = sum(1 for pk in acked_ids if ids.get(pk, 0) >= 1)
        duplicates = sum(n - 1 for n in texts.values() if n > 1) + sum(n - 1 for n in acked_ids.values() if n > 1)
        audited = set(
            AuditEntry.objects.filter(action=action, object_type=model_label).values_list("object_id", flat=True)
        )
        out[kind] = {
            "acknowledged": len(acked[kind]),
            "stored": stored,
            "lost": len(acked_ids) - stored,
            "duplicates": duplicates,
            "stored_without_2xx": len(rows) - stored,
            "without_audit_entry": sum(1 for pk in ids if str(pk) not in audited),
        }

    by_text(
        "comment",
        list(Comment.objects.filter(text__startswith=MARK).values_list("pk", "text")),
        "comment.post",
        "comments.comment",
    )
    by_text(
        "report",
        list(Report.objects.filter(description__startswith=MARK).values_list("pk", "description")),
        "feedback.report",
        "feedback.report",
    )
    requests = list(InfoRequest.objects.filter(subject__startswith=MARK))
    by_text("inforequest", [(r.pk, r.subject) for r in requests], "inforequest.file", "inforequests.inforequest")
    references = Counter(r.reference for r in requests)
    out["inforequest"]["duplicate_references"] = sum(n - 1 for n in references.values() if n > 1)

    # Follows: the row that should be there after the acknowledged writes, per user.
    ct = ContentType.objects.get_for_model(Petition)
    index_of = {pk: i for i, pk in enumerate(user_ids)}
    follow_rows = Counter(
        index_of.get(u)
        for u in Follow.objects.filter(content_type=ct, object_id=petition_id, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    followed = {i for i, _ in acked["follow"]}
    unfollowed = {i for i, _ in acked["unfollow"]}
    # An acknowledged follow with no unfollow attempted must be there; an acknowledged unfollow must not.
    must_exist = {i for i in followed if i not in attempted["unfollow"]}
    lost_follows = sum(1 for i in must_exist if follow_rows.get(i, 0) == 0)
    lost_unfollows = sum(1 for i in unfollowed if follow_rows.get(i, 0) > 0)
    out["follow"] = {
        "acknowledged": len(acked["follow"]),
        "stored": len(followed) - lost_follows,
        "lost": lost_follows,
        # acknowledged, then an unfollow was sent: present or absent, both are right
        "then_unfollowed": len(followed - must_exist),
        "duplicates": sum(n - 1 for n in follow_rows.values() if n > 1),
        "stored_without_2xx": sum(1 for i in follow_rows if i not in followed),
    }
    out["unfollow"] = {
        "acknowledged": len(unfollowed),
        "stored": len(unfollowed) - lost_unfollows,  # the row is gone
        "lost": lost_unfollows,
        "duplicates": 0,
    }
    for kind in KINDS:
        for key in ("acknowledged", "stored", "lost", "duplicates"):
            totals[key] += out[kind][key]
    breaks = list(audit_verify())
    return {
        **{k: totals[k] for k in ("acknowledged", "stored", "lost", "duplicates")},
        "by_kind": out,
        "audit_chain_verifies": not breaks,
        "audit_breaks": [f"{b.entry_id}: {b.problem}" for b in breaks[:5]] if breaks else [],
    }


# --- The run -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", type=int, default=3000, help="seeded users; each makes up to 5 writes")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive HTTP clients")
    parser.add_argument("--records", help="write every request (kind, user, status, id, latency) to this JSON file")
    parser.add_argument("--seconds", type=float, default=16, help="load time; SIGKILL at 40%%, restart at once")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tadafur-crash-engagement-"))
    pg_name = f"bench_crash_engagement_{os.getpid()}"
    env = dict(os.environ)
    for name in ("REDIS_URL", "DEBUG", "TADAFUR_TESTING"):
        env.pop(name, None)
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}" if args.db == "sqlite" else PG_SERVER + pg_name
    env["DJANGO_SETTINGS_MODULE"] = "bench.signing_settings"
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("PII_HASH_KEY", secrets.token_urlsafe(32))
    env.setdefault("FIELD_ENCRYPTION_KEY", secrets.token_urlsafe(32))
    env["LOG_LEVEL"] = "WARNING"
    os.environ.clear()
    os.environ.update(env)
    server: Server | None = None
    began = time.monotonic()
    code = 0
    try:
        if args.db == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {pg_name}")
        collect_static(workdir / "static")
        env["BENCH_STATIC_ROOT"] = os.environ["BENCH_STATIC_ROOT"]
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        say(f"{args.db}: migrating and loading the territories")
        call_command("migrate", verbosity=0, interactive=False)
        with open(os.devnull, "w") as devnull:
            call_command("load_territories", stdout=devnull)
        data = seed(args.users)
        journal = ""
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute("PRAGMA journal_mode")
                journal = cur.fetchone()[0]
        say(f"{args.db}: seeded {args.users} users with sessions (journal mode: {journal or 'n/a'})")
        connection.close()

        port = free_port()
        server = Server(env, port, workdir / "server.log")
        say(f"{args.db}: app server up on 127.0.0.1:{port} in {server.start():.1f} s")
        csrf = get_random_string_csrf()
        stop = threading.Event()
        holder: dict[str, Any] = {}
        users = list(range(args.users))
        loader = threading.Thread(
            target=lambda: holder.update(
                run=run_users(port, users, data["sessions"], data["crash"], csrf, stop, args.clients)
            ),
            daemon=True,
        )
        loader.start()
        time.sleep(args.seconds * 0.4)
        server.kill9()
        killed_at = time.monotonic()
        say(f"{args.db}: SIGKILL sent to the app server's process group mid-load; restarting")
        restart = server.start()
        time.sleep(args.seconds * 0.4)
        stop.set()
        loader.join()
        run = holder["run"]
        records = run["records"]
        statuses = Counter(r[2] for r in records)
        latencies = [r[4] * 1000 for r in records if r[2] != 0]
        checked = check(records, data["user_ids"], data["crash"])
        if args.records:
            Path(args.records).write_text(json.dumps(records))
        line = {
            "case": "crash_engagement",
            "db": args.db,
            "journal_mode": journal,
            "clients": args.clients,
            "users": args.users,
            "acknowledged": checked["acknowledged"],
            "stored": checked["stored"],
            "lost": checked["lost"],
            "duplicates": checked["duplicates"],
            "audit_chain_verifies": checked["audit_chain_verifies"],
            "by_kind": checked["by_kind"],
            "requests": len(records),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "writes_per_s": round(sum(1 for r in records if 200 <= r[2] < 300) / run["wall"], 1),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p99_ms": round(percentile(latencies, 99), 1),
            "restart_s": round(restart, 2),
            "down_s": round(time.monotonic() - killed_at - args.seconds * 0.4, 2),
            "seconds": round(run["wall"], 1),
        }
        if checked["audit_breaks"]:
            line["audit_breaks"] = checked["audit_breaks"]
        print(json.dumps(line), flush=True)
        if checked["lost"] or checked["duplicates"] or not checked["audit_chain_verifies"]:
            code = 1
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
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up
            pass
        if args.db == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)
        say(f"{args.db}: done in {time.monotonic() - began:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
