from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tadafur.core import clock
from tadafur.core.errors import DomainError
from tadafur.petitions import exports, forms, log, paper, pdf, permissions, ratelimit, rules, selectors, services
from tadafur.petitions.models import (
    NATIONAL_KINDS,
    Instrument,
    KindConstraint,
    MemberRole,
    Petition,
    PetitionKind,
    Reliability,
    RuleKey,
    RuleLevel,
    Unit,
)
from tadafur.petitions.states import TIMELINE, PetitionState
from tadafur.territories.models import Territory


@dataclass(frozen=True)
class RuleRow:
    level: str
    question: str
    scope: str
    value: str
    citation: str
    source_note: str
    reliability: str
    reliability_label: str
    notes: str


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _scope(rule: rules.Rule) -> str:
    parts = []
    if rule.level == RuleLevel.NATIONAL:
        parts.append(str(Instrument(rule.instrument).label))
    if rule.kind:
        parts.append(str(KindConstraint(rule.kind).label))
    low, high = rule.population_min, rule.population_max
    if low is None and high is not None:
        parts.append(_("under %(max)s inhabitants") % {"max": _number(high)})
    elif low is not None and high is None:
        parts.append(_("%(min)s inhabitants or more") % {"min": _number(low)})
    elif low is not None and high is not None:
        parts.append(_("from %(min)s to %(max)s inhabitants") % {"min": _number(low), "max": _number(high - 1)})
    return ", ".join(parts) or _("all")


def _row(rule: rules.Rule) -> RuleRow:
    return RuleRow(
        level=str(RuleLevel(rule.level).label),
        question=str(RuleKey(rule.key).label) if rule.key in RuleKey.values else rule.key,
        scope=_scope(rule),
        value=f"{_number(rule.value)} {Unit(rule.unit).label if rule.unit in Unit.values else rule.unit}",
        citation=rule.citation,
        source_note=rule.source_note,
        reliability=rule.reliability,
        reliability_label=str(Reliability(rule.reliability).label) if rule.reliability in Reliability.values else "",
        notes=rule.notes,
    )


@require_GET
def rules_page(request: HttpRequest) -> HttpResponse:
    """The rules in force today, and what they ask of a petition to the collectivity `?code=`."""
    today = clock.today()
    code = request.GET.get("code", "").strip()[:32]
    answer = None
    status = 200
    if code:
        territory = selectors.collectivity_for_rules(code)
        if territory is None:
            status = 404
        else:
            answer = selectors.collectivity_rules(territory, on=today)
    return render(
        request,
        "petitions/rules.html",
        {
            "today": today,
            "code": code,
            "answer": answer,
            "rows": [_row(rule) for rule in selectors.rules_in_force(on=today)],
            "grounds": selectors.grounds_in_force(on=today),
        },
        status=status,
    )


# --- Petitions ----------------------------------------------------------------------------


def _apply_errors(form: Form, exc: DomainError) -> None:
    errors = getattr(exc, "errors", None) or {}
    placed = False
    for name, field_messages in errors.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _require(decision: Any) -> None:
    """Refuse with a 403 page that gives the decision's reason."""
    if not decision:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(str(decision.reason))


def _petition(pk: int) -> Petition:
    petition = selectors.petition_get(pk)
    if petition is None:
        raise Http404
    return petition


def _visible(request: HttpRequest, petition: Petition) -> None:
    """Drafts are seen by their agent and the council's staff only."""
    if petition.status == PetitionState.DRAFT and not (
        permissions.is_agent(request.user, petition) or permissions.can_review(request.user, petition)
    ):
        raise Http404


