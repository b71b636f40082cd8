import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from freezegun import freeze_time

from tadafur.accounts.roles import Role
from tadafur.accounts.selectors import has_role
from tadafur.bodies import selectors, services
from tadafur.bodies.models import Body, Reminder
from tadafur.bodies.rules import BodyKind
from tadafur.bodies.states import FollowUpStatus, OpinionStatus, ReferralStatus
from tadafur.bodies.tests.conftest import PDF_BYTES, add_member
from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_rachid_creates_the_ieecag_with_its_rules_and_it_is_audited(settat, rachid):
    body = services.body_create(
        collectivity=settat,
        kind=BodyKind.IEECAG,
        name_ar="هيئة",
        name_fr="Instance",
        quorum=None,
        rules_document=SimpleUploadedFile("rules.pdf", PDF_BYTES),
        actor=rachid,
    )
    assert body.rules_document.name.startswith("bodies/rules/") and body.quorum is None
    entry = AuditEntry.objects.get(action="body.create", object_id=str(body.pk))
    assert entry.collectivity_id == settat.pk and entry.actor_id == rachid.pk


def test_a_commune_cannot_create_a_regional_youth_body(settat, rachid):
    with pytest.raises(ValidationFailed) as exc:
        services.body_create(collectivity=settat, kind=BodyKind.REGIONAL_YOUTH, name_ar="ش", name_fr="J", actor=rachid)
    assert "set up by a region" in exc.value.message
    assert exc.value.errors["kind"]
    assert not Body.objects.exists()


def test_one_ieecag_per_commune_but_several_dialogue_spaces(ieecag, settat, rachid):
    with pytest.raises(ValidationFailed, match="already has a body of this kind"):
        services.body_create(collectivity=settat, kind=BodyKind.IEECAG, name_ar="x", name_fr="x", actor=rachid)
    for n in range(2):
        services.body_create(
            collectivity=settat,
            kind=BodyKind.DIALOGUE,
            name_ar=f"فضاء {n}",
            name_fr=f"Espace {n}",
            actor=rachid,
        )
    assert settat.bodies.count() == 3


def test_amina_and_said_cannot_create_bodies(settat, amina, said):
    for person in (amina, said):
        with pytest.raises(NotAllowed):
            services.body_create(collectivity=settat, kind=BodyKind.IEECAG, name_ar="x", name_fr="x", actor=person)


def test_naming_fatima_secretary_gives_her_the_body_roles_scoped_to_this_body(members, ieecag, fatima, settat):
    assert has_role(fatima, Role.BODY_SECRETARY, settat, body=("bodies.body", ieecag.pk))
    assert has_role(fatima, Role.BODY_MEMBER, settat, body=("bodies.body", ieecag.pk))
    assert not has_role(fatima, Role.BODY_SECRETARY, settat, body=("bodies.body", ieecag.pk + 1))
    audit = AuditEntry.objects.filter(action="body.member_add").first()
    assert "sex" not in audit.changes["after"] and "age_band" not in audit.changes["after"]


def test_a_plain_member_gets_the_member_role_only(ieecag, rachid, amina, settat):
    add_member(ieecag, rachid, "أمينة", user=amina)
    assert has_role(amina, Role.BODY_MEMBER, settat, body=ieecag.scope)
    assert not has_role(amina, Role.BODY_SECRETARY, settat, body=ieecag.scope)
    with pytest.raises(ValidationFailed, match="already sits"):
        add_member(ieecag, rachid, "أمينة", user=amina)


def test_composition_of_the_test_body_warns_about_associations(members, ieecag):
    c = selectors.body_composition(ieecag)
    assert (c.total, c.women, c.young, c.associations) == (5, 3, 1, 0)
    assert [str(w) for w in c.warnings] == ["Fewer than half of the members come from associations."]


def test_an_ended_mandate_leaves_the_composition(ieecag, rachid, members):
    services.member_add(
        body=ieecag,
        display_name="سابق",
        sex="man",
        age_band="65_plus",
        mandate_start=dt.date(2016, 1, 1),
        mandate_end=dt.date(2021, 12, 31),
        actor=rachid,
    )
    assert selectors.body_composition(ieecag).total == 5


def _referral(ieecag, said, days=30):
    return services.referral_create(
        body=ieecag,
        title="الميزانية التشاركية",
        question="ما رأي الهيئة؟",
        deadline=dt.date.today() + dt.timedelta(days=days),
        actor=said,
    )


