"""Object-level permissions: the association's applications, reviewers' assignments."""

import pytest

from tadafur.cocreation import permissions, services

pytestmark = pytest.mark.django_db


def test_khadija_views_her_draft_but_staff_see_only_submitted_ones(draft, khadija, rachid, said, amina):
    assert permissions.can_view_application(khadija, draft)
    assert not permissions.can_view_application(rachid, draft)
    assert not permissions.can_view_application(amina, draft)


def test_staff_and_council_see_submitted_applications_but_not_other_citizens(submitted, rachid, said, amina, hassan):
    assert permissions.can_view_application(rachid, submitted)
    assert permissions.can_view_application(said, submitted)
    assert not permissions.can_view_application(amina, submitted)
    assert not permissions.can_view_application(hassan, submitted)


def test_a_reviewer_sees_her_assignment_only(in_review, submitted, rachid, fatima, hassan):
    assert not permissions.can_view_application(fatima, submitted)
    services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    assert permissions.can_view_application(fatima, submitted)
    assert not permissions.can_view_application(hassan, submitted)


def test_settat_staff_do_not_run_the_provinces_call(settat_province, platform_admin, rachid):
    from tadafur.cocreation.tests.conftest import make_call

    call = make_call(settat_province, platform_admin)
    assert not permissions.can_manage(rachid, call.collectivity)
    assert permissions.can_manage(platform_admin, call.collectivity)
