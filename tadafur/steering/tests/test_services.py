"""Committee, members and the recommendation life cycle with its progress notes."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.steering import services
from tadafur.steering.states import RecommendationStatus as S
from tadafur.steering.tests.conftest import propose

pytestmark = pytest.mark.django_db
DUE = dt.date(2030, 6, 30)
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def jpeg_with_exif() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_committee_is_set_up_for_a_province_only(hassan, settat, platform_admin):
    with pytest.raises(NotAllowed):  # Hassan holds no role in Settat commune
        services.committee_create(collectivity=settat, name_ar="x", name_fr="y", actor=hassan)
    with pytest.raises(ValidationFailed) as exc:
        services.committee_create(collectivity=settat, name_ar="x", name_fr="y", actor=platform_admin)
    assert "collectivity" in exc.value.errors


def test_one_committee_per_province_and_programme(committee, hassan, settat_province):
    with pytest.raises(ValidationFailed):
        services.committee_create(collectivity=settat_province, name_ar="x", name_fr="y", actor=hassan)
    other = services.committee_create(
        collectivity=settat_province, name_ar="x", name_fr="y", programme="Tadafur", actor=hassan
    )
    assert other.pk != committee.pk


def test_hassan_records_a_recommendation_for_a_commune_of_his_province(committee, hassan, oulad_said):
    rec = propose(
        committee, hassan, oulad_said, "إصلاح المسالك القروية", DUE, source_kind="body", source_label="IEECAG"
    )
    assert rec.status == S.PROPOSED and rec.collectivity == oulad_said
    assert AuditEntry.objects.filter(action="recommendation.propose", object_id=str(rec.pk)).exists()


def test_a_recommendation_must_concern_the_province_or_its_communes(committee, hassan):
    from tadafur.territories.models import Territory

    elsewhere = Territory.objects.filter(level="commune").exclude(parent=committee.collectivity).first()
    with pytest.raises(ValidationFailed) as exc:
        propose(committee, hassan, elsewhere, "خارج الإقليم", DUE)
    assert "collectivity" in exc.value.errors


def test_life_cycle_to_done(committee, hassan, settat):
    rec = propose(committee, hassan, settat, "إنارة الأحياء", DUE)
    for to in (S.ACCEPTED, S.IN_PROGRESS, S.DONE):
        services.recommendation_move(recommendation=rec, to=to, actor=hassan)
    rec.refresh_from_db()
    assert rec.status == S.DONE and rec.done_at is not None and rec.progress == 100
    assert rec.accepted_at and rec.in_progress_at


def test_dropping_needs_a_reason(committee, hassan, settat):
    rec = propose(committee, hassan, settat, "مشروع", DUE)
    with pytest.raises(ValidationFailed) as exc:
        services.recommendation_move(recommendation=rec, to=S.DROPPED, reason="  ", actor=hassan)
    assert "reason" in exc.value.errors
    rec.refresh_from_db()
    assert rec.status == S.PROPOSED
    services.recommendation_move(recommendation=rec, to=S.DROPPED, reason="تجاوزه برنامج عمل الجماعة", actor=hassan)
    rec.refresh_from_db()
    assert rec.status == S.DROPPED and rec.dropped_reason == "تجاوزه برنامج عمل الجماعة"


def test_a_done_recommendation_cannot_be_reopened(committee, hassan, settat):
    rec = propose(committee, hassan, settat, "مشروع", DUE)
    with pytest.raises(InvalidTransition):  # proposed must be accepted before it is done
        services.recommendation_move(recommendation=rec, to=S.DONE, actor=hassan)
    services.recommendation_move(recommendation=rec, to=S.ACCEPTED, actor=hassan)
    services.recommendation_move(recommendation=rec, to=S.DONE, actor=hassan)
    with pytest.raises(InvalidTransition):
        services.recommendation_move(recommendation=rec, to=S.IN_PROGRESS, actor=hassan)


def test_progress_note_with_pdf_evidence(committee, hassan, settat):
    rec = propose(committee, hassan, settat, "مشروع", DUE)
    note = services.progress_note_add(
        recommendation=rec,
        text="تم إعداد الدراسة",
        progress=40,
        evidence=SimpleUploadedFile("etude.pdf", PDF_BYTES, content_type="application/pdf"),
        actor=hassan,
    )
    rec.refresh_from_db()
    assert rec.progress == 40 and note.evidence_is_pdf
    assert "etude" not in note.evidence.name  # the uploader's file name is never kept


def test_photo_evidence_is_re_encoded_without_metadata(committee, hassan, settat):
    rec = propose(committee, hassan, settat, "مشروع", DUE)
    note = services.progress_note_add(
        recommendation=rec,
        text="صورة الورش",
        evidence=SimpleUploadedFile("IMG_0001.png", jpeg_with_exif(), content_type="image/png"),
        actor=hassan,
    )
    assert note.evidence.name.endswith(".jpg")
    with Image.open(note.evidence.path) as img:
        assert img.format == "JPEG" and not img.getexif()


def test_a_fake_pdf_is_refused(committee, hassan, settat):
    rec = propose(committee, hassan, settat, "مشروع", DUE)
    with pytest.raises(ValidationFailed) as exc:
        services.progress_note_add(
            recommendation=rec, text="x", evidence=SimpleUploadedFile("x.pdf", b"MZ not a pdf"), actor=hassan
        )
    assert "evidence" in exc.value.errors
    assert not rec.notes.exists()


def test_rachid_reports_progress_for_settat_not_for_oulad_said(committee, hassan, rachid, settat, oulad_said):
    mine = propose(committee, hassan, settat, "سطات", DUE)
    theirs = propose(committee, hassan, oulad_said, "أولاد سعيد", DUE)
    services.progress_note_add(recommendation=mine, text="انطلاق الأشغال", actor=rachid)
    with pytest.raises(NotAllowed):
        services.progress_note_add(recommendation=theirs, text="x", actor=rachid)
    with pytest.raises(NotAllowed):  # reporting progress is not running the committee
        services.recommendation_move(recommendation=mine, to=S.ACCEPTED, actor=rachid)


def test_no_note_on_a_closed_recommendation(committee, hassan, settat):
    rec = propose(committee, hassan, settat, "مشروع", DUE)
    services.recommendation_move(recommendation=rec, to=S.DROPPED, reason="ملغى", actor=hassan)
    with pytest.raises(InvalidTransition):
        services.progress_note_add(recommendation=rec, text="x", actor=hassan)


def test_a_member_leaves(members, hassan):
    services.member_end(member=members[0], actor=hassan)
    assert members[0].committee.members.active().count() == 3
    with pytest.raises(InvalidTransition):
        services.member_end(member=members[0], actor=hassan)
