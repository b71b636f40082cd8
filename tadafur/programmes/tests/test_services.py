import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from freezegun import freeze_time

from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.programmes import selectors, services
from tadafur.programmes.models import Comment, Programme, Ranking
from tadafur.programmes.tests.conftest import make_project

pytestmark = pytest.mark.django_db


def test_rachid_launches_settat_pac_for_six_years(pac, settat):
    assert (pac.kind, pac.start_year, pac.end_year, pac.phase) == ("pac", 2022, 2027, "launch")
    assert pac.launch_at is not None
    assert AuditEntry.objects.filter(action="programme.launch", collectivity=settat).exists()


def test_a_province_gets_a_pdp_and_a_region_a_pdr(settat_province, platform_admin):
    assert services.programme_create(collectivity=settat_province, start_year=2022, actor=platform_admin).kind == "pdp"
    region = settat_province.parent
    assert services.programme_create(collectivity=region, start_year=2022, actor=platform_admin).kind == "pdr"


def test_one_programme_per_collectivity_and_mandate(pac, settat, rachid):
    with pytest.raises(ValidationFailed):
        services.programme_create(collectivity=settat, start_year=2022, actor=rachid)
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(collectivity=settat, kind="pac", start_year=2022, end_year=2027)


def test_a_programme_covers_six_years(settat, rachid):
    with pytest.raises(ValidationFailed):
        services.programme_create(collectivity=settat, start_year=2022, end_year=2025, actor=rachid)


def test_said_edits_his_communes_programme_but_not_another(pac, said, oulad_said):
    services.axis_add(programme=pac, title_ar="محور", title_fr="Axe", order=1, actor=said)
    with pytest.raises(NotAllowed):
        services.programme_create(collectivity=oulad_said, start_year=2022, actor=said)


def test_amina_and_fatima_cannot_edit_the_programme(pac, amina, fatima):
    for person in (amina, fatima):
        with pytest.raises(NotAllowed):
            services.axis_add(programme=pac, title_ar="محور", title_fr="Axe", order=1, actor=person)


def test_project_years_and_estimate_are_checked(axes, rachid):
    with pytest.raises(ValidationFailed):
        make_project(axes[0], rachid, start_year=2021)
    with pytest.raises(ValidationFailed):
        make_project(axes[0], rachid, first_three_years=Decimal("6000000"))


def test_progress_update_is_audited_and_done_means_100(project, rachid):
    with pytest.raises(ValidationFailed):
        services.project_progress_update(project=project, status="done", progress=90, executed=Decimal(1), actor=rachid)
    services.project_progress_update(
        project=project, status="in_progress", progress=40, executed=Decimal("1200000"), actor=rachid
    )
    project.refresh_from_db()
    assert (project.status, project.progress, project.executed) == ("in_progress", 40, Decimal("1200000"))
    entry = AuditEntry.objects.get(action="programme.project_progress")
    assert entry.changes["before"]["progress"] == 0 and entry.changes["after"]["progress"] == 40


def test_consultation_needs_its_dates_first(pac, rachid):
    for step in ("diagnosis", "priorities", "drafting"):
        services.programme_advance(programme=pac, to=step, actor=rachid)
    with pytest.raises(ValidationFailed):
        services.programme_advance(programme=pac, to="consultation", actor=rachid)


@freeze_time("2022-11-15")
def test_amina_comments_and_ranks_once_during_the_window(in_consultation, axes, amina):
    services.comment_post(programme=in_consultation, text="نريد إنارة في الحي", axis=axes[0], actor=amina)
    services.ranking_submit(programme=in_consultation, order=[axes[2].pk, axes[0].pk, axes[1].pk], actor=amina)
    with pytest.raises(ValidationFailed):
        services.ranking_submit(programme=in_consultation, order=[axes[0].pk, axes[1].pk, axes[2].pk], actor=amina)
    ranking = Ranking.objects.get()
    assert (ranking.sex, ranking.age_band, ranking.commune.code) == ("woman", "25_34", "06.461.01.15")
    # The audit records the act, not Amina's choices.
    entry = AuditEntry.objects.get(action="programme.rank")
    assert entry.changes == {"before": {}, "after": {}}
    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.create(programme=in_consultation, voter=amina, order=[])


@freeze_time("2022-11-15")
def test_a_ranking_must_rank_every_priority_once(in_consultation, axes, amina):
    with pytest.raises(ValidationFailed):
        services.ranking_submit(programme=in_consultation, order=[axes[0].pk, axes[0].pk, axes[1].pk], actor=amina)
    with pytest.raises(ValidationFailed):
        services.ranking_submit(programme=in_consultation, order=[axes[0].pk], actor=amina)


@pytest.mark.parametrize("day", ["2022-10-31", "2022-12-01"])
def test_amina_cannot_comment_outside_the_window(in_consultation, amina, day):
    with freeze_time(day), pytest.raises(NotAllowed, match="not open"):
        services.comment_post(programme=in_consultation, text="متأخر", actor=amina)
    assert not Comment.objects.exists()


