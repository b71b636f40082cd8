"""The petition's life, from draft to closed, through the services (HTTP flows in test_views)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache

from tadafur.accounts.roles import Role
from tadafur.accounts.services import role_grant
from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.petitions import pdf, selectors, services
from tadafur.petitions.models import InadmissibilityGround, PetitionKind
from tadafur.petitions.tests.helpers import collecting, draft, filed, resident, seed
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_publishing_needs_the_admissibility_screen(youssef, oulad_said):
    petition = draft(youssef, oulad_said)
    with pytest.raises(ValidationFailed) as refused:
        services.petition_publish(
            petition=petition, actor=youssef, within_competences=True, no_inadmissible_ground=False
        )
    assert set(refused.value.errors) == {"no_inadmissible_ground"}
    petition = services.petition_publish(
        petition=petition, actor=youssef, within_competences=True, no_inadmissible_ground=True
    )
    assert petition.status == "collecting" and petition.collecting_at and petition.admissibility_confirmed


def test_only_the_agent_publishes_and_withdraws(youssef, amina, oulad_said):
    petition = draft(youssef, oulad_said)
    with pytest.raises(NotAllowed):
        services.petition_withdraw(petition=petition, actor=amina)
    assert services.petition_withdraw(petition=petition, actor=youssef).withdrawn_at is not None


def test_the_agent_of_a_citizens_petition_lives_there(amina, oulad_said):
    with pytest.raises(NotAllowed):
        draft(amina, oulad_said)


def test_youssef_files_at_the_threshold_not_one_below(youssef, oulad_said):
    petition = collecting(youssef, oulad_said)
    assert selectors.required_signatures(petition) == 100
    seed(petition, 99)
    with pytest.raises(NotAllowed) as short:
        services.petition_file(petition=petition, actor=youssef)
    assert "99" in short.value.message and "100" in short.value.message
    seed(petition, 1)
    petition = services.petition_file(petition=petition, actor=youssef)
    assert petition.status == "filed" and petition.filed_signature_count == 100
    assert re.fullmatch(r"OUL-\d{4}-000001", petition.receipt_number)
    assert selectors.answer_due(petition) is not None


def test_a_regional_petition_needs_signatures_from_every_province(amina, settat):
    region = Territory.objects.get(code="06")
    petition = collecting(amina, region)
    required = selectors.required_signatures(petition)
    seed(petition, required, [settat])  # all from Settat province
    with pytest.raises(NotAllowed) as refused:
        services.petition_file(petition=petition, actor=amina)
    assert "prefectures or provinces" in refused.value.message


def test_receipt_numbers_follow_each_other(amina, fatima, settat):
    first = filed(amina, settat)
    second = filed(fatima, settat)
    assert first.receipt_number.startswith("SET-") and first.receipt_number.endswith("000001")
    assert second.receipt_number.endswith("000002")


def test_the_receipt_pdf_is_in_arabic_and_french(amina, settat):
    petition = filed(amina, settat)
    data = pdf.receipt_pdf(petition)
    assert data.startswith(b"%PDF")
    streams = b"".join(_inflate(m.group(1)) for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S))
    assert b"Naskh-Arabic" in streams  # an Arabic font is embedded, so the text is shaped Arabic
    for letter in ("0633", "0637", "062A"):  # س ط ت of سطات, the council's name in the Arabic page
        assert letter.encode() in streams.upper()


def _inflate(chunk: bytes) -> bytes:
    import zlib

    try:
        return zlib.decompress(chunk)
    except zlib.error:
        return b""


def test_said_accepts_and_deliberates_and_the_agent_is_told(
    amina, rachid, said, settat, django_capture_on_commit_callbacks
):
    petition = filed(amina, settat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_review_start(petition=petition, actor=rachid)
    with pytest.raises(ValidationFailed):
        services.petition_accept(
            petition=petition, actor=said, session_date=dt.date(2027, 2, 3), agenda_point="", committee=""
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_accept(
            petition=petition,
            actor=said,
            session_date=dt.date(2027, 2, 3),
            agenda_point="Point 7",
            committee="Affaires sociales",
        )
    with pytest.raises(NotAllowed):
        services.petition_deliberate(
            petition=petition,
            actor=rachid,
            outcome="adopted",
            votes_for=1,
            votes_against=0,
            votes_abstain=0,
            minutes="",
        )
    with django_capture_on_commit_callbacks(execute=True):
        petition = services.petition_deliberate(
            petition=petition,
            actor=said,
            outcome="adopted",
            votes_for=25,
            votes_against=3,
            votes_abstain=2,
            minutes="Adopté.",
        )
    assert petition.status == "deliberated" and petition.votes_for == 25
    petition = services.petition_close(petition=petition, actor=said)
    assert petition.closed_at is not None
    assert [m.to for m in mail.outbox] == [[amina.email]] * 3  # review, accepted, deliberated
    actions = set(AuditEntry.objects.filter(object_id=str(petition.pk)).values_list("action", flat=True))
    assert {
        "petition.under_review",
        "petition.accepted",
        "petition.deliberated",
        "petition.closed",
    } <= actions


def test_a_rejection_needs_grounds_and_reasons(amina, said, settat):
    petition = filed(amina, settat)
    services.petition_review_start(petition=petition, actor=said)
    with pytest.raises(ValidationFailed) as incomplete:
        services.petition_reject(petition=petition, actor=said, grounds=[], text="")
    assert set(incomplete.value.errors) == {"grounds", "text"}
    ground = InadmissibilityGround.objects.get(code="outside_competences")
    petition = services.petition_reject(petition=petition, actor=said, grounds=[ground], text="Relève de l'État.")
    assert petition.status == "rejected" and list(petition.decision_grounds.all()) == [ground]


def test_staff_of_another_commune_cannot_decide(amina, youssef, oulad_said, settat):
    petition = filed(amina, settat)
    outsider = resident(oulad_said)
    role_grant(user=outsider, role=Role.BUREAU_MEMBER, collectivity=oulad_said, actor=None, check_permission=False)
    with pytest.raises(NotAllowed):
        services.petition_review_start(petition=petition, actor=outsider)


def test_khadija_files_her_associations_petition_without_signatures(khadija, settat):
    from tadafur.associations.models import Association, Representative

    association = Association.objects.create(
        registration_reference="RD-SETTAT-2015-037",
        name_fr="Nisaa Settat",
        name_ar="نساء سطات",
        founding_date=dt.date(2015, 3, 8),
        seat=settat,
        status="verified",
        in_good_standing=True,
        democratic_functioning=True,
    )
    Representative.objects.create(association=association, user=khadija, since=dt.date(2021, 6, 12))
    petition = draft(khadija, settat, kind=PetitionKind.LOCAL_ASSOCIATION, association=association)
    with pytest.raises(NotAllowed):
        services.petition_publish(
            petition=petition, actor=khadija, within_competences=True, no_inadmissible_ground=True
        )
    petition = services.petition_file(petition=petition, actor=khadija)
    assert petition.status == "filed" and petition.filed_signature_count == 0


def test_a_young_association_is_refused_with_the_reason(khadija, oulad_said):
    from tadafur.associations.models import Association, Representative

    association = Association.objects.create(
        registration_reference="RD-OULADSAID-2024-011",
        name_fr="Chabab",
        name_ar="شباب",
        founding_date=dt.date(2024, 1, 20),
        seat=oulad_said,
        status="verified",
        in_good_standing=True,
        democratic_functioning=True,
    )
    Representative.objects.create(association=association, user=khadija, since=dt.date(2024, 1, 20))
    with pytest.raises(NotAllowed) as refused:
        draft(khadija, oulad_said, kind=PetitionKind.LOCAL_ASSOCIATION, association=association)
    assert "more than 3 years" in refused.value.message


def test_a_national_petition_needs_its_committee_to_file(amina, youssef):
    from tadafur.petitions.models import MemberRole

    others = [resident(amina.resident_of) for _ in range(4)]
    petition = collecting(
        amina,
        None,
        kind=PetitionKind.NATIONAL_PETITION,
        addressee="head_of_government",
        members=[(others[0], MemberRole.DEPUTY), *((u, MemberRole.COMMITTEE) for u in others[1:3])],
    )
    seed(petition, selectors.required_signatures(petition), [amina.resident_of])
    with pytest.raises(NotAllowed) as refused:
        services.petition_file(petition=petition, actor=amina)
    assert "5 members" in refused.value.message


def test_signers_who_asked_hear_of_the_filing_and_the_others_do_not(
    youssef, oulad_said, django_capture_on_commit_callbacks
):
    petition = collecting(youssef, oulad_said)
    keen = resident(oulad_said, preferred_language="fr")
    quiet = resident(oulad_said)
    services.petition_sign(petition=petition, actor=keen, cnie="AB1", consent=True, notify=True)
    services.petition_sign(petition=petition, actor=quiet, cnie="AB2", consent=True)
    seed(petition, 98)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_file(petition=petition, actor=youssef)
    recipients = [m.to for m in mail.outbox]
    assert [keen.email] in recipients and [quiet.email] not in recipients
    news = next(m for m in mail.outbox if m.to == [keen.email])
    assert petition.title in news.subject and news.extra_headers["Content-Language"] == "fr"
