"""The dependency audit in CI (scripts/audit.py, decision 0812) tells a vulnerable pin, a clean
audit and an audit that could not be made apart, from pip-audit's own outputs.

audit_outputs/ holds pip-audit 2.10.1 outputs (`-f json`): `pypi-unreachable.*` and
`osv-unreachable.*` were recorded on 2026-11-29 from a CI machine (PyPI's per-release JSON answers
404, OSV's name does not resolve); `clean` and `vulnerable` were written by pip-audit's own JSON
formatter for this project's pins (made-up advisory ids), as no advisory service was reachable."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
OUTPUTS = Path(__file__).with_name("audit_outputs")
_spec = importlib.util.spec_from_file_location("tadafur_audit_script", ROOT / "scripts" / "audit.py")
assert _spec and _spec.loader
audit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = audit  # dataclasses look their module up
_spec.loader.exec_module(audit)


def _read(name: str) -> str:
    return (OUTPUTS / name).read_text()


def _printed(verdicts: list) -> tuple[int, str]:
    status, lines = audit.combine(verdicts)
    return status, "\n".join(lines)


def test_a_vulnerable_pin_fails_the_run_and_names_the_advisory_and_the_fix() -> None:
    verdict = audit.classify("pypi", 1, _read("vulnerable.stdout.json"), "Found 2 known vulnerabilities in 2 packages")
    assert verdict.kind == audit.VULNERABLE
    status, text = _printed([verdict])
    assert status == 1
    assert "dependency audit FAILED: 2 known vulnerabilities" in text
    assert "django 5.2.19: TEST-DJANGO-0001 (fixed in 99.0)" in text
    assert "cryptography 50.0.2: TEST-CRYPTOGRAPHY-0001 (no fixed release yet)" in text
    assert "no known vulnerabilities" not in text.lower()


def test_an_advisory_judged_not_to_apply_is_not_counted() -> None:
    verdict = audit.classify("pypi", 1, _read("vulnerable.stdout.json"), "", frozenset({"CVE-0000-00000"}))
    assert verdict.kind == audit.CLEAN
    verdict = audit.classify("pypi", 1, _read("vulnerable.stdout.json"), "", frozenset({"TEST-DJANGO-0001"}))
    assert verdict.vulnerable == ["cryptography 50.0.2: TEST-CRYPTOGRAPHY-0001 (no fixed release yet)"]


def test_a_clean_audit_of_every_pin_says_so_and_passes() -> None:
    verdict = audit.classify("pypi", 0, _read("clean.stdout.json"), "No known vulnerabilities found")
    pins = len(json.loads(_read("clean.stdout.json"))["dependencies"])
    assert (verdict.kind, verdict.checked) == (audit.CLEAN, pins)
    assert _printed([verdict]) == (
        0,
        f"dependency audit: no known vulnerabilities in the {pins} pins (pypi advisories).",
    )


def test_unreachable_advisory_data_is_reported_as_not_performed_and_does_not_fail() -> None:
    # pip-audit itself says "No known vulnerabilities found" (exit 0) having skipped every pin.
    pypi = audit.classify("pypi", 0, _read("pypi-unreachable.stdout.json"), _read("pypi-unreachable.stderr.txt"))
    osv = audit.classify("osv", 1, "", _read("osv-unreachable.stderr.txt"))
    assert pypi.kind == osv.kind == audit.NOT_PERFORMED
    status, text = _printed([pypi, osv])
    assert status == 0
    assert "dependency audit NOT performed: pypi: 67 of 67 pins could not be checked" in text
    assert "PyPI's per-release JSON answers 404" in text
    assert "osv: cannot resolve api.osv.dev" in text
    assert "no known vulnerabilities" not in text.lower()


def test_a_partly_checked_audit_is_not_called_clean() -> None:
    report = json.loads(_read("clean.stdout.json"))
    report["dependencies"][0] = {"name": "annotated-types", "skip_reason": "Dependency not found on PyPI and ..."}
    verdict = audit.classify("pypi", 0, json.dumps(report), "")
    assert verdict.kind == audit.NOT_PERFORMED
    status, text = _printed([verdict])
    assert status == 0 and f"1 of {len(report['dependencies'])} pins could not be checked" in text
    assert "no known vulnerabilities" not in text.lower()


def test_osv_answering_when_pypi_does_not_gives_the_verdict() -> None:
    pypi = audit.classify("pypi", 0, _read("pypi-unreachable.stdout.json"), "")
    osv = audit.classify("osv", 1, _read("vulnerable.stdout.json"), "")
    assert _printed([pypi, osv])[0] == 1
    assert "(osv advisories)" in _printed([pypi, audit.classify("osv", 0, _read("clean.stdout.json"), "")])[1]


@pytest.mark.parametrize(("strict", "expected"), [(False, 0), (True, 2)])
def test_the_script_without_pip_audit_reports_not_performed(tmp_path: Path, strict: bool, expected: int) -> None:
    """What CI prints when the tool could not even be installed (PyPI down)."""
    command = [sys.executable, str(ROOT / "scripts" / "audit.py"), "--pip-audit", str(tmp_path / "none"), "-r", "x"]
    done = subprocess.run(command + (["--strict"] if strict else []), capture_output=True, text=True, check=False)
    assert done.returncode == expected
    assert "dependency audit NOT performed: pip-audit is not installed at" in done.stdout


def test_the_script_reads_a_fake_pip_audit_and_fails_on_a_vulnerable_pin(tmp_path: Path) -> None:
    """End to end through the subprocess: a stand-in pip-audit that prints a recorded report."""
    fake = tmp_path / "pip-audit"
    fake.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"sys.stdout.write(open({str(OUTPUTS / 'vulnerable.stdout.json')!r}).read())\nsys.exit(1)\n"
    )
    fake.chmod(0o755)
    command = [sys.executable, str(ROOT / "scripts" / "audit.py"), "--pip-audit", str(fake), "-r", "requirements.lock"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 1
    assert "dependency audit FAILED" in done.stdout
