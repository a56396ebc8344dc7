"""党费 rates: which bracket a monthly income falls in and what that makes per month, in integer 分.

Pure arithmetic over `DuesRates` (read once from the year's settings): income × rate is computed in
`Decimal` and rounded half-up by the rounding setting, so no float ever touches an amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from ..common.errors import ValidationError
from ..common.labels import DUES_BASES
from ..system import settings

_STEP = {"fen": 1, "jiao": 10, "yuan": 100}  # rounding unit in 分


@dataclass(frozen=True)
class DuesRates:
    working_bounds: tuple[int, int, int] = (300_000, 500_000, 1_000_000)  # 分 per month, upper bounds
    working_rates: tuple[Decimal, Decimal, Decimal, Decimal] = (Decimal("0.5"), Decimal("1.0"), Decimal("1.5"),
                                                                Decimal("2.0"))  # percent
    retired_bound: int = 500_000
    retired_rates: tuple[Decimal, Decimal] = (Decimal("0.5"), Decimal("1.0"))
    fixed_fen: int = 20
    rounding: str = "fen"

    @classmethod
    def load(cls, session: Session, year: int) -> DuesRates:
        def get(key: str):
            return settings.get(session, f"dues.{key}", year)

        return cls(working_bounds=(get("working_bound_1"), get("working_bound_2"), get("working_bound_3")),
                   working_rates=tuple(get(f"working_rate_{n}") for n in range(1, 5)),
                   retired_bound=get("retired_bound"),
                   retired_rates=(get("retired_rate_1"), get("retired_rate_2")),
                   fixed_fen=get("fixed_amount"), rounding=get("rounding"))

    def rate_for(self, basis: str, income_fen: int) -> Decimal | None:
        """The percentage that applies; None for a fixed amount."""
        if basis == "fixed":
            return None
        if basis == "retired":
            return self.retired_rates[0] if income_fen <= self.retired_bound else self.retired_rates[1]
        if basis == "working":
            for bound, rate in zip(self.working_bounds, self.working_rates, strict=False):
                if income_fen <= bound:
                    return rate
            return self.working_rates[-1]
        raise ValidationError("交纳类别", f"只能是：{'、'.join(DUES_BASES.values())}")

    def monthly_fen(self, basis: str, income_fen: int) -> int:
        """What a member of `basis` with this monthly income pays each month."""
        if income_fen < 0:
            raise ValidationError("月收入", "不能为负数")
        rate = self.rate_for(basis, income_fen)
        if rate is None:
            return self.fixed_fen
        step = Decimal(_STEP[self.rounding])
        exact = Decimal(income_fen) * rate / 100
        return int((exact / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def default_basis(employment: str, is_hardship: bool) -> str:
    """The basis a member's record suggests: 困难党员 pay the fixed amount, 离退休 by their pension."""
    if is_hardship:
        return "fixed"
    return "retired" if employment == "retired" else "working"
