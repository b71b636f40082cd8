"""Read and write the pabulib `.pb` exchange format (arXiv 2305.11035, "Pabulib").

A `.pb` file is UTF-8 (optionally with a BOM), `;`-separated and read with `csv.reader`, in three
sections -- META, PROJECTS, VOTES -- each announced by a line whose first cell is the section name
(any case) and followed by a header line. Blank lines are skipped. `vote`, `points`, `category`
and `target` cells are comma lists; `None` (any case) means a missing value; costs may use `,` as
decimal separator. The reading follows pabutools' parser so that both see the same election; it is
stricter only where pabutools would crash (we say which line is wrong instead).

No dependency on pabutools: it is our test oracle, not our engine.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
LIST_COLUMNS = ("category", "target")
VOTER_ATTRIBUTES = ("sex", "age", "voting_method", "district", "neighborhood")


class PbFormatError(ValueError):
    """The file is not a usable `.pb` file; the message names the line."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Project:
    project_id: str
    cost: Fraction
    name: str = ""
    category: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    # Every other column, as written (strings; a missing value is absent), e.g. votes, selected,
    # gender_marker, latitude.
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def gender_marker(self) -> int | None:
        value = self.extra.get("gender_marker")
        return int(value) if value not in (None, "") else None


@dataclass
class Ballot:
    voter_id: str
    vote: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    # Voter attributes (sex, age, voting_method, district, neighborhood, ...) as strings.
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def sex(self) -> str | None:
        return self.attributes.get("sex")

    @property
    def age(self) -> int | None:
        value = self.attributes.get("age")
        return int(value) if value not in (None, "") else None


@dataclass
class Instance:
    meta: dict[str, str]
    projects: dict[str, Project]
    budget: Fraction

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")


@dataclass
class Profile:
    vote_type: str
    ballots: list[Ballot]

    def __len__(self) -> int:
        return len(self.ballots)


def parse_number(text: str, *, line: int | None, what: str) -> Fraction:
    """A cost, budget or point value: `1234`, `1234.5`, `1234,5` or `1/3`, kept exact."""
    cleaned = text.strip().replace(",", ".")
    try:
        return Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise PbFormatError(f"{what} {text!r} is not a number", line=line) from None


def format_number(value: Fraction | int) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    # Decimal if finite in base 10, else an exact ratio (both re-read identically).
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        digits = 0
        scaled = value
        while scaled.denominator != 1:
            scaled *= 10
            digits += 1
        sign = "-" if scaled < 0 else ""
        text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
        return f"{sign}{text[:-digits]}.{text[-digits:]}"
    return f"{value.numerator}/{value.denominator}"


def read_pb(source: str | Path) -> tuple[Instance, Profile]:
    """Read a `.pb` file from a path."""
    with open(source, encoding="utf-8-sig", newline="") as handle:
        return parse_pb(handle.read())


