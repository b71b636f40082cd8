"""Ballots over HTTP, on the real server: a benchmark (issue 4 §9), not a timed test.

    .venv/bin/python bench/ballots.py [--db sqlite|postgres|both] [--voters N] [--clients C] [--seconds S]

For each database it creates a throw-away database (a SQLite file in a temporary directory, or a
fresh PostgreSQL database on postgres://postgres@127.0.0.1:5432/ dropped afterwards), migrates,
loads the territories, seeds N resident-verified voters of Settat with a session each (the seeding
helper of bench/signing.py, imported, not copied), opens a participatory budget of Settat in its
vote phase with 12 projects on the ballot (approval, 1 to 3 projects), starts the app server (granian) as
`make run` does (config/serve.py, production settings, DEBUG off), then C keep-alive HTTP
clients POST /api/v1/budgets/{cycle}/ballots:

- cast:   every voter casts one ballot (expected 201), each request a distinct voter;
- change: the same voters change their ballot (expected 200), while the vote is open;
- crash:  the voters not used yet cast, then the others change (201 or 200), and mid-load the
          app server (granian) main process and workers get SIGKILL (process group); the server is restarted and the
          load goes on (`--no-crash` leaves this case out).

After each case it checks from the database: every acknowledged ballot is stored with exactly the
projects acknowledged (0 lost), one ballot per voter (0 duplicates), and no ballot stored without
an acknowledgement (after a crash, a few may be: committed, their 201 never left the killed
worker; the voter sees an error and, on retry, changes the ballot). One JSON line per case goes
to stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import subprocess
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

from bench.signing import (  # noqa: E402
    PG_SERVER,
    SETTAT,
    Conn,
    Server,
    collect_static,
    deal,
    free_port,
    get_random_string_csrf,
    get_request,
    load_through_crash,
    percentile,
    run_load,
    seed,
    write_lock_stats,
)

PROJECTS = 12
MAX_CHOICES = 3


def say(message: str) -> None:
    print(f"ballots: {message}", file=sys.stderr, flush=True)


def ballot_request(port: int, cycle_id: int, session_key: str, csrf: str | None, projects: list[int]) -> bytes:
    body = json.dumps({"projects": projects}).encode()
    cookie = f"sessionid={session_key}" + (f"; csrftoken={csrf}" if csrf else "")
    csrf_header = f"X-CSRFToken: {csrf}\r\n" if csrf else ""
    head = (
        f"POST /api/v1/budgets/{cycle_id}/ballots HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: {cookie}\r\n{csrf_header}Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def seed_cycle() -> dict[str, Any]:
    """A Settat cycle in its vote phase (vote opened yesterday, closes in nine days) and its ballot."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from tadafur.budgets import phases, services
    from tadafur.budgets.models import Proposal
    from tadafur.budgets.states import ProposalState
    from tadafur.core import clock
    from tadafur.territories.models import Territory

    settat = Territory.objects.get(code=SETTAT)
    now, day = clock.now(), dt.timedelta(days=1)
    keys = [p.key for p in phases.PHASES]
    vote = keys.index("vote")
    starts = {key: now + (i - vote) * 10 * day - day for i, key in enumerate(keys)}
    cycle = services.cycle_create(
        collectivity=settat,
        name="Bench budget",
        envelope=3_000_000,
        starts=starts,
        ballot_type="approval",
        rule="mes-add1-greedy",
        min_choices=1,
        max_choices=MAX_CHOICES,
        actor=None,
        check_permission=False,
    )
    author = get_user_model().objects.get(username="bench-agent")
    made = [
        Proposal.objects.create(
            cycle=cycle,
            title=f"Project {k}",
            description="Benchmark.",
            estimated_cost=100_000 + 50_000 * k,
            category="other",
            beneficiaries=["everyone"],
            author=author,
            proposer_kind="citizen",
            status=ProposalState.FEASIBLE,
            gender_marker=k % 3,
            gender_analysis="-",
        )
        for k in range(PROJECTS)
    ]
    return {"cycle": cycle.pk, "projects": sorted(p.pk for p in made)}


