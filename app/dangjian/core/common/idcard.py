"""公民身份号码 (GB 11643-1999): parse, validate, upgrade 15-digit numbers, mask for display.

The numbers mostly arrive from spreadsheets, so besides the checksum we recognise the classic damage
done by WPS/Excel: an 18-digit number stored as a number keeps only 15 significant digits
("4.30121198507E+17", or 430121198507011000), which can never be repaired and must be re-entered as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import mul

from .errors import ValidationError
from .textnorm import remove_spaces

FIELD = "公民身份号码"

CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
_EARLIEST_BIRTH = date(1900, 1, 1)
_PRECISION_LOST = "号码已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整号码"
# Scientific notation as Excel/WPS display it ("4.30121E+17") or Python prints it ("4.3e+17").
_SCIENTIFIC = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]*)?[Ee][+-]?[0-9]+$")
# A whole number exported as text with a decimal tail, e.g. "430121198507011234.0" from pandas/CSV.
_DECIMAL_TAIL = re.compile(r"^([0-9]+)\.0+$")


@dataclass(frozen=True)
class IdCard:
    """A validated 18-character 公民身份号码 and what it encodes."""

    number: str
    birth_date: date
    gender: str  # "男" / "女"
    region_code: str  # first six digits (行政区划代码 at the time of issue)

    @property
    def masked(self) -> str:
        """The number as shown by default: 430121********123X."""
        return mask_id(self.number)

    def __str__(self) -> str:
        return self.number


def check_digit(first17: str) -> str:
    """The GB 11643 check character ("0"-"9" or "X") for the first 17 digits.

    Raises ValueError (a programming error, not user input) unless given exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not _is_ascii_digits(first17):
        raise ValueError(f"check_digit needs 17 digits, got {first17!r}")
    return CHECK_CHARS[sum(map(mul, map(int, first17), CHECK_WEIGHTS)) % 11]


def parse_id(text: object, *, allow_legacy: bool = False, today: date | None = None) -> IdCard:
    """Validate a 公民身份号码 as typed or read from a spreadsheet cell and return its parts.

    Accepts full-width digits, spaces anywhere, a lower-case x and (with ``allow_legacy``) 15-digit
    numbers, which are returned upgraded to 18 digits. Raises ValidationError("公民身份号码", reason)
    with one precise reason: 不能为空, 号码已被表格软件转成数字而丢失精度…, 含有非法字符…, 位数不对…,
    15位旧号码…, 出生日期无效…, 校验码错误（应为X）.
    """
    number = _normalise(text)
    if len(number) == 15 and _is_ascii_digits(number):
        upgraded = upgrade_15(number, today=today)
        if not allow_legacy:
            raise ValidationError(
                FIELD, f"这是15位旧号码，请改填18位号码（按规则可升级为{upgraded}，请与本人核对）"
            )
        number = upgraded
    _check_characters(number)
    if len(number) != 18:
        raise ValidationError(FIELD, f"位数不对（应为18位，实际{len(number)}位）")
    birth = _birth_date(number[6:14], today)
    expected = check_digit(number[:17])
    if number[17] != expected:
        reason = f"校验码错误（应为{expected}）"
        if number.endswith("000"):
            # 15 significant digits kept by Excel leave "000" at the end; say so, it is the usual cause.
            reason += "；末三位为000，可能是表格软件把号码转成了数字，请将该列设置为文本后重新填写"
        raise ValidationError(FIELD, reason)
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdCard(number=number, birth_date=birth, gender=gender, region_code=number[:6])


def is_valid_id(text: object, *, allow_legacy: bool = False) -> bool:
    """True when parse_id would accept the value."""
    try:
        parse_id(text, allow_legacy=allow_legacy)
    except ValidationError:
        return False
    return True


def upgrade_15(text: object, *, today: date | None = None) -> str:
    """Upgrade a 15-digit legacy number: insert "19" before the 2-digit year and append the check digit.

    Raises ValidationError when the value is not 15 digits or its birth date is impossible.
    """
    number = _normalise(text)
    if len(number) != 15 or not _is_ascii_digits(number):
        raise ValidationError(FIELD, f"不是15位旧号码（应为15位数字，实际{len(number)}位）")
    first17 = number[:6] + "19" + number[6:]
    _birth_date(first17[6:14], today)
    return first17 + check_digit(first17)


def make_id(region: str, birth: date, seq: int, gender: str) -> str:
    """Build a valid 18-digit number, for demo data and tests.

    ``seq`` (0-99) fills digits 15-16; the 17th digit is odd for 男 and even for 女 and also varies with
    ``seq`` so that demo numbers look natural.
    """
    if not (len(region) == 6 and region.isdigit()):
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if not 0 <= seq <= 99:
        raise ValueError(f"seq must be 0-99, got {seq}")
    if gender not in ("男", "女"):
        raise ValueError(f"gender must be 男 or 女, got {gender!r}")
    gender_digit = (seq % 5) * 2 + (1 if gender == "男" else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:02d}{gender_digit}"
    return first17 + check_digit(first17)


