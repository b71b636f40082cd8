"""Paper signatures (issue 3 §5): sheets, typed lines, reconciliation (docs/decisions/0104).

Staff agents of the council receive a paper sheet with its scan, then type its lines one by
one. Each line is checked at once — CNIE format, residence inside the collectivity, the roll
when a birth date is given and the commune has imported one, and duplicates against every
online and paper signature of the petition — and is either accepted (a `pending` Signature
that holds the CNIE hash, so the database's one-signature-per-CNIE constraint covers paper
too) or refused with its reason. A sheet is reconciled once all its declared lines are typed
(and, with double entry, a second agent's typing matches the first): only then do its
signatures become valid and get their leaf in the public log.

Name, address and CNIE are encrypted at rest (core.crypto.encrypt) and never reach the audit
log, whose rows only say which sheet and line were typed and whether the line was accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext

from tadafur.core import clock, crypto
from tadafur.core.audit import audit_record
from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.core.text import fold
from tadafur.petitions import log, permissions
from tadafur.petitions.models import (
    Channel,
    LineStatus,
    PaperLine,
    PaperSheet,
    Petition,
    SheetStatus,
    Signature,
)
from tadafur.petitions.states import SignatureStatus

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
MAX_DECLARED_LINES = 200
_STRIP = re.compile(r"[\s\-_.]")


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors={field: [message]})


def scan_type(upload: Any) -> str:
    """The scan's real type from its first bytes (PDF, JPEG or PNG), whatever its name says."""
    if upload is None:
        raise _fail("scan", gettext("Attach the scan of the sheet."))
    if upload.size > MAX_SCAN_BYTES:
        raise _fail("scan", gettext("The scan is larger than 10 MB."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, content_type in SCAN_TYPES:
        if head.startswith(magic):
            return content_type
    raise _fail("scan", gettext("The scan must be a PDF, JPEG or PNG file."))


def _clear(token: str) -> str:
    if not token:
        return ""
    try:
        return crypto.decrypt(token)
    except ValueError:
        return "?"


def paper_sheet_create(
    *, petition: Petition, actor: Any, scan: Any, declared_lines: int, double_entry: bool = False
) -> PaperSheet:
    """Register a received sheet: its scan (stored under a random name) and its number of lines."""
    permissions.can_type_paper(actor, petition).require()
    content_type = scan_type(scan)
    if not 1 <= declared_lines <= MAX_DECLARED_LINES:
        raise _fail(
            "declared_lines",
            gettext("A sheet has between 1 and %(max)s lines.") % {"max": MAX_DECLARED_LINES},
        )
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        number = (
            PaperSheet.objects.filter(petition=locked).order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        sheet = PaperSheet(
            petition=locked,
            number=number,
            scan_type=content_type,
            declared_lines=declared_lines,
            double_entry=double_entry,
            typed_by=actor,
            created_at=clock.now(),
        )
        sheet.scan.save("scan", scan, save=False)
        sheet.save()
        audit_record(
            actor=actor,
            action="petition.paper_sheet.create",
            obj=locked,
            collectivity=locked.territory,
            after={"sheet": number, "declared_lines": declared_lines, "double_entry": double_entry},
        )
    return sheet


def where_signed(signature: Signature) -> str:
    """Where the first signature of this CNIE came from, in words for the typist."""
    line = PaperLine.objects.filter(signature=signature).select_related("sheet").first()
    if signature.channel == Channel.PAPER and line is not None:
        return gettext("Already on paper sheet #%(sheet)s, line %(line)s.") % {
            "sheet": line.sheet.number,
            "line": line.line_number,
        }
    if signature.channel == Channel.PAPER:
        return gettext("Already signed on paper on %(date)s.") % {
            "date": formats.date_format(signature.created_at, "DATE_FORMAT")
        }
    return gettext("Already signed online on %(date)s.") % {
        "date": formats.date_format(signature.created_at, "DATE_FORMAT")
    }


def _age_band(birth_date: dt.date | None, today: dt.date) -> str:
    from tadafur.petitions.services import age_band

    return age_band(birth_date.year if birth_date else None, on=today)


def _eighteenth_birthday(birth_date: dt.date) -> dt.date:
    try:
        return birth_date.replace(year=birth_date.year + 18)
    except ValueError:  # born on 29 February
        return dt.date(birth_date.year + 18, 3, 1)


def _refusal(
    *, petition: Petition, cnie: str, residence: Any, birth_date: dt.date | None, today: dt.date
) -> tuple[str, str]:
    """(reason, cnie_hash): the reason is empty when the line may be accepted."""
    from tadafur.accounts.selectors import current_roll, roll_has_line
    from tadafur.accounts.services import roll_line_hash

    try:
        cnie_hash = crypto.cnie_hash(cnie)
    except ValidationError:
        return str(crypto.INVALID_CNIE_MESSAGE), ""
    territory = petition.territory
    if residence is None:
        return gettext("The commune of residence is unknown: give its HCP code."), cnie_hash
    if not permissions.within(residence, territory):
        return (
            gettext("Lives in %(home)s, outside %(place)s: cannot sign this petition.")
            % {"home": residence.name, "place": territory.name},  # type: ignore[union-attr]
            cnie_hash,
        )
    if birth_date is not None:
        if today < _eighteenth_birthday(birth_date):
            return gettext("The signer is under 18."), cnie_hash
        if current_roll(residence) is not None and not roll_has_line(residence, roll_line_hash(cnie, birth_date)):
            return (
                gettext("This CNIE number and birth date are not on the roll of %(home)s.") % {"home": residence.name},
                cnie_hash,
            )
    first = Signature.objects.filter(petition=petition, cnie_hash=cnie_hash).first()
    if first is not None:
        return where_signed(first), cnie_hash
    return "", cnie_hash


def paper_line_type(
    *,
    sheet: PaperSheet,
    actor: Any,
    line_number: int,
    full_name: str,
    cnie: str,
    address: str = "",
    residence: Any = None,
    birth_date: dt.date | None = None,
    entry: int = 1,
) -> PaperLine:
    """Type one line of a sheet; it is accepted (a pending signature) or refused with its reason.

    `entry` 2 is the second agent's typing for a double-entry sheet: it is only compared with the
    first at reconciliation and creates no signature.
    """
    permissions.can_type_paper(actor, sheet.petition).require()
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise _fail("full_name", gettext("Type the signer's full name."))
    if not (cnie or "").strip():
        raise _fail("cnie", gettext("Type the CNIE number."))
    if entry not in (1, 2):
        raise _fail("entry", gettext("Unknown entry."))
    now = clock.now()
    with transaction.atomic():
        petition = (
            Petition.objects.select_for_update(of=("self",)).select_related("territory").get(pk=sheet.petition_id)
        )
        sheet = PaperSheet.objects.select_for_update(of=("self",)).get(pk=sheet.pk)
        if sheet.status != SheetStatus.TYPING:
            raise NotAllowed(gettext("This sheet is closed: it can no longer be typed."))
        if not 1 <= line_number <= sheet.declared_lines:
            raise _fail(
                "line_number",
                gettext("The sheet has %(n)s lines: give a line number from 1 to %(n)s.") % {"n": sheet.declared_lines},
            )
        if PaperLine.objects.filter(sheet=sheet, entry=entry, line_number=line_number).exists():
            raise _fail("line_number", gettext("Line %(n)s is already typed.") % {"n": line_number})
        if entry == 2:
            if not sheet.double_entry:
                raise NotAllowed(gettext("This sheet is not typed twice."))
            if sheet.typed_by_id == actor.pk or PaperLine.objects.filter(sheet=sheet, entry=1, typed_by=actor).exists():
                raise NotAllowed(gettext("The second entry must be typed by another agent."))
        line = PaperLine(
            sheet=sheet,
            line_number=line_number,
            entry=entry,
            name_enc=crypto.encrypt(full_name),
            address_enc=crypto.encrypt(address.strip()) if address.strip() else "",
            cnie_enc=crypto.encrypt(_STRIP.sub("", cnie).upper()),
            residence=residence,
            typed_by=actor,
            typed_at=now,
        )
        if entry == 2:
            line.status = LineStatus.ACCEPTED
            if sheet.second_typed_by_id is None:
                sheet.second_typed_by = actor
                sheet.save(update_fields=["second_typed_by"])
            line.save()
            return line
        reason, cnie_hash = _refusal(
            petition=petition, cnie=cnie, residence=residence, birth_date=birth_date, today=now.date()
        )
        line.cnie_hash = cnie_hash
        if not reason:
            signature = _pending_signature(petition, line, cnie, residence, birth_date, now)
            if signature is None:  # a concurrent signature took the CNIE between check and insert
                first = Signature.objects.filter(petition=petition, cnie_hash=cnie_hash).first()
                reason = where_signed(first) if first else gettext("This CNIE number has already signed.")
            line.signature = signature
        line.status = LineStatus.REFUSED if reason else LineStatus.ACCEPTED
        line.refusal = reason
        line.save()
        audit_record(
            actor=actor,
            action="petition.paper_line.type",
            obj=petition,
            collectivity=petition.territory,
            after={"sheet": sheet.number, "line": line_number, "status": line.status},
        )
    return line


def _pending_signature(
    petition: Petition, line: PaperLine, cnie: str, residence: Any, birth_date: dt.date | None, now: dt.datetime
) -> Signature | None:
    from tadafur.petitions.services import new_verification_code

    signature = Signature(
        petition=petition,
        user=None,
        cnie_hash=crypto.cnie_hash(cnie),
        residence=residence,
        sex="",
        age_band=_age_band(birth_date, now.date()),
        channel=Channel.PAPER,
        status=SignatureStatus.PENDING,
        verification_code=new_verification_code(),
        created_at=now,
        name_enc=line.name_enc,
        address_enc=line.address_enc,
        cnie_enc=crypto.encrypt(crypto.normalise_cnie(cnie)),
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        return None
    return signature


def paper_line_delete(*, line: PaperLine, actor: Any) -> None:
    """Remove a mistyped line of a sheet still being typed (its pending signature goes with it)."""
    sheet = line.sheet
    permissions.can_type_paper(actor, sheet.petition).require()
    with transaction.atomic():
        sheet = PaperSheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status != SheetStatus.TYPING:
            raise NotAllowed(gettext("This sheet is closed: it can no longer be typed."))
        if line.signature_id is not None:
            Signature.objects.filter(pk=line.signature_id, status=SignatureStatus.PENDING).delete()
        PaperLine.objects.filter(pk=line.pk).delete()
        audit_record(
            actor=actor,
            action="petition.paper_line.delete",
            obj=sheet.petition,
            collectivity=sheet.petition.territory,
            after={"sheet": sheet.number, "line": line.line_number, "entry": line.entry},
        )


def _match_key(line: PaperLine) -> tuple[str, str]:
    return _STRIP.sub("", _clear(line.cnie_enc)).upper(), fold(_clear(line.name_enc))


def entry_mismatches(sheet: PaperSheet) -> list[int]:
    """Line numbers where the second entry differs from the first (CNIE and folded name)."""
    first = {line.line_number: line for line in sheet.lines.filter(entry=1)}
    second = {line.line_number: line for line in sheet.lines.filter(entry=2)}
    return sorted(
        n
        for n in set(first) | set(second)
        if n not in first or n not in second or _match_key(first[n]) != _match_key(second[n])
    )


def paper_sheet_reconcile(*, sheet: PaperSheet, actor: Any) -> PaperSheet:
    """Close the typing: every declared line typed (twice, matching, for double entry); the
    accepted lines become valid signatures with their leaf in the public log."""
    permissions.can_type_paper(actor, sheet.petition).require()
    now = clock.now()
    with transaction.atomic():
        petition = (
            Petition.objects.select_for_update(of=("self",)).select_related("territory").get(pk=sheet.petition_id)
        )
        sheet = PaperSheet.objects.select_for_update(of=("self",)).get(pk=sheet.pk)
        if sheet.status != SheetStatus.TYPING:
            raise NotAllowed(gettext("This sheet is already closed."))
        typed = sheet.lines.filter(entry=1).count()
        if typed != sheet.declared_lines:
            raise ValidationFailed(
                gettext("%(typed)s of the %(declared)s lines of the sheet are typed: type them all before reconciling.")
                % {"typed": typed, "declared": sheet.declared_lines}
            )
        if sheet.double_entry:
            second = sheet.lines.filter(entry=2).count()
            if second != sheet.declared_lines:
                raise ValidationFailed(
                    gettext("The second agent has typed %(typed)s of the %(declared)s lines.")
                    % {"typed": second, "declared": sheet.declared_lines}
                )
            differing = entry_mismatches(sheet)
            if differing:
                raise ValidationFailed(
                    gettext("The two entries differ on lines %(lines)s: correct them before reconciling.")
                    % {"lines": ", ".join(str(n) for n in differing)}
                )
        pending = list(
            Signature.objects.select_for_update()
            .filter(paper_line__sheet=sheet, paper_line__entry=1, status=SignatureStatus.PENDING)
            .order_by("paper_line__line_number")
        )
        for signature in pending:
            signature.status = SignatureStatus.VALID
            signature.log_seq = petition.log_size
            signature.save(update_fields=["status", "log_seq"])
            log.append(locked=petition, signature=signature, event="sign", at=now)
        sheet.status = SheetStatus.RECONCILED
        sheet.reconciled_at = now
        sheet.save(update_fields=["status", "reconciled_at"])
        audit_record(
            actor=actor,
            action="petition.paper_sheet.reconcile",
            obj=petition,
            collectivity=petition.territory,
            after={"sheet": sheet.number, "accepted": len(pending), "refused": typed - len(pending)},
        )
    return sheet


def paper_sheet_reject(*, sheet: PaperSheet, actor: Any, reason: str) -> PaperSheet:
    """Set a whole sheet aside (illegible, not the petition's form...): none of its lines count,
    and its pending signatures are removed so that those people may still sign."""
    permissions.can_type_paper(actor, sheet.petition).require()
    reason = (reason or "").strip()
    if not reason:
        raise _fail("reason", gettext("Say why the sheet is rejected."))
    with transaction.atomic():
        sheet = (
            PaperSheet.objects.select_for_update(of=("self",)).select_related("petition__territory").get(pk=sheet.pk)
        )
        if sheet.status != SheetStatus.TYPING:
            raise NotAllowed(gettext("This sheet is already closed."))
        Signature.objects.filter(paper_line__sheet=sheet, status=SignatureStatus.PENDING).delete()
        sheet.status = SheetStatus.REJECTED
        sheet.rejected_at = clock.now()
        sheet.rejection_reason = reason[:300]
        sheet.save(update_fields=["status", "rejected_at", "rejection_reason"])
        audit_record(
            actor=actor,
            action="petition.paper_sheet.reject",
            obj=sheet.petition,
            collectivity=sheet.petition.territory,
            after={"sheet": sheet.number},
        )
    return sheet


def line_display(line: PaperLine) -> dict[str, Any]:
    """A typed line for the typing page (staff only): decrypted name, CNIE and address."""
    return {
        "line": line,
        "name": _clear(line.name_enc),
        "cnie": _clear(line.cnie_enc),
        "address": _clear(line.address_enc),
    }
