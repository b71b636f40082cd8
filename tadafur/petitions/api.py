"""Petitions API: the rulebook, petitions, online signing and the verifiable signature log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.core import clock
from tadafur.petitions import log, ratelimit, rules, selectors, services
from tadafur.petitions.models import Petition, PetitionKind
from tadafur.petitions.states import PetitionState
from tadafur.territories.models import Territory

router = Router(tags=["petitions"])


class CollectivityRulesOut(Schema):
    territory: str
    level: str
    required_signatures: int
    population: int | None
    per_province_minimum: int | None
    answer_deadline_days: int | None
    legal_reference: str


class NationalInstrumentOut(Schema):
    min_supporters: int
    committee_size: int
    legal_reference: str


class MotionOut(NationalInstrumentOut):
    admissibility_deadline_days: int
    substance_deadline_days: int


class NationalRulesOut(Schema):
    on: dt.date
    petition: NationalInstrumentOut
    motion: MotionOut


@contextmanager
def _no_rule_on(on: dt.date | None) -> Iterator[None]:
    """A day the caller chose before the rulebook's rows (before the organic laws) is a 404 with
    the same code, not the 503 of a rulebook missing today's rule (API fuzz, decision 0811)."""
    try:
        yield
    except rules.RuleNotConfigured as exc:
        if on is not None:
            exc.status = 404
        raise


@router.get(
    "/petition-rules/national",
    response=NationalRulesOut,
    summary="Supporters and committee sizes for national petitions and legislative motions",
    description=(
        "National petitions to a public authority (OL 44.14 as amended by OL 70.21) and legislative "
        "motions (OL 64.14 as amended by OL 71.21), as in force on `on` (default: today)."
    ),
)
def national_rules(request: HttpRequest, on: dt.date | None = None) -> dict[str, object]:
    day = on or clock.today()
    book = rules.rulebook()
    with _no_rule_on(on):
        petition_rule = book.find("min_signatures", "national", on=day, instrument="petition")
        motion_rule = book.find("min_signatures", "national", on=day, instrument="motion")
        deadlines = rules.motion_deadlines(on=day)
    return {
        "on": day,
        "petition": {
            "min_supporters": petition_rule.value,
            "committee_size": rules.committee_size("petition", on=day),
            "legal_reference": petition_rule.citation,
        },
        "motion": {
            "min_supporters": motion_rule.value,
            "committee_size": rules.committee_size("motion", on=day),
            "legal_reference": motion_rule.citation,
            "admissibility_deadline_days": deadlines.admissibility.days,
            "substance_deadline_days": deadlines.substance.days,
        },
    }


@router.get(
    "/petition-rules/{territory_code}",
    response=CollectivityRulesOut,
    summary="What the law asks of a citizens' petition to one collectivity",
    description=(
        "For a region, prefecture/province or commune (HCP code), the rules in force on `on` "
        "(YYYY-MM-DD, default: today): the minimum number of citizens' signatures for its 2024 "
        "census population, and for regions the minimum from each prefecture/province (5% of the "
        "minimum, rounded up). `answer_deadline_days` is the number of calendar days between a "
        "filing on `on` and the last day the council's answer is in time (`answer_due`): calendar "
        "months counted from the filing date, so 3 months from 2026-01-31 is 89 days (to 2026-04-30), "
        "not a nominal 90. Arrondissements are not collectivities: 404."
    ),
)
def collectivity_rules(request: HttpRequest, territory_code: str, on: dt.date | None = None) -> dict[str, object]:
    territory = selectors.collectivity_for_rules(territory_code)
    if territory is None:
        raise HttpError(404, _("No territorial collectivity has the code %(code)s.") % {"code": territory_code})
    with _no_rule_on(on):
        answer = selectors.collectivity_rules(territory, on=on or clock.today())
    return {
        "territory": territory.code,
        "level": territory.level,
        "required_signatures": answer.required_signatures,
        "population": territory.population_2024,
        "per_province_minimum": answer.per_province_minimum,
        "answer_deadline_days": answer.answer_deadline_days,
        "legal_reference": answer.legal_reference,
    }


# --- Petitions ----------------------------------------------------------------------------


class PetitionSummaryOut(Schema):
    id: int
    kind: str
    state: str
    title: str
    territory: str | None
    addressee: str
    signature_count: int
    answer_overdue: bool
    url: str


class PetitionOut(PetitionSummaryOut):
    required_signatures: int
    counts_by_sex: dict[str, int | None]
    counts_by_age_band: dict[str, int | None]
    counts_by_channel: dict[str, int | None]
    counts_by_province: dict[str, int | None]
    receipt_number: str | None
    filed_at: dt.datetime | None
    answer_due: dt.date | None
    days_left: int | None
    stamps: dict[str, dt.datetime | None]
    log_size: int
    log_root: str


class SignatureIn(Schema):
    cnie: str
    consent: bool
    attests_electoral_registration: bool = False
    notify: bool = False


class SignatureOut(Schema):
    verification_code: str
    log_index: int
    receipt_url: str


