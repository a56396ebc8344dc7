"""Money is integer 分 everywhere. This module parses what people type and prints what they expect."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import ValidationError


class Money(int):
    """An amount in 分, tagged so reports print it as money (¥1,234.50) and spreadsheets as numeric 元."""

    __slots__ = ()


_UNITS = {"": 100, "元": 100, "万": 1_000_000, "万元": 1_000_000}
_PATTERN = re.compile(r"^(?P<sign>[-+]?)(?P<number>\d+(?:\.\d+)?)(?P<unit>万元|万|元)?$")


def parse_yuan(text: str | int | Decimal, *, field: str = "金额", allow_negative: bool = False) -> int:
    """Parse "1,234.50", "1234.5元", "¥12", "1.2万" or a number of 元 into 分.

    Refuses more than two decimals of 元 (or what would be fractions of 分 in 万) instead of rounding.
    """
    if isinstance(text, bool):
        raise ValidationError(field, "不是金额")
    if isinstance(text, int):
        raw = str(text)
    elif isinstance(text, Decimal):
        raw = format(text, "f")
    else:
        raw = unicodedata.normalize("NFKC", str(text))
    cleaned = re.sub(r"[\s,¥￥]", "", raw).replace("人民币", "")
    if not cleaned:
        raise ValidationError(field, "不能为空")
    match = _PATTERN.match(cleaned)
    if not match:
        raise ValidationError(field, f"“{text}”不是有效金额，请填写如 1,234.50 或 1.2万")
    try:
        value = Decimal(match["number"]) * _UNITS[match["unit"] or ""]
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise ValidationError(field, f"“{text}”不是有效金额") from None
    if value != value.to_integral_value():
        raise ValidationError(field, "金额最多精确到分（两位小数）")
    fen = int(value)
    if match["sign"] == "-":
        fen = -fen
    if fen < 0 and not allow_negative:
        raise ValidationError(field, "金额不能为负数")
    return fen


def format_yuan(fen: int, *, symbol: bool = True) -> str:
    """¥1,234.50; negative amounts as -¥1,234.50."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{cents:02d}"


def format_plain(fen: int) -> str:
    """1234.50 — for editable fields, no grouping or symbol."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{yuan}.{cents:02d}"


def format_wan(fen: int) -> str:
    """1.20万元, rounded half-up to 0.01万 (100元) for summaries."""
    wan = (Decimal(int(fen)) / 1_000_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{wan:,.2f}万元"


def to_decimal_yuan(fen: int) -> Decimal:
    """Exact Decimal 元 with two places, for spreadsheet cells."""
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def split_by_ratio(total: int, weights: list[int]) -> list[int]:
    """Split `total` 分 by integer weights; parts always sum to `total` (largest remainder method).

    Ties go to the earlier weight, so the split is deterministic.
    """
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("weights must be non-negative and not all zero")
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    remainders = [(total * w % whole, -i) for i, w in enumerate(weights)]
    for _, neg_index in sorted(remainders, reverse=True)[: total - sum(parts)]:
        parts[-neg_index] += 1
    return parts


def execution_rate(spent: int, budget: int) -> str:
    """执行率 as text with one decimal (e.g. 87.5%); '—' when there is no budget."""
    if budget <= 0:
        return "—"
    permille = (Decimal(spent) * 1000 / Decimal(budget)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{permille / 10:.1f}%"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")


def _group_words(group: int) -> str:
    """0 < group < 10000 in capital numerals, with the inner 零 the voucher rules want (1010 → 壹仟零壹拾)."""
    words, zero = "", False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero = bool(words)
            continue
        if zero:
            words += "零"
            zero = False
        words += _DIGITS[digit] + _SMALL_UNITS[position]
    return words


def uppercase_yuan(fen: int) -> str:
    """人民币大写 as printed on receipts and vouchers: 12345 分 → 壹佰贰拾叁元肆角伍分, 100 → 壹元整."""
    if fen < 0:
        return "负" + uppercase_yuan(-fen)
    yuan, cents = divmod(int(fen), 100)
    jiao, fen_digit = divmod(cents, 10)
    words, pending_zero, groups = "", False, []
    while yuan:
        yuan, group = divmod(yuan, 10_000)
        groups.append(group)
    for group_index in range(len(groups) - 1, -1, -1):
        group = groups[group_index]
        if group == 0:
            pending_zero = bool(words)
            continue
        if words and (pending_zero or group < 1000):
            words += "零"
        words += _group_words(group) + _GROUP_UNITS[group_index]
        pending_zero = False
    words = words + "元" if words else ""
    if not jiao and not fen_digit:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen_digit:
        words += _DIGITS[fen_digit] + "分"
    else:
        words += "整"
    return words