@require_GET
def petition_list(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("territory", "").strip()[:32]
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    territory = Territory.objects.filter(code=code).first() if code else None
    if code and territory is None:
        raise Http404
    petitions = selectors.petitions_public(
        territory=territory,
        kind=kind if kind in PetitionKind.values else "",
        state=state if state in PetitionState.values else "",
    )[:100]
    rows = [
        {"petition": p, "count": selectors.signature_count(p), "overdue": selectors.answer_overdue(p)}
        for p in petitions
    ]
    mine = selectors.petitions_of_agent(request.user) if request.user.is_authenticated else []
    return render(
        request,
        "petitions/list.html",
        {"rows": rows, "territory": territory, "state": state, "states": PetitionState.choices, "mine": mine},
    )


def _timeline(petition: Petition) -> list[tuple[str, Any]]:
    return [
        (
            str(PetitionState(s).label),
            getattr(petition, f"{s}_at", None) if s != "draft" else petition.created_at,
        )
        for s in TIMELINE
        if (getattr(petition, f"{s}_at", None) if s != "draft" else petition.created_at)
    ]


@require_GET
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    _visible(request, petition)
    count = selectors.signature_count(petition)
    required = selectors.required_signatures(petition)
    my_signature = selectors.signature_of(request.user, petition)
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "count": count,
            "required": required,
            "remaining": max(required - count, 0),
            "distribution": selectors.distribution(petition) if petition.status == PetitionState.COLLECTING else None,
            "aggregates": selectors.aggregates(petition) if petition.needs_signatures else None,
            "spread": selectors.spread(petition) if petition.needs_signatures else [],
            "timeline": _timeline(petition),
            "answer_due": selectors.answer_due(petition),
            "days_left": selectors.days_left(petition),
            "overdue": selectors.answer_overdue(petition),
            "root": log.current_root(petition),
            "can_sign": permissions.can_sign(request.user, petition),
            "my_signature": my_signature,
            "is_agent": permissions.is_agent(request.user, petition),
            "can_file": permissions.can_file(request.user, petition),
            "can_review": permissions.can_review(request.user, petition) if petition.territory else None,
            "members": petition.members.select_related("user"),
            "grounds": petition.decision_grounds.all(),
            "invalidate_form": forms.InvalidateForm() if petition.status in services.INVALIDATION_STATES else None,
            # Shown to staff (inside the staff panel) while nobody has signed; the service re-checks exactly.
            "send_back_form": forms.SendBackForm()
            if petition.status == PetitionState.COLLECTING and not count
            else None,
            "can_read_list": permissions.can_read_signature_list(request.user, petition)
            if petition.territory
            else None,
        },
    )


def _members(raw: str, *, national: bool) -> tuple[list[tuple[Any, str]], list[str]]:
    """Accounts named by email or phone, one per line; for national kinds the first is the deputy."""
    from tadafur.accounts.selectors import user_by_contact

    members: list[tuple[Any, str]] = []
    unknown: list[str] = []
    for index, line in enumerate(line.strip() for line in raw.splitlines() if line.strip()):
        user = user_by_contact(line)
        if user is None:
            unknown.append(line)
            continue
        if national:
            role = MemberRole.DEPUTY if index == 0 else MemberRole.COMMITTEE
        else:
            role = MemberRole.CO_INITIATOR
        members.append((user, role))
    return members, unknown


