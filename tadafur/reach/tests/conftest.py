from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def petition(amina: Any, settat: Any) -> Any:
    from tadafur.petitions.tests.helpers import collecting

    return collecting(amina, settat, title="Éclairage de la route Essalam")
