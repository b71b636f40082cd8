"""Demo data for participatory budgets in Settat: a finished 2025 cycle with results, and an
open 2026 cycle in its vote phase. Idempotent: cycles are looked up by collectivity and name.

The finished cycle is replayed at its own dates, so its proposals and ballots are written
directly (the services refuse writes outside the running phase, as they should); its results
go through `results_compute` like any cycle's.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tadafur.accounts.models import IdentityLevel, User
from tadafur.budgets import services
from tadafur.budgets.models import Ballot, BallotChoice, Channel, Cycle, Proposal
from tadafur.budgets.states import ProposalState
from tadafur.core import clock
from tadafur.core.demo import SETTAT

FINISHED = "الميزانية التشاركية لسطات 2025 — Budget participatif de Settat 2025"
OPEN = "الميزانية التشاركية لسطات 2026 — Budget participatif de Settat 2026"

# (title, description, cost, category, beneficiaries, gender marker, author key, proposer kind, proposer name)
PROJECTS_2025 = [
    (
        "إنارة عمومية بالطاقة الشمسية في حي السلام",
        "Éclairage public solaire des ruelles de Hay Salam, "
        "pour que les femmes et les élèves rentrent en sécurité le soir.",
        420_000,
        "lighting",
        ["women", "girls", "everyone"],
        1,
        "amina",
        "citizen",
        "",
    ),
    (
        "فضاء للتعاونيات النسائية",
        "Un local équipé pour trois coopératives féminines de couscous et de tissage, avec une garderie.",
        650_000,
        "economy",
        ["women"],
        2,
        "fatima",
        "body",
        "هيئة المساواة وتكافؤ الفرص ومقاربة النوع",
    ),
    (
        "ملعب القرب بحي مبروكة",
        "Terrain de proximité en gazon synthétique, avec des créneaux réservés aux filles.",
        800_000,
        "sport",
        ["girls", "boys"],
        1,
        "khadija",
        "association",
        "جمعية النهضة للتنمية",
    ),
    (
        "دروس محو الأمية للنساء",
        "Cours d'alphabétisation du soir dans deux maisons de quartier.",
        180_000,
        "education",
        ["women", "elderly"],
        2,
        "khadija",
        "association",
        "جمعية النهضة للتنمية",
    ),
    (
        "تهيئة حديقة عمومية",
        "Réaménagement du jardin public de la place centrale : bancs, ombre, jeux.",
        550_000,
        "environment",
        ["everyone"],
        0,
        "amina",
        "citizen",
        "",
    ),
    (
        "ممرات ولوجيات للأشخاص في وضعية إعاقة",
        "Rampes et trottoirs abaissés autour du marché et du centre de santé.",
        300_000,
        "health",
        ["disability", "elderly"],
        0,
        "amina",
        "citizen",
        "",
    ),
]
PROJECTS_2026 = [
    (
        "حافلة مدرسية للفتيات بالدواوير",
        "Transport scolaire pour les collégiennes des douars.",
        700_000,
        "education",
        ["girls"],
        2,
        "fatima",
        "body",
        "هيئة المساواة وتكافؤ الفرص ومقاربة النوع",
    ),
    (
        "مكتبة الحي",
        "Une bibliothèque de quartier ouverte le soir.",
        400_000,
        "culture",
        ["everyone"],
        0,
        "amina",
        "citizen",
        "",
    ),
    (
        "إنارة طريق المحطة",
        "Éclairage de la route de la gare.",
        350_000,
        "lighting",
        ["everyone", "women"],
        1,
        "amina",
        "citizen",
        "",
    ),
    (
        "قاعة رياضية متعددة الاختصاصات",
        "Salle omnisports couverte.",
        1_200_000,
        "sport",
        ["boys", "girls"],
        0,
        "khadija",
        "association",
        "جمعية النهضة للتنمية",
    ),
]


def _voters(settat: Any, count: int) -> list[User]:
    """Demo residents who vote (no password: they cannot log in)."""
    rng = random.Random(2025)
    voters = []
    for i in range(count):
        user = User.objects.filter(username=f"demo-voter-{i:03d}").first()
        if user is None:
            user = User(
                username=f"demo-voter-{i:03d}",
                display_name=f"Votant·e {i}",
                sex="woman" if rng.random() < 0.46 else "man",
                birth_year=rng.randint(1950, 2008),
                identity_level=IdentityLevel.RESIDENT_VERIFIED,
                resident_of=settat,
                resident_method="roll",
                resident_verified_at=clock.now(),
            )
            user.set_unusable_password()
            user.save()
        voters.append(user)
    return voters


def _proposals(cycle: Cycle, rows: list[tuple], people: dict[str, Any], at: dt.datetime) -> list[Proposal]:
    rachid, fatima = people.get("rachid"), people.get("fatima")
    made = []
    for title, description, cost, category, beneficiaries, marker, author, kind, name in rows:
        made.append(
            Proposal.objects.create(
                cycle=cycle,
                title=title,
                description=description,
                estimated_cost=cost,
                category=category,
                beneficiaries=beneficiaries,
                author=people[author],
                proposer_kind=kind,
                proposer_name=name,
                from_equality_body=kind == "body",
                status=ProposalState.FEASIBLE,
                within_competences=True,
                feasible=True,
                technical_reviewed_at=at,
                technical_reviewer=rachid,
                gender_marker=marker,
                gender_analysis="تحليل النوع: "
                + (
                    "يستهدف النساء والفتيات أساساً."
                    if marker == 2
                    else "يراعي احتياجات النساء."
                    if marker
                    else "لا يستهدف النوع."
                ),
                gender_reviewed_at=at,
                gender_reviewer=fatima,
            )
        )
    rejected = Proposal.objects.create(
        cycle=cycle,
        title="توسيع الطريق الجهوية",
        description="Élargissement de la route régionale.",
        estimated_cost=900_000,
        category="lighting",
        beneficiaries=["everyone"],
        author=people["amina"],
        proposer_kind="citizen",
        status=ProposalState.REJECTED,
        within_competences=False,
        feasible=True,
        review_reasons="Les routes régionales relèvent de la région, pas de la commune.",
        technical_reviewed_at=at,
        technical_reviewer=rachid,
    )
    return [*made, rejected]


def _ballots(cycle: Cycle, projects: list[Proposal], voters: list[User], seed: int, at: dt.datetime) -> None:
    rng = random.Random(seed)
    for voter in voters:
        women = voter.sex == "woman"
        picks = [p for p in projects if rng.random() < (0.65 if women and p.gender_marker else 0.4)]
        budget, chosen = cycle.envelope, []
        for p in picks:
            if p.cost <= budget:
                chosen.append(p)
                budget -= p.cost
        if not chosen:
            continue
        ballot = Ballot.objects.create(
            cycle=cycle,
            voter=voter,
            channel=Channel.ONLINE if rng.random() < 0.85 else Channel.ASSISTED,
            voter_sex=voter.sex,
            voter_birth_year=voter.birth_year,
            cast_at=at,
            changed_at=at,
        )
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, proposal=p) for p in chosen])


# Where the funded 2025 projects stand, in selection order: (status, progress, share spent, milestones).
FOLLOW_UP = [
    (
        "done",
        100,
        0.97,
        [("Études techniques validées", (2025, 7, 1), True), ("Réception des travaux", (2025, 11, 15), True)],
    ),
    ("works", 60, 0.55, [("Attribution du marché", (2025, 9, 1), True), ("Fin des travaux", (2026, 3, 31), False)]),
    (
        "studies",
        20,
        0.1,
        [("Études techniques", (2026, 1, 31), True), ("Lancement de l'appel d'offres", (2026, 4, 30), False)],
    ),
]


def _follow_up(cycle: Cycle, people: dict[str, Any]) -> None:
    """Staff reports on the funded projects, as the commune would publish them."""
    admin = people.get("admin")
    proposals = {p.pk: p for p in Proposal.objects.filter(pk__in=cycle.result.get("selected", []))}
    for pid, (status, progress, spent, milestones) in zip(cycle.result.get("selected", []), FOLLOW_UP, strict=False):
        proposal = proposals[pid]
        services.execution_update(
            proposal=proposal,
            status=status,
            progress=progress,
            spent=int(proposal.cost * spent),
            note="",
            actor=admin,
        )
        for title, (y, m, day), reached in milestones:
            milestone = services.milestone_add(proposal=proposal, title=title, due_on=dt.date(y, m, day), actor=admin)
            if reached:
                services.milestone_done(milestone=milestone, done_on=dt.date(y, m, day), actor=admin)
    # Half-yearly progress since the results, so the dashboards' execution trend has a past.
    from tadafur.budgets.indicators import SNAPSHOTS
    from tadafur.budgets.models import Execution

    SNAPSHOTS.demo(Execution.objects.filter(proposal__in=proposals.values()), since=dt.date(2025, 1, 1))


def load(ctx: Any) -> None:
    settat = ctx.communes[SETTAT]
    people = ctx.people
    if Cycle.objects.filter(collectivity=settat, name=FINISHED).exists():
        ctx.count(False)
        return
    voters = _voters(settat, 80)
    d = dt.datetime
    tz = dt.UTC
    finished = services.cycle_create(
        collectivity=settat,
        name=FINISHED,
        envelope=2_000_000,
        ballot_type="cost_limited",
        rule="mes-add1-greedy",
        gender_floor_percent=30,
        actor=people.get("admin"),
        check_permission=False,
        description=(
            "Premier budget participatif de la commune : 2 000 000 MAD pour des projets proposés "
            "par les habitantes et habitants."
        ),
        starts={
            "information": d(2025, 1, 15, tzinfo=tz),
            "proposals": d(2025, 2, 1, tzinfo=tz),
            "review": d(2025, 3, 15, tzinfo=tz),
            "vote": d(2025, 4, 15, tzinfo=tz),
            "results": d(2025, 5, 15, tzinfo=tz),
            "follow_up": d(2025, 6, 1, tzinfo=tz),
        },
    )
    projects = _proposals(finished, PROJECTS_2025, people, d(2025, 4, 1, tzinfo=tz))
    _ballots(finished, [p for p in projects if p.on_ballot], voters, 2025, d(2025, 4, 20, tzinfo=tz))
    services.results_compute(cycle=finished, actor=people.get("admin"), check_permission=False)
    _follow_up(finished, people)
    ctx.count(True)

    now = clock.now()
    current = services.cycle_create(
        collectivity=settat,
        name=OPEN,
        envelope=2_500_000,
        ballot_type="approval",
        min_choices=1,
        max_choices=3,
        rule="mes-add1-greedy",
        gender_floor_percent=30,
        actor=people.get("admin"),
        check_permission=False,
        starts={
            "information": now - dt.timedelta(days=60),
            "proposals": now - dt.timedelta(days=50),
            "review": now - dt.timedelta(days=25),
            "vote": now - dt.timedelta(days=5),
            "results": now + dt.timedelta(days=25),
            "follow_up": None,
        },
        districts=[("حي السلام — Hay Salam", 1_000_000), ("وسط المدينة — Centre", 1_500_000)],
    )
    projects = _proposals(current, PROJECTS_2026, people, now - dt.timedelta(days=10))
    on_ballot = [p for p in projects if p.on_ballot]
    rng = random.Random(2026)
    for voter in voters[:30]:
        choice = rng.sample(on_ballot, rng.randint(1, 3))
        services.ballot_cast(cycle=current, choices={p.pk: 1 for p in choice}, actor=voter)
    services.codes_generate(cycle=current, count=20, actor=people.get("rachid") or people.get("admin"))
    ctx.count(True)
