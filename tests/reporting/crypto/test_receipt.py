import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporting.crypto import (
    Argon2Params,
    DecryptionError,
    derive_receipt_keys,
    format_receipt_code,
    generate_receipt_code,
    normalise_receipt_code,
    open_symmetric,
    receipt_settings_check,
    seal_symmetric,
)

FAST = Argon2Params(iterations=1, memory_cost_kib=64, lanes=1)


def test_receipt_derivation_vector():
    keys = derive_receipt_keys("0123456789012345", site_salt="vector-salt", params=FAST)
    assert keys.lookup_token == ("e597b7ab821c6491fb0dd073e34b4246b1d487b1fb212347a698fa73558268ec")
    assert keys.wrapping_key.hex() == (
        "48e6e1bec3491ae01e649d7ea03b03dc6b806661e2b22a0d6d09eaad585e5eef"
    )


def test_receipt_settings_check_vector_and_what_it_depends_on():
    check = {"site_salt": "vector-salt", "params": FAST, "secret_key": "vector-secret-key"}
    assert receipt_settings_check(**check) == (
        "bf486cfc408b587ce284137c61af564f07f8f4fa859643426e0f4837c6ad0956"
    )
    others = [
        {**check, "site_salt": "other-salt"},
        {**check, "params": Argon2Params(iterations=2, memory_cost_kib=64, lanes=1)},
        {**check, "secret_key": "other-secret-key"},
    ]
    assert len({receipt_settings_check(**variant) for variant in [check, *others]}) == 4


def test_lookup_token_and_wrapping_key_differ_and_depend_on_the_salt():
    one = derive_receipt_keys("0123456789012345", site_salt="a", params=FAST)
    two = derive_receipt_keys("0123456789012345", site_salt="b", params=FAST)
    assert one.lookup_token != two.lookup_token
    assert one.wrapping_key.hex() != one.lookup_token
    assert "0123" not in repr(one)


def test_generated_codes_are_sixteen_digits():
    codes = {generate_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 16 and c.isascii() and c.isdigit() for c in codes)


def test_format_groups_of_four():
    assert format_receipt_code("1234567890123456") == "1234 5678 9012 3456"


@pytest.mark.parametrize(
    "typed",
    [
        "1234567890123456",
        "1234 5678 9012 3456",
        "1234-5678-9012-3456",
        " 1234 – 5678 – 9012 – 3456 ",
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦",  # Arabic-Indic digits
        "۱۲۳۴ ۵۶۷۸ ۹۰۱۲ ۳۴۵۶",  # Persian digits
    ],
)
def test_normalise_tolerates_separators_and_scripts(typed):
    assert normalise_receipt_code(typed) == "1234567890123456"


@pytest.mark.parametrize(
    "typed", ["", "123", "1234 5678 9012 345", "1234x5678901234567", "12345678901234567"]
)
def test_normalise_rejects_non_codes(typed):
    assert normalise_receipt_code(typed) is None


@given(st.text(max_size=40))
def test_normalise_never_crashes(text):
    result = normalise_receipt_code(text)
    assert result is None or (len(result) == 16 and result.isdigit())


def test_symmetric_round_trip_and_tamper():
    key = bytes(32)
    sealed = seal_symmetric(key, b"secret", aad=b"place")
    assert open_symmetric(key, sealed, aad=b"place") == b"secret"
    with pytest.raises(DecryptionError):
        open_symmetric(key, sealed, aad=b"other place")
    with pytest.raises(DecryptionError):
        open_symmetric(bytes([1]) * 32, sealed, aad=b"place")
    with pytest.raises(DecryptionError):
        open_symmetric(key, sealed[:-1] + bytes([sealed[-1] ^ 1]), aad=b"place")
