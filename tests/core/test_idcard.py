"""公民身份号码: checksum, birth date, gender, legacy numbers and spreadsheet damage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.core.common.errors import ValidationError
from dangjian.core.common.idcard import (
    IdCard,
    check_digit,
    id_tail,
    is_valid_id,
    make_id,
    mask_id,
    parse_id,
    upgrade_15,
)

# 11010519491231002X is the example printed in GB 11643-1999 itself.
STANDARD_EXAMPLE = "11010519491231002X"
TODAY = date(2024, 6, 1)


def reason(value: object, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as info:
        parse_id(value, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == "公民身份号码"
    assert str(info.value) == f"公民身份号码：{info.value.reason}"
    return info.value.reason


def test_standard_example_parses_into_its_parts() -> None:
    card = parse_id(STANDARD_EXAMPLE)
    assert card == IdCard(
        number="11010519491231002X", birth_date=date(1949, 12, 31), gender="女", region_code="110105"
    )
    assert card.masked == "110105********002X"
    assert str(card) == STANDARD_EXAMPLE


def test_check_digit_of_standard_examples() -> None:
    assert check_digit("11010519491231002") == "X"
    assert check_digit("44052418800101001") == "4"  # GB 11643 appendix example 440524188001010014
    with pytest.raises(ValueError):
        check_digit("1101051949123100")
    with pytest.raises(ValueError):
        check_digit("1101051949123100X")


def test_gender_from_17th_digit() -> None:
    assert parse_id(make_id("430121", date(1985, 7, 1), 12, "男")).gender == "男"
    assert parse_id(make_id("430121", date(1985, 7, 1), 12, "女")).gender == "女"


def test_normalises_spaces_full_width_digits_and_lower_case_x() -> None:
    assert parse_id("110105 19491231 002x").number == STANDARD_EXAMPLE
    assert parse_id("\u3000１１０１０５１９４９１２３１００２ｘ\xa0").number == STANDARD_EXAMPLE
    assert parse_id("'11010519491231002X").number == STANDARD_EXAMPLE  # Excel's text prefix
    number = make_id("430121", date(1985, 7, 1), 3, "男")
    assert parse_id(number + ".0").number == number  # a whole number exported as "….0" text


def test_wrong_length() -> None:
    assert reason("1101051949123100") == "位数不对（应为18位，实际16位）"
    assert reason("1101051949123100211") == "位数不对（应为18位，实际19位）"


def test_illegal_characters() -> None:
    assert reason("11010519491231002Y") == "含有非法字符“Y”"
    assert reason("1101051949-231002X") == "含有非法字符“-”"
    assert reason("X10105194912310021") == "含有非法字符（X只能出现在最后一位）"
    assert reason(True) == "含有非法字符"


def test_empty() -> None:
    assert reason(None) == "不能为空"
    assert reason(" \u3000 ") == "不能为空"


def test_wrong_check_digit_names_the_right_one() -> None:
    assert reason("110105194912310021") == "校验码错误（应为X）"


def test_impossible_birth_dates() -> None:
    assert reason("110105198502300012", today=TODAY) == "出生日期无效（19850230不是真实日期）"
    first17 = "11010518991231001"
    assert reason(first17 + check_digit(first17)) == "出生日期无效（1899-12-31早于1900年）"
    first17 = "11010520240602001"
    assert reason(first17 + check_digit(first17), today=TODAY) == "出生日期无效（2024-06-02晚于今天）"
    assert parse_id(make_id("110105", TODAY, 1, "男"), today=TODAY).birth_date == TODAY


def test_scientific_notation_text_from_excel_is_refused() -> None:
    expected = "号码已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整号码"
    assert reason("4.30121198507E+17") == expected
    assert reason("4.30121E+17") == expected
    assert reason(Decimal("4.30121198507E+17")) == expected


def test_numeric_cells_that_lost_digits_are_refused() -> None:
    expected = "号码已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整号码"
    number = make_id("430121", date(1985, 7, 1), 12, "男")
    assert reason(float(number)) == expected  # any 18-digit float lost digits (only 15-17 are kept)
    assert reason(4.30121198507e17) == expected
    assert reason(int(number[:15] + "000")) == expected  # what Excel keeps: 15 digits, then zeros


def test_exact_numeric_cells_are_accepted() -> None:
    number = make_id("430121", date(1985, 7, 1), 12, "男")
    if number.endswith("X"):  # pragma: no cover - make_id above is deterministic
        pytest.skip("an X cannot be a number")
    assert parse_id(int(number)).number == number
    # 15-digit legacy numbers fit in a float exactly.
    assert parse_id(110105491231002.0, allow_legacy=True).number == "11010519491231002X"


def test_text_ending_in_000_hints_at_spreadsheet_damage() -> None:
    assert reason("430121198507011000") == (
        "校验码错误（应为2）；末三位为000，可能是表格软件把号码转成了数字，请将该列设置为文本后重新填写"
    )


def test_legacy_15_digit_numbers() -> None:
    assert upgrade_15("110105491231002") == "11010519491231002X"
    assert reason("110105491231002") == (
        "这是15位旧号码，请改填18位号码（按规则可升级为11010519491231002X，请与本人核对）"
    )
    card = parse_id("110105491231002", allow_legacy=True)
    assert card.number == "11010519491231002X"
    assert card.birth_date == date(1949, 12, 31)
    assert card.gender == "女"
    assert reason("110105850230002", allow_legacy=True) == "出生日期无效（19850230不是真实日期）"
    with pytest.raises(ValidationError, match="不是15位旧号码"):
        upgrade_15("11010519491231002X")


def test_is_valid_id() -> None:
    assert is_valid_id(STANDARD_EXAMPLE)
    assert not is_valid_id("110105194912310021")
    assert not is_valid_id("110105491231002")
    assert is_valid_id("110105491231002", allow_legacy=True)


def test_mask_and_tail() -> None:
    assert mask_id("43012119850701123X") == "430121********123X"
    assert mask_id("") == ""
    assert mask_id(None) == ""
    assert mask_id("12345") == "*****"
    assert id_tail("43012119850701123X") == "123X"
    assert id_tail("43012119850701123X", 6) == "01123X"
    assert id_tail(None) == ""


def test_make_id_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        make_id("43012", date(1985, 1, 1), 1, "男")
    with pytest.raises(ValueError):
        make_id("430121", date(1985, 1, 1), 100, "男")
    with pytest.raises(ValueError):
        make_id("430121", date(1985, 1, 1), 1, "M")


regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=date(1900, 1, 1), max_value=date.today())


@given(regions, births, st.integers(0, 99), st.sampled_from(["男", "女"]))
def test_make_id_round_trips_through_parse_id(region: str, birth: date, seq: int, gender: str) -> None:
    number = make_id(region, birth, seq, gender)
    card = parse_id(number)
    assert card.number == number
    assert card.birth_date == birth
    assert card.gender == gender
    assert card.region_code == region
    assert parse_id(number.lower()) == card
    assert mask_id(number) == number[:6] + "********" + number[-4:]


genders = st.sampled_from(["男", "女"])


@given(regions, births, st.integers(0, 99), genders, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_error_is_caught(
    region: str, birth: date, seq: int, gender: str, position: int, delta: int
) -> None:
    number = make_id(region, birth, seq, gender)
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_id(wrong)


@given(regions, st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), st.integers(0, 999))
def test_upgrade_15_round_trip(region: str, birth: date, seq: int) -> None:
    legacy = f"{region}{birth:%y%m%d}{seq:03d}"
    card = parse_id(legacy, allow_legacy=True)
    assert card.number == upgrade_15(legacy)
    assert card.number[:6] + card.number[8:17] == legacy
    assert card.birth_date == birth
    assert card.gender == ("男" if seq % 2 else "女")