LOG_PAGE_MAX = 10_000


class LogOut(Schema):
    petition: int
    size: int
    root: str
    offset: int
    leaves: list[str]
    next: str | None
    hash: str = "sha256"
    tree: str = "RFC 9162 §2.1 Merkle tree hash; leaf = SHA-256(0x00 || leaf ASCII bytes)"


def _get(pk: int) -> Petition:
    petition = selectors.petition_get(pk)
    if petition is None or petition.status == PetitionState.DRAFT:
        raise HttpError(404, _("No petition has this number."))
    return petition


def _summary(p: Petition) -> dict[str, object]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "state": p.status,
        "title": p.title,
        "territory": p.territory.code if p.territory else None,
        "addressee": p.addressee,
        "signature_count": selectors.signature_count(p) if p.needs_signatures else 0,
        "answer_overdue": selectors.answer_overdue(p),
        "url": p.get_absolute_url(),
    }


@router.get("/petitions/", response=list[PetitionSummaryOut], summary="Public petitions (not drafts)")
def petition_list(
    request: HttpRequest,
    territory: str = "",
    kind: str = "",
    state: str = "",
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[dict[str, object]]:
    where = None
    if territory:
        where = Territory.objects.filter(code=territory).first()
        if where is None:
            raise HttpError(404, _("No territorial collectivity has the code %(code)s.") % {"code": territory})
    if kind and kind not in PetitionKind.values:
        raise HttpError(422, _("Unknown kind of petition."))
    if state and state not in PetitionState.values:
        raise HttpError(422, _("Unknown state."))
    rows = selectors.petitions_public(territory=where, kind=kind, state=state)[offset : offset + limit]
    return [_summary(p) for p in rows]


@router.get("/petitions/{petition_id}", response=PetitionOut, summary="One petition, its counts and its deadlines")
def petition_detail(request: HttpRequest, petition_id: int) -> dict[str, object]:
    p = _get(petition_id)
    agg = selectors.aggregates(p)
    provinces = {
        code: (n if n >= selectors.SMALL_CELL else None) for code, n in selectors.counts_by_province_public(p).items()
    }
    return {
        **_summary(p),
        "required_signatures": selectors.required_signatures(p),
        "counts_by_sex": agg.by_sex,
        "counts_by_age_band": {band or "unknown": n for band, n in agg.by_age_band.items()},
        "counts_by_channel": agg.by_channel,
        "counts_by_province": provinces,
        "receipt_number": p.receipt_number,
        "filed_at": p.filed_at,
        "answer_due": selectors.answer_due(p),
        "days_left": selectors.days_left(p),
        "stamps": {s: getattr(p, f"{s}_at") for s in PetitionState.values if s != "draft"},
        "log_size": p.log_size,
        "log_root": log.current_root(p),
    }


@router.post(
    "/petitions/{petition_id}/signatures",
    response={201: SignatureOut},
    auth=django_auth,
    summary="Sign a petition online (session-authenticated)",
    description=(
        "201 with the verification code; 403 with the reason when the account may not sign or the "
        "petition is not collecting; 409 when this account or CNIE number already signed; 422 for an "
        "invalid CNIE number or missing consent; 429 when signing too fast."
    ),
)
def petition_sign(request: HttpRequest, petition_id: int, payload: SignatureIn) -> Status[dict[str, object]]:
    # The petition is read once, by the service, under the row lock: the 404 (missing or draft)
    # and eligibility are decided there. The limiter counts every attempt, as before.
    ratelimit.check_signing_rate(request)
    signature = services.petition_sign(
        petition=petition_id,
        actor=request.user,
        cnie=payload.cnie,
        consent=payload.consent,
        attests_electoral_registration=payload.attests_electoral_registration,
        notify=payload.notify,
    )
    from django.urls import reverse

    return Status(
        201,
        {
            "verification_code": signature.verification_code,
            "log_index": signature.log_seq,
            "receipt_url": reverse("petitions:receipt", args=[signature.verification_code]),
        },
    )


@router.get(
    "/petitions/{petition_id}/log",
    response=LogOut,
    summary="The petition's signature log: leaves and root",
    description=(
        "Leaves in log order, `limit` at a time (at most 10,000) from `offset`; `next` is the URL of the "
        "following page, null on the last one. `size` and `root` describe the whole log, so a client "
        "that reads every page recomputes `root` from the leaves."
    ),
)
def petition_log(
    request: HttpRequest, petition_id: int, offset: int = Query(0, ge=0), limit: int = Query(LOG_PAGE_MAX, ge=1)
) -> dict[str, object]:
    p = _get(petition_id)
    limit = min(limit, LOG_PAGE_MAX)
    size = p.log_size
    following = offset + limit
    return {
        "petition": p.pk,
        "size": size,
        "root": log.current_root(p),
        "offset": offset,
        "leaves": [leaf.decode("ascii") for leaf in log.leaves(p, offset, limit)],
        "next": f"{request.path}?offset={following}&limit={limit}" if following < size else None,
    }
