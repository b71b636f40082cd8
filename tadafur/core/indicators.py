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
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

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


def invert_groups(groups: Groups) -> dict[int, list[str]]:
    """collectivity id -> the groups it belongs to: compute functions query the union of ids
    once and fan each row out to its groups with this."""
    out: dict[int, list[str]] = {}
    for name, ids in groups.items():
        for pk in ids:
            out.setdefault(pk, []).append(name)
    return out


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
