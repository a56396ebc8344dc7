"""学时 as integer tenths: parse what people type ("1.5", "一天", "半天", "2天"), print "31.5".

Hours are stored and summed as tenths so yearly totals are exact; floats never touch them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from ..common.errors import ValidationError

_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)(?:学时|课时|小时|h)?$", re.IGNORECASE)
_DAYS = re.compile(r"^(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?:个)?(?:整)?天(?:半)?$")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class DayUnits:
    """How many tenths a full and a half day of training count for (settings training.*)."""

    day_tenths: int = 80
    half_day_tenths: int = 40


def to_tenths(value: Decimal | int, field: str = "学时") -> int:
    """Exact Decimal/int hours → tenths; more than one decimal is refused, never rounded."""
    tenths = Decimal(value) * 10
    if tenths != tenths.to_integral_value():
        raise ValidationError(field, "最多保留一位小数")
    return int(tenths)


def day_units(session: Session) -> DayUnits:
    """The day conversion in force (全天/半天培训折算学时)."""
    from ..system import settings

    return DayUnits(to_tenths(settings.get(session, "training.day_hours")),
                    to_tenths(settings.get(session, "training.half_day_hours")))


def _chinese_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CHINESE_DIGITS[text[1]]
    if text.endswith("十"):
        return _CHINESE_DIGITS[text[0]] * 10
    if "十" in text:
        tens, ones = text.split("十")
        return _CHINESE_DIGITS[tens] * 10 + _CHINESE_DIGITS[ones]
    return _CHINESE_DIGITS[text]


def parse_hours(raw: str | int | Decimal | None, field: str = "学时", *,
                units: DayUnits = DayUnits(), allow_empty: bool = False) -> int | None:
    """Parse 学时 into tenths: "1.5" → 15, "8学时" → 80, "一天" → day, "半天" → half day, "2天半".

    Negative or malformed values raise ValidationError naming `field`; empty gives None if allowed.
    """
    if isinstance(raw, bool):
        raise ValidationError(field, "不是学时数")
    if isinstance(raw, int | Decimal):
        if raw < 0:
            raise ValidationError(field, "不能为负数")
        return to_tenths(raw, field)
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", "" if raw is None else str(raw)))
    if not text:
        if allow_empty:
            return None
        raise ValidationError(field, "不能为空")
    if text.startswith("-"):
        raise ValidationError(field, "不能为负数")
    if text == "半天":
        return units.half_day_tenths
    match = _NUMBER.match(text)
    if match:
        return to_tenths(Decimal(match[1]), field)
    match = _DAYS.match(text)
    if match:
        number = match[1]
        days = Decimal(number) if number[0].isdigit() else Decimal(_chinese_number(number))
        tenths = days * units.day_tenths + (units.half_day_tenths if text.endswith("半") else 0)
        if tenths != tenths.to_integral_value():
            raise ValidationError(field, f"“{raw}”折算后超过一位小数")
        return int(tenths)
    raise ValidationError(field, f"“{raw}”不是有效学时，请填写如 1.5、一天、半天")


def format_hours(tenths: int | None) -> str:
    """31.5 / 32 (no trailing .0); '' for None. Negative shortfalls print with a minus sign."""
    if tenths is None:
        return ""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(int(tenths)), 10)
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"
