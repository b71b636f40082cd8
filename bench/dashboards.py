"""Dashboards with a year of activity across Settat's 46 communes: server time per page.

    .venv/bin/python bench/dashboards.py                  # writes docs/benchmarks-dashboards.md
    .venv/bin/python bench/dashboards.py --requests 30 --output /tmp/dash.md
    .venv/bin/python bench/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/t_bench \
        --output /tmp/dash-pg.md                        # PostgreSQL: a test_<name> database, dropped after

On a throw-away SQLite database: load the territories, seed a year of activity in every commune
of Settat province with bulk_create (petitions and their signatures, budget cycles and ballots,
bodies with members, meetings and opinions, programme projects), then time each dashboard page
through Django's test client (the whole middleware stack, templates and queries), against the
collectivity page of the province measured in the same run (the baseline). Each page is timed
twice: "cold", the indicator cache emptied before every request (every figure computed), and
"warm", as visitors get it within the cache's lifetime (DASHBOARDS_CACHE_SECONDS, 300 s).
The target is p95 ≤ 100 ms server time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.__main__ import _machine, _prepare_environment  # noqa: E402

TARGET_MS = 100.0
SEED = 20261129


def seed(say: Any) -> dict[str, int]:
    """A year of activity in the 46 communes of Settat province (and the province itself)."""
    from decimal import Decimal

    from django.utils import timezone

    from tadafur.accounts.models import User
    from tadafur.bodies.models import BODY_TYPE, Body, Meeting, Member, Opinion
    from tadafur.budgets.models import Ballot, Cycle
    from tadafur.core import clock
    from tadafur.petitions.models import Petition, Signature
    from tadafur.programmes.models import Axis, Programme, Project, ProjectSnapshot
    from tadafur.territories.models import Territory

    rng = random.Random(SEED)
    today = clock.today()
    year_start = dt.date(today.year, 1, 1)
    span = (today - year_start).days

    def moment(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60))))

    def some_day(after: dt.date | None = None, within: int | None = None) -> dt.date:
        first = after or year_start
        last = min(today - dt.timedelta(days=1), first + dt.timedelta(days=within or span))
        return first + dt.timedelta(days=rng.randrange(max(1, (last - first).days)))

    province = Territory.objects.get(code="06.461")
    communes = list(Territory.objects.filter(parent=province, is_collectivity=True).order_by("code"))
    agents = User.objects.bulk_create(
        [User(username=f"bench-agent-{i}", email=f"bench{i}@example.ma") for i in range(60)]
    )
    counts = dict.fromkeys(("petitions", "signatures", "cycles", "ballots", "bodies", "members", "meetings"), 0)
    counts.update(opinions=0, projects=0)

    petitions = []
    for commune in communes:
        for _ in range(rng.randrange(4, 12)):
            filed = some_day()
            answer = filed + dt.timedelta(days=rng.randrange(5, 120))
            answered = answer < today and rng.random() < 0.8
            accepted = answered and rng.random() < 0.7
            petitions.append(
                Petition(
                    kind="local_citizens",
                    territory=commune,
                    title=f"Pétition {len(petitions)}",
                    subject="Sujet",
                    reasons="Raisons",
                    objectives="Objectifs",
                    requested_agenda_point="Point",
                    agent=rng.choice(agents),
                    status=("accepted" if accepted else "rejected") if answered else "filed",
                    collecting_at=moment(filed - dt.timedelta(days=30)),
                    filed_at=moment(filed),
                    accepted_at=moment(answer) if accepted else None,
                    rejected_at=moment(answer) if answered and not accepted else None,
                )
            )
    petitions = Petition.objects.bulk_create(petitions, batch_size=500)
    counts["petitions"] = len(petitions)
    bands = ["18-24", "25-34", "35-49", "50-64", "65+", ""]
    signatures = []
    for p in petitions:
        for i in range(rng.randrange(60, 220)):
            signatures.append(
                Signature(
                    petition=p,
                    cnie_hash=f"bench-{p.pk}-{i}",
                    sex=rng.choice(["woman", "man", "man", ""]),
                    age_band=rng.choice(bands),
                    verification_code=f"B{p.pk:06d}{i:05d}",
                    created_at=p.collecting_at + dt.timedelta(hours=rng.randrange(1, 600)),
                )
            )
    Signature.objects.bulk_create(signatures, batch_size=2000)
    counts["signatures"] = len(signatures)
    say(f"  {counts['petitions']} petitions, {counts['signatures']} signatures")

    ballots = []
    for commune in communes[::3]:
        vote = some_day(within=max(30, span - 40))
        cycle = Cycle.objects.create(
            collectivity=commune,
            name="Budget participatif",
            envelope=2_000_000,
            information_starts=moment(vote - dt.timedelta(days=40)),
            proposals_start=moment(vote - dt.timedelta(days=30)),
            review_starts=moment(vote - dt.timedelta(days=20)),
            vote_starts=moment(vote),
            results_start=moment(vote + dt.timedelta(days=14)),
            ballot_type="approval",
            rule="greedy",
            result={"selected": [], "cost": 1_800_000, "marked_cost": rng.randrange(0, 900_000)},
            result_computed_at=moment(vote + dt.timedelta(days=13)),
        )
        counts["cycles"] += 1
        for _ in range(rng.randrange(150, 600)):
            cast = moment(vote + dt.timedelta(days=rng.randrange(0, 10)))
            ballots.append(
                Ballot(
                    cycle=cycle,
                    channel="online",
                    voter_sex=rng.choice(["woman", "man", "man", ""]),
                    voter_birth_year=rng.choice([None, *range(1945, 2009)]),
                    cast_at=cast,
                    changed_at=cast,
                )
            )
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    counts["ballots"] = len(ballots)

    bodies = Body.objects.bulk_create(
        [
            Body(collectivity=c, kind="ieecag", name_ar="هيئة المساواة", name_fr="Instance de l'égalité")
            for c in communes
        ],
        batch_size=100,
    )
    counts["bodies"] = len(bodies)
    members, meetings, opinions = [], [], []
    for body in bodies:
        for _ in range(rng.randrange(6, 12)):
            members.append(
                Member(
                    body=body,
                    display_name="Membre",
                    sex=rng.choice(["woman", "man"]),
                    age_band="35_49",
                    mandate_start=dt.date(today.year - 2, 3, 1),
                )
            )
        for _ in range(rng.randrange(2, 6)):
            held = some_day()
            meetings.append(
                Meeting(
                    collectivity=body.collectivity,
                    organiser_type=BODY_TYPE,
                    organiser_id=body.pk,
                    title="Réunion",
                    starts_at=moment(held),
                    place="Siège",
                    status="minutes_published",
                    held_at=moment(held),
                    is_public=True,
                )
            )
        for _ in range(rng.randrange(1, 8)):
            adopted = some_day()
            answered = adopted + dt.timedelta(days=rng.randrange(10, 90))
            done = answered < today and rng.random() < 0.6
            opinions.append(
                Opinion(
                    body=body,
                    title="Avis",
                    text="Texte",
                    status="answered" if done else "adopted",
                    adopted_at=moment(adopted),
                    answered_at=moment(answered) if done else None,
                )
            )
    Member.objects.bulk_create(members, batch_size=1000)
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    Opinion.objects.bulk_create(opinions, batch_size=1000)
    counts.update(members=len(members), meetings=len(meetings), opinions=len(opinions))

    projects = []
    for commune in communes:
        programme = Programme.objects.create(
            collectivity=commune,
            kind="pac",
            start_year=today.year - 4,
            end_year=today.year + 1,
            phase="execution",
            adopted_at=moment(dt.date(today.year - 3, 2, 1)),
        )
        axis = Axis.objects.create(programme=programme, title_ar="محور", title_fr="Axe")
        for _ in range(10):
            cost = Decimal(rng.randrange(200_000, 9_000_000))
            progress = rng.randrange(0, 101)
            projects.append(
                Project(
                    axis=axis,
                    title_ar="مشروع",
                    title_fr="Projet",
                    cost=cost,
                    first_three_years=cost,
                    executed=(cost * progress / 100).quantize(Decimal("1")),
                    start_year=rng.randrange(today.year - 3, today.year + 1),
                    end_year=today.year + 1,
                    progress=progress,
                )
            )
    projects = Project.objects.bulk_create(projects, batch_size=1000)
    counts["projects"] = len(projects)
    # Their history (docs/decisions/0722): a snapshot at the end of each of the last 4 half-years.
    snapshots = []
    for p in projects:
        for i, day in enumerate(
            (
                dt.date(today.year - 2, 12, 31),
                dt.date(today.year - 1, 6, 30),
                dt.date(today.year - 1, 12, 31),
                dt.date(today.year, 6, 30),
            )  # fmt: skip
        ):
            if day < today:
                share = Decimal(i + 1) / 5
                snapshots.append(
                    ProjectSnapshot(
                        project=p,
                        taken_on=day,
                        progress=int(p.progress * share),
                        executed=(p.executed * share).quantize(Decimal("1")),
                    )  # fmt: skip
                )
    ProjectSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    counts["project snapshots"] = len(snapshots)
    say("  " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return counts


PAGES = {
    "Baseline: collectivity page of Settat province": ("/ar/territories/06.461/", False),
    "Dashboard of Settat province": ("/ar/dashboards/06.461/", True),
    "Profile of Settat commune among the 46": ("/ar/dashboards/06.461.01.15/", True),
    "Comparison of the 46 communes, with map": ("/ar/dashboards/06.461/compare/", True),
    "Trend of one indicator, 8 half-years": ("/ar/dashboards/06.461/trend/petitions.filed/?by=semester", True),
    "Trend of programme execution (snapshots), 8 half-years": (
        "/ar/dashboards/06.461/trend/programmes.execution/?by=semester",
        True,
    ),
    "Comparison CSV (46 communes)": ("/ar/dashboards/06.461/compare.csv", True),
    "National dashboard": ("/ar/dashboards/", True),
}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def time_page(url: str, requests: int, *, cold: bool) -> dict[str, float]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    client = Client()
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    if cold:
        cache.clear()
    with connection.execute_wrapper(count):  # Django resets its own query log at each request
        client.get(url)
    timings, cpu = [], []
    for _ in range(requests):
        if cold:
            cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, url
    return {
        "median": statistics.median(timings),
        "p95": _percentile(timings, 0.95),
        "max": max(timings),
        "cpu_median": statistics.median(cpu),
        "cpu_p95": _percentile(cpu, 0.95),
        "queries": len(executed),
    }


def indicator_costs() -> list[tuple[str, str, float, int, float]]:
    """Each registered indicator computed once for the 46 communes (one group each), cold."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tadafur.core import indicators
    from tadafur.dashboards import periods, selectors

    scope = selectors.scope_get("06.461")
    assert scope is not None
    groups = selectors.child_groups(scope, selectors.children_of(scope))
    period = periods.current()
    past = periods.semester_period(period.start.year - 1, 2)  # a half-year that has ended: history read
    out = []
    for spec in indicators.indicators():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            spec.compute(groups, period.start, period.end)
            elapsed = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        spec.compute(groups, past.start, past.end)
        elapsed_past = (time.perf_counter() - started) * 1000
        out.append((spec.key, spec.module, elapsed, len(queries.captured_queries), elapsed_past))
    return out


