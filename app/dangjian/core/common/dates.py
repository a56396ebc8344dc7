"""Dates as people write them in rosters: "1985.07", "1985年7月", Excel serial numbers, full-width digits.

Old paper rosters often record only year and month (入党日期 1985.07); we keep that precision explicitly
in PartialDate instead of inventing a day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import ValidationError
from .textnorm import normalise_text, remove_spaces

MIN_YEAR = 1900
MAX_YEAR = 2100
# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the non-existent 1900-02-29
# (kept for Lotus 1-2-3 compatibility), so from serial 61 on the epoch is effectively 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = (date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days
_HINT = "请写成 1985-07-01、1985.07 或 1985年7月"

# "1985-07-01 00:00:00" from CSV exports and database dumps; the time of day is not wanted.
_TIME_TAIL = re.compile(r"(?:\s+|T)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
_COMPACT = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})?$")
_YEAR_ONLY = re.compile(r"^([0-9]{4})年?$")
_SEPARATED = re.compile(
    r"^([0-9]{4})(?:[-./]|年)([0-9]{1,2})"  # year, separator, month
    r"(?:(?:[-./]|月)([0-9]{1,2})[日号]?|月)?$"  # then a day, or just 月, or nothing
)
# Separators typed with a Chinese input method.
_SEPARATORS = str.maketrans({"．": ".", "。": ".", "－": "-", "—": "-", "–": "-", "／": "/"})


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day. month/day are None when unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            date(self.year, self.month or 1, self.day)  # raises ValueError for 2月30日

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        """A day-precision PartialDate."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """ "year", "month" or "day" — stored next to the date in the DB."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def first_day(self) -> date:
        """The earliest date this could be, for comparisons and sorting (1985-07 -> 1985-07-01)."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The latest date this could be (1985-07 -> 1985-07-31), for "not before" checks."""
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def to_date(self) -> date:
        """The exact date; raises ValueError unless the precision is "day"."""
        if self.day is None:
            raise ValueError(f"{self} is not a full date")
        return self.first_day()

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """Chinese form for printed documents: 1985年7月1日 / 1985年7月 / 1985年."""
        if self.month is None:
            return f"{self.year}年"
        if self.day is None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年{self.month}月{self.day}日"


def parse_partial_date(value: object, field: str) -> PartialDate:
    """Read a date cell or typed text, keeping the precision it was given with.

    Accepts date/datetime, PartialDate, Excel serial numbers (1900 date system), numbers that are really
    typed dates (1985, 198507, 19850701, 1985.07) and text: "1985.07", "1985.7", "1985年7月",
    "1985年7月1日", "1985-07-01", "1985/7/1", "19850701", "1985-07", "1985", also with full-width digits
    and a trailing time. A 4-digit number is a year, not a serial. Raises ValidationError(field, reason)
    for blanks, impossible dates (2月30日), years outside 1900-2100 and anything else.
    """
    if value is None:
        raise ValidationError(field, "不能为空")
    if isinstance(value, PartialDate):
        return _checked_year(value, field)
    if isinstance(value, datetime):
        return _checked_year(PartialDate.from_date(value.date()), field)
    if isinstance(value, date):
        return _checked_year(PartialDate.from_date(value), field)
    if isinstance(value, bool):
        raise ValidationError(field, f"“{value}”不是日期，{_HINT}")
    if isinstance(value, (int, float)):
        return _from_number(value, field)
    return _from_text(str(value), field)


def parse_date(value: object, field: str) -> date:
    """Like parse_partial_date but the day must be known; raises ValidationError otherwise."""
    partial = parse_partial_date(value, field)
    if partial.day is None:
        raise ValidationError(field, f"“{partial.display()}”缺少具体日期，请填写年月日，如 1985-07-01")
    return partial.first_day()


def from_excel_serial(serial: float) -> date:
    """Date for an Excel serial number in the 1900 date system (the time of day is dropped).

    Raises ValueError for serial 60 (Excel's imaginary 1900-02-29) and anything below 1.
    """
    days = int(serial)
    if days < 1:
        raise ValueError(f"Excel serial below 1: {serial}")
    if days == 60:
        raise ValueError("Excel serial 60 is the non-existent 1900-02-29")
    if days < 60:
        return _EXCEL_EPOCH + timedelta(days=days + 1)
    return _EXCEL_EPOCH + timedelta(days=days)


