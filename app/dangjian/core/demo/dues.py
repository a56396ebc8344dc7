"""Demo step for 党费: this year's base for every member, payments up to last month (most by quarter,
some by month), a few 补交 and 减免, a few members far behind, one payment short of its base, and a
quarterly 上缴 from the 街道党工委 to the 县委组织部 — so the grid, the findings and the three printouts
all have something to show. Bulk-written: a 100,000-member demo adds ~400,000 payments."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..common.errors import UserError
from ..dues import ledger
from ..dues.rates import DuesRates, default_basis
from ..models import DuesPayment, DuesWaiver, Member, Organisation
from ..storage.db import bulk_insert
from .build import DemoContext, indexes_dropped

WAYS = ("cash", "cash", "wechat", "wechat", "transfer", "alipay")
# monthly income (元) ranges by basis, as a 街道's rosters look: most in-work members 3,000-8,000 元
INCOMES = {"working": ((2_200, 3_000), (3_000, 5_000), (5_000, 10_000), (10_000, 18_000)),
           "retired": ((2_000, 5_000), (5_000, 8_000))}
APPROVER = "湘龙街道党工委组织委员 李建国"


def build_dues_demo(ctx: DemoContext) -> None:
    session, rng, today = ctx.session, ctx.rng, ctx.today
    year, paid_until = today.year, today.month - 1  # this month is still being collected
    members = session.execute(
        select(Member.id, Member.org_id, Member.employment, Member.is_hardship, Member.joined_on)
        .where(Member.deleted_at.is_(None), Member.party_status == "normal")).all()
    if not members:
        return
    rates = DuesRates.load(session, year)
    bases, payments, waivers, short_done = [], [], [], False
    for member_id, org_id, employment, hardship, joined_on in members:
        basis = default_basis(employment, hardship)
        income = 0
        if basis != "fixed":
            low, high = rng.choice(INCOMES[basis][:2] if rng.random() < 0.7 else INCOMES[basis])
            income = rng.randrange(low, high) * 100
        monthly = rates.monthly_fen(basis, income)
        bases.append({"member_id": member_id, "year": year, "basis": basis, "income_fen": income,
                      "monthly_fen": monthly, "note": ""})
        first = joined_on.month if joined_on and joined_on.year == year else 1
        if (joined_on and joined_on.year > year) or first > paid_until:
            continue
        roll = rng.random()
        if hardship and roll < 0.3:
            waivers.append({"member_id": member_id, "year": year, "first_month": 1, "last_month": 12,
                            "monthly_fen": 0, "reason": "家庭生活特别困难，本人申请，经支部委员会研究同意免交",
                            "approved_by": APPROVER, "approved_on": date(year, 1, 15)})
            continue
        last = min(paid_until, rng.randrange(0, 5)) if roll > 0.97 else paid_until  # stopped: 连续未交
        back_pay = 0.95 < roll <= 0.97 and first <= 2 and paid_until >= 4  # 2-3月 missed, 补交 in April
        months = [m for m in range(first, last + 1) if not (back_pay and m in (2, 3))]
        for run in _runs(months, 1 if roll < 0.3 else 3):
            amount = monthly * len(run)
            if not short_done and len(run) == 1 and basis == "working" and monthly > 1000:
                amount, short_done = amount - 500, True  # paid by last year's base: 少交 in the findings
            payments.append(_payment(member_id, org_id, year, run[0], run[-1], amount,
                                     _paid_on(rng, year, run[0]), rng.choice(WAYS)))
        if back_pay:
            payments.append(_payment(member_id, org_id, year, 2, 3, monthly * 2, date(year, 4, 20), "cash",
                                     kind="back_pay", reason="外出务工期间未能按月交纳，返乡后补交",
                                     approved_by=APPROVER))
    with indexes_dropped(session.connection(), DuesPayment.__tablename__):
        bulk_insert(session, bases, table="dues_bases")
        bulk_insert(session, waivers, table=DuesWaiver.__tablename__)
        bulk_insert(session, payments, table=DuesPayment.__tablename__)
    remitted = _remit_quarters(ctx, year, paid_until)
    ctx.summary["党费交纳记录"] = len(payments)
    ctx.summary["党费上缴"] = remitted


def _payment(member_id: int, org_id: int, year: int, first: int, last: int, amount: int, paid_on: date, way: str,
             *, kind: str = "regular", reason: str = "", approved_by: str = "") -> dict:
    return {"member_id": member_id, "org_id": org_id, "year": year, "first_month": first, "last_month": last,
            "amount_fen": amount, "paid_on": paid_on, "way": way, "receipt_no": "", "kind": kind,
            "reason": reason, "approved_by": approved_by, "note": ""}


def _runs(months: list[int], step: int) -> list[list[int]]:
    """Consecutive months cut into payments of at most `step` months: [1,4,5,6,7] by 3 → [1] [4,5,6] [7]."""
    runs: list[list[int]] = []
    for month in months:
        if runs and runs[-1][-1] == month - 1 and len(runs[-1]) < step:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def _paid_on(rng, year: int, month: int) -> date:
    return date(year, month, rng.randrange(5, 26))


def _remit_quarters(ctx: DemoContext, year: int, paid_until: int) -> int:
    """The 街道党工委 hands each finished quarter's dues to the 县委组织部 early the month after."""
    root = ctx.session.scalar(select(Organisation.id).where(Organisation.parent_id.is_(None),
                                                            Organisation.deleted_at.is_(None)))
    done = 0
    for quarter in (1, 2, 3):
        quarter_end = quarter * 3
        if quarter_end + 1 > paid_until or root is None:
            break
        until = date(year, quarter_end + 1, 1) - timedelta(days=1)
        try:
            ledger.remit(ctx.session, ledger.RemittanceInput(
                root, until, date(year, quarter_end + 1, 8), "长沙县委组织部",
                receipt_no=f"DF{year}-{quarter}", handled_by="王丽", note=f"{year}年第{quarter}季度党费"))
            done += 1
        except UserError:
            continue  # nothing collected that quarter (a tiny demo)
    return done
