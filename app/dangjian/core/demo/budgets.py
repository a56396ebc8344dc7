"""Demo step for 经费: standards and budgets for last year and this year, and a ledger to go with them.

Works from whatever orgs and members are in the database. The ledger has a few hundred rows with
realistic 用途, one deliberate overspend, two rows without 凭证号 and one voided duplicate, so the
findings and the struck-through rows show up in the demo.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from ..budgets.execution import execution_summary
from ..budgets.standards import StandardInput, categories, set_standard
from ..budgets.yearly import add_adjustment, generate_budgets
from ..models import Expenditure, Organisation
from .build import DemoContext

COMMUNITY_KINDS = ["party_committee", "general_branch", "branch"]

# category code -> (用途, project name) choices; project names only for 惠民项目
PURPOSES = {
    "operating": ["社区办公用品采购", "社区服务大厅水电费", "网格员通讯补贴", "社区办公设备维修",
                  "社区环境卫生整治", "便民服务点耗材"],
    "benefit": ["老旧小区改造配套", "志愿服务活动物资", "适老化改造", "儿童之家活动", "小区路灯维修",
                "困难群众走访慰问", "社区微更新"],
    "party_building": ["党群服务中心阵地建设", "党建品牌打造", "红色物业示范点建设", "党建宣传栏更新",
                       "党群服务中心设备采购"],
    "education": ["主题党日活动", "党员冬训", "专题党课", "红色教育基地参观学习", "七一表彰活动",
                  "党员学习资料购置"],
}
HANDLERS = ["王丽", "李建国", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "周婷"]
TARGET_ROWS = 400


def build_budgets_demo(ctx: DemoContext) -> None:
    session = ctx.session
    orgs = session.execute(select(Organisation.id).where(Organisation.deleted_at.is_(None))).all()
    if not orgs:
        ctx.summary["经费预算"] = 0
        return
    years = [ctx.today.year - 1, ctx.today.year]
    codes = {c.code: c.id for c in categories(session)}
    for year in years:
        older = year < ctx.today.year
        _standards(session, year, codes, older)
        generate_budgets(session, year)

    rows: list[dict] = []
    for year in years:
        rows += _ledger(ctx, year, codes)
    _deliberate_gaps(ctx, rows, years[-1], codes)
    if rows:
        session.connection().execute(insert(Expenditure.__table__), rows)
    session.flush()
    ctx.summary["经费预算"] = sum(len(execution_summary(session, y).lines) for y in years)
    ctx.summary["经费支出"] = len(rows)


def _standards(session, year: int, codes: dict[str, int], older: bool) -> None:
    cutoff = date(year - 1, 12, 31)
    plan = [
        ("operating", "20万", 0, 50, COMMUNITY_KINDS, ["community"]),
        ("benefit", "20万", 0, 60, COMMUNITY_KINDS, ["community"]),
        ("party_building", "2.5万" if older else "3万", 0, 50, COMMUNITY_KINDS, ["community"]),
        ("education", 0, "250" if older else "300", 40, [], []),
    ]
    for code, per_org, per_member, county, kinds, domains in plan:
        set_standard(session, year, StandardInput(codes[code], per_org, per_member, county, 100 - county,
                                                  kinds, domains, cutoff, "演示数据"))


def _ledger(ctx: DemoContext, year: int, codes: dict[str, int]) -> list[dict]:
    """Spend each line to a share of its budget in a few realistic rows."""
    rng = ctx.rng
    summary = execution_summary(ctx.session, year)
    lines = [lf for lf in summary.lines.values() if lf.figures.budget > 0]
    code_of = {cid: code for code, cid in codes.items()}
    year_end = date(year, 12, 31) if year < ctx.today.year else ctx.today
    days = (year_end - date(year, 1, 1)).days
    elapsed = (days + 1) * 1000 // 366  # ‰ of the year gone; integers only, this is money
    per_line = max(1, min(8, TARGET_ROWS // 2 // max(1, len(lines))))
    rows = []
    for line in lines:
        code = code_of.get(line.category_id, "operating")
        # Demo arithmetic stays in whole 分: the target is the budget scaled by an integer per-mille.
        target = line.figures.budget * rng.randint(780 * elapsed // 1000, 980 * elapsed // 1000 + 1) // 1000
        count = rng.randint(max(1, per_line // 2), per_line)
        cuts = sorted(rng.randint(1, max(1, target)) for _ in range(count - 1))
        amounts = [b - a for a, b in zip([0, *cuts], [*cuts, target], strict=True)]
        for amount in amounts:
            amount = amount // 100 * 100  # whole 元, as receipts mostly are
            if amount <= 0:
                continue
            day = date(year, 1, 1) + timedelta(days=rng.randint(0, days))
            purpose = rng.choice(PURPOSES.get(code, PURPOSES["operating"]))
            rows.append(dict(spent_on=day, budget_year=year, org_id=line.org_id, category_id=line.category_id,
                             amount_fen=amount, purpose=purpose, handler=rng.choice(HANDLERS), voucher_no="",
                             course_id=None, project_name=purpose if code == "benefit" else "",
                             voided_at=None, void_reason="", deleted_at=None))
    rows.sort(key=lambda r: r["spent_on"])
    for number, row in enumerate(rows, 1):
        row["voucher_no"] = f"记-{year}-{number:04d}"
    return rows


def _deliberate_gaps(ctx: DemoContext, rows: list[dict], year: int, codes: dict[str, int]) -> None:
    """One overspend, two missing 凭证号, one voided duplicate and one covered overspend (adjustment)."""
    current = [r for r in rows if r["budget_year"] == year]
    if not current:
        return
    summary = execution_summary(ctx.session, year)
    building = [lf for lf in summary.lines.values() if lf.category_id == codes["party_building"]] or \
        list(summary.lines.values())
    over = building[0]
    spent = sum(r["amount_fen"] for r in current if (r["org_id"], r["category_id"]) == (over.org_id,
                                                                                       over.category_id))
    rows.append(dict(current[0], spent_on=min(ctx.today, date(year, 6, 18)), org_id=over.org_id,
                     category_id=over.category_id, amount_fen=over.figures.budget - spent + 1_280_00,
                     purpose="党群服务中心阵地改造（超预算）", voucher_no=f"记-{year}-9001", project_name=""))
    for row in ctx.rng.sample(current, min(2, len(current))):
        row["voucher_no"] = ""
    duplicate = dict(current[-1], voided_at=datetime.combine(current[-1]["spent_on"], datetime.min.time()),
                     void_reason="重复登记")
    rows.append(duplicate)
    if len(building) > 1:
        covered = building[1]
        add_adjustment(ctx.session, year, covered.org_id, covered.category_id, "5000",
                       "追加党群服务中心改造配套资金", min(ctx.today, date(year, 5, 20)), f"湘龙党工委〔{year}〕12号")