def check(
    cycle_id: int,
    voter_ids: list[int],
    acked: dict[int, tuple[int, list[int]]],
    unanswered: dict[int, list[int]] | None = None,
) -> dict[str, Any]:
    """acked maps voter id -> (ballot id, projects) of the last acknowledged (201/200) answer.

    unanswered (crash case) maps voter id -> the projects of a request that got no answer at all:
    it may have committed before the kill, so either that or the last acknowledged ballot is right.
    """
    unanswered = unanswered or {}
    from tadafur.budgets.models import Ballot, BallotChoice

    stored: dict[int, tuple[int, list[int]]] = {}
    per_voter = Counter()
    for pk, voter in Ballot.objects.filter(cycle_id=cycle_id).values_list("pk", "voter_id"):
        per_voter[voter] += 1
        stored[voter] = (pk, [])
    by_ballot = {pk: voter for voter, (pk, _p) in stored.items()}
    for ballot_id, proposal in BallotChoice.objects.filter(ballot__cycle_id=cycle_id).values_list(
        "ballot_id", "proposal_id"
    ):
        stored[by_ballot[ballot_id]][1].append(proposal)
    lost = changed_unanswered = 0
    for voter, (pk, projects) in acked.items():
        got = stored.get(voter, (None, []))
        if got[0] == pk and sorted(got[1]) == sorted(projects):
            continue
        if got[0] == pk and voter in unanswered and sorted(got[1]) == sorted(unanswered[voter]):
            changed_unanswered += 1  # the change committed, its 200 never left the killed worker
            continue
        lost += 1
    result = {
        "stored": len(stored),
        "lost": lost,
        "duplicates": sum(n - 1 for n in per_voter.values() if n > 1),
        "stored_unacknowledged": len(set(stored) - set(acked)),
    }
    if unanswered:
        result["changed_unacknowledged"] = changed_unanswered
    return result


def summarise(run: dict[str, Any]) -> dict[str, Any]:
    records = run["records"]
    latencies = [r[1] * 1000 for r in records]
    statuses = Counter(r[2] for r in records)
    return {
        "requests": len(records),
        "seconds": round(run["wall"], 2),
        "per_second": round(len(records) / run["wall"], 1) if run["wall"] else None,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "client_cpu_s": round(run["client_cpu_s"], 1),
    }


