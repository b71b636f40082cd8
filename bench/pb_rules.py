"""Benchmark: our budgeting rules against pabutools on the same .pb files, in the same run.

    .venv/bin/python bench/pb_rules.py [FOLDER_WITH_PB_FILES ...] [--timeout 120] [--sizes 2000x40,200000x150]
        [--rules mes-add1-greedy,mes,greedy,phragmen] [--repeat 3]

Generates seeded approval instances (popularity skew, ballots of 1-10 projects, lognormal costs)
into bench/pb/instances/generated/, adds every .pb file of the given folders, and for each file
and rule runs ours and pabutools each in a fresh subprocess (pabutools under a timeout), asserts
identical selections where pabutools finishes, and prints our seconds (rule only, and read+rule),
pabutools' seconds (rule only), the ratio and our peak memory (ru_maxrss of the subprocess).
Our side runs `--repeat` times (fresh subprocess each) and the median is printed, since the
build machine is shared and noisy; pabutools runs once (it is the slow side).
"""

from __future__ import annotations

import argparse
import json
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
t0 = time.perf_counter()
if side == "ours":
    from tadafur.budgets.pb import read_pb
    from tadafur.budgets.rules import compile_election, select
    instance, profile = read_pb(path)
    t1 = time.perf_counter()
    election = compile_election(instance, profile)
    selected = [election.ids[j] for j in select(election, rule)]
else:
    from pabutools.election import parse_pabulib, Cost_Sat, Cardinality_Sat, Additive_Cardinal_Sat
    from pabutools.rules import (greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen,
        completion_by_rule_combination)
    instance, profile = parse_pabulib(path)
    t1 = time.perf_counter()
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
t2 = time.perf_counter()
print(json.dumps({{"selected": selected, "rule_s": t2 - t1, "total_s": t2 - t0,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(side: str, path: Path, rule: str, timeout: float) -> dict | None:
    code = WORKER.format(root=str(ROOT))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, side, str(path), rule],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
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
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",") if s]
    files = generate(sizes)
    for folder in args.folders:
        files += sorted(folder.glob("*.pb"))
    rules = args.rules.split(",")
    header = (
        f"{'instance':<44} {'rule':<16} {'ours s':>8} {'read+rule':>9} {'pabutools s':>11} {'ratio':>8} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    failures = 0
    for path in files:
        voters = _num_votes(path)
        for rule in rules:
            samples = [run("ours", path, rule, timeout=3600) for _ in range(max(1, args.repeat))]
            ours = dict(samples[0])
            for key in ("rule_s", "total_s", "peak_mb"):
                ours[key] = statistics.median(sample[key] for sample in samples)
            if any(sample["selected"] != ours["selected"] for sample in samples):  # pragma: no cover
                raise SystemExit(f"{path.name} {rule}: our selection changed between runs")
            theirs = None
            if voters <= args.skip_pabutools_above:
                theirs = run("pabutools", path, rule, timeout=args.timeout)
            if theirs is None:
                their_text, ratio = ("timeout" if voters <= args.skip_pabutools_above else "skipped"), "-"
            else:
                their_text = f"{theirs['rule_s']:.3f}"
                ratio = f"{theirs['rule_s'] / max(ours['rule_s'], 1e-6):.1f}x"
                if theirs["selected"] != ours["selected"]:
                    failures += 1
                    ratio += " DIFF"
            print(
                f"{path.stem[:44]:<44} {rule:<16} {ours['rule_s']:>8.3f} {ours['total_s']:>9.3f} "
                f"{their_text:>11} {ratio:>8} {ours['peak_mb']:>8.0f}",
                flush=True,
            )
    print(f"\nselections differing from pabutools: {failures}")
    return 1 if failures else 0


def _num_votes(path: Path) -> int:
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.lower().startswith("num_votes;"):
                return int(line.split(";")[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
