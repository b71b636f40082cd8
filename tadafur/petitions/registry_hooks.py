"""What the petitions module tells the collectivity page, dashboards and association pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from tadafur.petitions import selectors
from tadafur.petitions.models import Petition
from tadafur.petitions.states import PUBLIC, PetitionState


def open_items(collectivity: Any) -> list[tuple[str, str]]:
    """Petitions collecting signatures here, and petitions whose answer is overdue."""
    items = [
        (_("Petition: %(title)s") % {"title": p.title}, p.get_absolute_url())
        for p in selectors.collecting_in(collectivity)[:10]
    ]
    items += [
        (_("Petition awaiting an overdue answer: %(title)s") % {"title": p.title}, p.get_absolute_url())
        for p in selectors.overdue_in(collectivity)[:10]
    ]
    return items


def public_stats(collectivity: Any) -> dict[str, int]:
    rows = dict(
        Petition.objects.filter(territory=collectivity, status__in=PUBLIC)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        str(_("Petitions collecting signatures")): rows.get(PetitionState.COLLECTING, 0),
        str(_("Petitions filed")): sum(
            n for s, n in rows.items() if s != PetitionState.COLLECTING and s != PetitionState.WITHDRAWN
        ),
    }


def association_activity(association: Any) -> list[tuple[str, str]]:
    return [
        (_("Petition: %(title)s") % {"title": p.title}, p.get_absolute_url())
        for p in Petition.objects.filter(association=association, status__in=PUBLIC)[:20]
    ]
