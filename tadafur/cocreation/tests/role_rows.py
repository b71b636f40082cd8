"""The co-creation rows of the role matrix (merged by tadafur/accounts/tests/test_role_matrix.py).

Staff run a call; the council president and staff record the selection; the council (president
and bureau) and staff see every application. Association representatives and reviewers act
through object-level rules tested in test_permissions.py, not through a collectivity role.
"""

from tadafur.accounts.roles import Role

R = Role
ROWS: dict[str, set[Role]] = {
    "cocreation.manage": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "cocreation.select": {R.COUNCIL_PRESIDENT, R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "cocreation.see_applications": {R.COUNCIL_PRESIDENT, R.BUREAU_MEMBER, R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
}
