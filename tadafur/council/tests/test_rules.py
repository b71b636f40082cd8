import datetime as dt

import pytest

from tadafur.council import rules, selectors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "months"),
    [("commune", [2, 5, 10]), ("province", [1, 6, 9]), ("region", [3, 7, 10])],
)
def test_ordinary_session_months_are_data_per_level(level, months):
    rule = selectors.rule_for(level, on=dt.date(2026, 1, 1))
    assert rule is not None and rule.citation
    allowed = [m for m in range(1, 13) if rules.ordinary_month_allowed(rule.ordinary_months, dt.date(2026, m, 3))]
    assert allowed == months


@pytest.mark.django_db
def test_a_jurist_corrects_the_months_without_a_code_change():
    from tadafur.council.models import SessionRule

    SessionRule.objects.create(
        level="province",
        ordinary_months=[3, 6, 10],
        ordinary_notice_days=10,
        extraordinary_notice_days=3,
        citation="OL 112.14 art. 33 (BO corrected)",
        valid_from=dt.date(2026, 6, 1),
    )
    assert selectors.rule_for("province", on=dt.date(2026, 5, 31)).ordinary_months == [1, 6, 9]
    assert selectors.rule_for("province", on=dt.date(2026, 6, 1)).ordinary_months == [3, 6, 10]


@pytest.mark.parametrize(("days_before", "ok"), [(9, False), (10, True), (11, True)])
def test_notice_period_below_at_and_above(days_before, ok):
    session_day = dt.date(2026, 2, 3)
    published = session_day - dt.timedelta(days=days_before)
    assert rules.notice_given(session_day=session_day, published_on=published, notice_days=10) is ok


@pytest.mark.parametrize(
    ("votes", "present", "ok"),
    [
        ((10, 5, 4), 20, True),
        ((10, 5, 5), 20, True),
        ((10, 6, 5), 20, False),
        ((0, 0, 0), 0, True),
        ((-1, 0, 0), 5, False),
    ],
)
def test_vote_counts_cannot_exceed_members_present(votes, present, ok):
    decision = rules.votes_valid(votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2], present=present)
    assert bool(decision) is ok
    if not ok:
        assert str(decision.reason)


@pytest.mark.django_db
def test_a_rule_edit_is_audited_and_months_are_checked(platform_admin, rachid):
    from tadafur.core.errors import NotAllowed, ValidationFailed
    from tadafur.core.models import AuditEntry
    from tadafur.council import services

    rule = selectors.rule_for("province", on=dt.date(2026, 1, 1))
    with pytest.raises(NotAllowed):
        services.session_rule_save(rule=rule, actor=rachid)
    rule.ordinary_months = [13]
    with pytest.raises(ValidationFailed):
        services.session_rule_save(rule=rule, actor=platform_admin)
    rule.ordinary_months = [10, 3, 6]
    services.session_rule_save(rule=rule, actor=platform_admin)
    rule.refresh_from_db()
    assert rule.ordinary_months == [3, 6, 10]
    assert AuditEntry.objects.filter(action="council.session_rule").count() == 1
