"""Run every benchmark on a throw-away SQLite database and write docs/benchmarks.md.

    python -m bench                 # or: make bench
    python -m bench --requests 100 --output /tmp/benchmarks.md

Each figure is compared with a baseline measured in the same run on the same machine, so the
numbers say something even on a slow or busy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent


def _prepare_environment(database: Path) -> None:
    """Before Django loads settings: our own database, no Redis, plain static file names."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DEBUG", None)
    # Unhashed static names (no collectstatic needed) and the in-memory email backend.
    os.environ["TADAFUR_TESTING"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _machine() -> dict[str, str]:
    import django
    from django.db import connection

    return {
        "CPU": f"{_cpu_model()} ({os.cpu_count()} logical CPUs)",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "Database": f"{connection.vendor} {sqlite3.sqlite_version} (file, WAL), temporary",
    }


def _markdown(command: str, machine: dict[str, str], territories: dict[str, Any], pages: dict[str, Any],
              elapsed: float) -> str:  # fmt: skip
    lines = [
        "# Benchmarks",
        "",
        "Written by `python -m bench` (`make bench`); do not edit by hand. Every figure is compared with",
        "a baseline measured in the same run, on the same machine.",
        "",
        f"- Command: `{command}`",
        f"- Run: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}, {elapsed:.0f} s in all",
        *[f"- {key}: {value}" for key, value in machine.items()],
        "",
        "## Loading the territories",
        "",
        "`territories_load()` (what `manage.py load_territories` runs) on an empty database, then again on",
        "the loaded one (idempotent: nothing changes), against a naive loader over the same rows",
        "(one `update_or_create` per territory, each in its own transaction).",
        "",
        "| Run | Seconds | Result |",
        "|---|---:|---|",
    ]
    first, again = territories["first"], territories["again"]
    lines += [
        f"| `territories_load()`, empty database | {territories['first_s']:.2f} | "
        f"{first.created} created ({first.regions} regions, {first.provinces} prefectures/provinces, "
        f"{first.communes} communes, {first.arrondissements} arrondissements) |",
        f"| `territories_load()`, second run | {territories['again_s']:.2f} | "
        f"{again.created} created, {again.updated} updated, {again.unchanged} unchanged |",
        f"| Baseline: naive `update_or_create` loader | {territories['naive_s']:.2f} | "
        f"{territories['naive_rows']} rows |",
        f"| Reading the package's data alone (part of every row above) | {territories['source_s']:.2f} | — |",
        "",
        f"Target: first load under {territories['target_s']:.0f} s — "
        + ("**met**." if territories["first_s"] < territories["target_s"] else "**missed**."),
        f"Speed-up over the naive loader: {territories['naive_s'] / territories['first_s']:.1f}×.",
        "",
        "## Rendering pages",
        "",
        f"{pages['requests']} sequential requests per page through Django's test client (the whole middleware",
        "stack, templates and queries; no network, no app server), after 5 warm-up requests. The baseline",
        "is a trivial page rendered from a one-line template through the same stack.",
        "",
        "| Page | Median (ms) | p95 (ms) | Max (ms) |",
        "|---|---:|---:|---:|",
    ]
    for name, figures in pages["latency"].items():
        lines.append(f"| {name} | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} | {figures['max_ms']:.1f} |")
    lines += [
        "",
        "## Page weight",
        "",
        "Bytes transferred on a first visit: HTML gzip-compressed, plus the linked stylesheets",
        "(gzip-compressed) and their fonts, except the Tifinagh font (issue 2 §6); no JavaScript yet.",
        f"Budget: {pages['budget']:,} bytes per page; `tadafur/core/tests/test_page_weight.py` fails past it.",
        "",
    ]
    languages = list(next(iter(pages["weights"].values())).keys())
    lines += ["| Page | " + " | ".join(languages) + " |", "|---|" + "---:|" * len(languages)]
    notes: list[str] = []
    for name, row in pages["weights"].items():
        cells = []
        for lang in languages:
            value = row[lang]
            if isinstance(value, int):
                cells.append(f"{value:,}")
            else:
                cells.append("n/a")
                notes.append(f"- {name}, {lang}: {value}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if notes:
        lines += ["", "Not measured:", "", *notes]
    lines += [
        "",
        "## Other benchmarks",
        "",
        "Each runs on its own (it takes minutes and starts servers or the reference implementation) and",
        "writes its own page, with its command and figures; the newest section of each page is named here:",
        "",
    ]
    for what, script, page in OTHER_BENCHMARKS:
        lines.append(f"- {what}: `.venv/bin/python bench/{script}` → [{page}]({page}){_newest_section(page)}.")
    lines.append("")
    return "\n".join(lines)


OTHER_BENCHMARKS = (
    ("Participatory-budgeting outcome rules against pabutools", "pb_rules.py", "benchmarks-pb.md"),
    ("Signing petitions under load through the app server, with a crash case", "signing.py", "benchmarks-signing.md"),
    (
        "Casting participatory-budgeting ballots through the app server, with a crash case",
        "ballots.py",
        "benchmarks-ballots.md",
    ),
    (
        "Fanning a petition's status change out to 100,000 followers while people sign",
        "notify_fanout.py",
        "benchmarks-notifications.md",
    ),
    ("Dashboards over a year of activity in Settat's 46 communes", "dashboards.py", "benchmarks-dashboards.md"),
    (
        "`kill -9` of the server during comments, follows, service reports and information requests",
        "crash_engagement.py",
        "benchmarks-crash.md",
    ),
)


def _newest_section(page: str) -> str:
    """The first second-level heading of a benchmark page (each page puts its newest run on top)."""
    path = BASE_DIR / "docs" / page
    if not path.exists():
        return ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            return f" — newest: “{line[3:].strip()}”"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--output", type=Path, default=BASE_DIR / "docs" / "benchmarks.md")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tadafur-bench-"))
    _prepare_environment(workdir / "bench.sqlite3")
    started = time.monotonic()
    try:
        import warnings

        import django

        # whitenoise warns that STATIC_ROOT was never collected; the bench reads static/ directly.
        warnings.filterwarnings("ignore", message="No directory at")
        django.setup()
        from django.core.management import call_command

        from bench import pages, territories

        print("bench: migrating a temporary SQLite database...", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        print("bench: territories", flush=True)
        territory_results = territories.run(lambda line: print(line, flush=True))
        print(f"bench: pages ({args.requests} requests each)", flush=True)
        page_results = pages.run(lambda line: print(line, flush=True), args.requests)
        elapsed = time.monotonic() - started
        command = "python -m bench" + (f" --requests {args.requests}" if args.requests != 200 else "")
        text = _markdown(command, _machine(), territory_results, page_results, elapsed)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except Exception as error:  # noqa: BLE001 - report and tell what to do next
        print(
            f"bench: failed: {error!r}. Run `make install-test` and retry; "
            "see the traceback with python -X dev -m bench."
        )
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    load = territory_results["first_s"]
    home = page_results["latency"]["home /ar/"]["median_ms"]
    print(
        f"bench: done in {elapsed:.0f} s: territories first load {load:.1f} s "
        f"(naive {territory_results['naive_s']:.1f} s), /ar/ median {home:.1f} ms; wrote {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
