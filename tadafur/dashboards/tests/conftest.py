import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Computed indicators are cached for minutes: each test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


LANDED = ("petitions", "budgets", "bodies", "programmes")


@pytest.fixture
def landed_modules_only(monkeypatch):
    """Only the indicators of the modules these tests seed (petitions, budgets, bodies,
    programmes): query budgets and figures then do not move when another module registers
    indicators of its own (their query cost is theirs to test, see test_indicators)."""
    from tadafur.core import indicators

    monkeypatch.setattr(
        indicators, "_INDICATORS", {k: s for k, s in indicators._INDICATORS.items() if s.module in LANDED}
    )
    monkeypatch.setattr(
        indicators, "_PARTICIPATION", {k: s for k, s in indicators._PARTICIPATION.items() if s.module in LANDED}
    )
