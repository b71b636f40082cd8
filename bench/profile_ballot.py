"""Where one online ballot spends its CPU, in-process, through the real WSGI app, layer by layer.

    .venv/bin/python bench/profile_ballot.py [--n 600] [--case cast|change] [--profile]

Production settings (bench/signing_settings.py: DEBUG off, the full middleware stack, CSRF on),
a throw-away SQLite file seeded as bench/ballots.py seeds it (resident voters of Settat with a
session each, a cycle in its vote phase with 12 projects, approval of 1 to 3), and the WSGI
handler called directly with a hand-built environ (cookies + X-CSRFToken), so no HTTP server or
client is measured. `cast` measures first ballots (201); `change` first casts every ballot
unmeasured, then measures the same voters changing it (200).

Prints one JSON line: CPU and wall ms per ballot and per `/healthz` (time.process_time and
perf_counter over the whole measured loop), the statements of one ballot. `--profile` measures
half of the ballots unprofiled (the figure the layers are scaled to) and the other half under
cProfile, then prints each layer's share of the request and its estimated CPU ms. Layers nest:
"view" contains the ninja and service layers, the service contains the write and the audit.

To compare with an older tree, copy this file into that tree's bench/ and run it there in the
same minutes, alternating (docs/benchmarks-ballots.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# label -> the profiled functions (name, file) whose cumulative time is the layer; a layer given
# as (a, [b, c]) is a minus b minus c.
LAYERS: dict[str, tuple[str, list[str]]] = {
    "whole request (WSGI handler)": ("__call__ wsgi.py", []),
    "session read": ("load db.py", []),
    "user read (auth)": ("get_user __init__.py", []),
    "view (ninja parse, call, render)": ("_sync_view operation.py", []),
    "  ninja parse + render (view - api function)": ("_sync_view operation.py", ["ballot_cast api.py"]),
    "  api function outside the service": ("ballot_cast api.py", ["ballot_cast services.py"]),
    "    (of which rate limiter)": ("check_rate ratelimit.py", []),
    "  service ballot_cast": ("ballot_cast services.py", []),
    "    eligibility (can_vote)": ("can_vote permissions.py", []),
    "    rule check (ballot_violations, x2)": ("ballot_violations services.py", []),
    "    write: voter's ballot, INSERT/UPDATE, choices": ("_write_ballot services.py", []),
    "    audit record": ("audit_record audit.py", []),
    "    write lock: queue + BEGIN": ("_start_transaction_under_autocommit base.py", []),
    "    COMMIT": ("_commit base.py", []),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=600, help="ballots measured (plus 20 for warm-up)")
    parser.add_argument("--case", choices=["cast", "change"], default="cast")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tadafur-profile-ballot-"))
    sys.path.insert(0, str(BASE_DIR))
    from bench.profile_sign import environ, production_environment, wsgi_status

    production_environment(workdir)
    (workdir / "static").mkdir()
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.ballots import MAX_CHOICES, seed_cycle
    from bench.signing import seed

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as devnull:
        call_command("load_territories", stdout=devnull)
    total = args.n + 20
    data = seed(total + 1)
    data.update(seed_cycle())
    sessions, cycle, projects = data["sessions"], data["cycle"], data["projects"]
    connection.close()
    app = get_wsgi_application()
    csrf = "a" * 32
    rng = random.Random(7)
    statuses: dict[str, int] = {}

    def call(env: dict) -> str:
        return wsgi_status(app, env)

    def hello(k: int) -> None:
        for _ in range(k):
            call(environ("GET", "/healthz", "", None))

    def vote(lo: int, hi: int, count: bool = True) -> None:
        for i in range(lo, hi):
            chosen = sorted(rng.sample(projects, rng.randint(1, MAX_CHOICES)))
            body = json.dumps({"projects": chosen}).encode()
            env = environ(
                "POST", f"/api/v1/budgets/{cycle}/ballots", f"sessionid={sessions[i]}; csrftoken={csrf}", csrf, body
            )
            status = call(env)
            if count:
                statuses[status] = statuses.get(status, 0) + 1

    expect = "201" if args.case == "cast" else "200"
    if args.case == "change":
        vote(0, total, count=False)  # every voter's first ballot, unmeasured
    hello(30)
    vote(0, 19)  # warm-up: compiles the statements of this connection
    with CaptureQueriesContext(connection) as ctx:
        vote(19, 20)
    sql = [q["sql"][:120] for q in ctx.captured_queries]

    def measure(fn, *a) -> tuple[float, float]:  # noqa: ANN001 - a local helper
        t0, c0 = time.perf_counter(), time.process_time()
        fn(*a)
        return time.perf_counter() - t0, time.process_time() - c0

    wall, cpu = measure(hello, args.n)
    hello_ms = (wall * 1000 / args.n, cpu * 1000 / args.n)
    half = 20 + args.n // 2 if args.profile else total
    wall, cpu = measure(vote, 20, half)
    case_ms = (wall * 1000 / (half - 20), cpu * 1000 / (half - 20))
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
        vote(half, total)
        prof.disable()
    print(
        json.dumps(
            {
                "case": args.case,
                "n": half - 20,
                "statuses": statuses,
                "expect": expect,
                "ballot_ms_wall_cpu": [round(x, 3) for x in case_ms],
                "hello_ms_wall_cpu": [round(x, 3) for x in hello_ms],
                "loadavg": [round(x, 2) for x in os.getloadavg()],
                "statements": len(sql),
                "sql": sql,
            }
        ),
        flush=True,
    )
    if prof is not None:
        import pstats

        st = pstats.Stats(prof)
        cum: dict[str, float] = {}
        for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
            key = f"{func} {os.path.basename(filename)}"
            cum[key] = max(cum.get(key, 0.0), ct)
        whole = cum.get("__call__ wsgi.py", 0.0) or 1.0
        print(
            f"layers of one ballot ({args.case}), share of the profiled request x unprofiled CPU ms {case_ms[1]:.2f}:"
        )
        for label, (key, minus) in LAYERS.items():
            share = max(0.0, cum.get(key, 0.0) - sum(cum.get(m, 0.0) for m in minus)) / whole
            print(f"  {label:50s} {share * 100:5.1f}%  ~{share * case_ms[1]:5.2f} ms")
        if os.environ.get("PROFILE_TOP"):
            st.sort_stats("cumulative").print_stats(int(os.environ["PROFILE_TOP"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
