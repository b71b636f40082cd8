"""Every role × (own collectivity, another collectivity) × every registered action.

The expectation table is written once below, by hand: the roles that may do each action in
their own collectivity. Nobody may act in another collectivity, except the platform
administrator, who may do everything everywhere. A module that registers a new action with
`permissions.register_action` must add its row here, or test_every_registered_action_has_a_row fails.
"""

import importlib

import pytest

from tadafur.accounts import permissions
from tadafur.accounts.roles import Role
from tadafur.accounts.services import role_grant
from tadafur.accounts.tests.factories import UserFactory

R = Role
EXPECTED: dict[str, set[Role]] = {
    #  action              roles allowed in their own collectivity
    "import_roll": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "verify_in_person": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "view_roles": {R.STAFF_AGENT, R.COUNCIL_PRESIDENT, R.BUREAU_MEMBER, R.COLLECTIVITY_ADMIN},
    "manage_roles": {R.COLLECTIVITY_ADMIN},
    "read_audit_log": {R.COLLECTIVITY_ADMIN},
    # Consultative bodies (tadafur/bodies/permissions.py). The body-scoped actions are checked
    # here against the collectivity: "secretary of some body there"; per-body scope is tested
    # in tadafur/bodies/tests/test_permissions.py.
    "body.create": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "body.refer": {R.COUNCIL_PRESIDENT, R.BUREAU_MEMBER},
    "body.answer_opinion": {R.COUNCIL_PRESIDENT, R.BUREAU_MEMBER},
    "body.update_followup": {R.COUNCIL_PRESIDENT, R.BUREAU_MEMBER, R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "body.manage_meetings": {R.BODY_SECRETARY},
    "body.draft_opinion": {R.BODY_SECRETARY},
    # Petitions (tadafur/petitions/permissions.py): staff record the bureau's review and
    # decision, the president and bureau decide; the president records the deliberation.
    "petition.review": {R.STAFF_AGENT, R.COUNCIL_PRESIDENT, R.BUREAU_MEMBER},
    "petition.decide": {R.STAFF_AGENT, R.COUNCIL_PRESIDENT, R.BUREAU_MEMBER},
    "petition.deliberate": {R.COUNCIL_PRESIDENT},
    # Paper sheets are typed by staff agents; the council copy of the signature list (names,
    # CNIE numbers) is read by staff agents and the president, who receives the filing.
    "petition.type_paper": {R.STAFF_AGENT},
    "petition.signature_list": {R.STAFF_AGENT, R.COUNCIL_PRESIDENT},
    # Participatory budgets (tadafur/budgets/permissions.py): staff run cycles and the technical
    # review; the gender review is the equality body's secretary's (checked here as "secretary
    # of some body there"; tadafur/budgets/tests/test_cycle.py checks it is the IEECAG's) or staff's.
    "budget.manage": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "budget.review": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "budget.gender_review": {R.BODY_SECRETARY, R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "budget.desk": {R.STAFF_AGENT},
    # Action programmes (tadafur/programmes/permissions.py): the president prepares the
    # programme (OL 113.14 art. 78) with the staff and administrators. Taking part in the
    # consultation is for verified residents during the window (tadafur/programmes/tests).
    "programme.edit": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN, R.COUNCIL_PRESIDENT},
}

# Later modules keep their hand-written rows beside their own tests, in
# tadafur/<app>/tests/role_rows.py as `ROWS: dict[str, set[Role]]`, merged here.
ROW_MODULES = (
    "notifications",
    "comments",
    "reach",
    "council",
    "news",
    "inforequests",
    "feedback",
    "steering",
    "dashboards",
    "opendata",
    "cocreation",
)
for _app in ROW_MODULES:
    try:
        _rows = importlib.import_module(f"tadafur.{_app}.tests.role_rows").ROWS
    except ModuleNotFoundError:
        continue
    assert not set(_rows) & set(EXPECTED), f"{_app} repeats a row"
    EXPECTED.update(_rows)


def expected(action: str, role: Role, where: str) -> bool:
    if role == Role.PLATFORM_ADMIN:
        return True
    return where == "own" and role in EXPECTED[action]


def test_every_registered_action_has_a_row():
    assert set(permissions.ACTIONS) == set(EXPECTED)


def test_registered_roles_match_the_table():
    for name, action in permissions.ACTIONS.items():
        assert action.roles == EXPECTED[name], name


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("where", ["own", "other"])
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_role_matrix(action, where, role, settat, oulad_said):
    user = UserFactory()
    role_grant(user=user, role=role, collectivity=settat, actor=None, check_permission=False)
    target = settat if where == "own" else oulad_said
    decision = permissions.ACTIONS[action].check(user, target)
    assert bool(decision) is expected(action, role, where), (action, role, where, decision.reason)
    if not decision:
        assert str(decision.reason), "a denial must say why"


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_anonymous_and_closed_accounts_are_refused_with_a_reason(action, settat):
    from django.contrib.auth.models import AnonymousUser

    assert str(permissions.ACTIONS[action].check(AnonymousUser(), settat).reason) == "Log in first."
    user = UserFactory(is_active=False)
    role_grant(user=user, role=Role.COLLECTIVITY_ADMIN, collectivity=settat, actor=None, check_permission=False)
    assert not permissions.ACTIONS[action].check(user, settat)


@pytest.mark.django_db
def test_a_commune_role_does_not_extend_to_its_province(settat_province, rachid):
    assert not permissions.can_verify_in_person(rachid, settat_province)
