"""Benchmark: our budgeting rules against pabutools on the same .pb files, in the same run.

    .venv/bin/python bench/pb_rules.py [FOLDER_WITH_PB_FILES ...] [--timeout 120] [--sizes 2000x40,200000x150]
        [--rules mes-add1-greedy,mes,greedy,phragmen] [--repeat 3] [--baseline /tmp/old-tree]

Generates seeded approval instances (popularity skew, ballots of 1-10 projects, lognormal costs)
into bench/pb/instances/generated/, adds every .pb file of the given folders, and for each file
and rule runs ours and pabutools each in a fresh subprocess (pabutools under a timeout), asserts
identical selections where pabutools finishes, and prints our seconds (rule only, and read+rule),
pabutools' seconds (rule only), the ratio and our peak memory (ru_maxrss of the subprocess).
Seconds are wall-clock, with the CPU seconds of the same process beside them (on a shared, busy
machine wall-clock grows with the load while CPU time mostly does not); "before" is read+rule
of `--baseline` (an earlier tree) in the same run. Imports are done before the clock starts,
like `manage.py pb_outcome`'s `seconds`. Our side runs `--repeat` times (fresh subprocess each)
and the median is printed; pabutools runs once (it is the slow side).

OpenBLAS threads: numpy's OpenBLAS starts a worker thread per core at import, and that thread
spins (burns CPU without doing work) for about 0.1 s before it sleeps, i.e. inside our first
timed tenth of a second; a large float dot product wakes it again. None of our rules' work runs
on it (same outcome, same main-thread CPU time), but it inflated our CPU seconds (0.034 CPU for
0.018 s wall on 300 x 20). `--blas-threads 1` (the default) runs both sides with
OPENBLAS_NUM_THREADS=1, so CPU seconds measure the computation; `--blas-threads 0` leaves the
environment as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "bench" / "pb" / "instances" / "generated"

WORKER = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
side, path, rule = sys.argv[1:4]
if side == "ours":
    import numpy, numpy.ma  # imported by np.unique on first use; the CLI has them loaded
    from tadafur.budgets.pb import read_pb
    from tadafur.budgets.rules import compile_election, select
    t0, c0 = time.perf_counter(), time.process_time()
    instance, profile = read_pb(path)
    t1, c1 = time.perf_counter(), time.process_time()
    election = compile_election(instance, profile)
    selected = [election.ids[j] for j in select(election, rule)]
else:
    from pabutools.election import parse_pabulib, Cost_Sat, Cardinality_Sat, Additive_Cardinal_Sat
    from pabutools.rules import (greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen,
        completion_by_rule_combination)
    t0, c0 = time.perf_counter(), time.process_time()
    instance, profile = parse_pabulib(path)
    t1, c1 = time.perf_counter(), time.process_time()
    cum = instance.meta["vote_type"] == "cumulative"
    if rule == "greedy":
        r = greedy_utilitarian_welfare(instance, profile, sat_class=Additive_Cardinal_Sat if cum else Cost_Sat)
    elif rule == "mes":
        r = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    elif rule == "mes-card":
        r = method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat if cum else Cardinality_Sat)
    elif rule == "mes-add1-greedy":
        r = completion_by_rule_combination(instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{{"sat_class": Cost_Sat, "voter_budget_increment": 1}}, {{"sat_class": Cost_Sat}}])
    else:
        r = sequential_phragmen(instance, profile)
    selected = [p.name for p in r]
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({{"selected": selected, "rule_s": t2 - t1, "total_s": t2 - t0, "rule_cpu": c2 - c1,
    "total_cpu": c2 - c0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


BLAS_THREADS = {"threads": 1}  # set from --blas-threads (0: the environment unchanged)


def run(side: str, path: Path, rule: str, timeout: float, root: Path = ROOT) -> dict | None:
    code = WORKER.format(root=str(root))
    env = dict(os.environ)
    if BLAS_THREADS["threads"]:
        env["OPENBLAS_NUM_THREADS"] = str(BLAS_THREADS["threads"])
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, side, str(path), rule],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def generate(sizes: list[tuple[int, int]]) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from tadafur.budgets.pb import write_pb
    from tadafur.budgets.rules.synthetic import synthetic_election

    GENERATED.mkdir(parents=True, exist_ok=True)
    paths = []
    for voters, projects in sizes:
        path = GENERATED / f"synthetic_{voters}x{projects}.pb"
        if not path.exists():
            instance, profile = synthetic_election(
                voters * 1000 + projects, voters=voters, projects=projects, skew=3.0, budget_share=0.3
            )
            path.write_text(write_pb(instance, profile), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--sizes", default="300x20,2000x40,10000x50,200000x150")
    parser.add_argument("--rules", default="mes-add1-greedy,mes,greedy,phragmen")
    parser.add_argument("--repeat", type=int, default=3, help="runs of our side (median printed)")
    parser.add_argument(
        "--skip-pabutools-above",
        type=int,
        default=10**9,
        help="do not run pabutools on files with more voters than this",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="a copy of an earlier tadafur/ tree (e.g. from `git archive`), timed the same way in the same run",
    )
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="OPENBLAS_NUM_THREADS of every subprocess (0: leave the environment as it is); see the docstring",
    )
    args = parser.parse_args()
    BLAS_THREADS["threads"] = args.blas_threads
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",") if s]
    files = generate(sizes)
    for folder in args.folders:
        files += sorted(folder.glob("*.pb"))
    rules = args.rules.split(",")
    header = (
        f"{'instance':<30} {'rule':<16} {'ours s':>7} {'cpu s':>6} {'read+rule':>9} {'cpu':>6} "
        f"{'before':>7} {'cpu':>6} {'pabutools':>9} {'cpu':>8} {'ratio':>7} {'cpu ratio':>9} {'MB':>5}"
    )
    print(header)
    print("-" * len(header))
    failures = 0
    ranges = []
    for path in files:
        voters = _num_votes(path)
        for rule in rules:
            ours = _median(path, rule, args.repeat, ROOT)
            before = _median(path, rule, args.repeat, args.baseline) if args.baseline else None
            theirs = None
            if voters <= args.skip_pabutools_above:
                theirs = run("pabutools", path, rule, timeout=args.timeout)
            if theirs is None:
                their_text = their_cpu = "timeout" if voters <= args.skip_pabutools_above else "skipped"
                ratio = cpu_ratio = "-"
            else:
                their_text, their_cpu = f"{theirs['rule_s']:.3f}", f"{theirs['rule_cpu']:.3f}"
                ratio = f"{theirs['rule_s'] / max(ours['rule_s'], 1e-6):.0f}x"
                cpu_ratio = f"{theirs['rule_cpu'] / max(ours['rule_cpu'], 1e-6):.0f}x"
                if theirs["selected"] != ours["selected"]:
                    failures += 1
                    ratio += " DIFF"
            if before is not None and before["selected"] != ours["selected"]:  # pragma: no cover
                raise SystemExit(f"{path.name} {rule}: the baseline selects differently")
            before_text = f"{before['total_s']:.3f}" if before else "-"
            before_cpu = f"{before['total_cpu']:.3f}" if before else "-"
            print(
                f"{path.stem[:30]:<30} {rule:<16} {ours['rule_s']:>7.3f} {ours['rule_cpu']:>6.3f} "
                f"{ours['total_s']:>9.3f} {ours['total_cpu']:>6.3f} {before_text:>7} {before_cpu:>6} {their_text:>9} "
                f"{their_cpu:>8} {ratio:>7} {cpu_ratio:>9} {ours['peak_mb']:>5.0f}",
                flush=True,
            )
            for name, sample in (("ours", ours), ("before", before)):
                if sample:
                    (w0, w1), (c0, c1) = sample["total_s_range"], sample["total_cpu_range"]
                    ranges.append(f"  {path.stem[:30]:<30} {rule:<16} {name:<6} {w0:.3f}-{w1:.3f}; {c0:.3f}-{c1:.3f}")
    print("\nranges of our read+rule over the repeats (wall s; cpu s):")
    for line in ranges:
        print(line)
    print(f"\nselections differing from pabutools: {failures}")
    return 1 if failures else 0


def _median(path: Path, rule: str, repeat: int, root: Path) -> dict:
    samples = [run("ours", path, rule, timeout=3600, root=root) for _ in range(max(1, repeat))]
    result = dict(samples[0])
    for key in ("rule_s", "total_s", "rule_cpu", "total_cpu", "peak_mb"):
        result[key] = statistics.median(sample[key] for sample in samples)
    for key in ("total_s", "total_cpu"):
        result[key + "_range"] = (min(s[key] for s in samples), max(s[key] for s in samples))
    if any(sample["selected"] != result["selected"] for sample in samples):  # pragma: no cover
        raise SystemExit(f"{path.name} {rule}: our selection changed between runs")
    return result


def _num_votes(path: Path) -> int:
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.lower().startswith("num_votes;"):
                return int(line.split(";")[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
