"""Public API of the registry: verified associations only, public fields only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tadafur.associations import rules, selectors
from tadafur.associations.models import Association
from tadafur.core import clock

router = Router(tags=["associations"])


class BranchOut(Schema):
    code: str
    name_ar: str
    name_fr: str


class AssociationOut(Schema):
    id: int
    name_ar: str
    name_fr: str
    registration_reference: str
    founding_year: int
    seat: str
    branches: list[str]
    domains: list[str]
    verified: bool
    may_petition_seat: bool
    petition_conditions_unmet: list[str]


class AssociationSummary(Schema):
    id: int
    name_ar: str
    name_fr: str
    seat: str
    domains: list[str]


def association_public_dict(association: Association) -> dict[str, Any]:
    eligibility = rules.petition_eligibility(association, association.seat, on=clock.today())
    return {
        "id": association.pk,
        "name_ar": association.name_ar,
        "name_fr": association.name_fr,
        "registration_reference": association.registration_reference,
        "founding_year": association.founding_date.year,
        "seat": association.seat.code,
        "branches": [b.collectivity.code for b in association.branches.all()],
        "domains": association.domain_list,
        "verified": association.is_verified,
        "may_petition_seat": eligibility.ok,
        "petition_conditions_unmet": [str(r) for r in eligibility.reasons],
    }


@router.get("", response=list[AssociationSummary], summary="Verified associations, optionally in one collectivity")
def association_list(request: HttpRequest, collectivity: str = "") -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "name_ar": a.name_ar,
            "name_fr": a.name_fr,
            "seat": a.seat.code,
            "domains": a.domain_list,
        }
        for a in selectors.associations_public(collectivity_code=collectivity)[:500]
    ]


@router.get("/{association_id}", response=AssociationOut, summary="One verified association")
def association_detail(request: HttpRequest, association_id: int) -> dict[str, Any]:
    association = selectors.association_get_public(association_id)
    if association is None:
        raise HttpError(404, "No verified association with this id")
    return association_public_dict(association)
