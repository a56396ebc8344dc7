"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a mod-31 check character.

Layout: 1 登记管理部门代码, 2 机构类别代码, 3-8 登记管理机关行政区划码 (digits), 9-17 主体标识码
(组织机构代码), 18 校验码. The character set leaves out I, O, Z, S and V, which are easily confused
with 1, 0, 2, 5 and U.
"""

from __future__ import annotations

import re

from .errors import ValidationError
from .textnorm import remove_spaces

FIELD = "统一社会信用代码"

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(CHARSET)}
# Weight of position i is 3**i mod 31: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_CONFUSABLE = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U"}
_NUMBER_CELL = "已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整代码"
_SCIENTIFIC = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]*)?E[+-]?[0-9]+$")


def check_char(first17: str) -> str:
    """The check character for 17 characters of the USCC charset.

    Raises ValueError (a programming error) for wrong length or characters outside the charset.
    """
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise ValueError(f"check_char needs 17 USCC characters, got {first17!r}")
    total = sum(_VALUE[ch] * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate_uscc(text: object) -> str:
    """Normalise (upper-case, no spaces, full-width folded) and validate; returns the 18-character code.

    Raises ValidationError("统一社会信用代码", reason): 不能为空, 已被表格软件转成数字…, 位数不对（应为18位，
    实际n位）, 含有非法字符“…”, 第3-8位（行政区划码）应为数字, 校验码错误（应为X）.
    """
    code = _normalise(text)
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        hints = [f"{ch}应为{_CONFUSABLE[ch]}？" for ch in bad if ch in _CONFUSABLE]
        reason = f"含有非法字符“{''.join(bad)}”（统一社会信用代码不使用字母I、O、Z、S、V"
        reason += f"，{''.join(hints)}）" if hints else "）"
        raise ValidationError(FIELD, reason)
    if len(code) != 18:
        raise ValidationError(FIELD, f"位数不对（应为18位，实际{len(code)}位）")
    if not code[2:8].isdigit():
        raise ValidationError(FIELD, "第3-8位（登记管理机关行政区划码）应为数字")
    expected = check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(FIELD, f"校验码错误（应为{expected}）")
    return code


def is_valid_uscc(text: object) -> bool:
    """True when validate_uscc would accept the value."""
    try:
        validate_uscc(text)
    except ValidationError:
        return False
    return True


def make_uscc(first17: str) -> str:
    """Append the check character to 17 characters (for demo data and tests)."""
    first17 = remove_spaces(first17).upper()
    return first17 + check_char(first17)


def _normalise(value: object) -> str:
    """Upper-case text without spaces; a code that went through a number cell cannot be trusted."""
    if value is None:
        raise ValidationError(FIELD, "不能为空")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Codes that happen to be all digits lose their last digits when Excel stores them as numbers.
        raise ValidationError(FIELD, _NUMBER_CELL)
    code = remove_spaces(str(value)).upper().lstrip("'")
    if not code:
        raise ValidationError(FIELD, "不能为空")
    # Excel's scientific text ("9.13501E+17") is never 18 characters long, while a real code such as
    # 0000000000E0000030 can look like one.
    if len(code) != 18 and _SCIENTIFIC.match(code):
        raise ValidationError(FIELD, _NUMBER_CELL)
    return code