def run_db(db: str, args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix=f"tadafur-ballots-{db}-"))
    pg_name = f"bench_ballots_{os.getpid()}"
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
    os.environ.clear()
    os.environ.update(env)
    server: Server | None = None
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
        data = seed(args.voters)
        data.update(seed_cycle())
        say(f"{db}: seeded {args.voters} voters with sessions and a cycle in {time.monotonic() - t0:.1f} s")
        connection.close()

        port = free_port()
        server = Server(env, port, workdir / "server.log")
        say(f"{db}: app server up on 127.0.0.1:{port} in {server.start():.1f} s")
        sessions, ids, cycle_id, projects = data["sessions"], data["user_ids"], data["cycle"], data["projects"]
        csrf = get_random_string_csrf()
        probe = Conn(port)
        status_no_csrf, _body = probe.request(ballot_request(port, cycle_id, sessions[-1], None, projects[:1]))
        probe.close()
        say(f"{db}: POST without CSRF token -> {status_no_csrf} (every measured POST sends the token)")

        cpu0 = server.cpu_seconds()
        hello = run_load(
            port,
            deal(list(range(1000)), args.clients),
            lambda p, _job: get_request(p, "/healthz"),
            threading.Event(),
            time.monotonic() + 10,
        )
        hello_summary = summarise(hello)
        hello_summary["server_cpu_ms"] = round((server.cpu_seconds() - cpu0) * 1000 / max(1, len(hello["records"])), 2)
        print(json.dumps({"db": db, "case": "hello", **hello_summary}), flush=True)

        rng = random.Random(7)
        voters = list(range(args.voters))  # the last seeded user is the CSRF probe
        acked: dict[int, tuple[int, list[int]]] = {}
        attempted: set[int] = set()
        for case, expected in (("cast", 201), ("change", 200)):
            jobs = [(k, sorted(rng.sample(projects, rng.randint(1, MAX_CHOICES)))) for k in voters]
            cpu0 = server.cpu_seconds()
            run = run_load(
                port,
                deal(jobs, args.clients),
                lambda p, job: ballot_request(p, cycle_id, sessions[job[0]], csrf, job[1]),
                threading.Event(),
                time.monotonic() + args.seconds,
            )
            server_cpu_s = server.cpu_seconds() - cpu0
            attempted.update(k for (k, _c), _l, _s, _b in run["records"])
            note_acknowledged(db, run, ids, acked)
            summary = summarise(run)
            summary["acknowledged"] = sum(1 for r in run["records"] if r[2] == expected)
            summary.update(check(cycle_id, ids, acked))
            # Server CPU per answered ballot, the rate two idle cores would allow at that cost,
            # the ratio to /healthz measured on the same server, and (SQLite) the write lock.
            cpu_ms = server_cpu_s * 1000 / max(1, summary["acknowledged"])
            summary["server_cpu_ms"] = round(cpu_ms, 2)
            summary["cpu_ceiling_2_cores_per_s"] = round(2000 / cpu_ms) if cpu_ms else None
            summary["hello_per_second"] = hello_summary["per_second"]
            if hello_summary["per_second"]:
                summary["ratio_to_hello"] = round(summary["per_second"] / hello_summary["per_second"], 3)
            summary["loadavg_1m_after"] = round(os.getloadavg()[0], 1)
            summary.update(write_lock_stats(env, run["t_end"] - run["wall"], run["t_end"]))
            connection.close()
            print(json.dumps({"db": db, "case": case, "expected": expected, **summary}), flush=True)
            say(
                f"{db}: {case}: {summary['per_second']} ballots/s, p50 {summary['p50_ms']} ms, "
                f"p99 {summary['p99_ms']} ms, acknowledged {summary['acknowledged']}, stored {summary['stored']}, "
                f"lost {summary['lost']}, duplicates {summary['duplicates']}"
            )
            voters = [k for (k, _c), _l, status, _b in run["records"] if status == expected]

        if args.crash:
            crash_case(server, port, cycle_id, projects, sessions, ids, csrf, attempted, acked, rng, db, args)
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
            except Exception as exc:  # noqa: BLE001 - cleanup must not hide the run's outcome
                say(f"could not drop {pg_name}: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


def crash_case(
    server: Server,
    port: int,
    cycle_id: int,
    projects: list[int],
    sessions: list[str],
    ids: list[int],
    csrf: str,
    attempted: set[int],
    acked: dict[int, tuple[int, list[int]]],
    rng: random.Random,
    db: str,
    args: argparse.Namespace,
) -> None:
    """kill -9 of the app server's process group mid-load, restart, go on; then the same checks.

    Each voter at most once (first ballots of the voters not used yet, then changes by the others),
    so the last acknowledged answer of a voter is the one that must be stored.
    """
    from django.db import connection

    order = [k for k in range(args.voters) if k not in attempted] + sorted(attempted)
    jobs = [(k, sorted(rng.sample(projects, rng.randint(1, MAX_CHOICES)))) for k in order]
    run, crash = load_through_crash(
        server,
        port,
        deal(jobs, args.clients),
        lambda p, job: ballot_request(p, cycle_id, sessions[job[0]], csrf, job[1]),
        args.seconds,
        db,
        say,
    )
    note_acknowledged(db, run, ids, acked)
    summary = summarise(run)
    summary["acknowledged"] = sum(1 for r in run["records"] if r[2] in (200, 201))
    summary["unanswered"] = sum(1 for r in run["records"] if r[2] == 0)  # refused while down, or in flight
    unanswered = {ids[k]: chosen for (k, chosen), _lat, status, _b in run["records"] if status == 0}
    summary.update(check(cycle_id, ids, acked, unanswered))
    summary.update(crash)
    connection.close()
    print(json.dumps({"db": db, "case": "crash", "expected": "201/200", **summary}), flush=True)
    say(
        f"{db}: crash: {summary['per_second']} ballots/s (with the restart), acknowledged "
        f"{summary['acknowledged']}, lost {summary['lost']}, duplicates {summary['duplicates']}, "
        f"stored without an acknowledgement {summary['stored_unacknowledged']}"
    )


def note_acknowledged(db: str, run: dict[str, Any], ids: list[int], acked: dict[int, Any]) -> None:
    """Record each acknowledged ballot (voter id -> ballot id and projects), warning if the answer
    names other projects than the ones sent."""
    for (k, chosen), _lat, status, body in run["records"]:
        if status in (200, 201):
            answer = json.loads(body)
            acked[ids[k]] = (answer["ballot"], answer["projects"])
            if answer["projects"] != chosen:
                say(f"{db}: WARNING: voter {k} acknowledged {answer['projects']} for {chosen}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--voters", type=int, default=10_000, help="seeded voters = ballots per case at most")
    parser.add_argument("--clients", type=int, default=16, help="concurrent keep-alive HTTP clients")
    parser.add_argument("--seconds", type=float, default=30, help="at most this long per case")
    parser.add_argument(
        "--crash", action=argparse.BooleanOptionalAction, default=True, help="the kill -9 case (default: on)"
    )
    args = parser.parse_args()
    if args.db != "both":
        run_db(args.db, args)
        return 0
    # One process per database: Django's settings are read once per process.
    workdir = Path(tempfile.mkdtemp(prefix="tadafur-ballots-static-"))
    try:
        collect_static(workdir / "static")
        argv = [a for a in sys.argv[1:] if not a.startswith("--db")]
        if "--db" in sys.argv:
            i = sys.argv.index("--db")
            argv = sys.argv[1:i] + sys.argv[i + 2 :]
        code = 0
        for db in ("sqlite", "postgres"):
            code |= subprocess.run([sys.executable, __file__, "--db", db, *argv], env=os.environ).returncode
        return code
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
