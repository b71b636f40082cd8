"""Budgets, bodies and programmes tell their followers, like petitions do (issue 6 §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from tadafur.notifications.models import Follow, Notification
from tadafur.notifications.services import follow_create

pytestmark = pytest.mark.django_db


def _in_english(user):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user


def test_followers_of_a_budget_hear_of_its_results_and_authors_follow_their_cycle(
    settat, amina, youssef, django_capture_on_commit_callbacks
):
    from tadafur.budgets import services as budgets
    from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot, resident
    from tadafur.core import clock

    proposing = make_cycle(settat, phase="proposals")
    budgets.proposal_submit(
        cycle=proposing,
        title="Aire de jeux",
        description="x",
        estimated_cost=50_000,
        category="other",
        beneficiaries=["girls"],
        actor=resident(settat),
    )
    assert Follow.objects.filter(object_id=proposing.pk).count() == 1  # the author follows the cycle

    cycle = make_cycle(settat)
    field = on_ballot(cycle, "Terrain de sport", 300_000)
    budgets.ballot_cast(cycle=cycle, choices={field.pk: 1}, actor=resident(settat))
    follow_create(user=_in_english(amina), obj=cycle)
    with freeze_time(clock.now() + dt.timedelta(days=10)), django_capture_on_commit_callbacks(execute=True):
        budgets.results_compute(cycle=cycle, actor=None, check_permission=False)
    note = Notification.objects.get(user=amina)
    assert note.subject == "Participatory budget “Budget participatif 2026”: the results are published"
    assert not Notification.objects.filter(user=youssef).exists()


def test_followers_of_a_body_hear_of_its_opinions_and_the_councils_answers(
    settat, rachid, fatima, said, amina, django_capture_on_commit_callbacks
):
    from tadafur.bodies import services as bodies
    from tadafur.bodies.tests.conftest import add_member

    body = bodies.body_create(
        collectivity=settat, kind="ieecag", name_ar="هيئة المساواة", name_fr="IEECAG", actor=rachid
    )
    add_member(body, rachid, "فاطمة", user=fatima, bureau_role="secretary")
    follow_create(user=_in_english(amina), obj=body)
    opinion = bodies.opinion_draft(body=body, title="Éclairage et sécurité des femmes", text="…", actor=fatima)
    with django_capture_on_commit_callbacks(execute=True):
        bodies.opinion_adopt(opinion=opinion, actor=fatima)
    with django_capture_on_commit_callbacks(execute=True):
        bodies.opinion_answer(opinion=opinion, verdict="accepted", reasons="Oui.", actor=said)
    subjects = list(Notification.objects.filter(user=amina).order_by("pk").values_list("subject", flat=True))
    assert subjects == ["IEECAG adopted an opinion", "The council answered an opinion of IEECAG"]  # French name


def test_followers_of_a_programme_hear_of_each_new_phase(settat, rachid, amina, django_capture_on_commit_callbacks):
    from tadafur.programmes import services as programmes

    pac = programmes.programme_create(collectivity=settat, start_year=2028, actor=rachid)
    follow_create(user=_in_english(amina), obj=pac)
    with django_capture_on_commit_callbacks(execute=True):
        programmes.programme_advance(programme=pac, to="diagnosis", actor=rachid)
    note = Notification.objects.get(user=amina)
    assert "Diagnosis" in note.subject and str(pac) in note.subject