@freeze_time("2022-11-15")
def test_youssef_of_oulad_said_cannot_take_part_in_settat_consultation(in_consultation, youssef):
    with pytest.raises(NotAllowed, match="verified residents"):
        services.comment_post(programme=in_consultation, text="تعليق", actor=youssef)


@freeze_time("2022-11-15")
def test_a_settat_resident_takes_part_in_the_province_programme(settat_province, platform_admin, amina):
    pdp = services.programme_create(collectivity=settat_province, start_year=2022, actor=platform_admin)
    services.axis_add(programme=pdp, title_ar="محور", title_fr="Axe", order=1, actor=platform_admin)
    from tadafur.programmes.tests.conftest import advance_to

    advance_to(pdp, "consultation", platform_admin)
    assert services.comment_post(programme=pdp, text="تعليق", actor=amina).commune.code == "06.461.01.15"


def test_counts_by_sex_suppress_small_cells(in_consultation, axes, amina):
    from tadafur.accounts.tests.factories import UserFactory

    with freeze_time("2022-11-15"):
        services.comment_post(programme=in_consultation, text="1", actor=amina)
        for _ in range(5):
            man = UserFactory(
                sex="man", birth_year=1980, identity_level="resident_verified", resident_of=amina.resident_of
            )
            services.ranking_submit(programme=in_consultation, order=[a.pk for a in reversed(axes)], actor=man)
    comments = selectors.comment_breakdown(in_consultation)
    assert comments.total == 1 and comments.by_sex == [("Woman", None)]
    rankings = selectors.ranking_breakdown(in_consultation)
    assert rankings.by_sex == [("Man", 5)] and rankings.by_age == [("35–49", 5)]
    result = selectors.ranking_result(in_consultation)
    assert [axis.pk for axis, _score, _firsts in result] == [axes[2].pk, axes[1].pk, axes[0].pk]


def test_what_changed_is_recorded_only_after_the_consultation(pac, in_consultation, rachid):
    with pytest.raises(ValidationFailed):
        services.consultation_change_record(
            programme=pac, input_summary="x", taken_up=False, response=" ", actor=rachid
        )
    change = services.consultation_change_record(
        programme=pac, input_summary="مسبح مغطى", taken_up=False, response="كلفة التسيير مرتفعة", actor=rachid
    )
    assert not change.taken_up


def test_what_changed_cannot_be_recorded_before_consultation(pac, rachid):
    with pytest.raises(InvalidTransition):
        services.consultation_change_record(programme=pac, input_summary="x", taken_up=True, response="y", actor=rachid)


def test_adoption_needs_a_majority_for(in_consultation, said):
    with pytest.raises(ValidationFailed):
        services.programme_adopt(
            programme=in_consultation,
            session=dt.date(2023, 2, 7),
            votes_for=10,
            votes_against=10,
            votes_abstain=0,
            actor=said,
        )
    services.programme_adopt(
        programme=in_consultation,
        session=dt.date(2023, 2, 7),
        votes_for=31,
        votes_against=4,
        votes_abstain=2,
        actor=said,
    )
    in_consultation.refresh_from_db()
    assert (in_consultation.phase, in_consultation.votes_for, in_consultation.adoption_session) == (
        "adopted",
        31,
        dt.date(2023, 2, 7),
    )


def test_mid_term_evaluation_keeps_execution_and_is_recorded_once(in_consultation, said):
    services.programme_adopt(
        programme=in_consultation,
        session=dt.date(2023, 2, 7),
        votes_for=31,
        votes_against=4,
        votes_abstain=2,
        actor=said,
    )
    services.programme_advance(programme=in_consultation, to="execution", actor=said)
    services.evaluation_record(
        programme=in_consultation, kind="mid_term", held_on=dt.date(2025, 6, 1), findings="ok", actor=said
    )
    in_consultation.refresh_from_db()
    assert in_consultation.phase == "execution"
    with pytest.raises(ValidationFailed):
        services.evaluation_record(
            programme=in_consultation, kind="mid_term", held_on=dt.date(2025, 7, 1), findings="x", actor=said
        )


def test_execution_report_weights_progress_by_cost(axes, rachid):
    make_project(axes[0], rachid, cost=Decimal(3000), first_three_years=Decimal(0), start_year=2023)
    big = make_project(axes[0], rachid, cost=Decimal(1000), first_three_years=Decimal(0), start_year=2023)
    make_project(axes[0], rachid, cost=Decimal(9000), first_three_years=Decimal(0), start_year=2026, end_year=2027)
    services.project_progress_update(project=big, status="done", progress=100, executed=Decimal(900), actor=rachid)
    report = selectors.execution_report(axes[0].programme, 2024)
    first = report["axes"][0]
    assert len(first.projects) == 2  # the 2026 project is not planned yet in 2024
    assert (first.cost, first.executed, first.progress) == (Decimal(4000), Decimal(900), 25)
