from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Assert on the English source strings: reverse() gives /en/ URLs, pages answer in English."""
    with translation.override("en"):
        yield
