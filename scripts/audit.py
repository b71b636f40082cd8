#!/usr/bin/env python3
"""Dependency audit for CI (issue 8 §2, docs/decisions/0812-dependency-audit-in-ci.md).

Runs pip-audit (installed by the Makefile in its own tool virtualenv) over the lock files with
PyPI's and OSV's advisory data (both asked at once; PyPI's verdict first), reads its JSON report and says one of:

- ``dependency audit FAILED: N vulnerable pin(s)`` — listed with the fixed versions; exit 1.
- ``dependency audit: no known vulnerabilities in the N pins (service)`` — only when every pin was
  checked; exit 0.
- ``dependency audit NOT performed: <why>`` — the advisory data could not be reached (or some pins
  could not be checked): nothing is claimed; exit 0, or 2 with ``--strict`` (`make audit`).

Only the standard library: it runs with any Python 3.11, the classification is tested with
recorded pip-audit outputs (tadafur/core/tests/test_dependency_audit.py).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLEAN, VULNERABLE, NOT_PERFORMED = "clean", "vulnerable", "not performed"
BANNER = "!" * 78


@dataclass
class Verdict:
    kind: str
    service: str
    checked: int = 0
    vulnerable: list[str] = field(default_factory=list)  # "name version: ID (fixed in x, y)"
    why: str = ""


def _network_reason(text: str) -> str | None:
    """The cause of a failed connection, in a few words, if the error output shows one."""
    host = re.search(r"host='([^']+)'", text)
    where = f" {host.group(1)}" if host else ""
    if "NameResolutionError" in text or "Name or service not known" in text or "Temporary failure in name" in text:
        return f"cannot resolve{where} (no route to the advisory service)"
    for marker in ("ConnectionError", "ConnectTimeout", "ReadTimeout", "Max retries exceeded", "SSLError"):
        if marker in text:
            return f"cannot connect to{where or ' the advisory service'} ({marker})"
    return None


def classify(service: str, returncode: int, stdout: str, stderr: str, ignore: frozenset[str] = frozenset()) -> Verdict:
    """What one pip-audit run (``-f json``, without ``--strict``) established. An advisory whose id
    or alias is in `ignore` (judged not to apply, each with its decision) is not counted."""
    try:
        report = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict) or "dependencies" not in report:
        why = _network_reason(stderr) or _last_line(stderr) or f"pip-audit exited {returncode} without a report"
        return Verdict(NOT_PERFORMED, service, why=f"{service}: {why}")
    deps = report["dependencies"]
    skipped = [d for d in deps if "skip_reason" in d]
    checked = [d for d in deps if "skip_reason" not in d]
    vulnerable = [
        f"{d['name']} {d.get('version', '?')}: {v['id']}"
        + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else " (no fixed release yet)")
        for d in checked
        for v in d.get("vulns", [])
        if not ({v["id"], *v.get("aliases", [])} & ignore)
    ]
    if vulnerable:
        return Verdict(VULNERABLE, service, checked=len(checked), vulnerable=vulnerable)
    if skipped or not deps:
        reasons = sorted({_skip_kind(d["skip_reason"]) for d in skipped}) or ["pip-audit listed no pins"]
        why = f"{service}: {len(skipped)} of {len(deps)} pins could not be checked ({'; '.join(reasons)})"
        return Verdict(NOT_PERFORMED, service, checked=len(checked), why=why)
    return Verdict(CLEAN, service, checked=len(checked))


def _skip_kind(reason: str) -> str:
    if "not found on PyPI" in reason:
        return "PyPI's per-release JSON answers 404"
    return reason.split(":")[0]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("WARNING:")]
    return lines[-1][:200] if lines else ""


def combine(verdicts: Sequence[Verdict]) -> tuple[int, list[str]]:
    """The exit status and the lines to print, from the runs made in order (PyPI, then OSV)."""
    for v in verdicts:
        if v.kind == VULNERABLE:
            lines = [BANNER, f"dependency audit FAILED: {len(v.vulnerable)} known vulnerabilit"
                     f"{'y' if len(v.vulnerable) == 1 else 'ies'} in the pinned packages ({v.service}):"]  # fmt: skip
            lines += [f"  {item}" for item in v.vulnerable]
            lines += ["Raise the pin (pyproject.toml bound if needed, then `make lock`), run the tests.", BANNER]
            return 1, lines
    for v in verdicts:
        if v.kind == CLEAN:
            return 0, [f"dependency audit: no known vulnerabilities in the {v.checked} pins ({v.service} advisories)."]
    why = "; ".join(v.why for v in verdicts) or "no advisory service was asked"
    return 0, [BANNER, f"dependency audit NOT performed: {why}.", "Nothing was checked: run `make audit` where PyPI's "
               "JSON API or OSV is reachable (docs/operations.md, Dependency audit).", BANNER]  # fmt: skip


def _command(pip_audit: Path, service: str, requirements: Sequence[str]) -> list[str]:
    command = [
        str(pip_audit),
        "-f",
        "json",
        "--aliases",
        "on",
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "-s",
        service,
    ]
    for path in requirements:
        command += ["-r", path]
    return command


def run(
    pip_audit: Path, services: Sequence[str], requirements: Sequence[str], timeout: float, ignore: frozenset[str]
) -> list[Verdict]:
    """Ask every service at once (the slow part is each pip-audit's start and its requests), and
    keep the verdicts up to the first that is not "not performed", in the order given."""
    procs = {
        service: subprocess.Popen(
            _command(pip_audit, service, requirements), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for service in services
    }
    verdicts = []
    deadline = time.monotonic() + timeout
    for service, proc in procs.items():
        try:
            stdout, stderr = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
            verdicts.append(classify(service, proc.returncode, stdout, stderr, ignore))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            verdicts.append(Verdict(NOT_PERFORMED, service, why=f"{service}: no answer within {timeout:.0f} s"))
    for index, verdict in enumerate(verdicts):
        if verdict.kind != NOT_PERFORMED:
            return verdicts[: index + 1]
    return verdicts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", type=Path, default=Path(".venv/audit-tool/bin/pip-audit"))
    parser.add_argument("--service", action="append", choices=["pypi", "osv"], help="default: pypi, then osv")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for the whole audit")
    parser.add_argument("--strict", action="store_true", help="exit 2 when the audit could not be performed")
    parser.add_argument("--ignore", action="append", default=[], help="an advisory id judged not to apply")
    parser.add_argument("-r", "--requirement", action="append", required=True)
    args = parser.parse_args(argv)
    started = time.monotonic()
    if not args.pip_audit.exists():
        verdicts = [Verdict(NOT_PERFORMED, "-", why=f"pip-audit is not installed at {args.pip_audit}")]
    else:
        ignore = frozenset(args.ignore)
        verdicts = run(args.pip_audit, args.service or ["pypi", "osv"], args.requirement, args.timeout, ignore)
        if ignore:
            print(f"(advisories judged not to apply, see their decisions: {', '.join(sorted(ignore))})")
    status, lines = combine(verdicts)
    print("\n".join(lines))
    print(f"(dependency audit took {time.monotonic() - started:.1f} s)")
    if args.strict and status == 0 and verdicts[-1].kind == NOT_PERFORMED:
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