def add_months(value: date, months: int) -> date:
    """Shift by whole months, clamping to the month's end (2024-01-31 + 1 -> 2024-02-29)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def years_between(start: date, end: date) -> int:
    """Completed years from start to end (年龄, 党龄); negative when end is before start.

    Someone born on 29 February completes a year on 1 March in non-leap years.
    """
    if end < start:
        return -years_between(end, start)
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _checked_year(partial: PartialDate, field: str) -> PartialDate:
    if not MIN_YEAR <= partial.year <= MAX_YEAR:
        raise ValidationError(field, f"年份{partial.year}超出范围（{MIN_YEAR}-{MAX_YEAR}年）")
    return partial


def _build(year: int, month: int | None, day: int | None, field: str, shown: object) -> PartialDate:
    """Construct with Chinese reasons for each kind of impossible date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(field, f"年份{year}超出范围（{MIN_YEAR}-{MAX_YEAR}年）")
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(field, f"“{shown}”的月份应为1至12")
    if day is not None:
        last = calendar.monthrange(year, month or 1)[1]
        if not 1 <= day <= last:
            raise ValidationError(field, f"“{shown}”不是真实日期（{year}年{month}月没有{day}日）")
    return PartialDate(year, month, day)


def _from_number(value: int | float, field: str) -> PartialDate:
    """Numbers in a date column: a typed year/yyyymm/yyyymmdd, a typed 1985.07, or an Excel serial."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(field, f"“{value}”不是日期，{_HINT}")
        if not value.is_integer():
            return _from_decimal_number(value, field)
        value = int(value)
    if 1000 <= value <= 9999:
        # 1985 typed into a number cell means the year, not serial 1985 (1905-06-07); real dates before
        # 1927 hardly ever arrive as bare serials, so every 4-digit number is read as a year.
        return _build(value, None, None, field, value)
    if 190001 <= value <= 210012:
        return _build(value // 100, value % 100, None, field, value)
    if 19000101 <= value <= 21001231:
        return _build(value // 10000, value // 100 % 100, value % 100, field, value)
    if 1 <= value <= _MAX_SERIAL and value != 60:
        return PartialDate.from_date(from_excel_serial(value))
    raise ValidationError(field, f"“{value}”不是日期，{_HINT}")


def _from_decimal_number(value: float, field: str) -> PartialDate:
    """1985.07 typed into a General cell becomes the float 1985.07; serials with a time keep the date."""
    if MIN_YEAR <= value < MAX_YEAR + 1:
        text = f"{value:.6f}".rstrip("0")
        year_text, month_text = text.split(".")
        if month_text == "1":
            # "1985.1" and "1985.10" are the same float: the user's meaning is lost.
            raise ValidationError(
                field, f"“{text}”无法确定是{year_text}年1月还是10月，请写成 {year_text}-01 或 {year_text}-10"
            )
        if len(month_text) <= 2:
            return _build(int(year_text), int(month_text), None, field, text)
        raise ValidationError(field, f"“{text}”不是日期，{_HINT}")
    if 1 <= value < _MAX_SERIAL + 1 and int(value) != 60:
        return PartialDate.from_date(from_excel_serial(value))
    raise ValidationError(field, f"“{value}”不是日期，{_HINT}")


def _from_text(raw: str, field: str) -> PartialDate:
    """Text in any of the common written forms."""
    if raw.isascii() and raw.isprintable() and " " not in raw:  # most cells: nothing to normalise
        shown = raw
        text = _TIME_TAIL.sub("", raw).lstrip("'")
    else:
        shown = normalise_text(raw)
        # Cut the time off before removing spaces, or "1985-07-01 08:30" would run together.
        text = remove_spaces(_TIME_TAIL.sub("", shown)).translate(_SEPARATORS).lstrip("'")
    if not text:
        raise ValidationError(field, "不能为空")
    match = _COMPACT.match(text)
    if match:
        day = match.group(3)
        return _build(int(match.group(1)), int(match.group(2)), int(day) if day else None, field, shown)
    match = _YEAR_ONLY.match(text)
    if match:
        return _build(int(match.group(1)), None, None, field, shown)
    match = _SEPARATED.match(text)
    if match:
        year, month, day = match.groups()
        return _build(int(year), int(month), int(day) if day else None, field, shown)
    raise ValidationError(field, f"“{shown}”不是有效日期，{_HINT}")
