"""Representativeness index: how far a channel's participants are from the census population.

For a channel (petition signers, budget voters...) and a territory, we compare two
distributions over cells (sex × age band):

- P, the participants whose sex and age band are both known;
- Q, the territory's census population (HCP, RGPH 2024) in the same cells, restricted to the
  ages the channel's bands cover.

    index = 1 − TVD(P, Q),   TVD(P, Q) = ½ Σ_cells |P(cell) − Q(cell)|

1 means the participants mirror the population; 0 means they share no cell with it. The index
reads as "the share of participants who would stay where they are if we redistributed the
others to match the population". See docs/decisions/0711-representativeness-index.md.

Bands are whatever the channel records ("18-24", "25-34", "65+"...): each is mapped onto the
census' 5-year bands, a census band straddling a boundary counted pro rata of its years (a
uniform spread within the 5 years).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tadafur.core.indicators import AGE_BANDS

SEXES = ("female", "male")
MIN_PARTICIPANTS = 20  # below this, the index is not computed: too few people to say anything
MIN_CELL = 5  # shares built on fewer people than this are not shown
GAP_POINTS = 5.0  # a gap of 5 percentage points or more is called under- or over-representation

_BAND = re.compile(r"^(?P<lo>\d{1,3})(?:[-–_](?P<hi>\d{1,3})|\+|_plus)$")
_CENSUS_BAND = re.compile(r"^(?P<lo>\d{1,3})_(?:(?P<hi>\d{1,3})|plus)$")


def parse_band(label: str) -> tuple[int, int | None] | None:
    """ "18-24" → (18, 25); "65+" → (65, None); anything else → None (unknown age)."""
    match = _BAND.match(label or "")
    if not match:
        return None
    lo = int(match["lo"])
    return lo, (int(match["hi"]) + 1 if match["hi"] else None)


def band_label(label: str) -> str:
    span = parse_band(label)
    if span is None:
        return label
    return f"{span[0]}+" if span[1] is None else f"{span[0]}–{span[1] - 1}"


def _census_bands(census: dict[str, Any]) -> list[tuple[int, int | None, dict[str, float]]]:
    out = []
    for key, values in (census.get("age") or {}).items():
        match = _CENSUS_BAND.match(key)
        if not match:
            continue
        lo = int(match["lo"])
        hi = int(match["hi"]) + 1 if match["hi"] else None
        out.append((lo, hi, {sex: float((values or {}).get(sex) or 0) for sex in SEXES}))
    return out


OPEN_END = 100  # the census' last band, "75 and over", is spread over 75–99


def _overlap(lo: int, hi: int | None, c_lo: int, c_hi: int | None) -> float:
    """Fraction of the census band [c_lo, c_hi) inside the channel band [lo, hi), assuming
    people spread evenly over the years of a census band."""
    c_end = c_hi if c_hi is not None else OPEN_END
    end = hi if hi is not None else OPEN_END
    return max(0, min(end, c_end) - max(lo, c_lo)) / (c_end - c_lo)


def census_cells(census: dict[str, Any], bands: list[str]) -> dict[tuple[str, str], float]:
    """The census population's share in each (sex, band) cell, summing to 1 over the cells.

    The census gives, per sex, each 5-year band's percentage of that sex's population, and the
    share of women; a cell's weight is sex share × that sex's share in the band's ages.
    """
    women = census.get("women_share")
    if women is None:
        return {}
    women = float(women) / 100 if float(women) > 1 else float(women)
    sex_weight = {"female": women, "male": 1 - women}
    parsed = {b: parse_band(b) for b in bands}
    weights: dict[tuple[str, str], float] = {}
    for band, span in parsed.items():
        if span is None:
            continue
        for sex in SEXES:
            share = sum(
                values[sex] * _overlap(span[0], span[1], c_lo, c_hi) for c_lo, c_hi, values in _census_bands(census)
            )
            weights[(sex, band)] = sex_weight[sex] * share
    total = sum(weights.values())
    return {cell: w / total for cell, w in weights.items()} if total else {}


def tvd(p: dict[Any, float], q: dict[Any, float]) -> float:
    """Total variation distance between two distributions over the same cells."""
    cells = set(p) | set(q)
    return sum(abs(p.get(c, 0.0) - q.get(c, 0.0)) for c in cells) / 2


@dataclass
class ShareRow:
    key: str
    label: str
    participants: int
    share: float | None  # of participants who told this attribute; None when suppressed
    population_share: float | None


@dataclass
class Representativeness:
    channel: str
    label: str
    participants: int  # everyone counted, told or not
    told_sex: int
    told_age: int
    told_both: int
    index: float | None
    sex_rows: list[ShareRow] = field(default_factory=list)
    age_rows: list[ShareRow] = field(default_factory=list)
    reading: list[str] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.index is None


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(100 * value)}%"


def measure(
    channel: str,
    label: str,
    counts: Counter[tuple[str, str]],
    census: dict[str, Any],
    bands: Sequence[str] = (),
) -> Representativeness:
    """The index, the sex and age breakdowns beside the census, and a plain-language reading.

    `bands` are the channel's declared age bands (ParticipationSpec.bands, default AGE_BANDS):
    declared, not read from the participants, so that an age group nobody came from still
    weighs in the population. A participant's band outside them counts as an unknown age."""
    bands = [band for band in (bands or AGE_BANDS) if parse_band(band)]
    q = census_cells(census, bands)
    participants = sum(counts.values())
    by_sex: Counter[str] = Counter()
    by_band: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for (sex, band), n in counts.items():
        known_band = band in bands and parse_band(band) is not None
        if sex in SEXES:
            by_sex[sex] += n
        if known_band:
            by_band[band] += n
        if sex in SEXES and known_band:
            both[(sex, band)] += n
    told_sex, told_age, told_both = sum(by_sex.values()), sum(by_band.values()), sum(both.values())
    q_sex = {s: sum(v for (sx, _b), v in q.items() if sx == s) for s in SEXES}
    q_band = {b: sum(v for (_s, bx), v in q.items() if bx == b) for b in bands}

    def share(n: int, total: int) -> float | None:
        return n / total if total >= MIN_PARTICIPANTS else None

    sex_labels = {"female": _("Women"), "male": _("Men")}
    sex_rows = [
        ShareRow(s, str(sex_labels[s]), by_sex[s], share(by_sex[s], told_sex), q_sex.get(s) if q else None)
        for s in SEXES
    ]
    age_rows = [
        ShareRow(b, band_label(b), by_band[b], share(by_band[b], told_age), q_band.get(b) if q else None) for b in bands
    ]
    index = None
    if q and told_both >= MIN_PARTICIPANTS:
        p = {cell: n / told_both for cell, n in both.items()}
        index = 1 - tvd(p, q)
    result = Representativeness(channel, label, participants, told_sex, told_age, told_both, index, sex_rows, age_rows)
    result.reading = reading(result)
    return result


