#!/usr/bin/env python
"""Fill the catalogues' empty (or fuzzy) translations from translator files.

    .venv/bin/python scripts/i18n_check.py --update          # bring the code's new strings in
    .venv/bin/python scripts/i18n_fill.py work/*.json        # fill them
    .venv/bin/python scripts/i18n_check.py                   # exit 0 when complete

A translator file is a JSON object: {"<English msgid>": {"ar": "...", "fr": "...", "zgh": "..."}},
a key "<context>\\u0004<msgid>" for an entry with a msgctxt, and for a plural entry
{"plural": "<msgid_plural>", "ar": [6 forms], "fr": [2], "zgh": [2]}. The English catalogue is
filled with the source text itself. Only empty or fuzzy entries are written: a reviewed
translation already in a catalogue is never overwritten.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ar", "fr", "zgh", "en")


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _field(lines: list[str], start: int) -> tuple[str, int]:
    """The string value starting at lines[start] (keyword "..." then "..." continuation lines)."""
    first = lines[start]
    value = _unquote(first[first.index('"') :])
    i = start + 1
    while i < len(lines) and lines[i].startswith('"'):
        value += _unquote(lines[i])
        i += 1
    return value, i


def fill_block(block: list[str], language: str, translations: dict[str, dict]) -> tuple[list[str], bool]:
    if not block or all(line.startswith("#") for line in block) or any(line.startswith("#~") for line in block):
        return block, False
    fields: dict[str, str] = {}
    order: list[tuple[str, int, int]] = []
    i = 0
    while i < len(block):
        line = block[i]
        if line.startswith("#") or '"' not in line:
            i += 1
            continue
        keyword = line.split(" ", 1)[0]
        value, end = _field(block, i)
        fields[keyword] = value
        order.append((keyword, i, end))
        i = end
    msgid = fields.get("msgid", "")
    if not msgid:
        return block, False  # the header
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block)
    plural = "msgid_plural" in fields
    msgstrs = {k: v for k, v in fields.items() if k.startswith("msgstr")}
    if not fuzzy and msgstrs and all(msgstrs.values()):
        return block, False
    key = f"{fields['msgctxt']}\x04{msgid}" if "msgctxt" in fields else msgid
    if language == "en":
        new: list[str] | str = [msgid, fields.get("msgid_plural", "")] if plural else msgid
    else:
        entry = translations.get(key)
        if not entry or language not in entry:
            return block, False
        new = entry[language]
    out: list[str] = []
    for line in block:
        if not line.startswith("#"):
            continue
        if line.startswith("#,") and "fuzzy" in line:
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if flags:
                out.append("#, " + ", ".join(flags))
            continue
        if line.startswith("#| "):
            continue  # the previous msgid of a fuzzy match
        out.append(line)
    for keyword, start, end in order:
        if not keyword.startswith("msgstr"):
            out.extend(block[start:end])
    if plural:
        forms = list(new) if isinstance(new, list) else [new]
        count = len(msgstrs)
        forms = (forms + [forms[-1]] * count)[:count]
        out += [f"msgstr[{n}] {_quote(form)}" for n, form in enumerate(forms)]
    else:
        out.append(f"msgstr {_quote(new[0] if isinstance(new, list) else new)}")
    return out, True


def fill(path: Path, language: str, translations: dict[str, dict]) -> int:
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    filled = 0
    for n, raw in enumerate(blocks):
        lines = raw.split("\n")
        new, changed = fill_block(lines, language, translations)
        if changed:
            blocks[n] = "\n".join(new)
            filled += 1
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled


def main(argv: list[str]) -> int:
    translations: dict[str, dict] = {}
    for name in argv:
        translations.update(json.loads(Path(name).read_text(encoding="utf-8")))
    for language in LANGUAGES:
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        print(f"{language}: {fill(path, language, translations)} entries filled")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
