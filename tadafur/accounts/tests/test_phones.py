import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tadafur.accounts.phones import mask_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0612345678",
        "06 12 34 56 78",
        "06-12-34-56-78",
        "+212612345678",
        "+212 6 12 34 56 78",
        "00212612345678",
        "212612345678",
        "+212 (0)6 12 34 56 78",
        " 06.12.34.56.78 ",
    ],
)
def test_every_usual_spelling_becomes_e164(raw):
    assert normalise_phone(raw) == "+212612345678"


def test_07_numbers_are_mobiles_too():
    assert normalise_phone("07 00 11 22 33") == "+212700112233"


@pytest.mark.parametrize(
    "raw", ["", "0523401234", "+33612345678", "061234567", "06123456789", "hello", "+2125234012345", "0812345678"]
)
def test_landlines_foreign_and_malformed_numbers_are_rejected_with_an_example(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_phone(raw)
    assert "06 12 34 56 78" in str(exc.value.messages[0])


@given(
    first=st.sampled_from("67"),
    rest=st.text(alphabet="0123456789", min_size=8, max_size=8),
    sep=st.sampled_from(["", " ", "-"]),
)
def test_national_and_international_forms_agree(first, rest, sep):
    digits = first + rest
    national = "0" + sep.join([digits[0], digits[1:3], digits[3:5], digits[5:7], digits[7:]])
    assert normalise_phone(national) == normalise_phone("+212" + sep + digits) == "+212" + digits


def test_mask_keeps_only_the_last_two_digits():
    assert mask_phone("+212612345678").endswith("78")
    assert "1234" not in mask_phone("+212612345678")