def test_said_refers_a_question_and_fatima_is_told(members, ieecag, said, fatima, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = _referral(ieecag, said)
    assert referral.status == ReferralStatus.OPEN
    assert [m.to for m in mail.outbox] == [[fatima.email]]


def test_fatima_cannot_refer_and_the_deadline_must_be_ahead(members, ieecag, said, fatima):
    with pytest.raises(NotAllowed):
        _referral(ieecag, fatima)
    with pytest.raises(ValidationFailed):
        _referral(ieecag, said, days=0)


def test_opinion_answering_a_referral_closes_it_then_said_answers(members, ieecag, said, fatima):
    referral = _referral(ieecag, said)
    opinion = services.opinion_draft(
        body=ieecag,
        title="رأي",
        text="نص الرأي",
        referral=referral,
        concerns={
            "type": "programmes.project",
            "id": 7,
            "label": "دار المرأة",
            "url": "/ar/programmes/projects/7/",
        },
        actor=fatima,
    )
    assert opinion.status == OpinionStatus.DRAFT
    with pytest.raises(InvalidTransition):
        services.opinion_answer(opinion=opinion, verdict="accepted", reasons="ok", actor=said)
    services.opinion_adopt(opinion=opinion, actor=fatima)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ANSWERED and referral.answered_at
    with pytest.raises(NotAllowed):
        services.opinion_answer(opinion=opinion, verdict="accepted", reasons="ok", actor=fatima)
    with pytest.raises(ValidationFailed, match="reasons"):
        services.opinion_answer(opinion=opinion, verdict="partly", reasons="  ", actor=said)
    answer = services.opinion_answer(opinion=opinion, verdict="partly", reasons="يقبل جزئيا", actor=said)
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.ANSWERED and answer.answered_by == said
    assert list(selectors.opinions_concerning("programmes.project", 7)) == [opinion]


def _answered(ieecag, said, fatima, verdict="accepted"):
    opinion = services.opinion_draft(body=ieecag, title="رأي", text="نص", actor=fatima)
    services.opinion_adopt(opinion=opinion, actor=fatima)
    services.opinion_answer(opinion=opinion, verdict=verdict, reasons="أسباب", actor=said)
    return opinion


def test_follow_up_only_for_accepted_points(members, ieecag, said, fatima):
    rejected = _answered(ieecag, said, fatima, "rejected")
    with pytest.raises(InvalidTransition):
        services.followup_add(opinion=rejected, title="x", owner_label="y", due_date=dt.date(2030, 1, 1), actor=said)


def test_follow_up_moves_with_progress_and_needs_evidence_to_be_done(members, ieecag, said, fatima, rachid):
    opinion = _answered(ieecag, said, fatima)
    item = services.followup_add(
        opinion=opinion,
        title="دار المرأة",
        owner_label="القسم الاجتماعي",
        due_date=dt.date(2030, 1, 1),
        actor=said,
    )
    with pytest.raises(NotAllowed):
        services.followup_update(item=item, progress=10, actor=fatima)
    item = services.followup_update(item=item, progress=40, actor=rachid)
    assert item.status == FollowUpStatus.IN_PROGRESS and item.in_progress_at
    with pytest.raises(ValidationFailed, match="evidence"):
        services.followup_update(item=item, progress=100, actor=rachid)
    item = services.followup_update(
        item=item,
        progress=100,
        evidence_text="محضر التسليم",
        evidence_file=SimpleUploadedFile("pv.pdf", PDF_BYTES),
        actor=rachid,
    )
    assert item.status == FollowUpStatus.DONE and item.done_at and item.evidence_file
    with pytest.raises(InvalidTransition):
        services.followup_update(item=item, progress=90, actor=rachid)


def test_bodies_remind_notifies_overdue_items_once_a_day(
    members, ieecag, said, fatima, django_capture_on_commit_callbacks
):
    # Reminders are written in each recipient's language; these recipients read English.
    from tadafur.accounts.models import User

    User.objects.update(preferred_language="en")
    with freeze_time("2026-01-10 10:00"):
        referral = services.referral_create(
            body=ieecag, title="إحالة", question="؟", deadline=dt.date(2026, 2, 1), actor=said
        )
        opinion = _answered(ieecag, said, fatima)
        services.followup_add(
            opinion=opinion, title="نقطة", owner_label="القسم", due_date=dt.date(2026, 2, 1), actor=said
        )
        late = services.opinion_draft(body=ieecag, title="رأي ينتظر", text="نص", actor=fatima)
        services.opinion_adopt(opinion=late, actor=fatima)
    mail.outbox.clear()
    with freeze_time("2026-02-01 08:00"):  # deadline day: nothing overdue yet
        call_command("bodies_remind", stdout=open("/dev/null", "w"))
    assert mail.outbox == [] and not Reminder.objects.exists()
    with freeze_time("2026-02-02 08:00"), django_capture_on_commit_callbacks(execute=True):
        call_command("bodies_remind", stdout=open("/dev/null", "w"))
        call_command("bodies_remind", stdout=open("/dev/null", "w"))  # same day: nothing more
    subjects = sorted(m.subject for m in mail.outbox)
    # Referral to Fatima; follow-up (no owner account) to Said; the answer is not overdue yet.
    assert subjects == ["Overdue follow-up: نقطة", "Overdue referral: إحالة"]
    assert referral.is_overdue(dt.date(2026, 2, 2))
    mail.outbox.clear()
    with (
        freeze_time("2026-04-11 08:00"),
        django_capture_on_commit_callbacks(execute=True),
    ):  # adopted + 91 days
        counts = services.reminders_send()
    assert counts == {"referral": 1, "answer": 1, "followup": 1}
    assert "Overdue answer: رأي ينتظر" in [m.subject for m in mail.outbox]
    assert [m.to for m in mail.outbox if m.subject.startswith("Overdue answer")] == [[said.email]]


def test_an_opinion_links_only_inside_the_platform(members, ieecag, fatima):
    for url in ("javascript:alert(1)", "//evil.example/x", "https://evil.example/"):
        with pytest.raises(ValidationFailed):
            services.opinion_draft(body=ieecag, title="رأي", text="نص", concerns={"url": url}, actor=fatima)
