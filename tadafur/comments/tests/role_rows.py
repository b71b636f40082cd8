"""Hand-written rows of the role matrix for the comments app (merged by accounts' test_role_matrix)."""

from tadafur.accounts.roles import Role

ROWS: dict[str, set[Role]] = {
    "comment.moderate": {Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN},
}