@login_required
@require_http_methods(["GET", "POST"])
def petition_create(request: HttpRequest) -> HttpResponse:
    from tadafur.associations.selectors import represented_by

    associations = list(represented_by(request.user))
    form = forms.PetitionForm(request.POST or None, associations=associations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        territory = None
        if data["territory_code"]:
            territory = Territory.objects.filter(code=data["territory_code"].strip(), is_collectivity=True).first()
        association = next((a for a in associations if str(a.pk) == data["association"]), None)
        members, unknown = _members(data["members"], national=data["kind"] in NATIONAL_KINDS)
        if unknown:
            form.add_error("members", _("No account has this email or number: %(who)s") % {"who": ", ".join(unknown)})
            return render(request, "petitions/create.html", {"form": form})
        try:
            petition = services.petition_create(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                subject=data["subject"],
                reasons=data["reasons"],
                objectives=data["objectives"],
                requested_agenda_point=data["requested_agenda_point"],
                territory=territory,
                association=association,
                addressee=data["addressee"],
                members=members,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your draft is saved. Check it, then publish it."))
            return redirect(petition)
    return render(request, "petitions/create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def petition_publish(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    _require(permissions.can_manage(request.user, petition))
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.petition_publish(petition=petition, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your petition is published and collecting signatures."))
            return redirect(petition)
    return render(request, "petitions/publish.html", {"petition": petition, "form": form})


def _act(request: HttpRequest, petition: Petition, fn: Any, done: str, **kwargs: Any) -> HttpResponse:
    try:
        fn(petition=petition, actor=request.user, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(petition)


@login_required
@require_POST
def petition_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, _petition(pk), services.petition_withdraw, _("The petition is withdrawn."))


@login_required
@require_POST
def petition_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    form = forms.SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the petition is sent back, so that the agent can correct it."))
        return redirect(petition)
    try:
        services.petition_send_back(petition=petition, reasons=form.cleaned_data["reasons"], actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The petition is sent back to its agent, who is notified."))
    return redirect(petition)


@login_required
@require_POST
def petition_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        _petition(pk),
        services.petition_file,
        _("The petition is filed. Download your receipt below."),
    )


@require_http_methods(["GET", "POST"])
def petition_sign(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    _visible(request, petition)
    decision = permissions.can_sign(request.user, petition)
    form = forms.SignForm(request.POST or None)
    status = 200
    if request.method == "POST" and decision and form.is_valid():
        try:
            ratelimit.check_signing_rate(request)
            signature = services.petition_sign(petition=petition, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
            status = exc.status if exc.status in (409, 429) else 422
        else:
            messages.success(request, _("Thank you: your signature is counted. Keep your verification code."))
            return redirect("petitions:receipt", code=signature.verification_code)
    elif request.method == "POST" and not decision:
        status = 403
    return render(
        request,
        "petitions/sign.html",
        {"petition": petition, "form": form, "decision": decision, "national": not petition.is_local},
        status=status,
    )


@login_required
@require_POST
def signature_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    signature = selectors.signature_by_code(code)
    if signature is None:
        raise Http404
    try:
        services.signature_withdraw(signature=signature, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your signature is withdrawn. The withdrawal is recorded in the public log."))
    return redirect("petitions:receipt", code=signature.verification_code)


@require_GET
def signature_receipt(request: HttpRequest, code: str) -> HttpResponse:
    """What a signer (or anyone holding the code) can check: the signature is in the public log."""
    signature = selectors.signature_by_code(code)
    if signature is None:
        raise Http404
    petition = signature.petition
    return render(
        request,
        "petitions/receipt.html",
        {
            "signature": signature,
            "petition": petition,
            "inclusion": log.inclusion(petition, signature),
            "is_signer": request.user.is_authenticated and signature.user_id == request.user.pk,
            "can_withdraw": permissions.can_withdraw_signature(request.user, signature),
        },
    )


@require_GET
def filing_receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    if not petition.receipt_number:
        raise Http404
    response = HttpResponse(pdf.receipt_pdf(petition), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{petition.receipt_number}.pdf"'
    return response


@login_required
@require_GET
def inbox(request: HttpRequest, code: str) -> HttpResponse:
    collectivity = Territory.objects.filter(code=code, is_collectivity=True).first()
    if collectivity is None:
        raise Http404
    _require(permissions.can_review_in(request.user, collectivity))
    today = clock.today()
    rows = [
        {
            "petition": p,
            "due": selectors.answer_due(p),
            "days_left": selectors.days_left(p, today=today),
            "overdue": selectors.answer_overdue(p, today=today),
        }
        for p in selectors.inbox(collectivity)
    ]
    return render(
        request,
        "petitions/inbox.html",
        {
            "collectivity": collectivity,
            "rows": rows,
            "accept_form": forms.AcceptForm(),
            "reject_form": forms.RejectForm(),
            "deliberate_form": forms.DeliberateForm(),
            "can_deliberate": permissions.can_deliberate_in(request.user, collectivity),
            "collecting": selectors.collecting_in(collectivity),
            "can_type_paper": permissions.can_type_paper_in(request.user, collectivity),
            "can_read_list": permissions.can_read_signature_list_in(request.user, collectivity),
        },
    )


COUNCIL_ACTIONS = {"review", "accept", "reject", "deliberate", "close"}


@login_required
@require_POST
def council_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    petition = _petition(pk)
    if action not in COUNCIL_ACTIONS or petition.territory is None:
        raise Http404
    back = redirect("petitions:inbox", code=petition.territory.code)
    try:
        if action == "review":
            services.petition_review_start(petition=petition, actor=request.user)
        elif action == "close":
            services.petition_close(petition=petition, actor=request.user)
        else:
            form_class = {
                "accept": forms.AcceptForm,
                "reject": forms.RejectForm,
                "deliberate": forms.DeliberateForm,
            }[action]
            form = form_class(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return back
            data = form.cleaned_data
            if action == "accept":
                services.petition_accept(petition=petition, actor=request.user, **data)
            elif action == "reject":
                services.petition_reject(
                    petition=petition, actor=request.user, grounds=data["grounds"], text=data["text"]
                )
            else:
                services.petition_deliberate(petition=petition, actor=request.user, **data)
    except DomainError as exc:
        messages.error(request, exc.message)
        for errors in (getattr(exc, "errors", None) or {}).values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("The decision is recorded and the agent is notified."))
    return back


@login_required
@require_POST
def signatures_invalidate(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(pk)
    _require(permissions.can_decide(request.user, petition))
    form = forms.InvalidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the verification codes and a reason."))
        return redirect(petition)
    try:
        n = services.signatures_invalidate(
            petition=petition, codes=form.codes_list(), reason=form.cleaned_data["reason"], actor=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d signature invalidated; the public log records it.",
                "%(n)d signatures invalidated; the public log records them.",
                n,
            )
            % {"n": n},
        )
    return redirect(petition)


# --- Paper sheets, the dossier and the signature list (issue 3 §5, §8) -------------------


def _staff_petition(request: HttpRequest, pk: int) -> Petition:
    petition = _petition(pk)
    if petition.territory is None:
        raise Http404
    _require(permissions.can_review(request.user, petition))
    return petition


@login_required
@require_http_methods(["GET", "POST"])
def paper_sheets(request: HttpRequest, pk: int) -> HttpResponse:
    """A petition's paper sheets; staff agents register a received sheet with its scan."""
    petition = _staff_petition(request, pk)
    can_type = permissions.can_type_paper(request.user, petition)
    form = forms.PaperSheetForm(request.POST or None, request.FILES or None) if can_type else None
    status = 200
    if request.method == "POST":
        _require(can_type)
        assert form is not None
        if form.is_valid():
            try:
                sheet = paper.paper_sheet_create(petition=petition, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                _apply_errors(form, exc)
                status = 422
            else:
                messages.success(request, _("Sheet #%(n)s is registered: type its lines.") % {"n": sheet.number})
                return redirect("petitions:paper_sheet", pk=petition.pk, number=sheet.number)
        else:
            status = 422
    return render(
        request,
        "petitions/paper_sheets.html",
        {"petition": petition, "sheets": selectors.paper_sheets(petition), "form": form, "can_type": can_type},
        status=status,
    )


def _sheet(petition: Petition, number: int) -> Any:
    sheet = selectors.paper_sheet(petition, number)
    if sheet is None:
        raise Http404
    sheet.petition = petition
    return sheet


def _residence(code: str) -> Territory | None:
    if not code:
        return None
    return Territory.objects.filter(code=code.strip(), level="commune").select_related("parent__parent").first()


@login_required
@require_http_methods(["GET", "POST"])
def paper_sheet(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Type one line at a time; each line is accepted or refused at once, with its reason."""
    petition = _staff_petition(request, pk)
    sheet = _sheet(petition, number)
    can_type = permissions.can_type_paper(request.user, petition)
    communes = selectors.communes_within(petition.territory)  # type: ignore[arg-type]
    entry = 2 if (request.POST.get("entry") or request.GET.get("entry")) == "2" and sheet.double_entry else 1
    typed = set(sheet.lines.filter(entry=entry).values_list("line_number", flat=True))
    next_line = next((n for n in range(1, sheet.declared_lines + 1) if n not in typed), None)
    form = forms.PaperLineForm(request.POST or None, communes=communes, initial={"line_number": next_line})
    status = 200
    if request.method == "POST":
        _require(can_type)
        if form.is_valid():
            data = form.cleaned_data
            try:
                line = paper.paper_line_type(
                    sheet=sheet,
                    actor=request.user,
                    line_number=data["line_number"],
                    full_name=data["full_name"],
                    cnie=data["cnie"],
                    address=data["address"],
                    residence=_residence(form.residence_code()),
                    birth_date=data["birth_date"],
                    entry=entry,
                )
            except DomainError as exc:
                _apply_errors(form, exc)
                status = 422
            else:
                if line.status == "refused":
                    messages.error(
                        request,
                        _("Line %(n)s is refused: %(reason)s") % {"n": line.line_number, "reason": line.refusal},
                    )
                else:
                    messages.success(request, _("Line %(n)s is accepted.") % {"n": line.line_number})
                url = reverse("petitions:paper_sheet", kwargs={"pk": petition.pk, "number": sheet.number})
                return redirect(url + ("?entry=2" if entry == 2 else ""))
        else:
            status = 422
    lines = [paper.line_display(line) for line in sheet.lines.select_related("residence", "typed_by")]
    first = [row for row in lines if row["line"].entry == 1]
    second = [row for row in lines if row["line"].entry == 2]
    return render(
        request,
        "petitions/paper_sheet.html",
        {
            "petition": petition,
            "sheet": sheet,
            "form": form,
            "can_type": can_type and sheet.status == "typing",
            "first": first,
            "second": second,
            "mismatches": paper.entry_mismatches(sheet) if sheet.double_entry and second else [],
            "reject_form": forms.SheetRejectForm(),
            "entry": entry,
            "next_line": next_line,
        },
        status=status,
    )


@login_required
@require_POST
def paper_sheet_reconcile(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    petition = _staff_petition(request, pk)
    sheet = _sheet(petition, number)
    try:
        paper.paper_sheet_reconcile(sheet=sheet, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The sheet is reconciled: its accepted lines now count."))
    return redirect("petitions:paper_sheet", pk=petition.pk, number=sheet.number)


@login_required
@require_POST
def paper_sheet_reject(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    petition = _staff_petition(request, pk)
    sheet = _sheet(petition, number)
    form = forms.SheetRejectForm(request.POST)
    try:
        paper.paper_sheet_reject(
            sheet=sheet, actor=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The sheet is rejected: none of its lines count."))
    return redirect("petitions:paper_sheet", pk=petition.pk, number=sheet.number)


@login_required
@require_POST
def paper_line_delete(request: HttpRequest, pk: int, number: int, line_pk: int) -> HttpResponse:
    petition = _staff_petition(request, pk)
    sheet = _sheet(petition, number)
    line = sheet.lines.filter(pk=line_pk).first()
    if line is None:
        raise Http404
    line.sheet = sheet
    try:
        paper.paper_line_delete(line=line, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The line is removed: type it again."))
    return redirect("petitions:paper_sheet", pk=petition.pk, number=sheet.number)


@login_required
@require_GET
def paper_sheet_scan(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The scan, for the council's staff only (it shows names and signatures)."""
    from django.http import FileResponse

    petition = _staff_petition(request, pk)
    sheet = _sheet(petition, number)
    response = FileResponse(sheet.scan.open("rb"), content_type=sheet.scan_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The public filing dossier: the form, counts (under 5 suppressed), the log root; no names."""
    petition = _petition(pk)
    if not petition.filed_at or not petition.needs_signatures:
        raise Http404
    response = HttpResponse(pdf.dossier_pdf(petition, council_copy=False), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{petition.receipt_number}-public.pdf"'
    return response


def _signature_list(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    petition = _petition(pk)
    _require(permissions.can_read_signature_list(request.user, petition))
    data = exports.signature_list_export(petition=petition, actor=request.user, fmt=fmt)
    if fmt == "csv":
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{petition.receipt_number}-signatures.csv"'
    else:
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{petition.receipt_number}-council.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def signature_list_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _signature_list(request, pk, "csv")


@login_required
@require_GET
def council_dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _signature_list(request, pk, "pdf")
