"""Reads about associations, for views, the API and other modules."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from tadafur.associations.models import Association, AssociationDomain, Branch, Representative
from tadafur.associations.states import PUBLIC_STATES, REVIEW_STATES
from tadafur.core.text import fold


def _with_relations(qs: QuerySet[Association]) -> QuerySet[Association]:
    return qs.select_related("seat__parent").prefetch_related(
        Prefetch("domains", queryset=AssociationDomain.objects.order_by("pk")),
        Prefetch("branches", queryset=Branch.objects.select_related("collectivity__parent__parent")),
    )


def association_get(pk: int) -> Association | None:
    return _with_relations(Association.objects.filter(pk=pk)).first()


def association_get_public(pk: int) -> Association | None:
    return _with_relations(Association.objects.filter(pk=pk, status__in=PUBLIC_STATES)).first()


def in_collectivity(code: str) -> Q:
    """Seat or branch in the collectivity with this HCP code or in its territory.

    HCP codes nest (region "06", province "06.461", commune "06.461.01.15"), so a prefix names
    everything inside a province or region.
    """
    code = code.strip()
    branch_ids = Branch.objects.filter(
        Q(collectivity__code=code) | Q(collectivity__code__startswith=f"{code}.")
    ).values("association_id")
    return Q(seat__code=code) | Q(seat__code__startswith=f"{code}.") | Q(pk__in=branch_ids)


def associations_public(*, query: str = "", collectivity_code: str = "", domain: str = "") -> QuerySet[Association]:
    """Verified associations, filtered by folded name words, collectivity and domain of activity."""
    qs = Association.objects.filter(status__in=PUBLIC_STATES)
    for word in fold(query).split()[:6]:
        qs = qs.filter(search_key__contains=word)
    if collectivity_code.strip():
        qs = qs.filter(in_collectivity(collectivity_code))
    if domain:
        qs = qs.filter(Exists(AssociationDomain.objects.filter(association=OuterRef("pk"), domain=domain)))
    return _with_relations(qs).order_by("name_fr", "pk")


def review_queue(collectivity: Any) -> QuerySet[Association]:
    """Associations seated in `collectivity` waiting for its staff's decision, oldest first."""
    return _with_relations(
        Association.objects.filter(seat=collectivity, status__in=REVIEW_STATES).prefetch_related(
            Prefetch("representatives", queryset=Representative.objects.active().select_related("user"))
        )
    ).order_by("created_at", "pk")


def represented_by(user: Any) -> QuerySet[Association]:
    if not getattr(user, "is_authenticated", False):
        return Association.objects.none()
    ids = Representative.objects.active().filter(user=user).values("association_id")
    return Association.objects.filter(pk__in=ids).select_related("seat")


def active_representatives(association: Association) -> QuerySet[Representative]:
    return Representative.objects.active().filter(association=association).select_related("user")
