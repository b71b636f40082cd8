"""Role-matrix rows of this app, merged by tadafur/accounts/tests/test_role_matrix.py."""

from tadafur.accounts.roles import Role

R = Role
# The commune's staff acknowledge, assign and resolve service reports.
ROWS: dict[str, set[Role]] = {
    "feedback.handle": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
}
