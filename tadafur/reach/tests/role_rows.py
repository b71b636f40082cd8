"""Hand-written rows of the role matrix for the reach app (merged by accounts' test_role_matrix)."""

from tadafur.accounts.roles import Role

ROWS: dict[str, set[Role]] = {
    "reach.assist": {Role.STAFF_AGENT},
}
