from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_rulebook() -> Iterator[None]:
    """Test transactions roll back without a post_save: drop the cached rulebook around each test."""
    from tadafur.petitions import rules

    rules.invalidate()
    yield
    rules.invalidate()
