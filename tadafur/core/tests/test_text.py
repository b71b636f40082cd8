from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tadafur.core.text import fold


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("أولاد سعيد", "اولاد سعيد"),
        ("إمزورة", "امزورة"),
        ("آيت", "ايت"),
        ("مدرسة", "مدرسه"),
        ("مصطفى", "مصطفي"),
        ("سَطَّات", "سطات"),
        ("ســطــات", "سطات"),
        ("Béni Mellal", "beni mellal"),
        ("SETTAT", "settat"),
        ("Oulad M'rah", "oulad m rah"),
        ("Aïn  Dorbane-Lahlaf", "ain dorbane lahlaf"),
    ],
)
def test_spelling_variants_fold_to_one_key(variant: str, canonical: str) -> None:
    assert fold(variant) == fold(canonical)


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
