import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from core.demo import uscc_with_check
from core.identifiers import (
    check_credit_code,
    check_resident_id,
    mask_mobile,
    mask_name,
    mask_resident_id,
    normalise_employer_name,
    resident_id_check_character,
    resident_id_note_for_staff,
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


def test_unknown_area_code_is_accepted_and_flagged_for_staff():
    check = check_resident_id("990000199001011239")
    assert check.number == "990000199001011239" and check.area_known is False
    assert "not in our table" in resident_id_note_for_staff("990000199001011239")
    assert resident_id_note_for_staff("11010519491231002X") == ""
    assert resident_id_note_for_staff("") == ""


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


# --- resident ID numbers: every area code, the structure checked by GB 11643 itself -------------------

# Area codes python-stdnum chokes on: KeyError('county') for Macao's 82xxxx, codes missing from its
# table (new districts, residence permits of Hong Kong 81, Macao 82, Taiwan 83), and codes it dates
# after the birth year.
AWKWARD_AREAS = ["829504", "820000", "810000", "830000", "710000", "990000", "000000", "999999", "210211"]
PROPERTY_RUNS = settings(derandomize=True, max_examples=400, deadline=None)


def with_check(area: str, born: datetime.date, sequence: int) -> str:
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_character(first17)


birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31))
areas = st.integers(0, 999_999).map(lambda n: f"{n:06d}") | st.sampled_from(AWKWARD_AREAS)


@PROPERTY_RUNS
@given(area=areas, born=birth_dates, sequence=st.integers(0, 999))
@example(area="829504", born=datetime.date(1990, 1, 1), sequence=123)
@example(area="210211", born=datetime.date(1968, 2, 27), sequence=548)
def test_every_valid_structure_is_accepted_whatever_its_area_code(area, born, sequence):
    number = with_check(area, born, sequence)
    check = check_resident_id(number)
    assert check.number == number
    assert isinstance(check.area_known, bool)
    assert validate_resident_id(number.lower()) == number


@pytest.mark.parametrize("area", [a for a in AWKWARD_AREAS if a != "710000"])
def test_area_codes_stdnum_fails_on_are_accepted(area):
    number = with_check(area, datetime.date(1968, 1, 1), 123)
    with pytest.raises(Exception):  # noqa: B017 - the library's failure, whatever its kind
        ric.validate(number)
    assert validate_resident_id(number) == number


@PROPERTY_RUNS
@given(area=areas, born=birth_dates, sequence=st.integers(0, 999), wrong=st.sampled_from("0123456789X"))
def test_a_wrong_check_character_is_refused_with_a_clear_message(area, born, sequence, wrong):
    number = with_check(area, born, sequence)
    if wrong == number[-1]:
        return
    with pytest.raises(ValidationError, match="check character"):
        check_resident_id(number[:-1] + wrong)


@pytest.mark.parametrize("date", ["19490230", "19491301", "19490000", "19490132", "19000229"])
def test_an_unreal_birth_date_is_refused_with_a_clear_message(date):
    first17 = f"110105{date}002"
    with pytest.raises(ValidationError, match="birth date"):
        check_resident_id(first17 + resident_id_check_character(first17))


def test_a_birth_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="birth date"):
        check_resident_id(with_check("110105", tomorrow, 2))


def test_full_width_digits_are_folded():
    assert validate_resident_id("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"


@PROPERTY_RUNS
@given(
    area=areas,
    born=st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_old_15_digit_numbers_are_accepted_whatever_their_area_code(area, born, sequence):
    number = f"{area}{born:%y%m%d}{sequence:03d}"
    assert check_resident_id(number).number == number


@pytest.mark.parametrize("text", ["", "1234", "11010519491231002Y", "1101051949123100X2", "X" * 18])
def test_a_wrong_shape_is_refused_with_a_clear_message(text):
    with pytest.raises(ValidationError, match="18-digit"):
        check_resident_id(text)
