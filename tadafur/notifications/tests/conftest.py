from __future__ import annotations

from typing import Any

import pytest

from tadafur.accounts.tests.factories import UserFactory


@pytest.fixture
def person(db: Any) -> Any:
    """A citizen to order: `person(notify_email=True, preferred_language="fr")`."""

    def make(**extra: Any) -> Any:
        return UserFactory(**extra)

    return make
