"""A petition's status change fanned out to 100,000 followers while people sign (issue 6 §3).

    .venv/bin/python bench/notify_fanout.py [--db sqlite|postgres] [--followers N] [--clients C]
                                            [--seconds S] [--email-share F] [--sms-share F]

A benchmark, not a test: it measures and prints one JSON line per case on stdout (progress on
stderr) and asserts nothing. On a throw-away database (as bench/signing.py: a SQLite file in a
temporary directory, or a fresh PostgreSQL database dropped afterwards) it migrates, loads the
territories, seeds signers with sessions and the petitions (bench.signing.seed), then N followers
of one petition ("page", filed), a share of them by email and by SMS, and starts the app server (granian) as
`make run` does. Then:

- fanout_alone:  the fan-out of one status change, in a separate worker process (what an RQ
                 worker runs: `fanout_task`, then each batch's email/SMS deliveries inline);
- signing_alone: C keep-alive clients sign the "hot" petition for S seconds (distinct users);
- signing_during_fanout: a second status change of the followed petition is fanned out by the
                 worker while the clients sign, until the fan-out ends (at least S seconds).

Email goes to Django's locmem backend and SMS to the locmem SMS backend inside the worker, so the
figures are the platform's own cost (rendering, unsubscribe tokens, rows, delivery bookkeeping),
not a gateway's.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.signing import (  # noqa: E402
    PG_SERVER,
    Server,
    cnie_of,
    collect_static,
    deal,
    free_port,
    get_random_string_csrf,
    run_load,
    seed,
    sign_request,
    summarise,
)


def say(message: str) -> None:
    print(f"notify_fanout: {message}", file=sys.stderr, flush=True)


def seed_followers(petition_id: int, n: int, email_share: float, sms_share: float) -> float:
    """n accounts following one petition: everyone in-app, a share by email, a share by SMS."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from tadafur.accounts.models import User
    from tadafur.notifications.models import Follow
    from tadafur.petitions.models import Petition

    t0 = time.monotonic()
    petition = Petition.objects.get(pk=petition_id)
    content_type = ContentType.objects.get_for_model(Petition)
    languages = ("ar", "fr", "zgh", "en")
    every_email = int(1 / email_share) if email_share else 0
    every_sms = int(1 / sms_share) if sms_share else 0
    with transaction.atomic():
        users = []
        for i in range(n):
            by_email = bool(every_email) and i % every_email == 0
            by_sms = bool(every_sms) and i % every_sms == 1
            users.append(
                User(
                    username=f"follower{i:07d}",
                    password="!bench-unusable-password",
                    email=f"follower{i}@bench.invalid" if by_email else "",
                    phone=f"+2126{i:08d}" if by_sms else "",
                    preferred_language=languages[i % 4],
                    notify_in_app=True,
                    notify_email=by_email,
                    notify_sms=by_sms,
                )
            )
        User.objects.bulk_create(users, batch_size=5000)
        ids = User.objects.filter(username__startswith="follower").values_list("pk", flat=True)
        Follow.objects.bulk_create(
            [
                Follow(
                    user_id=pk, content_type=content_type, object_id=petition.pk, collectivity_id=petition.territory_id
                )
                for pk in ids.iterator(chunk_size=5000)
            ],
            batch_size=5000,
        )
    return time.monotonic() - t0


def publish_event(petition_id: int, status: str) -> int:
    """Record a status-change event without running its fan-out here (the worker does)."""
    from django.contrib.contenttypes.models import ContentType

    from tadafur.notifications.events import PETITION_STATUS
    from tadafur.notifications.models import Event
    from tadafur.petitions.models import Petition

    petition = Petition.objects.get(pk=petition_id)
    event = Event.objects.create(
        kind=PETITION_STATUS,
        content_type=ContentType.objects.get_for_model(Petition),
        object_id=petition.pk,
        collectivity_id=petition.territory_id,
        context={"title": petition.title, "status": status},
    )
    return event.pk


def worker(event_id: int) -> None:
    """The worker process: run one fan-out as the task backend would, print what it did."""
    import django

    django.setup()
    from django.db.models import Count

    from tadafur.notifications.models import Delivery
    from tadafur.notifications.tasks import fanout_task

    t0 = time.monotonic()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        notified = profile.runcall(fanout_task.call, event_id)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    else:
        notified = fanout_task.call(event_id)
    seconds = time.monotonic() - t0
    sent = dict(
        Delivery.objects.filter(notification__event_id=event_id)
        .values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    print(json.dumps({"notified": notified, "seconds": round(seconds, 2), "deliveries": sent}), flush=True)


def start_worker(env: dict[str, str], event_id: int) -> subprocess.Popen[str]:
    worker_env = {
        **env,
        "EMAIL_URL": "locmem:",
        "SMS_BACKEND": "tadafur.accounts.sms.LocmemSmsBackend",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, __file__, "--worker", str(event_id)],
        cwd=BASE_DIR,
        env=worker_env,
        stdout=subprocess.PIPE,
        text=True,
    )


