"""The signature list of a filed petition: the council copy (names, CNIE numbers) as CSV and PDF
data, and the counts of the public and council dossiers (issue 3 §8).

The council copy is decrypted here, at render time, for a caller that has checked
permissions.can_read_signature_list and audits the download (services.signature_list_download).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from tadafur.core import crypto
from tadafur.core.exports import spreadsheet_safe
from tadafur.petitions.models import AgeBand, Channel, Petition, Signature
from tadafur.petitions.states import SignatureStatus


def _clear(token: str) -> str:
    if not token:
        return ""
    try:
        return crypto.decrypt(token)
    except ValueError:
        return "?"


@dataclass(frozen=True)
class ListRow:
    number: int
    name: str
    cnie: str
    address: str
    commune: str
    commune_code: str
    channel: str
    channel_label: str
    signed_at: Any
    code: str


def signature_list(petition: Petition) -> list[ListRow]:
    """The valid signatures in log order, with name, CNIE and address decrypted (council copy)."""
    signatures = (
        Signature.objects.filter(petition=petition, status=SignatureStatus.VALID)
        .select_related("residence", "user")
        .order_by("log_seq", "pk")
    )
    rows = []
    for number, s in enumerate(signatures, start=1):
        name = _clear(s.name_enc)
        if not name and s.user is not None:
            name = s.user.get_full_name() or s.user.display_name
        rows.append(
            ListRow(
                number=number,
                name=name,
                cnie=_clear(s.cnie_enc),
                address=_clear(s.address_enc),
                commune=s.residence.name if s.residence else "",
                commune_code=s.residence.code if s.residence else "",
                channel=s.channel,
                channel_label=str(Channel(s.channel).label),
                signed_at=timezone.localtime(s.created_at),
                code=s.verification_code,
            )
        )
    return rows


def signature_list_csv(petition: Petition) -> tuple[bytes, int]:
    """The council copy as CSV, UTF-8 with a BOM (so Excel reads Arabic), formula-safe."""
    rows = signature_list(petition)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            gettext("No."),
            gettext("Full name"),
            gettext("CNIE number"),
            gettext("Address"),
            gettext("Commune of residence"),
            gettext("HCP code"),
            gettext("Channel"),
            gettext("Signed at"),
            gettext("Verification code"),
        ]
    )
    for r in rows:
        writer.writerow(
            [
                spreadsheet_safe(v)
                for v in (
                    r.number,
                    r.name,
                    r.cnie,
                    r.address,
                    r.commune,
                    r.commune_code,
                    r.channel_label,
                    r.signed_at.strftime("%Y-%m-%d %H:%M"),
                    r.code,
                )
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8"), len(rows)


@dataclass(frozen=True)
class Counts:
    total: int
    by_channel: list[tuple[str, int | None]]
    by_sex: list[tuple[str, int | None]]
    by_age_band: list[tuple[str, int | None]]


def counts(petition: Petition, *, suppress: bool) -> Counts:
    """Valid signatures by channel, sex and age band; `suppress` shows cells under 5 as None."""
    from tadafur.petitions.selectors import SMALL_CELL

    rows = (
        Signature.objects.filter(petition=petition, status=SignatureStatus.VALID)
        .values("sex", "age_band", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    sexes: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    total = 0
    for row in rows:
        sexes[row["sex"] if row["sex"] in ("woman", "man") else ""] += row["n"]
        ages[row["age_band"] or ""] += row["n"]
        channels[row["channel"]] += row["n"]
        total += row["n"]

    def cell(n: int) -> int | None:
        return None if suppress and n < SMALL_CELL else n

    sex_labels = [("woman", gettext("Women")), ("man", gettext("Men")), ("", gettext("Not given"))]
    return Counts(
        total=total,
        by_channel=[(str(label), cell(channels.get(value, 0))) for value, label in Channel.choices],
        by_sex=[(label, cell(sexes.get(value, 0))) for value, label in sex_labels],
        by_age_band=[(str(label), cell(ages.get(value, 0))) for value, label in AgeBand.choices],
    )


def signature_list_export(*, petition: Petition, actor: Any, fmt: str) -> bytes:
    """The council copy as `csv` or `pdf`, for staff allowed to read it; every download is audited
    (how many rows, which format — never who signed)."""
    from django.db import transaction

    from tadafur.core.audit import audit_record
    from tadafur.petitions import pdf, permissions

    permissions.can_read_signature_list(actor, petition).require()
    if fmt == "csv":
        data, n = signature_list_csv(petition)
    else:
        data, n = pdf.dossier_pdf(petition, council_copy=True), petition.filed_signature_count
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="petition.signature_list.download",
            obj=petition,
            collectivity=petition.territory,
            after={"format": fmt, "rows": n},
        )
    return data
