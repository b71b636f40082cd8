"""Co-creation calls: public read API (calls, grid, answered questions, results, figures) and
one authenticated write (ask a question). No personal data: applicants are associations (legal
persons in the public registry); reviewers, representatives and comments are never given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.cocreation import selectors, services
from tadafur.cocreation.states import CALL_PUBLIC
from tadafur.territories.models import Territory

router = Router(tags=["Co-creation calls"])


class CriterionOut(Schema):
    label: str
    weight: int
    max_score: int


class CallSummary(Schema):
    id: int
    collectivity: str
    title: str
    theme: str
    status: str
    phase: str
    envelope: Decimal
    max_per_project: Decimal
    submission_opens: dt.date
    submission_until: dt.date


class QuestionOut(Schema):
    question: str
    answer: str


class CallResultOut(Schema):
    number: str
    association: str
    title: str
    status: str
    mark: Decimal | None
    amount_awarded: Decimal | None


class FiguresOut(Schema):
    applications: int
    share_women_led: int | None
    share_youth_led: int | None
    selected: int
    requested: Decimal
    awarded: Decimal
    agreements: int
    completed: int


class CallOut(CallSummary):
    description: str
    partners: list[str]
    cofinancing_min_percent: int
    min_years_constituted: int
    require_good_standing: bool
    gender_criteria: str
    youth_criteria: str
    required_documents: list[str]
    questions_until: dt.date
    review_until: dt.date
    results_on: dt.date
    criteria: list[CriterionOut]
    questions: list[QuestionOut]
    results: list[CallResultOut]
    figures: FiguresOut


class QuestionIn(Schema):
    text: str


def _summary(call: object) -> dict[str, object]:
    return {
        "id": call.pk,  # type: ignore[attr-defined]
        "collectivity": call.collectivity.code,  # type: ignore[attr-defined]
        "title": call.title,  # type: ignore[attr-defined]
        "theme": call.theme,  # type: ignore[attr-defined]
        "status": call.status,  # type: ignore[attr-defined]
        "phase": selectors.phase(call),  # type: ignore[arg-type]
        "envelope": call.envelope,  # type: ignore[attr-defined]
        "max_per_project": call.max_per_project,  # type: ignore[attr-defined]
        "submission_opens": call.submission_opens,  # type: ignore[attr-defined]
        "submission_until": call.submission_until,  # type: ignore[attr-defined]
    }


def _figures(f: selectors.Figures) -> dict[str, object]:
    return {
        "applications": f.applications,
        "share_women_led": f.share_women_led,
        "share_youth_led": f.share_youth_led,
        "selected": f.selected,
        "requested": f.requested,
        "awarded": f.awarded,
        "agreements": f.agreements,
        "completed": f.completed,
    }


@router.get("/calls", response=list[CallSummary], summary="Published co-creation calls")
def call_list(request: HttpRequest, collectivity: str = "") -> list[dict[str, object]]:
    territory = Territory.objects.filter(code=collectivity).first() if collectivity else None
    if collectivity and territory is None:
        return []
    return [_summary(c) for c in selectors.calls_public(territory)]


def _call(call_id: int):  # type: ignore[no-untyped-def]
    call = selectors.call_get(call_id)
    if call is None or call.status not in CALL_PUBLIC:
        raise HttpError(404, "Not found")
    return call


@router.get("/calls/{call_id}", response=CallOut, summary="One call: conditions, grid, answers, results, figures")
def call_detail(request: HttpRequest, call_id: int) -> dict[str, object]:
    call = _call(call_id)
    results = []
    if call.status == "results_published":
        results = [
            {
                "number": a.number,
                "association": a.association.name_fr or a.association.name_ar,
                "title": a.title,
                "status": a.status,
                "mark": mark,
                "amount_awarded": a.amount_awarded,
            }
            for a, mark in selectors.ranking(call)
        ]
    return {
        **_summary(call),
        "description": call.description,
        "partners": [p.code for p in call.partners.all()],
        "cofinancing_min_percent": call.cofinancing_min_percent,
        "min_years_constituted": call.min_years_constituted,
        "require_good_standing": call.require_good_standing,
        "gender_criteria": call.gender_criteria,
        "youth_criteria": call.youth_criteria,
        "required_documents": call.document_list,
        "questions_until": call.questions_until,
        "review_until": call.review_until,
        "results_on": call.results_on,
        "criteria": [{"label": c.label, "weight": c.weight, "max_score": c.max_score} for c in call.criteria.all()],
        "questions": [{"question": q.text, "answer": q.answer} for q in selectors.answered_questions(call)],
        "results": results,
        "figures": _figures(selectors.figures([call])),
    }


@router.get("/collectivities/{code}/figures", response=FiguresOut, summary="Figures of a collectivity's calls")
def collectivity_figures(request: HttpRequest, code: str) -> dict[str, object]:
    territory = get_object_or_404(Territory, code=code)
    return _figures(selectors.figures(list(selectors.calls_public().filter(collectivity=territory))))


@router.post(
    "/calls/{call_id}/questions",
    response={201: dict},
    auth=django_auth,
    summary="Ask a question during the call (session-authenticated); published once answered",
)
def question_ask(request: HttpRequest, call_id: int, payload: QuestionIn) -> Status[dict[str, object]]:
    call = _call(call_id)
    question = services.question_ask(call=call, text=payload.text, actor=request.user)
    return Status(201, {"id": question.pk})
