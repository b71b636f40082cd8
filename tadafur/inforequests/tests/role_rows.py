"""Role-matrix rows of this app, merged by tadafur/accounts/tests/test_role_matrix.py."""

from tadafur.accounts.roles import Role

R = Role
# The collectivity's staff handle its information requests (Law 31.13: a designated officer).
ROWS: dict[str, set[Role]] = {
    "inforequest.handle": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
}
