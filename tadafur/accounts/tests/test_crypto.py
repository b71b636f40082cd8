import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tadafur.core.crypto import cnie_hash, decrypt, encrypt, normalise_cnie

LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2)
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=6)


@pytest.mark.parametrize("raw", ["ab123456", " AB 123 456 ", "ab-123-456", "Ab123456"])
def test_cnie_is_uppercased_and_stripped(raw):
    assert normalise_cnie(raw) == "AB123456"


@pytest.mark.parametrize("raw", ["", "123456", "ABC12345", "AB1234567", "A-", "Ⅻ12", "A1B2"])
def test_malformed_cnie_is_rejected_with_an_example(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_cnie(raw)
    assert "AB123456" in exc.value.messages[0]


@given(letters=LETTERS, digits=DIGITS, lower=st.booleans(), sep=st.sampled_from(["", " ", "-", " - "]))
def test_normalise_accepts_every_valid_shape_and_is_idempotent(letters, digits, lower, sep):
    raw = (letters.lower() if lower else letters) + sep + digits
    value = normalise_cnie(raw)
    assert value == letters + digits
    assert normalise_cnie(value) == value


@given(st.text(max_size=12))
def test_normalise_never_returns_an_invalid_value(raw):
    try:
        value = normalise_cnie(raw)
    except ValidationError:
        return
    assert value.isupper() or value.isalnum()
    assert value[0].isalpha() and value[-1].isdigit()


def test_hash_is_keyed_and_spelling_independent(settings):
    assert cnie_hash("ab 123456") == cnie_hash("AB123456")
    first = cnie_hash("AB123456")
    settings.PII_HASH_KEY = "another key"
    assert cnie_hash("AB123456") != first
    assert "AB123456" not in first


def test_encryption_round_trips_and_detects_tampering():
    token = encrypt("AB123456")
    assert "AB123456" not in token
    assert decrypt(token) == "AB123456"
    with pytest.raises(ValueError):
        decrypt(token[:-4] + "AAAA")
