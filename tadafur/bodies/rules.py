"""The law and the platform's rules about consultative bodies, as data and pure functions.

- Commune: Instance of equity, equal opportunity and gender approach (IEECAG, هيئة المساواة وتكافؤ
  الفرص ومقاربة النوع / instance de l'équité, de l'égalité des chances et de l'approche genre),
  OL 113.14 art. 120.
- Province or prefecture: one equality body, OL 112.14 art. 111.
- Region: three bodies, OL 111.14 art. 117: equality and gender; youth; economic actors.
- Any level: other "participatory mechanisms for dialogue and consultation" (Constitution art. 139).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.core.decisions import Decision


class BodyKind(models.TextChoices):
    IEECAG = "ieecag", pgettext_lazy("body kind", "Equity, equal opportunity and gender approach body")
    PROVINCIAL_EQUALITY = "provincial_equality", pgettext_lazy("body kind", "Provincial equality body")
    REGIONAL_EQUALITY = "regional_equality", pgettext_lazy("body kind", "Regional equality and gender body")
    REGIONAL_YOUTH = "regional_youth", pgettext_lazy("body kind", "Regional youth body")
    REGIONAL_ECONOMIC = "regional_economic", pgettext_lazy("body kind", "Regional economic actors body")
    DIALOGUE = "dialogue", pgettext_lazy("body kind", "Dialogue and consultation space")


@dataclass(frozen=True)
class KindRule:
    kind: str
    levels: frozenset[str]
    citation: str
    # At most one such body per collectivity (the law creates one, not several).
    unique: bool = True


KIND_RULES: dict[str, KindRule] = {
    BodyKind.IEECAG: KindRule(BodyKind.IEECAG, frozenset({"commune"}), "OL 113.14 art. 120"),
    BodyKind.PROVINCIAL_EQUALITY: KindRule(BodyKind.PROVINCIAL_EQUALITY, frozenset({"province"}), "OL 112.14 art. 111"),
    BodyKind.REGIONAL_EQUALITY: KindRule(BodyKind.REGIONAL_EQUALITY, frozenset({"region"}), "OL 111.14 art. 117"),
    BodyKind.REGIONAL_YOUTH: KindRule(BodyKind.REGIONAL_YOUTH, frozenset({"region"}), "OL 111.14 art. 117"),
    BodyKind.REGIONAL_ECONOMIC: KindRule(BodyKind.REGIONAL_ECONOMIC, frozenset({"region"}), "OL 111.14 art. 117"),
    BodyKind.DIALOGUE: KindRule(
        BodyKind.DIALOGUE, frozenset({"commune", "province", "region"}), "Constitution art. 139", unique=False
    ),
}

LEVEL_LABELS = {
    "commune": _("a commune"),
    "province": _("a province or prefecture"),
    "region": _("a region"),
}


def kind_allowed(kind: str, level: str) -> Decision:
    """May a collectivity of this level set up a body of this kind?"""
    rule = KIND_RULES.get(kind)
    if rule is None:
        return Decision.deny(_("Unknown kind of body."))
    if level not in rule.levels:
        allowed = ", ".join(str(LEVEL_LABELS[level_]) for level_ in sorted(rule.levels))
        return Decision.deny(
            _("A body of the kind “%(kind)s” is set up by %(allowed)s (%(citation)s), not by %(level)s.")
            % {
                "kind": BodyKind(kind).label,
                "allowed": allowed,
                "citation": rule.citation,
                "level": LEVEL_LABELS.get(level, level),
            }
        )
    return Decision.allow()


def kinds_for_level(level: str) -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in BodyKind if level in KIND_RULES[k].levels]


# --- Composition ----------------------------------------------------------------------------


class AgeBand(models.TextChoices):
    UNDER_25 = "18_24", pgettext_lazy("age band", "18–24")
    FROM_25 = "25_34", pgettext_lazy("age band", "25–34")
    FROM_35 = "35_49", pgettext_lazy("age band", "35–49")
    FROM_50 = "50_64", pgettext_lazy("age band", "50–64")
    FROM_65 = "65_plus", pgettext_lazy("age band", "65 and over")


# "Young" is under 35, as in the HCP's youth statistics (15–34) and the national youth policy.
YOUNG_BANDS = frozenset({AgeBand.UNDER_25, AgeBand.FROM_25})

# Thresholds of the "unbalanced" warning. The law leaves the composition to the council's
# internal rules (SPEC §5), so these are the platform's choices, each with its reason:
# - women: at least one third, the share the organic laws require among the council's
#   vice-presidents (OL 113.14 art. 17) and the step toward parity of Constitution art. 19;
WOMEN_MIN_SHARE = 1 / 3
# - young people: at least one member under 35, so that the body hears the youth at all;
YOUNG_MIN_COUNT = 1
# - associations: at least half, because the IEECAG is formed "in partnership with
#   civil-society actors" (OL 113.14 art. 120), not of officials.
ASSOCIATION_MIN_SHARE = 1 / 2


@dataclass(frozen=True)
class MemberFacts:
    sex: str
    age_band: str
    from_association: bool


@dataclass(frozen=True)
class Composition:
    total: int
    women: int
    young: int
    associations: int
    warnings: tuple[str | Promise, ...] = field(default=())

    @property
    def women_share(self) -> float:
        return self.women / self.total if self.total else 0.0

    @property
    def young_share(self) -> float:
        return self.young / self.total if self.total else 0.0

    @property
    def association_share(self) -> float:
        return self.associations / self.total if self.total else 0.0

    @property
    def women_percent(self) -> int:
        return round(100 * self.women_share)

    @property
    def young_percent(self) -> int:
        return round(100 * self.young_share)

    @property
    def association_percent(self) -> int:
        return round(100 * self.association_share)

    @property
    def balanced(self) -> bool:
        return not self.warnings


def composition(members: Iterable[MemberFacts]) -> Composition:
    facts = list(members)
    total = len(facts)
    women = sum(1 for m in facts if m.sex == "woman")
    young = sum(1 for m in facts if m.age_band in YOUNG_BANDS)
    associations = sum(1 for m in facts if m.from_association)
    warnings: list[str | Promise] = []
    if total:
        if women / total < WOMEN_MIN_SHARE:
            warnings.append(_("Fewer than one member in three is a woman."))
        if young < YOUNG_MIN_COUNT:
            warnings.append(_("No member is under 35."))
        if associations / total < ASSOCIATION_MIN_SHARE:
            warnings.append(_("Fewer than half of the members come from associations."))
    return Composition(total, women, young, associations, tuple(warnings))


# --- Deadlines ------------------------------------------------------------------------------

# The law sets no deadline for the council's answer to an opinion. The platform asks for one
# within 90 days, about the gap between two ordinary sessions of a commune council (February,
# May, October), so that every opinion is answered at the latest at the next session.
ANSWER_DAYS = 90


def referral_overdue(*, status: str, deadline: dt.date, today: dt.date) -> bool:
    """The body has not answered the council's referral by its deadline (the deadline day counts)."""
    return status == "open" and today > deadline


def answer_due(adopted_at: dt.datetime | None) -> dt.date | None:
    if adopted_at is None:
        return None
    return timezone.localtime(adopted_at).date() + dt.timedelta(days=ANSWER_DAYS)


def answer_overdue(*, status: str, adopted_at: dt.datetime | None, today: dt.date) -> bool:
    """The council has not answered an adopted opinion within ANSWER_DAYS."""
    due = answer_due(adopted_at)
    return status == "adopted" and due is not None and today > due


def followup_overdue(*, status: str, due_date: dt.date, today: dt.date) -> bool:
    return status != "done" and today > due_date
