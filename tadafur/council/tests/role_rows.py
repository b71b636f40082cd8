"""Hand-written rows of the role matrix for the council sessions (merged by
tadafur/accounts/tests/test_role_matrix.py)."""

from tadafur.accounts.roles import Role as R

ROWS = {
    # The president convenes and sets the agenda; staff prepare and record sessions for him.
    "council.manage_sessions": {R.STAFF_AGENT, R.COUNCIL_PRESIDENT, R.COLLECTIVITY_ADMIN},
}
