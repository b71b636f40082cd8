"""A small text extractor for the PDFs WeasyPrint writes (pdftotext is not installed here).

It follows each text run's font to its ToUnicode map, so it reads what a PDF reader would copy.
WeasyPrint writes runs in visual order: a right-to-left run comes out reversed, so `runs()`
returns each run both as written and reversed, and `glyphs_for()` shows how a character was
shaped (an Arabic letter takes different glyphs at the start, middle and end of a word).
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict

OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(pdf: bytes) -> dict[int, bytes]:
    objects = {int(m.group(1)): m.group(2) for m in OBJ.finditer(pdf)}
    # PDF 1.5 object streams pack small objects (font dictionaries) into one compressed stream.
    for body in list(objects.values()):
        if b"/Type /ObjStm" not in body:
            continue
        count = int(re.search(rb"/N (\d+)", body).group(1))  # type: ignore[union-attr]
        first = int(re.search(rb"/First (\d+)", body).group(1))  # type: ignore[union-attr]
        data = _stream(body)
        header = [int(n) for n in data[:first].split()]
        pairs = [(header[2 * i], header[2 * i + 1]) for i in range(count)]
        for i, (number, offset) in enumerate(pairs):
            end = pairs[i + 1][1] if i + 1 < count else len(data) - first
            objects[number] = data[first + offset : first + end]
    return objects


def _stream(obj: bytes) -> bytes:
    m = STREAM.search(obj)
    if not m:
        return b""
    data = m.group(1)
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + i)
    return mapping


class PdfText:
    def __init__(self, pdf: bytes) -> None:
        objects = _objects(pdf)
        fonts: dict[bytes, dict[int, str]] = {}
        for body in objects.values():
            for name, ref in re.findall(rb"/(\w+) (\d+) 0 R", body):
                font = objects.get(int(ref), b"")
                tu = re.search(rb"/ToUnicode (\d+) 0 R", font)
                if b"/Type /Font" in font and tu:
                    fonts[name] = _cmap(_stream(objects[int(tu.group(1))]))
        self.font_names = sorted(
            {name.decode() for body in objects.values() for name in re.findall(rb"/BaseFont /([\w+-]+)", body)}
        )
        self._runs: list[str] = []
        self._glyphs: dict[str, set[int]] = defaultdict(set)
        for body in objects.values():
            content = _stream(body)
            if b"TJ" not in content and b"Tj" not in content:
                continue
            current: dict[int, str] = {}
            for token in re.finditer(rb"/(\w+) [\d.]+ Tf|\[(.*?)\] TJ", content, re.S):
                if token.group(1):
                    current = fonts.get(token.group(1), {})
                    continue
                run = []
                for hexes in re.findall(rb"<([0-9a-fA-F]+)>", token.group(2)):
                    for i in range(0, len(hexes), 4):
                        gid = int(hexes[i : i + 4], 16)
                        char = current.get(gid, "")
                        run.append(char)
                        for c in char:
                            self._glyphs[c].add(gid)
                self._runs.append("".join(run))

    def runs(self) -> list[str]:
        return self._runs + ["".join(reversed(r)) for r in self._runs]

    def contains(self, text: str) -> bool:
        return any(text in run for run in self.runs())

    def glyphs_for(self, char: str) -> set[int]:
        return self._glyphs[char]
