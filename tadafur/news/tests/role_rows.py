"""Hand-written rows of the role matrix for news (merged by tadafur/accounts/tests/test_role_matrix.py)."""

from tadafur.accounts.roles import Role as R

ROWS = {
    # The collectivity's communication is its administration's: staff agents and administrators.
    "news.publish": {R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
}
