"""Indicators and participation counts that modules publish for the dashboards (issue 7).

A module declares each of its indicators once, in its AppConfig.ready(), with
`register_indicator`; the dashboards, the steering committee's meeting pack and the open-data
export iterate the registry instead of importing every module.

The unit of computation is a *group*: a name mapped to the collectivity ids whose activity it
covers. A commune's own figure is the group {"06.461.01.15": [settat.pk]}; a province's figure
is one group holding the province and all its communes. One call computes every group at once,
so a comparison of Settat's 46 communes is one query per indicator, not 46:

    spec.compute({"06.461.01.15": [12], "06.461": [5, 12, 13, ...]}, start, end)
    -> {"06.461.01.15": Measure(value=0.5, n=4), "06.461": Measure(value=0.41, n=37)}

`start` is inclusive and `end` exclusive (dates). `Measure.n` is the number of underlying cases
(petitions filed, ballots cast, requests answered...), used to suppress small cells; `value` is
None when there is nothing to measure (no case at all), never a made-up zero.

Participation (who took part, by sex and age band) is declared the same way with
`register_participation`, for the representativeness index against the census.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Q
from django.utils.functional import Promise

Groups = Mapping[str, Sequence[int]]


@dataclass(frozen=True)
class Measure:
    value: float | None
    n: int


class Unit:
    COUNT = "count"  # a number of things (petitions filed)
    SHARE = "share"  # a proportion between 0 and 1 (accepted share), shown as a percentage
    DAYS = "days"  # a duration in days (median days to the council's answer)
    AMOUNT = "amount"  # MAD


@dataclass(frozen=True)
class IndicatorSpec:
    key: str  # "<module>.<name>", stable: used in URLs, CSV headers and open data
    module: str  # registry module name: "petitions", "budgets", "feedback"...
    label: str | Promise
    unit: str
    compute: Callable[[Groups, dt.date, dt.date], dict[str, Measure]]
    description: str | Promise = ""
    higher_is_better: bool | None = True
    # Rates and medians over fewer than the dashboards' threshold of cases are shown as "—"
    # (small cells). False for figures that are public facts whatever their base (the share of
    # a published budget result), never for figures about people.
    suppress: bool = True
    # For figures that are a state (progress), not events dated in the period: how a past period's
    # figure is read from the module's dated snapshots, shown with trends. "" for event counts.
    history: str | Promise = ""


def age_band(birth_year: int | None, on: dt.date) -> str:
    """The band of someone born in `birth_year` on date `on`; "" when unknown or under 15."""
    if not birth_year:
        return ""
    age = on.year - birth_year
    if age < 15:
        return ""
    if age < 25:
        return "15-24"
    if age < 35:
        return "25-34"
    if age < 45:
        return "35-44"
    if age < 60:
        return "45-59"
    return "60+"


# Age bands used for participation and compared with the census pyramid.
AGE_BANDS = ("15-24", "25-34", "35-44", "45-59", "60+")


@dataclass(frozen=True)
class ParticipationSpec:
    """Who took part in a channel: compute(groups, start, end) -> {group: Counter[(sex, band)]}
    where sex is "female"/"male"/"" (unknown) and band one of AGE_BANDS or "" (unknown). A person
    counts once per channel and group over the period."""

    channel: str  # "petitions.signers", "budgets.voters", "feedback.reporters"...
    module: str
    label: str | Promise
    compute: Callable[[Groups, dt.date, dt.date], dict[str, Counter[tuple[str, str]]]]
    # The age bands the channel records, covering its whole age range: the census population is
    # restricted to those ages. "lo-hi", "lo_hi", "lo+" or "lo_plus" labels.
    bands: tuple[str, ...] = ()


_INDICATORS: dict[str, IndicatorSpec] = {}
_PARTICIPATION: dict[str, ParticipationSpec] = {}


def register_indicator(spec: IndicatorSpec) -> IndicatorSpec:
    _INDICATORS[spec.key] = spec
    return spec


def register_participation(spec: ParticipationSpec) -> ParticipationSpec:
    _PARTICIPATION[spec.channel] = spec
    return spec


def indicators(module: str | None = None) -> list[IndicatorSpec]:
    return [s for s in _INDICATORS.values() if module is None or s.module == module]


def indicator(key: str) -> IndicatorSpec:
    return _INDICATORS[key]


def participation_channels() -> list[ParticipationSpec]:
    return list(_PARTICIPATION.values())


def median(values: Sequence[float]) -> float | None:
    """The median of `values`, None for none (for the DAYS indicators)."""
    ordered = sorted(values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


class GroupSet(dict[str, Sequence[int]]):
    """Groups handed to several compute functions in a row (a dashboard's columns): their union
    of ids and their fan-out (`invert_groups`) are computed once, not once per indicator.

    `everywhere` says the groups' ids are every territory of the country (the national scope):
    compute functions then filter on "has a collectivity" (`within`) instead of an `IN` list of
    ~1,600 ids, which Django prepares id by id in every query (docs/decisions/0721-dashboards-cold-cache.md). The
    rows are the same, since every collectivity id is some territory's.
    """

    def __init__(self, groups: Groups, *, everywhere: bool = False) -> None:
        super().__init__(groups)
        self.everywhere = everywhere
        self._ids: list[int] | None = None
        self._fan: dict[int, list[str]] | None = None
        self.digest: str | None = None  # the caller's cache key for these groups, once computed


def group_ids(groups: Groups) -> list[int]:
    """The union of the groups' collectivity ids, sorted."""
    if isinstance(groups, GroupSet):
        if groups._ids is None:
            groups._ids = sorted({pk for ids in groups.values() for pk in ids})
        return groups._ids
    return sorted({pk for ids in groups.values() for pk in ids})


def within(groups: Groups, lookup: str) -> Q:
    """The filter keeping the rows whose collectivity (`lookup`, e.g. "petition__territory_id")
    is one of the groups': no `IN` list for the whole country (GroupSet.everywhere)."""
    if getattr(groups, "everywhere", False):
        return Q(**{f"{lookup}__isnull": False})
    return Q(**{f"{lookup}__in": group_ids(groups)})


def invert_groups(groups: Groups) -> dict[int, list[str]]:
    """collectivity id -> the groups it belongs to: compute functions query the union of ids
    once and fan each row out to its groups with this (read it, do not change it)."""
    if isinstance(groups, GroupSet) and groups._fan is not None:
        return groups._fan
    out: dict[int, list[str]] = {}
    for name, ids in groups.items():
        for pk in ids:
            out.setdefault(pk, []).append(name)
    if isinstance(groups, GroupSet):
        groups._fan = out
    return out


def count_by_group(groups: Groups, collectivity_ids: Iterable[int]) -> dict[str, Measure]:
    """How many rows fall in each group, given each row's collectivity id."""
    where = invert_groups(groups)
    counts: Counter[str] = Counter()
    for collectivity_id in collectivity_ids:
        for group in where.get(collectivity_id, []):
            counts[group] += 1
    return {g: Measure(value=float(counts[g]), n=counts[g]) for g in groups}


def people_by_group(
    groups: Groups, rows: Iterable[tuple[int, int, str | None, int | None]], on: dt.date
) -> dict[str, Counter[tuple[str, str]]]:
    """Distinct people per group by (sex, age band on `on`), from rows of (collectivity id,
    person id, sex, birth year): a person counts once per group however many rows they have."""
    where = invert_groups(groups)
    seen: dict[str, set[int]] = {g: set() for g in groups}
    out: dict[str, Counter[tuple[str, str]]] = {g: Counter() for g in groups}
    for collectivity_id, person_id, sex, birth_year in rows:
        for group in where.get(collectivity_id, []):
            if person_id not in seen[group]:
                seen[group].add(person_id)
                out[group][(sex_key(sex), age_band(birth_year, on))] += 1
    return out


# Rows that several indicators of a module read alike (the petitions' decisions for the accepted
# share and the median days, the programmes' projects for execution and spending) are queried
# once per (groups, period) inside `sharing()`, which the dashboards open around a page's columns.
_SHARED: ContextVar[dict[tuple[Any, ...], tuple[Groups, Any]] | None] = ContextVar("indicator_rows", default=None)
R = TypeVar("R")


@contextmanager
def sharing() -> Iterator[None]:
    """Within this block, functions decorated with `shared` run once per (groups, start, end):
    the results must be treated as read-only by their callers."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(fn: Callable[[Groups, dt.date, dt.date], R]) -> Callable[[Groups, dt.date, dt.date], R]:
    """Memoise a module's row-reading helper inside `sharing()` (the same groups object, start and
    end); outside it, every call queries."""

    @functools.wraps(fn)
    def wrapper(groups: Groups, start: dt.date, end: dt.date) -> R:
        memo = _SHARED.get()
        if memo is None:
            return fn(groups, start, end)
        key = (fn.__module__, fn.__qualname__, id(groups), start, end)
        hit = memo.get(key)
        if hit is None or hit[0] is not groups:
            hit = memo[key] = (groups, fn(groups, start, end))
        return hit[1]

    return wrapper


def aware_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) as aware datetimes at local midnight, to filter DateTimeFields on an index
    (a `__date` lookup would compute a function on every row)."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end, dt.time.min, tzinfo=tz),
    )


# Sex values as the accounts app stores them ("woman"/"man"), in the registry's terms.
SEX_NAMES = {"woman": "female", "man": "male", "female": "female", "male": "male", "f": "female", "m": "male"}


def sex_key(value: str | None) -> str:
    """ "female"/"male" for the sexes the platform records, "" for undisclosed or unknown."""
    return SEX_NAMES.get((value or "").lower(), "")