def finish_worker(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"the fan-out worker failed with {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["per_s"] = round(result["notified"] / result["seconds"], 1) if result["seconds"] else None
    return result


def run(args: argparse.Namespace) -> None:
    db = args.db
    workdir = Path(tempfile.mkdtemp(prefix=f"tadafur-notify-{db}-"))
    pg_name = f"bench_notify_{os.getpid()}"
    env = dict(os.environ)
    for name in ("REDIS_URL", "DEBUG", "TADAFUR_TESTING"):
        env.pop(name, None)
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}" if db == "sqlite" else PG_SERVER + pg_name
    env["DJANGO_SETTINGS_MODULE"] = "bench.signing_settings"
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("PII_HASH_KEY", secrets.token_urlsafe(32))
    env.setdefault("FIELD_ENCRYPTION_KEY", secrets.token_urlsafe(32))
    env["LOG_LEVEL"] = "WARNING"
    os.environ.clear()
    os.environ.update(env)
    server: Server | None = None
    try:
        if db == "postgres":
            import psycopg

            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as admin:
                admin.execute(f"CREATE DATABASE {pg_name}")
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
        data = seed(args.users)
        followed = data["page"]
        took = seed_followers(followed, args.followers, args.email_share, args.sms_share)
        say(f"{db}: seeded {args.users} signers and {args.followers} followers in {took:.1f} s")
        first = publish_event(followed, "filed")
        second = publish_event(followed, "under_review")
        connection.close()

        common = {"db": db, "followers": args.followers, "clients": args.clients}

        say(f"{db}: fan-out alone")
        alone = finish_worker(start_worker(env, first))
        print(json.dumps({**common, "case": "fanout_alone", **alone}), flush=True)

        port = free_port()
        server = Server(env, port, workdir / "server.log")
        server.start()
        csrf = get_random_string_csrf()
        sessions = data["sessions"]
        hot = data["hot"]
        users = iter(range(len(sessions) - 1))

        def make_sign(p: int, job: int) -> bytes:
            return sign_request(p, hot, sessions[job], csrf, cnie_of(job))

        def make_hello(p: int, job: Any) -> bytes:
            return f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n".encode()

        run_load(port, deal([None] * 200, args.clients), make_hello, threading.Event(), None)  # warm-up
        half = (len(sessions) - 1) // 2
        say(f"{db}: signing alone for {args.seconds} s")
        jobs = [next(users) for _ in range(half)]
        base = summarise(
            run_load(port, deal(jobs, args.clients), make_sign, threading.Event(), time.monotonic() + args.seconds)
        )
        print(json.dumps({**common, "case": "signing_alone", **_signing(base)}), flush=True)

        say(f"{db}: signing while the second status change fans out")
        stop = threading.Event()
        proc = start_worker(env, second)
        started = time.monotonic()
        holder: dict[str, Any] = {}

        def wait_worker() -> None:
            try:
                holder["fanout"] = finish_worker(proc)
            except Exception as exc:  # noqa: BLE001 - reported in the JSON line, and the load stops
                holder["fanout"] = {"error": str(exc)}
                stop.set()
                return
            holder["ended"] = time.monotonic() - started
            # Keep signing for at least --seconds so that the two signing cases compare.
            remaining = args.seconds - holder["ended"]
            if remaining > 0:
                time.sleep(remaining)
            stop.set()

        waiter = threading.Thread(target=wait_worker, daemon=True)
        waiter.start()
        jobs = [next(users) for _ in range(len(sessions) - 1 - half)]
        during = summarise(run_load(port, deal(jobs, args.clients), make_sign, stop, None))
        waiter.join()
        print(
            json.dumps(
                {
                    **common,
                    "case": "signing_during_fanout",
                    **_signing(during),
                    "fanout": holder.get("fanout"),
                    "signers_ran_out": during["ok"] >= len(jobs),
                }
            ),
            flush=True,
        )
    finally:
        if server is not None:
            server.stop()
        if db == "postgres":
            try:
                from django.db import connections

                connections.close_all()
                import psycopg

                with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
            except Exception as exc:  # noqa: BLE001 - best effort clean-up of a throw-away database
                say(f"could not drop {pg_name}: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


def _signing(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "signatures": summary["ok"],
        "signatures_per_s": round(summary["per_s"], 1),
        "p50_ms": summary["p50_ms"],
        "p99_ms": summary["p99_ms"],
        "seconds": round(summary["wall"], 1),
        "statuses": summary["statuses"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20_000, help="seeded signers (at most one signature each)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive signing clients")
    parser.add_argument("--seconds", type=float, default=20, help="seconds of signing per case (at least)")
    parser.add_argument("--email-share", type=float, default=0.1, help="share of followers told by email")
    parser.add_argument("--sms-share", type=float, default=0.05, help="share of followers told by SMS")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
