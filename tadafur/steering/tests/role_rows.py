"""Role-matrix rows of the steering committee (merged by tadafur/accounts/tests/test_role_matrix.py).

steering.manage is checked against the committee's province: its steering members (Hassan),
staff agents and administrators run it. steering.report_progress is checked against the
collectivity a recommendation concerns: its council president and staff report progress.
"""

from tadafur.accounts.roles import Role as R

ROWS: dict[str, set[R]] = {
    "steering.manage": {R.STEERING_MEMBER, R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
    "steering.report_progress": {R.COUNCIL_PRESIDENT, R.STAFF_AGENT, R.COLLECTIVITY_ADMIN},
}
