import pytest

from tadafur.dashboards.tests.conftest import landed_modules_only  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def _landed_indicators(landed_modules_only):  # noqa: F811
    """The indicators dataset computes every registered indicator for 1,600 collectivities:
    only the seeded modules' indicators here, to keep the tests fast."""