def mask_id(number: str | None) -> str:
    """Mask for display: first 6 and last 4 characters kept, 8 stars between (430121********123X).

    Anything too short to mask that way is fully starred; None/"" gives "".
    """
    if not number:
        return ""
    if len(number) < 11:
        return "*" * len(number)
    return f"{number[:6]}{'*' * 8}{number[-4:]}"


def id_tail(number: str | None, n: int = 4) -> str:
    """The last ``n`` characters, e.g. to tell namesakes apart ("尾号123X")."""
    if not number or n <= 0:
        return ""
    return number[-n:]


def _normalise(value: object) -> str:
    """Turn a cell value into an upper-case string without spaces; refuse spreadsheet-damaged numbers."""
    if value is None:
        raise ValidationError(FIELD, "不能为空")
    if isinstance(value, bool):
        raise ValidationError(FIELD, "含有非法字符")
    if isinstance(value, float):
        return _from_float(value)
    if isinstance(value, int):
        return _from_int(value)
    # str(Decimal) keeps the exponent form, so a Decimal takes the same path as the text it came from.
    text = remove_spaces(str(value)).upper().lstrip("'")  # a leading ' is Excel's "store as text" mark
    if not text:
        raise ValidationError(FIELD, "不能为空")
    if _SCIENTIFIC.match(text):
        return _from_scientific(text)
    tail = _DECIMAL_TAIL.match(text)
    if tail:
        return tail.group(1)
    return text


def _from_float(value: float) -> str:
    """A float is exact only below 2**53 (16 digits); an 18-digit number as a float has lost digits."""
    if not value.is_integer():  # also catches nan and inf
        raise ValidationError(FIELD, "含有非法字符")
    if abs(value) >= 2**53:
        raise ValidationError(FIELD, _PRECISION_LOST)
    return _from_int(int(value))


def _from_int(value: int) -> str:
    """An int is exact, but one ending in 000 that fails the checksum is the typical Excel damage."""
    digits = str(abs(value))
    if value < 0:
        return "-" + digits
    if len(digits) >= 16 and digits.endswith("000") and not _has_valid_checksum(digits):
        raise ValidationError(FIELD, _PRECISION_LOST)
    return digits


def _from_scientific(text: str) -> str:
    """ "4.30121198507E+17" is exact only if the mantissa as written carries every digit of the result."""
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        raise ValidationError(FIELD, "含有非法字符") from None
    if amount < 0 or amount != amount.to_integral_value():
        raise ValidationError(FIELD, "含有非法字符")
    digits = format(amount.quantize(Decimal(1)), "f")
    mantissa = re.split("[Ee]", text)[0]
    significant = len(mantissa.lstrip("+-").replace(".", "").lstrip("0"))
    if len(digits) >= 15 and significant < len(digits):
        raise ValidationError(FIELD, _PRECISION_LOST)
    return digits


def _has_valid_checksum(digits: str) -> bool:
    """True for 18 ASCII digits/X whose check character matches."""
    return len(digits) == 18 and _is_ascii_digits(digits[:17]) and check_digit(digits[:17]) == digits[17]


def _is_ascii_digits(text: str) -> bool:
    """str.isdigit() alone would also accept e.g. Arabic-Indic digits, which int() then happily parses."""
    return text.isascii() and text.isdigit()


def _check_characters(number: str) -> None:
    """Only digits, plus X as the 18th character."""
    if _is_ascii_digits(number[:-1]) and (number[-1:] == "X" or _is_ascii_digits(number[-1:])):
        return
    bad = sorted(
        {
            ch
            for i, ch in enumerate(number)
            if not (ch.isascii() and ch.isdigit()) and not (ch == "X" and i == len(number) - 1)
        }
    )
    if bad:
        shown = "".join(bad)
        if bad == ["X"]:
            raise ValidationError(FIELD, "含有非法字符（X只能出现在最后一位）")
        raise ValidationError(FIELD, f"含有非法字符“{shown}”")


def _birth_date(yyyymmdd: str, today: date | None) -> date:
    """Birth date from digits 7-14: a real calendar date, not before 1900 and not in the future."""
    try:
        birth = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise ValidationError(FIELD, f"出生日期无效（{yyyymmdd}不是真实日期）") from None
    if birth < _EARLIEST_BIRTH:
        raise ValidationError(FIELD, f"出生日期无效（{birth:%Y-%m-%d}早于1900年）")
    if birth > (today or date.today()):
        raise ValidationError(FIELD, f"出生日期无效（{birth:%Y-%m-%d}晚于今天）")
    return birth
