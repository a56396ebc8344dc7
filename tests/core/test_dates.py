"""Dates as written in rosters: partial dates, Excel serials, Chinese forms."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import from_excel

from dangjian.core.common.dates import (
    PartialDate,
    add_months,
    from_excel_serial,
    parse_date,
    parse_partial_date,
    years_between,
)
from dangjian.core.common.errors import ValidationError

FIELD = "入党日期"


def reason(value: object) -> str:
    with pytest.raises(ValidationError) as info:
        parse_partial_date(value, FIELD)
    assert info.value.field == FIELD
    assert str(info.value).startswith("入党日期：")
    return info.value.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985.07", PartialDate(1985, 7)),
        ("1985.7", PartialDate(1985, 7)),
        ("1985.1", PartialDate(1985, 1)),  # typed as text the meaning is clear: January
        ("1985.10", PartialDate(1985, 10)),
        ("1985年7月", PartialDate(1985, 7)),
        ("1985年07月", PartialDate(1985, 7)),
        ("1985年7月1日", PartialDate(1985, 7, 1)),
        ("1985年7月1号", PartialDate(1985, 7, 1)),
        ("1985-07-01", PartialDate(1985, 7, 1)),
        ("1985-7-1", PartialDate(1985, 7, 1)),
        ("1985/7/1", PartialDate(1985, 7, 1)),
        ("1985.7.1", PartialDate(1985, 7, 1)),
        ("19850701", PartialDate(1985, 7, 1)),
        ("198507", PartialDate(1985, 7)),
        ("1985-07", PartialDate(1985, 7)),
        ("1985", PartialDate(1985)),
        ("1985年", PartialDate(1985)),
        ("１９８５．０７", PartialDate(1985, 7)),
        ("１９８５年７月１日", PartialDate(1985, 7, 1)),
        ("1985 年 7 月", PartialDate(1985, 7)),
        ("\u30001985-07-01\xa0", PartialDate(1985, 7, 1)),
        ("1985-07-01 00:00:00", PartialDate(1985, 7, 1)),
        ("1985-07-01T08:30", PartialDate(1985, 7, 1)),
    ],
)
def test_written_forms(text: str, expected: PartialDate) -> None:
    assert parse_partial_date(text, FIELD) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(1985, 7, 1, 8, 30), PartialDate(1985, 7, 1)),
        (date(1985, 7, 1), PartialDate(1985, 7, 1)),
        (PartialDate(1985, 7), PartialDate(1985, 7)),
        (31229, PartialDate(1985, 7, 1)),  # Excel serial of 1985-07-01
        (31229.75, PartialDate(1985, 7, 1)),  # serial with a time of day
        (1985, PartialDate(1985)),  # a year typed into a number cell
        (198507, PartialDate(1985, 7)),
        (19850701, PartialDate(1985, 7, 1)),
        (1985.07, PartialDate(1985, 7)),  # "1985.07" typed into a General cell becomes this float
        (1985.7, PartialDate(1985, 7)),
        (1985.12, PartialDate(1985, 12)),
        (59, PartialDate(1900, 2, 28)),
        (61, PartialDate(1900, 3, 1)),
        (1, PartialDate(1900, 1, 1)),
    ],
)
def test_cell_values(value: object, expected: PartialDate) -> None:
    assert parse_partial_date(value, FIELD) == expected


def test_refusals_name_the_field_and_the_problem() -> None:
    hint = "请写成 1985-07-01、1985.07 或 1985年7月"
    assert reason("1985年2月30日") == "“1985年2月30日”不是真实日期（1985年2月没有30日）"
    assert reason("2023-02-29") == "“2023-02-29”不是真实日期（2023年2月没有29日）"
    assert reason("19850230") == "“19850230”不是真实日期（1985年2月没有30日）"
    assert reason("1985-13") == "“1985-13”的月份应为1至12"
    assert reason("1985.00") == "“1985.00”的月份应为1至12"
    assert reason("去年七月") == f"“去年七月”不是有效日期，{hint}"
    assert reason("31229") == f"“31229”不是有效日期，{hint}"
    assert reason("1850") == "年份1850超出范围（1900-2100年）"
    assert reason(1850) == "年份1850超出范围（1900-2100年）"
    assert reason(date(1850, 1, 1)) == "年份1850超出范围（1900-2100年）"
    assert reason("") == "不能为空"
    assert reason("\u3000") == "不能为空"
    assert reason(None) == "不能为空"
    assert reason(True) == f"“True”不是日期，{hint}"
    assert reason(60) == f"“60”不是日期，{hint}"  # Excel's imaginary 1900-02-29
    assert reason(-5) == f"“-5”不是日期，{hint}"


def test_float_1985_point_1_is_ambiguous() -> None:
    # "1985.1" and "1985.10" typed into a number cell are the same float.
    assert reason(1985.1) == "“1985.1”无法确定是1985年1月还是10月，请写成 1985-01 或 1985-10"


def test_parse_date_needs_a_day() -> None:
    assert parse_date("1985年7月1日", "出生日期") == date(1985, 7, 1)
    assert parse_date(31229, "出生日期") == date(1985, 7, 1)
    with pytest.raises(ValidationError) as info:
        parse_date("1985.07", "出生日期")
    assert str(info.value) == "出生日期：“1985年7月”缺少具体日期，请填写年月日，如 1985-07-01"


def test_partial_date_behaviour() -> None:
    month = PartialDate(1985, 7)
    assert str(month) == "1985-07"
    assert str(PartialDate(1985, 7, 1)) == "1985-07-01"
    assert str(PartialDate(1985)) == "1985"
    assert (PartialDate(1985).precision, month.precision, PartialDate(1985, 7, 1).precision) == (
        "year",
        "month",
        "day",
    )
    assert month.first_day() == date(1985, 7, 1)
    assert month.last_day() == date(1985, 7, 31)
    assert PartialDate(1984, 2).last_day() == date(1984, 2, 29)
    assert PartialDate(1985).last_day() == date(1985, 12, 31)
    assert month.display() == "1985年7月"
    assert PartialDate(1985, 7, 1).to_date() == date(1985, 7, 1)
    with pytest.raises(ValueError):
        month.to_date()
    with pytest.raises(ValueError):
        PartialDate(1985, 2, 30)
    with pytest.raises(ValueError):
        PartialDate(1985, None, 3)
    with pytest.raises(ValueError):
        PartialDate(1985, 13)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 3, 31), -13) == date(2023, 2, 28)
    assert add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)
    assert add_months(date(2024, 5, 10), 12) == date(2025, 5, 10)  # 预备期 one year
    assert add_months(date(2024, 5, 10), 0) == date(2024, 5, 10)


def test_years_between_counts_completed_years() -> None:
    assert years_between(date(1985, 7, 1), date(2024, 6, 30)) == 38
    assert years_between(date(1985, 7, 1), date(2024, 7, 1)) == 39
    assert years_between(date(2000, 2, 29), date(2001, 2, 28)) == 0
    assert years_between(date(2000, 2, 29), date(2001, 3, 1)) == 1
    assert years_between(date(2000, 2, 29), date(2004, 2, 29)) == 4
    assert years_between(date(2024, 7, 1), date(1985, 7, 1)) == -39


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_round_trips_through_its_written_forms(day: date) -> None:
    full = PartialDate.from_date(day)
    assert parse_partial_date(str(full), FIELD) == full
    assert parse_partial_date(full.display(), FIELD) == full
    assert parse_partial_date(f"{day:%Y%m%d}", FIELD) == full
    assert parse_partial_date(f"{day.year}.{day.month}.{day.day}", FIELD) == full
    month = PartialDate(day.year, day.month)
    assert parse_partial_date(str(month), FIELD) == month
    assert parse_partial_date(f"{day.year}.{day.month:02d}", FIELD) == month


@given(st.integers(min_value=10_000, max_value=73_000))
def test_serials_agree_with_openpyxl(serial: int) -> None:
    expected = from_excel(serial).date()
    assert from_excel_serial(serial) == expected
    assert parse_partial_date(serial, FIELD) == PartialDate.from_date(expected)


def test_serial_epoch_and_the_1900_leap_bug() -> None:
    assert from_excel_serial(1) == date(1900, 1, 1)
    assert from_excel_serial(59) == date(1900, 2, 28)
    assert from_excel_serial(61) == date(1900, 3, 1)
    assert from_excel_serial(45292) == date(2024, 1, 1)
    with pytest.raises(ValueError):
        from_excel_serial(60)
    with pytest.raises(ValueError):
        from_excel_serial(0)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 1, 1)), st.integers(-240, 240))
def test_add_months_properties(day: date, months: int) -> None:
    shifted = add_months(day, months)
    assert (shifted.year * 12 + shifted.month) - (day.year * 12 + day.month) == months
    assert shifted.day <= day.day
    assert shifted.day == day.day or (shifted + timedelta(days=1)).day == 1


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)
def test_years_between_is_the_largest_whole_year_shift(start: date, end: date) -> None:
    years = years_between(start, end)
    if end >= start:
        assert add_months(start, 12 * years) <= end
        later = add_months(start, 12 * (years + 1))
        assert later > end or (start.month, start.day) == (2, 29)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=14) | st.sampled_from(
    ["1985-07-01", "1985.07", "1985/7/1", "19850701", "1985", "1985-07-01T08:30", "'1985-07", "1985-13", "2月"]))
def test_plain_ascii_text_reads_as_after_full_normalisation(text: str) -> None:
    """Plain ASCII skips the normalising; a zero-width space in front forces it: same date or same reason."""

    def outcome(value: str) -> object:
        try:
            return parse_partial_date(value, "入党日期")
        except ValidationError as exc:
            return exc.reason

    assert outcome(text) == outcome("\u200b" + text)