def reading(r: Representativeness) -> list[str]:
    """Plain sentences: who is under- or over-represented, by how much."""
    if not r.participants:
        return [_("Nobody took part through this channel in the period.")]
    if r.told_sex < MIN_PARTICIPANTS and r.told_age < MIN_PARTICIPANTS:
        return [
            _("Too few participants told their sex and age (fewer than %(n)s) to compare them with the population.")
            % {"n": MIN_PARTICIPANTS}
        ]
    out = []
    women = next((row for row in r.sex_rows if row.key == "female"), None)
    if women and women.share is not None and women.population_share is not None:
        gap = 100 * (women.share - women.population_share)
        values = {"part": _pct(women.share), "pop": _pct(women.population_share)}
        if gap <= -GAP_POINTS:
            text = _("Women are under-represented: %(part)s of participants vs %(pop)s of the population.")
            out.append(text % values)
        elif gap >= GAP_POINTS:
            text = _("Women are over-represented: %(part)s of participants vs %(pop)s of the population.")
            out.append(text % values)
        else:
            out.append(_("Women take part in line with the population: %(part)s of participants vs %(pop)s.") % values)
    rows = [row for row in r.age_rows if row.share is not None and row.population_share is not None]
    if rows:
        low = min(rows, key=lambda row: row.share - row.population_share)  # type: ignore[operator]
        high = max(rows, key=lambda row: row.share - row.population_share)  # type: ignore[operator]
        if 100 * (low.share - low.population_share) <= -GAP_POINTS:  # type: ignore[operator]
            out.append(
                _("People aged %(band)s are under-represented: %(part)s of participants vs %(pop)s of the population.")
                % {"band": low.label, "part": _pct(low.share), "pop": _pct(low.population_share)}
            )
        if 100 * (high.share - high.population_share) >= GAP_POINTS:  # type: ignore[operator]
            out.append(
                _("People aged %(band)s are over-represented: %(part)s of participants vs %(pop)s of the population.")
                % {"band": high.label, "part": _pct(high.share), "pop": _pct(high.population_share)}
            )
    if r.index is not None:
        out.append(
            _(
                "Representativeness index: %(index)s out of 100 "
                "(100 = participants mirror the population by sex and age)."
            )
            % {"index": round(100 * r.index)}
        )
    return out