def participation_costs() -> list[tuple[str, str, float, int]]:
    """Each participation channel for the province (one group), cold: what the representativeness
    section of the province's dashboard waits for."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tadafur.core import indicators
    from tadafur.dashboards import periods, selectors

    scope = selectors.scope_get("06.461")
    assert scope is not None
    period = periods.current()
    out = []
    for spec in indicators.participation_channels():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            spec.compute({scope.code: scope.ids}, period.start, period.end)
            elapsed = (time.perf_counter() - started) * 1000
        out.append((spec.channel, spec.module, elapsed, len(queries.captured_queries)))
    return out


def markdown(command: str, machine: dict[str, str], counts: dict[str, int], results: dict[str, Any],
             costs: list[tuple[str, str, float, int, float]], requests: int, elapsed: float,
             channels: list[tuple[str, str, float, int]] | None = None) -> str:  # fmt: skip
    lines = [
        "# Benchmarks: dashboards",
        "",
        "Written by `bench/dashboards.py`; do not edit by hand. Server time through Django's test client",
        "(middleware, templates, queries; no network), compared with a baseline page timed in the same run.",
        "",
        f"- Command: `{command}`",
        f"- Run: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}, {elapsed:.0f} s in all",
        *[f"- {key}: {value}" for key, value in machine.items()],
        "",
        "## Seeded activity (one year, 46 communes of Settat province)",
        "",
        ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ".",
        "",
        "## Pages",
        "",
        f"{requests} sequential requests per page after 3 warm-up requests. *Cold*: the indicator cache is",
        "emptied before every request, so every figure is computed; *warm*: within the cache's lifetime",
        "(indicators cached 300 s, `DASHBOARDS_CACHE_SECONDS`), what most visitors get.",
        f"Target: p95 ≤ {TARGET_MS:.0f} ms (wall time). *CPU* is the process time of the same cold requests",
        "(SQLite runs in the process): on a shared machine it moves less with the other processes' load",
        "than the wall time, which waits for the CPU as well (load averages above).",
        "",
        "| Page | Queries (cold) | Cold median (ms) | Cold p95 (ms) | Cold CPU p95 (ms) | Warm median (ms) "
        "| Warm p95 (ms) | Target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in results.items():
        cold, warm = row.get("cold"), row["warm"]
        if cold is None:
            lines.append(
                f"| {name} | {warm['queries']} | — | — | — | {warm['median']:.1f} | {warm['p95']:.1f} | baseline |"
            )
            continue
        verdict = "met" if cold["p95"] <= TARGET_MS else ("met when warm" if warm["p95"] <= TARGET_MS else "missed")
        lines.append(
            f"| {name} | {cold['queries']} | {cold['median']:.1f} | {cold['p95']:.1f} | {cold['cpu_p95']:.1f} "
            f"| {warm['median']:.1f} | {warm['p95']:.1f} | {verdict} |"
        )
    lines += [
        "",
        "Cold figures are what the first visitor after the cache expires waits for. To keep every",
        "visitor on the warm column, run `manage.py dashboards_warm` from cron more often than the",
        "cache lifetime (every 4 minutes): it computes the nation's, regions', provinces' and Settat's",
        "communes' figures ahead of requests.",
        "",
        "A page computes its period's figures once, for its *family* of groups (the scope and its",
        "children; for a commune, its province and the province's communes), and the period before",
        "for the scope alone: two calls per indicator, whichever sections show them. The province's",
        "dashboard, its comparison and CSV, and its communes' profiles read the same cache entries",
        "(docs/decisions/0714-dashboard-families.md). Indicators of a module that read the same rows",
        "read them once per page, and the whole country is read without a territory filter instead of",
        "an `IN` list of its ~1,600 territory ids (docs/decisions/0721-dashboards-cold-cache.md).",
        "Distinct signers are counted by seeking each (collectivity, sex, age band) on an index rather",
        "than sorting the period's signatures (docs/decisions/0723-signers-by-seek.md). What remains",
        "of a cold page is spread over its ~50 queries, most of it Django building them.",
        "",
        "## Each indicator for the 46 communes, cold",
        "",
        "One call of each registered indicator's compute function with the 46 communes as groups, for",
        "the current year, and for the second half of last year (ended: execution read from the",
        "projects' dated snapshots, docs/decisions/0722). The interface asks for one query per",
        "indicator whatever the number of groups (core.indicators).",
        "",
        "| Indicator | Module | ms | Queries | ms, last year's 2nd half |",
        "|---|---|---:|---:|---:|",
    ]
    for key, module, ms, queries, ms_past in costs:
        lines.append(f"| `{key}` | {module} | {ms:.1f} | {queries} | {ms_past:.1f} |")
    if channels:
        lines += [
            "",
            "## Each participation channel for Settat province, cold",
            "",
            "The representativeness section of the province's dashboard: one call per channel.",
            "",
            "| Channel | Module | ms | Queries |",
            "|---|---|---:|---:|",
        ]
        for key, module, ms, queries in channels:
            lines.append(f"| `{key}` | {module} | {ms:.1f} | {queries} |")
    lines.append("")
    return "\n".join(lines)


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL: a test_<name> database is created, then dropped")
    parser.add_argument("--requests", type=int, default=40, help="requests per page and mode (default 40)")
    parser.add_argument("--output", type=Path, default=BASE_DIR / "docs" / "benchmarks-dashboards.md")
    parser.add_argument("--profile", metavar="URL", help="only profile one cold request of URL (cProfile)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tadafur-bench-dash-"))
    _prepare_environment(workdir / "bench.sqlite3")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    started = time.monotonic()
    load_before = _load()
    try:
        import warnings

        import django

        warnings.filterwarnings("ignore", message="No directory at")
        django.setup()
        from django.core.management import call_command

        from tadafur.territories.loader import territories_load

        print("bench: migrating and loading the territories...", flush=True)
        from django.db import connection

        if connection.vendor == "postgresql":
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        else:
            call_command("migrate", verbosity=0, interactive=False)
        territories_load()
        print("bench: seeding a year of activity", flush=True)
        counts = seed(lambda line: print(line, flush=True))
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a load: statistics, and the visibility map that lets
            # index-only scans (the signers' count, docs/decisions/0723) skip the table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        if args.profile:
            import cProfile
            import pstats

            from django.core.cache import cache
            from django.test import Client

            Client().get(args.profile)
            cache.clear()
            profiler = cProfile.Profile()
            profiler.runcall(Client().get, args.profile)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return 0
        results: dict[str, Any] = {}
        for name, (url, dashboard) in PAGES.items():
            row = {"warm": time_page(url, args.requests, cold=False)}
            if dashboard:
                row["cold"] = time_page(url, args.requests, cold=True)
            results[name] = row
            print(
                f"  {name}: warm p95 {row['warm']['p95']:.1f} ms"
                + (f", cold p95 {row['cold']['p95']:.1f} ms ({row['cold']['queries']} queries)" if dashboard else ""),
                flush=True,
            )
        costs = indicator_costs()
        channels = participation_costs()
        elapsed = time.monotonic() - started
        command = ".venv/bin/python bench/dashboards.py" + (
            f" --requests {args.requests}" if args.requests != 40 else ""
        )
        machine = _machine()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                machine["Database"] = f"PostgreSQL {cursor.fetchone()[0]}, local, temporary database"
            command += " --database-url postgres://…"
        machine["Load average (1, 5, 15 min)"] = f"{load_before} before, {_load()} after"
        text = markdown(command, machine, counts, results, costs, args.requests, elapsed, channels)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"bench: wrote {args.output} in {elapsed:.0f} s", flush=True)
    finally:
        if args.database_url:
            from django.db import connection

            if connection.vendor == "postgresql":
                connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
