#!/usr/bin/env python
"""Check that the interface catalogues (locale/<lang>/LC_MESSAGES/django.po) are complete.

    .venv/bin/python scripts/i18n_check.py            # report; exit 1 if anything is missing
    .venv/bin/python scripts/i18n_check.py --update   # merge new strings from the code into the catalogues

The check extracts the strings the code uses *now* (Django's makemessages, into a temporary copy of
the catalogues, so the working tree is never touched), then lists per language every message that
is untranslated, fuzzy, or only partly translated (a missing plural form), and every format error
GNU msgfmt finds (a placeholder such as %(name)s lost or changed in a translation).

A translator's loop: `--update`, fill every empty msgstr in locale/*/LC_MESSAGES/django.po (see
locale/TERMS.md for the glossary), remove the "#, fuzzy" flags once checked, then run the check again.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
LANGUAGES = ("ar", "fr", "zgh", "en")
# Directories that hold no interface strings (or not ours); dot-directories (.venv) are skipped anyway.
IGNORE = ["bench", "var", "staticfiles", "media", "node_modules", "test-results", "locale"]


# --- A small .po reader ------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    def label(self) -> str:
        return f"[{self.msgctxt}] {self.msgid!r}" if self.msgctxt is not None else repr(self.msgid)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a PO string is a C string literal; Python's reading is close enough


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header (msgid "") included, obsolete (#~) entries marked."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which field continuation lines append to

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue
        if not line:
            finish()
            continue
        starts_entry = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts_entry and current is not None and current.msgstr:
            finish()  # the previous entry had its msgstr: this line begins the next one
        if line.startswith("#"):
            if line.startswith("#,"):
                current = current or Entry()
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        current = current or Entry()
        current.obsolete = current.obsolete or obsolete
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        if keyword == "msgctxt":
            current.msgctxt, target = _unquote(rest), ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid, target = _unquote(rest), ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = _unquote(rest), ("msgid_plural", 0)
        elif keyword == "msgstr":
            current.msgstr[0], target = _unquote(rest), ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            current.msgstr[index], target = _unquote(rest), ("msgstr", index)
        elif keyword == "" and target is not None:
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(rest)
            else:
                setattr(current, name, (getattr(current, name) or "") + _unquote(rest))
    finish()
    return entries


def plural_count(entries: list[Entry]) -> int | None:
    """nplurals from the header's Plural-Forms; None when it is missing or still a template."""
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            for line in entry.msgstr.get(0, "").splitlines():
                if line.lower().startswith("plural-forms:") and "nplurals=" in line:
                    value = line.split("nplurals=")[1].split(";")[0].strip()
                    return int(value) if value.isdigit() else None
    return None


@dataclass
class Report:
    language: str
    total: int = 0
    missing: list[str] = field(default_factory=list)  # untranslated or partly translated
    fuzzy: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # msgfmt -c complaints

    @property
    def ok(self) -> bool:
        return not (self.missing or self.fuzzy or self.errors)


def check_catalogue(path: Path, language: str) -> Report:
    report = Report(language)
    if not path.exists():
        report.errors.append(f"{path} does not exist")
        return report
    entries = parse_po(path)
    nplurals = plural_count(entries)
    if nplurals is None:
        report.errors.append("the header has no valid Plural-Forms (see locale/TERMS.md)")
        nplurals = 2
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    if header is not None and "fuzzy" in header.flags:
        report.fuzzy.append("(the catalogue header is marked fuzzy: msgfmt ignores it)")
    for entry in entries:
        if entry.obsolete or (entry.msgid == "" and entry.msgctxt is None):
            continue
        report.total += 1
        forms = range(nplurals) if entry.msgid_plural is not None else range(1)
        if any(not entry.msgstr.get(i, "") for i in forms):
            report.missing.append(entry.label())
        elif "fuzzy" in entry.flags:
            report.fuzzy.append(entry.label())
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        report.errors.extend(
            line
            for line in result.stderr.splitlines()
            if line and "msgfmt: found" not in line and "translated message" not in line
        )
    return report


# --- Extraction into a temporary copy -------------------------------------------------------------


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def extract(target: Path, languages: tuple[str, ...] = LANGUAGES) -> Path:
    """Run makemessages over the project, merging into copies of the catalogues under `target`.

    Returns the locale directory under `target`; locale/ itself is left alone.
    """
    _setup_django()
    from django.core.management import call_command
    from django.core.management.commands import makemessages

    out = target / "locale"
    if LOCALE_DIR.exists():
        shutil.copytree(LOCALE_DIR, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    out.mkdir(parents=True, exist_ok=True)

    class Command(makemessages.Command):
        """makemessages whose every extracted file belongs to the temporary locale directory."""

        def find_files(self, root: str) -> list:
            files = super().find_files(root)
            for translatable in files:
                translatable.locale_dir = str(out)
            self.locale_paths = [str(out)]
            self.default_locale_path = str(out)
            return files

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        call_command(
            Command(),
            locale=list(languages),
            domain="django",
            ignore_patterns=IGNORE,
            add_location="file",
            no_obsolete=True,
            verbosity=0,
        )
    finally:
        os.chdir(cwd)
    return out


def _without_creation_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith('"POT-Creation-Date:'))


def update(languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Merge the strings the code uses into locale/; returns the catalogues that changed."""
    changed = []
    with tempfile.TemporaryDirectory(prefix="tadafur-i18n-") as tmp:
        out = extract(Path(tmp), languages)
        for language in languages:
            fresh = out / language / "LC_MESSAGES" / "django.po"
            current = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
            new_text = fresh.read_text(encoding="utf-8")
            if current.exists() and _without_creation_date(
                current.read_text(encoding="utf-8")
            ) == _without_creation_date(new_text):
                continue
            current.parent.mkdir(parents=True, exist_ok=True)
            current.write_text(new_text, encoding="utf-8")
            changed.append(current)
    return changed


def check(languages: tuple[str, ...] = LANGUAGES) -> list[Report]:
    """Reports for the catalogues as they would be after an --update (the code's strings now)."""
    with tempfile.TemporaryDirectory(prefix="tadafur-i18n-") as tmp:
        out = extract(Path(tmp), languages)
        return [check_catalogue(out / lang / "LC_MESSAGES" / "django.po", lang) for lang in languages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="merge new strings from the code into locale/")
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES), help="default: ar fr zgh en")
    args = parser.parse_args(argv)
    languages = tuple(args.languages)
    if args.update:
        for path in update(languages):
            print(f"updated {path.relative_to(ROOT)}")
    failed = False
    for report in check(languages):
        missing = len(report.missing) + len(report.fuzzy)
        done = report.total - len(report.missing)
        print(
            f"{report.language}: {done}/{report.total} translated, "
            f"{len(report.missing)} untranslated, {len(report.fuzzy)} fuzzy, {len(report.errors)} errors"
        )
        for label in report.missing:
            print(f"  untranslated: {label}")
        for label in report.fuzzy:
            print(f"  fuzzy: {label}")
        for error in report.errors:
            print(f"  error: {error}")
        failed = failed or bool(missing or report.errors)
    if failed:
        hint = "fill the empty msgstr and drop the fuzzy flags in locale/<lang>/LC_MESSAGES/django.po"
        print(("\nRun `scripts/i18n_check.py --update`, then " if not args.update else "\nNow ") + hint + ".")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
