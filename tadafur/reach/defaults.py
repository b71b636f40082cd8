"""Short codes for the objects of the modules that came before this app (issue 6 §7).

Registered from reach's ready() so that those apps need no change; any app may instead call
`tadafur.reach.registry.register` from its own ready() (later registrations win).
"""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from tadafur.core import clock
from tadafur.reach.registry import Line, register


def _n(value: Any) -> str:
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _d(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _place(territory: Any) -> str:
    return territory.name if territory is not None else ""


def petition_lines(p: Any) -> list[Line]:
    from tadafur.petitions import selectors
    from tadafur.petitions.states import AWAITING_ANSWER, PetitionState

    lines: list[Line] = [(_("Status"), p.get_status_display())]
    if p.territory_id:
        lines.append((_("Collectivity"), _place(p.territory)))
    if p.needs_signatures:
        count = selectors.signature_count(p)
        required = selectors.required_signatures(p)
        lines.append((_("Signatures"), f"{_n(count)} / {_n(required)}"))
    if p.status in AWAITING_ANSWER:
        due = selectors.answer_due(p)
        if due:
            lines.append((_("Council's answer due by"), _d(due)))
    if p.status == PetitionState.COLLECTING:
        lines.append((_("How to sign"), _("online with this link, or on paper at the help desk")))
    return lines


def cycle_lines(c: Any) -> list[Line]:
    from tadafur.budgets import phases

    now = clock.now()
    phase = phases.active_phase(c, now)
    lines: list[Line] = [
        (_("Collectivity"), _place(c.collectivity)),
        (_("Phase"), str(phase.label) if phase else _("Not started")),
        (_("Envelope (MAD)"), _n(c.envelope)),
        (_("Proposals"), _n(c.proposals.count())),
    ]
    upcoming = [(p, start) for p, start in phases.schedule(c) if start is not None and start > now]
    if upcoming:
        nxt, start = upcoming[0]
        lines.append((_("Next phase"), f"{nxt.label} — {_d(start)}"))
    return lines


def proposal_lines(p: Any) -> list[Line]:
    from tadafur.budgets import phases

    phase = phases.active_phase(p.cycle)
    return [
        (_("Status"), p.get_status_display()),
        (_("Budget"), str(p.cycle)),
        (_("Phase"), str(phase.label) if phase else _("Not started")),
        (_("Cost (MAD)"), _n(p.cost)),
    ]


def body_lines(b: Any) -> list[Line]:
    from tadafur.bodies import selectors

    lines: list[Line] = [
        (_("Kind"), b.get_kind_display()),
        (_("Collectivity"), _place(b.collectivity)),
        (_("Members"), _n(selectors.active_members(b).count())),
    ]
    upcoming = selectors.public_meetings(b).filter(starts_at__gte=clock.now()).order_by("starts_at").first()
    if upcoming is not None:
        lines.append((_("Next public meeting"), f"{_d(upcoming.starts_at)} — {upcoming.place}"))
    return lines


def programme_lines(p: Any) -> list[Line]:
    lines: list[Line] = [
        (_("Collectivity"), _place(p.collectivity)),
        (_("Phase"), p.get_phase_display()),
        (_("Years"), f"{p.start_year}–{p.end_year}"),
    ]
    if p.consultation_closes and p.consultation_closes >= clock.today():
        lines.append((_("Consultation closes"), _d(p.consultation_closes)))
    return lines


def project_lines(p: Any) -> list[Line]:
    return [
        (_("Status"), p.get_status_display()),
        (_("Progress"), f"{p.progress} %"),
        (_("Cost (MAD)"), _n(p.cost)),
        (_("Place"), p.location),
    ]


def register_defaults() -> None:
    from tadafur.budgets.states import PUBLIC as PROPOSAL_PUBLIC
    from tadafur.petitions.states import PUBLIC as PETITION_PUBLIC

    register(
        "petitions.petition",
        status_lines=petition_lines,
        is_public=lambda p: p.status in PETITION_PUBLIC,
        collectivity=lambda p: p.territory,
    )
    register("budgets.cycle", status_lines=cycle_lines)
    register(
        "budgets.proposal",
        status_lines=proposal_lines,
        is_public=lambda p: p.status in PROPOSAL_PUBLIC,
        collectivity=lambda p: p.cycle.collectivity,
    )
    register("bodies.body", status_lines=body_lines, title=lambda b: b.name)
    register("programmes.programme", status_lines=programme_lines)
    register(
        "programmes.project",
        status_lines=project_lines,
        title=lambda p: p.title,
        collectivity=lambda p: p.axis.programme.collectivity,
    )
