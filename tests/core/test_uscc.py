"""统一社会信用代码 (GB 32100-2015)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.core.common.errors import ValidationError
from dangjian.core.common.uscc import CHARSET, WEIGHTS, check_char, is_valid_uscc, make_uscc, validate_uscc

# Published codes: the example in GB 32100-2015, 华为技术有限公司, 腾讯科技（深圳）有限公司 and one more
# from the national enterprise credit system.
PUBLISHED = ["91350100M000100Y43", "914403001922038216", "91440300708461136T", "91110000802100433B"]


def reason(value: object) -> str:
    with pytest.raises(ValidationError) as info:
        validate_uscc(value)
    assert info.value.field == "统一社会信用代码"
    return info.value.reason


def test_weights_and_charset_follow_the_standard() -> None:
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(CHARSET) == 31
    assert not set("IOZSV") & set(CHARSET)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert check_char(code[:17]) == code[17]
    assert make_uscc(code[:17]) == code


def test_normalises_case_spaces_and_full_width() -> None:
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert validate_uscc("9135 0100 M000 100Y 43") == "91350100M000100Y43"
    assert validate_uscc("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


def test_check_31_maps_to_zero() -> None:
    # Find a prefix whose weighted sum is divisible by 31: the check character is then "0", not 31.
    prefix = next(p for p in (f"9111000010000{n:04d}" for n in range(10_000)) if check_char(p) == "0")
    assert validate_uscc(prefix + "0") == prefix + "0"


def test_reasons() -> None:
    assert reason("91350100M000100Y44") == "校验码错误（应为3）"
    assert reason("91350100M000100Y4") == "位数不对（应为18位，实际17位）"
    assert reason("91350100M000100Y433") == "位数不对（应为18位，实际19位）"
    assert reason("91350100M0001O0Y43") == (
        "含有非法字符“O”（统一社会信用代码不使用字母I、O、Z、S、V，O应为0？）"
    )
    assert reason("9135010-M000100Y43") == "含有非法字符“-”（统一社会信用代码不使用字母I、O、Z、S、V）"
    assert reason("91A50100M000100Y43") == "第3-8位（登记管理机关行政区划码）应为数字"
    assert reason("") == "不能为空"
    assert reason(None) == "不能为空"


def test_number_cells_are_refused() -> None:
    expected = "已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整代码"
    assert reason(914403001922038216) == expected
    assert reason(9.14403001922038e17) == expected
    assert reason("9.14403001922038E+17") == expected


def test_is_valid_uscc() -> None:
    assert is_valid_uscc("91350100M000100Y43")
    assert not is_valid_uscc("91350100M000100Y44")


def test_check_char_rejects_programming_errors() -> None:
    with pytest.raises(ValueError):
        check_char("91350100M000100Y")
    with pytest.raises(ValueError):
        check_char("91350100M000100YI")


charset_chars = st.sampled_from(CHARSET)
first17s = st.builds(
    lambda head, region, body: "".join(head) + region + "".join(body),
    st.lists(charset_chars, min_size=2, max_size=2),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.lists(charset_chars, min_size=9, max_size=9),
)


def test_an_eighteen_character_code_that_looks_scientific_is_a_code() -> None:
    code = make_uscc("0000000000E000003")
    assert validate_uscc(code) == code
    with pytest.raises(ValidationError, match="转成数字"):
        validate_uscc("9.13501E+17")


@given(first17s)
def test_make_uscc_round_trips(first17: str) -> None:
    code = make_uscc(first17)
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code


@given(first17s, st.integers(0, 17), st.integers(1, 30))
def test_any_single_character_error_is_caught(first17: str, position: int, shift: int) -> None:
    code = make_uscc(first17)
    replacement = CHARSET[(CHARSET.index(code[position]) + shift) % 31]
    wrong = code[:position] + replacement + code[position + 1 :]
    assert not is_valid_uscc(wrong)