def parse_pb(text: str) -> tuple[Instance, Profile]:
    """Parse the text of a `.pb` file. Raises PbFormatError with the line number on bad input.

    Large files take a fast path for the VOTES section when it is plain (see `_fast_votes`): the
    same election, the same errors (on anything unusual the whole file is read the slow way)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    start = _votes_line(lines)
    if start is not None and len(lines) - start > FAST_MIN_ROWS:
        try:
            head = _parse_lines(lines[: start + 2])
        except PbFormatError:
            head = None
        if head is not None and head[2] == start + 2 and not head[1].ballots:
            fast = _fast_votes(lines, start, head[0], head[1])
            if fast is not None:
                return fast
    return _parse_lines(lines)[:2]


FAST_MIN_ROWS = 1000  # below this the plain reader is as fast
_SECTION_LINE = re.compile(r"^[ \t]*(?:meta|projects|votes)[ \t]*(?:;|$)", re.IGNORECASE | re.MULTILINE)


def _votes_line(lines: list[str]) -> int | None:
    """Index of the line opening the VOTES section, if it is written plainly."""
    for i, line in enumerate(lines):
        if line[:12].lstrip()[:5].lower() == "votes" and line.split(";", 1)[0].strip().lower() == "votes":
            return i
    return None


def _fast_votes(lines: list[str], start: int, instance: Instance, profile: Profile):
    """The VOTES rows of an approval-like file, read in bulk: no quotes, no further section,
    every row exactly as wide as the header, vote cells like `1,5,12` naming known projects.
    Ballots are built on first use; the rules read the votes as arrays. None when any of this
    does not hold: the caller then reads the file the slow way."""
    header_line = lines[start + 1]
    header = [cell.strip() for cell in header_line.split(";")]
    if '"' in header_line or "points" in header or profile.vote_type in ("cumulative", "scoring"):
        return None
    body = lines[start + 2 :]
    text = "\n".join(body)
    if '"' in text:
        return None
    lowered = text.lower()
    if ("meta" in lowered or "projects" in lowered or "votes" in lowered) and _SECTION_LINE.search(text):
        return None
    numbers = None
    # Empty lines are skipped (csv.reader's empty rows); a line of spaces fails the width test.
    if "\n\n" in text or not body[0] or not body[-1]:
        numbers = [start + 3 + i for i, line in enumerate(body) if line.strip()]
        body = [line for line in body if line.strip()]
        text = "\n".join(body)
    if not body:
        return None
    width = len(header)
    if (_per_line(text, ";") != width - 1).any():
        return None
    vote_at = header.index("vote")
    cells = re.findall(rf"^(?:[^;\n]*;){{{vote_at}}}([^;\n]*)", text, re.MULTILINE)
    blob = "\n".join(cells)
    if len(cells) != len(body) or not _plain_votes(blob):
        return None
    commas = _per_line(blob, ",")
    lengths = commas + np.fromiter(map(bool, cells), dtype=np.int64, count=len(cells))
    ids = sorted(instance.projects)
    codes = _project_codes(",".join(filter(None, cells)), int(lengths.sum()), ids)
    if codes is None:
        return None  # a vote for an unknown project: the slow path says which line
    known = set(instance.projects)
    vote_type = profile.vote_type

    def build() -> list[Ballot]:
        ballots = []
        line_numbers = numbers or range(start + 3, start + 3 + len(body))
        for line, row in zip(line_numbers, body, strict=True):
            row_cells = {
                name: value
                for name, value in zip(header, map(str.strip, row.split(";")), strict=False)
                if len(value) != 4 or value.lower() != "none"
            }
            ballots.append(_ballot(line, row_cells, known, vote_type))
        return ballots

    return instance, LazyProfile(vote_type, build, len(body), (tuple(ids), lengths, codes))


_NONE_CELL = re.compile(r"^none$", re.MULTILINE | re.IGNORECASE)


def _plain_votes(blob: str) -> bool:
    """Whether every line of `blob` is a plain vote cell: empty or "1,5,12" (no whitespace --
    the only ASCII whitespace left inside a line is space, tab and \\x1f --, no empty item,
    not None)."""
    if not blob.isascii() or " " in blob or "\t" in blob or "\x1f" in blob or ",," in blob:
        return False
    if "\n," in blob or ",\n" in blob or blob.startswith(",") or blob.endswith(","):
        return False
    return not ("none" in blob.lower() and _NONE_CELL.search(blob))


def _project_codes(joined: str, count: int, ids: list[str]) -> np.ndarray | None:
    """The index in `ids` of every project id of the comma list `joined` (`count` items), or
    None if one is unknown. Ids written as plain decimal numbers are parsed in bulk."""
    if not count:
        return np.zeros(0, dtype=np.int64)
    numeric = all(pid.isdigit() and pid.isascii() and (pid == "0" or pid[0] != "0") for pid in ids)
    if numeric and ids and len(max(ids, key=len)) <= 9 and joined.replace(",", "").isdigit():
        if joined.startswith("0") or ",0" in joined:  # "07" is not project "7" (nor is "0" if absent)
            numeric = "0" in ids and not _LEADING_ZERO.search(joined)
        if numeric:
            numbers = _bulk_ints(joined, count)
            values = np.array([int(pid) for pid in ids], dtype=np.int64)
            top = int(values.max())
            if top <= _DENSE_TABLE_MAX:  # a lookup table indexed by the id itself
                table = np.full(top + 2, -1, dtype=np.int64)
                table[values] = np.arange(len(ids))
                codes = table[np.minimum(numbers, len(table) - 1)]
            else:  # ids up to 999,999,999: a table that size would take gigabytes, search instead
                order = np.argsort(values, kind="stable")
                ordered = values[order]
                at = np.minimum(np.searchsorted(ordered, numbers), len(ordered) - 1)
                codes = np.where(ordered[at] == numbers, order[at], -1)
            return None if len(codes) != count or (codes < 0).any() else codes
    index = {pid: i for i, pid in enumerate(ids)}
    try:
        return np.fromiter(map(index.__getitem__, joined.split(",")), dtype=np.int64, count=count)
    except KeyError:
        return None


_LEADING_ZERO = re.compile(r"(?:^|,)0\d")
# Project ids up to this are looked up in a table indexed by the id (8 MB at most); larger ones
# (pabulib files use ids of up to nine digits) by a binary search over the sorted ids.
_DENSE_TABLE_MAX = 1_000_000


def _bulk_ints(joined: str, count: int) -> np.ndarray:
    """Non-negative decimal integers of a comma list (already checked: ASCII digits and commas,
    no empty item), parsed by numpy's text reader; -1 everywhere if a number has more than 9
    digits (no project's id, see _project_codes) or the count is off."""
    commas = np.flatnonzero(np.frombuffer(joined.encode("ascii"), dtype=np.uint8) == ord(","))
    if len(commas) + 1 != count or np.diff(commas, prepend=-1, append=len(joined)).max() > 10:
        return np.full(count, -1)
    values = np.fromstring(joined, dtype=np.int64, sep=",")
    return values if len(values) == count else np.full(count, -1)


def _per_line(text: str, char: str) -> np.ndarray:
    """How many times `char` (ASCII) occurs on each line of `text`."""
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    ends = np.append(np.flatnonzero(data == 10), len(data))
    found = np.searchsorted(np.flatnonzero(data == ord(char)), ends)
    return np.diff(found, prepend=0)


class LazyProfile(Profile):
    """A profile read in bulk: `ballots` are built on first use; until then `approvals` holds
    the votes as arrays (sorted project ids, ballot lengths, project codes), which
    `compile_election` uses directly."""

    def __init__(self, vote_type: str, build, count: int, approvals) -> None:
        self.vote_type = vote_type
        self._build = build
        self._count = count
        self._ballots: list[Ballot] | None = None
        self._approvals = approvals

    @property
    def ballots(self) -> list[Ballot]:
        if self._ballots is None:
            self._ballots = self._build()
        return self._ballots

    @ballots.setter
    def ballots(self, value: list[Ballot]) -> None:
        self._ballots = value

    @property
    def approvals(self):
        """(ids, lengths, codes) while the ballots were not built (so not changed), else None."""
        return self._approvals if self._ballots is None else None

    def __len__(self) -> int:
        return self._count if self._ballots is None else len(self._ballots)


def _parse_lines(lines: list[str]) -> tuple[Instance, Profile, int]:
    """The plain reader (csv.reader over every line); also returns the number of lines read."""
    reader = csv.reader(lines, delimiter=";")
    meta: dict[str, str] = {}
    projects: dict[str, Project] = {}
    ballots: list[Ballot] = []
    seen: set[str] = set()
    section = ""
    header: list[str] = []
    raw_votes: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        first = row[0].strip().lower()
        if first in ("meta", "projects", "votes"):
            section = first
            seen.add(section)
            try:
                header = [cell.strip() for cell in next(reader)]
            except StopIteration:
                raise PbFormatError(f"section {section.upper()} has no header line", line=line) from None
            if section == "projects":
                _require(header, ("project_id", "cost"), line=reader.line_num, section="PROJECTS")
                if header[0] != "project_id":
                    raise PbFormatError("project_id must be the first column of PROJECTS", line=reader.line_num)
            elif section == "votes":
                _require(header, ("voter_id", "vote"), line=reader.line_num, section="VOTES")
            continue
        if not section:
            raise PbFormatError("content before the first section (META, PROJECTS or VOTES)", line=line)
        if section == "meta":
            if len(row) < 2:
                raise PbFormatError("META lines need a key and a value", line=line)
            meta[row[0].strip()] = row[1].strip()
            continue
        if len(row) > len(header):
            raise PbFormatError(f"{len(row)} cells but the header has {len(header)}", line=line)
        cells = {
            name: value
            for name, value in zip(header, map(str.strip, row), strict=False)
            if len(value) != 4 or value.lower() != "none"
        }
        if section == "projects":
            project_id = row[0].strip()
            if "cost" not in cells:
                raise PbFormatError(f"project {project_id!r} has no cost", line=line)
            cost = parse_number(cells.pop("cost"), line=line, what="cost")
            cells.pop("project_id", None)
            project = Project(
                project_id=project_id,
                cost=cost,
                name=cells.pop("name", ""),
                category=_split(cells.pop("category", "")),
                target=_split(cells.pop("target", "")),
                extra=cells,
            )
            projects[project_id] = project
        else:
            raw_votes.append((line, cells))
    for name in ("meta", "projects", "votes"):
        if name not in seen:
            raise PbFormatError(f"missing section {name.upper()}")
    if "budget" not in meta:
        raise PbFormatError("META has no budget")
    budget = parse_number(meta["budget"], line=None, what="budget")
    vote_type = meta.setdefault("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise PbFormatError(f"unknown vote_type {vote_type!r}")
    known = set(projects)
    for line, cells in raw_votes:
        ballots.append(_ballot(line, cells, known, vote_type))
    return Instance(meta=meta, projects=projects, budget=budget), Profile(vote_type, ballots), reader.line_num


def _ballot(line: int, cells: dict[str, str], known: set[str], vote_type: str) -> Ballot:
    """One VOTES row (its cells by column, `None` values left out) as a ballot."""
    voter_id = cells.pop("voter_id", "")
    raw = cells.pop("vote", "")
    parts = raw.split(",")
    if " " in raw or "\t" in raw or "" in parts:  # the fast path is for "1,5,12"
        vote = tuple(name.strip() for name in parts if name.strip())
    else:
        vote = tuple(parts)
    if not known.issuperset(vote):
        unknown = next(project_id for project_id in vote if project_id not in known)
        raise PbFormatError(f"vote for unknown project {unknown!r}", line=line)
    points = None
    if "points" in cells:
        raw_points = cells.pop("points")
        # An empty ballot's points are an empty cell, not one empty value.
        point_cells = raw_points.split(",") if raw_points.strip() or vote else []
        if len(point_cells) != len(vote):
            raise PbFormatError("points and vote lists have different lengths", line=line)
        points = tuple(parse_number(p, line=line, what="points") for p in point_cells)
    elif vote_type in ("cumulative", "scoring") and vote:
        raise PbFormatError("a cumulative or scoring ballot needs points", line=line)
    return Ballot(voter_id=voter_id, vote=vote, points=points, attributes=cells)


def _require(header: list[str], columns: tuple[str, ...], *, line: int, section: str) -> None:
    for column in columns:
        if column not in header:
            raise PbFormatError(f"{section} header lacks the obligatory column {column!r}", line=line)


def _split(value: str) -> tuple[str, ...]:
    return tuple(entry.strip() for entry in value.split(",") if entry.strip())


def write_pb(instance: Instance, profile: Profile) -> str:
    """The `.pb` text of an election; `parse_pb(write_pb(i, p))` gives back the same objects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    meta = dict(instance.meta)
    meta["budget"] = meta.get("budget") or format_number(instance.budget)
    meta.setdefault("vote_type", profile.vote_type)
    meta["num_projects"] = str(len(instance.projects))
    meta["num_votes"] = str(len(profile.ballots))
    for key, value in meta.items():
        writer.writerow([key, value])
    extra_columns: list[str] = []
    for project in instance.projects.values():
        for key in project.extra:
            if key not in extra_columns:
                extra_columns.append(key)
    has_category = any(p.category for p in instance.projects.values())
    has_target = any(p.target for p in instance.projects.values())
    header = ["project_id", "cost", "name"]
    header += ["category"] if has_category else []
    header += ["target"] if has_target else []
    header += extra_columns
    out.write("PROJECTS\n")
    writer.writerow(header)
    for project in instance.projects.values():
        row = [project.project_id, format_number(project.cost), project.name or "None"]
        if has_category:
            row.append(",".join(project.category) or "None")
        if has_target:
            row.append(",".join(project.target) or "None")
        row += [project.extra.get(key, "None") for key in extra_columns]
        writer.writerow(row)
    attribute_columns: list[str] = []
    for ballot in profile.ballots:
        for key in ballot.attributes:
            if key not in attribute_columns:
                attribute_columns.append(key)
    has_points = any(b.points is not None for b in profile.ballots)
    out.write("VOTES\n")
    writer.writerow(["voter_id", "vote"] + (["points"] if has_points else []) + attribute_columns)
    for ballot in profile.ballots:
        row = [ballot.voter_id, ",".join(ballot.vote)]
        if has_points:
            row.append(",".join(format_number(p) for p in ballot.points) if ballot.points is not None else "None")
        row += [ballot.attributes.get(key, "None") for key in attribute_columns]
        writer.writerow(row)
    return out.getvalue()
