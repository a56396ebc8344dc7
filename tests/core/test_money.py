from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.core.common.errors import ValidationError
from dangjian.core.common.money import execution_rate, format_plain, format_wan, format_yuan, parse_yuan, split_by_ratio


@pytest.mark.parametrize(
    ("text", "fen"),
    [("1,234.50", 123450), ("1234.5元", 123450), ("¥12", 1200), ("￥ 0.01", 1), ("1.2万", 1_200_000),
     ("3万元", 3_000_000), ("１２３", 12300), (Decimal("7.25"), 725), (15, 1500), ("0", 0)],
)
def test_parse_yuan(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "不能为空"), ("abc", "不是有效金额"), ("-5", "不能为负数"), ("1.234", "两位小数"),
     ("1.2345678万", "两位小数"), ("1..2", "不是有效金额"), (True, "不是金额")],
)
def test_parse_yuan_refuses(text, reason):
    with pytest.raises(ValidationError, match=reason):
        parse_yuan(text, field="金额")


def test_negative_allowed_for_adjustments():
    assert parse_yuan("-1,000", allow_negative=True) == -100000


def test_formats():
    assert format_yuan(123450) == "¥1,234.50"
    assert format_yuan(-5) == "-¥0.05"
    assert format_yuan(100, symbol=False) == "1.00"
    assert format_plain(123450) == "1234.50"
    assert format_wan(12_000_000) == "12.00万元"
    assert format_wan(1_234_500) == "1.23万元"
    assert format_wan(1_235_000) == "1.24万元"  # half-up, not banker's rounding


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_format_then_parse_round_trips(fen):
    assert parse_yuan(format_yuan(fen), allow_negative=True) == fen


@given(st.integers(min_value=0, max_value=10**12),
       st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=6).filter(lambda w: sum(w) > 0))
def test_split_always_sums_to_the_total(total, weights):
    parts = split_by_ratio(total, weights)
    assert sum(parts) == total
    assert all(isinstance(p, int) for p in parts)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total) * weight / sum(weights)
        assert abs(part - exact) < 1


def test_split_is_deterministic_on_ties():
    assert split_by_ratio(101, [50, 50]) == [51, 50]
    assert split_by_ratio(1, [1, 1, 1]) == [1, 0, 0]


def test_execution_rate():
    assert execution_rate(875, 1000) == "87.5%"
    assert execution_rate(1, 3) == "33.3%"
    assert execution_rate(2, 3) == "66.7%"
    assert execution_rate(1, 2000) == "0.1%"  # 0.05% rounds half-up
    assert execution_rate(1200, 1000) == "120.0%"
    assert execution_rate(5, 0) == "—"
