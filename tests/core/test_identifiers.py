import pytest
from django.core.exceptions import ValidationError

from core.demo import uscc_with_check
from core.identifiers import (
    check_credit_code,
    mask_mobile,
    mask_name,
    mask_resident_id,
    normalise_employer_name,
    validate_mobile,
    validate_resident_id,
)


@pytest.mark.parametrize(
    "value", ["11010519491231002X", "11010519491231002x", "110105 19491231 002X", "110105491231002"]
)
def test_valid_resident_ids(value):
    assert validate_resident_id(value) == value.replace(" ", "").upper()


@pytest.mark.parametrize(
    "value",
    [
        "110105194912310021",  # wrong check character
        "11010519491331002X",  # month 13
        "11010519490230002X",  # 30 February
        "1101051949123100",  # too short
        "110105491331002",  # old format, month 13
        "ABCDEFGHIJKLMNOPQR",
        "",
    ],
)
def test_invalid_resident_ids(value):
    with pytest.raises(ValidationError):
        validate_resident_id(value)


def test_area_code_newer_than_the_birth_year_is_accepted():
    # 210211 (甘井子区) is dated after 1968 in stdnum's table, yet people born then carry it.
    assert validate_resident_id("210211196802275484") == "210211196802275484"


def test_unknown_area_code_is_rejected():
    with pytest.raises(ValidationError):
        validate_resident_id("990000199001011238")  # right check character, no such area


def test_credit_code_valid_example():
    check = check_credit_code("91110108551385082Q")
    assert check.code == "91110108551385082Q" and check.checksum_ok


def test_credit_code_bad_checksum_is_a_warning_not_an_error():
    check = check_credit_code("91110108551385082A")
    assert check.code == "91110108551385082A"
    assert check.checksum_ok is False


@pytest.mark.parametrize("value", ["9111010855138508", "91110108551385082QQ", "9111010855138508IO", ""])
def test_credit_code_bad_format_rejected(value):
    with pytest.raises(ValidationError):
        check_credit_code(value)


def test_generated_demo_codes_pass_stdnum():
    assert check_credit_code(uscc_with_check("91210211MA0000001")).checksum_ok


@pytest.mark.parametrize(
    "value,expected", [("13812345678", "13812345678"), ("+86 138-1234-5678", "13812345678")]
)
def test_valid_mobiles(value, expected):
    assert validate_mobile(value) == expected


@pytest.mark.parametrize("value", ["1381234567", "23812345678", "12812345678", "138123456789", "abc"])
def test_invalid_mobiles(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


def test_masks():
    assert mask_resident_id("21020219900101123X") == "2102**********123X"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_name("张三丰") == "张**"


def test_normalised_names_match_loose_typing():
    assert normalise_employer_name("大连宏达建筑工程有限公司") == normalise_employer_name(
        " 大连宏达建筑工程 "
    )
    assert normalise_employer_name("ＡＢＣ Co., Ltd.") == normalise_employer_name("abc")
