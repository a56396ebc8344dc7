"""经费: standards, generation with diff, adjustments, ledger, findings and 执行率 — without Qt."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from dangjian.core.budgets import ledger, standards
from dangjian.core.budgets import yearly as budgets
from dangjian.core.budgets.checks import budget_findings
from dangjian.core.budgets.execution import execution_summary, rate_permille
from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.models import (
    AuditEntry,
    BudgetAdjustment,
    BudgetLine,
    Expenditure,
    FundStandard,
    MemberTransfer,
    Organisation,
)
from dangjian.core.orgs import order as org_order

from .budget_helpers import add_members, category_ids, make_org, standard_setup

YEAR = 2026


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def spend(session, org, category_id, amount, *, day=date(YEAR, 3, 1), voucher="记-001", **kw):
    return ledger.record_expenditure(session, ledger.ExpenditureInput(
        day, org.id, category_id, amount, kw.pop("purpose", "党员教育活动"), "张三", voucher, **kw))


@pytest.fixture
def setup(db):
    with db.write() as session:
        data = standard_setup(session, YEAR)
        data = {k: (v.id if hasattr(v, "id") else v) for k, v in data.items()}
    return data


# --- standards ------------------------------------------------------------------------------------


def test_builtin_categories_are_seeded(db):
    with db.read() as session:
        assert [c.name for c in standards.categories(session)] == [
            "社区运转经费", "社区惠民项目资金", "党建专项经费", "党员教育活动经费"]


def test_user_category_can_be_added_renamed_and_deleted_while_unused(db):
    with db.write() as session:
        category = standards.add_category(session, "  网格服务经费 ")
        assert category.name == "网格服务经费" and not category.builtin
        standards.rename_category(session, category.id, "网格化服务经费")
    with db.write() as session, pytest.raises(ValidationError, match="类别名称：“党建专项经费”已存在"):
        standards.add_category(session, "党建专项经费")
    with db.write() as session:
        standards.delete_category(session, category.id)
    with db.write() as session, pytest.raises(UserError, match="内置类别，不能删除"):
        standards.delete_category(session, category_ids(session)["operating"])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("per_org", "-100", "每个组织金额：金额不能为负数"),
    ("per_org", "abc", "每个组织金额：“abc”不是有效金额"),
    ("per_member", "300.125", "每名党员金额：金额最多精确到分（两位小数）"),
    ("per_member", 1.5, "每名党员金额：请填写金额"),
    ("county_share_pct", 60, "分担比例：县级 60% 与街道 50% 之和应为100%"),
    ("county_share_pct", "六十", "县级分担比例：“六十”不是 0–100 的整数"),
    ("member_cutoff_on", "2026-02-30", "党员人数截止日期：“2026-02-30”不是真实日期（2026年2月没有30日）"),
    ("qualifying_kinds", ["居委会"], "适用组织类型：“居委会”不是可选项"),
])
def test_bad_standard_is_refused_in_chinese_and_nothing_written(db, field, value, message):
    with db.write() as session:
        data = standards.StandardInput(category_ids(session)["education"], "100", "300", 50, 50)
        setattr(data, field, value)
        with pytest.raises(ValidationError) as error:
            standards.set_standard(session, YEAR, data)
        assert str(error.value).startswith(message)
    with db.read() as session:
        assert count(session, FundStandard) == 0
        assert count(session, AuditEntry) == 0


def test_standard_accepts_chinese_labels_and_defaults_cutoff(db):
    with db.write() as session:
        ids = category_ids(session)
        saved = standards.set_standard(session, YEAR, standards.StandardInput(
            ids["operating"], "1.5万", 0, "40%", "60", ["党委", "党总支"], ["社区"]))
        assert saved.per_org_fen == 1_500_000
        assert saved.qualifying_kinds == ["party_committee", "general_branch"]
        assert saved.qualifying_domains == ["community"]
        assert saved.member_cutoff_on is None or saved.member_cutoff_on == date(YEAR - 1, 12, 31)


def test_copy_standards_moves_the_cutoff_and_refuses_to_overwrite(db, setup):
    with db.write() as session:
        assert standards.copy_standards(session, YEAR, YEAR + 1) == 4
        copied = standards.standards_for_year(session, YEAR + 1)
        assert {s.member_cutoff_on for s in copied} == {date(YEAR, 12, 31)}
    with db.write() as session, pytest.raises(UserError, match="已有经费标准，不能覆盖"):
        standards.copy_standards(session, YEAR, YEAR + 1)


# --- generation -------------------------------------------------------------------------------------


def test_a_year_without_standards_is_a_clear_error_and_writes_nothing(db, setup):
    with db.write() as session, pytest.raises(UserError, match="2030年还没有经费标准"):
        budgets.generate_budgets(session, 2030)
    with db.read() as session:
        assert count(session, BudgetLine) == 0


def test_generation_computes_lines_from_standards_and_member_counts(db, setup):
    with db.write() as session:
        diff = budgets.generate_budgets(session, YEAR)
    # 3 community funds × 2 communities + education for the 3 orgs with members
    assert diff.count("new") == 3 * 2 + 3
    with db.read() as session:
        lines = {(line.org_id, line.category_id): (line.standard_fen, line.member_count)
                 for line in session.scalars(select(BudgetLine))}
    ids = setup["ids"]
    assert lines[(setup["chaoyang"], ids["operating"])] == (200_000_00, None)
    assert lines[(setup["chaoyang"], ids["education"])] == (30 * 300_00, 30)
    assert lines[(setup["company"], ids["education"])] == (5 * 300_00, 5)
    assert (setup["company"], ids["operating"]) not in lines  # not a community
    assert (setup["street"], ids["education"]) not in lines  # no members, nothing to budget


def test_member_count_uses_cutoff_status_and_transfers(db, setup):
    with db.write() as session:
        chaoyang = session.get(Organisation, setup["chaoyang"])
        company = session.get(Organisation, setup["company"])
        add_members(session, chaoyang, 4, joined=date(YEAR, 2, 1))  # after the cut-off
        add_members(session, chaoyang, 2, status="deceased")
        moved = add_members(session, company, 1)[0]  # in 朝阳 at the cut-off, moved in March
        session.add(MemberTransfer(member_id=moved.id, transferred_on=date(YEAR, 3, 1),
                                   from_org_id=chaoyang.id, to_org_id=company.id))
        counts = budgets.member_counts_at(session, date(YEAR - 1, 12, 31))
    assert counts[setup["chaoyang"]] == 31
    assert counts[setup["company"]] == 5


def test_regeneration_diff_keeps_adjustments_and_says_so(db, setup):
    ids = setup["ids"]
    with db.write() as session:
        budgets.generate_budgets(session, YEAR)
        budgets.add_adjustment(session, YEAR, setup["chaoyang"], ids["operating"], "5,000",
                               "追加困难群众慰问", "2026-04-01", "湘龙党工委〔2026〕3号")
        data = standards.new_standard_defaults(session, YEAR + 1, ids["operating"])
        assert data.per_org == 200_000_00  # last year's values offered for a new year
        data = standards.StandardInput(ids["operating"], "25万", 0, 50, 50, ["party_committee"],
                                       ["community"])
        standards.set_standard(session, YEAR, data)
    with db.read() as session:
        diff = budgets.plan_budgets(session, YEAR)
    by_org = {(c.org_id, c.category_id): c for c in diff.changes}
    kept = by_org[(setup["chaoyang"], ids["operating"])]
    assert (kept.status, kept.old_standard, kept.new_standard) == ("changed", 200_000_00, 250_000_00)
    assert (kept.old_total, kept.new_total) == (205_000_00, 255_000_00)
    assert "保留手工调整 ¥5,000.00" in kept.note
    gone = by_org[(setup["xiangtai"], ids["operating"])]  # 党总支 no longer qualifies
    assert gone.status == "removed" and not gone.keeps_line and "删除该行" in gone.note
    assert by_org[(setup["chaoyang"], ids["education"])].status == "unchanged"
    with db.write() as session:
        applied = budgets.generate_budgets(session, YEAR, expected_fingerprint=diff.fingerprint)
        assert applied.fingerprint == diff.fingerprint
        assert count(session, BudgetAdjustment) == 1
        summary = execution_summary(session, YEAR)
        assert summary.line(setup["chaoyang"], ids["operating"]).budget == 255_000_00
        assert summary.line(setup["xiangtai"], ids["operating"]).budget == 0
    with db.read() as session:
        again = budgets.plan_budgets(session, YEAR)
        assert not again.has_changes


def test_removed_line_with_spending_is_kept_at_zero(db, setup):
    ids = setup["ids"]
    with db.write() as session:
        budgets.generate_budgets(session, YEAR)
        spend(session, session.get(Organisation, setup["xiangtai"]), ids["operating"], "100")
        standards.set_standard(session, YEAR, standards.StandardInput(
            ids["operating"], "20万", 0, 50, 50, ["party_committee"], ["community"]))
        diff = budgets.generate_budgets(session, YEAR)
    key = (setup["xiangtai"], ids["operating"])
    change = next(c for c in diff.changes if (c.org_id, c.category_id) == key)
    assert change.status == "removed" and change.keeps_line and change.new_total == 0
    with db.read() as session:
        assert not budgets.plan_budgets(session, YEAR).has_changes


def test_stale_preview_is_refused(db, setup):
    with db.read() as session:
        diff = budgets.plan_budgets(session, YEAR)
    with db.write() as session:
        add_members(session, session.get(Organisation, setup["company"]), 1)
    with db.write() as session, pytest.raises(UserError, match="请重新生成预览"):
        budgets.generate_budgets(session, YEAR, expected_fingerprint=diff.fingerprint)
    with db.read() as session:
        assert count(session, BudgetLine) == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    per_org=st.lists(st.integers(0, 50_000_000), min_size=4, max_size=4),
    per_member=st.lists(st.integers(0, 100_000), min_size=4, max_size=4),
    county=st.lists(st.integers(0, 100), min_size=4, max_size=4),
    members=st.lists(st.integers(0, 40), min_size=1, max_size=6),
    adjustments=st.lists(st.integers(1, 1_000_000), max_size=3),
    spends=st.lists(st.integers(1, 5_000_000), max_size=6),
)
def test_property_lines_shares_and_totals_reconcile(db, per_org, per_member, county, members, adjustments,
                                                    spends):
    session = db.session()
    session.begin()  # every example runs in one transaction that is rolled back: same DB, no copies
    try:
        orgs = [make_org(session, f"社区{i}") for i in range(len(members))]
        org_ids = [org.id for org in orgs]
        for org, n in zip(orgs, members, strict=True):
            add_members(session, org, n)
        ids = list(category_ids(session).values())
        for cid, fen_org, fen_member, pct in zip(ids, per_org, per_member, county, strict=True):
            if fen_org or fen_member:
                standards.set_standard(session, YEAR, standards.StandardInput(cid, fen_org, fen_member, pct,
                                                                              100 - pct))
        if not standards.standards_for_year(session, YEAR):
            return
        diff = budgets.generate_budgets(session, YEAR)
        first = ids[0]
        for amount in adjustments:
            budgets.add_adjustment(session, YEAR, orgs[0].id, first, amount, "追加", date(YEAR, 5, 1))
        for i, amount in enumerate(spends):
            spend(session, orgs[i % len(orgs)], first, amount)
        summary = execution_summary(session, YEAR)
    finally:
        session.rollback()
        session.close()
    for org_id, n in zip(org_ids, members, strict=True):  # each line is exactly the standard's formula
        for cid, fen_org, fen_member in zip(ids, per_org, per_member, strict=True):
            line = summary.lines.get((org_id, cid))
            expected = fen_org + fen_member * n
            assert (line.standard if line else 0) == expected
    amounts = [diff.new_total, diff.old_total]
    for line in summary.lines.values():
        f = line.figures
        amounts += [line.standard, line.adjustments, f.budget, f.spent, f.county, f.street, f.balance]
        assert f.county + f.street == f.budget
    total = summary.total
    assert total.county + total.street == total.budget
    assert total.budget == diff.new_total + sum(adjustments)
    assert total.spent == sum(spends)
    assert sum(summary.by_org(o.id).budget for o in summary.orgs) == total.budget
    assert sum(summary.by_category(c).spent for c, _ in summary.categories) == total.spent
    assert sum(summary.by_category(c).county for c, _ in summary.categories) == total.county
    assert all(type(a) is int for a in amounts), "money must be int 分, never float"


# --- adjustments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "reason", "day", "message"), [
    ("0", "追加", "2026-04-01", "调整金额：不能为零"),
    ("12.345", "追加", "2026-04-01", "调整金额：金额最多精确到分"),
    ("-999999", "调减", "2026-04-01", "调整金额：调减后预算为负数"),
    ("100", " ", "2026-04-01", "调整原因：不能为空"),
    ("100", "追加", "", "调整日期：不能为空"),
])
def test_bad_adjustment_is_refused(db, setup, amount, reason, day, message):
    with db.write() as session:
        budgets.generate_budgets(session, YEAR)
    with db.write() as session, pytest.raises(ValidationError) as error:
        budgets.add_adjustment(session, YEAR, setup["company"], setup["ids"]["education"], amount, reason,
                               day)
    assert str(error.value).startswith(message)
    with db.read() as session:
        assert count(session, BudgetAdjustment) == 0


def test_adjustment_for_an_org_without_a_line_creates_one(db, setup):
    ids = setup["ids"]
    with db.write() as session:
        budgets.add_adjustment(session, YEAR, setup["company"], ids["benefit"], "1.2万", "两新组织惠民项目",
                               date(YEAR, 6, 1))
        summary = execution_summary(session, YEAR)
        figures = summary.line(setup["company"], ids["benefit"])
        assert (figures.budget, figures.county, figures.street) == (12_000_00, 7_200_00, 4_800_00)


# --- ledger -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "message"), [
    ("-5", "金额：金额不能为负数"),
    ("0", "金额：支出金额应大于零"),
    ("五百", "金额：“五百”不是有效金额"),
    ("10.001", "金额：金额最多精确到分（两位小数）"),
    (12.5, "金额：请填写金额"),
])
def test_bad_expenditure_amount_is_refused(db, setup, amount, message):
    with db.write() as session, pytest.raises(ValidationError) as error:
        spend(session, session.get(Organisation, setup["chaoyang"]), setup["ids"]["education"], amount)
    assert str(error.value).startswith(message)
    with db.read() as session:
        assert count(session, Expenditure) == 0 and count(session, AuditEntry) == 4  # the four standards


def test_expenditure_for_a_revoked_org_is_refused(db, setup):
    with db.write() as session:
        gone = make_org(session, "已撤销党支部", kind="branch", status="revoked",
                        revoked_on=date(YEAR, 2, 1))
        # spending before the revocation can still be entered late
        spend(session, gone, setup["ids"]["education"], "50", day=date(YEAR, 1, 15))
    refused = "党组织：“已撤销党支部”已于2026-02-01撤销"
    with db.write() as session, pytest.raises(ValidationError, match=refused):
        spend(session, session.get(Organisation, gone.id), setup["ids"]["education"], "50")
    with db.read() as session:
        assert count(session, Expenditure) == 1


def test_edit_void_and_totals(db, setup):
    ids = setup["ids"]
    with db.write() as session:
        budgets.generate_budgets(session, YEAR)
        org = session.get(Organisation, setup["chaoyang"])
        first = spend(session, org, ids["education"], "1,000.50")
        second = spend(session, org, ids["education"], "2000", voucher="")
        ledger.update_expenditure(session, first.id, ledger.ExpenditureInput(
            date(YEAR, 3, 2), org.id, ids["education"], "1200.50", "主题党日活动", "李四", "记-002"))
        ledger.void_expenditure(session, second.id, "重复登记")
    with db.read() as session:
        flt = ledger.LedgerFilter(year=YEAR)
        rows = ledger.ledger_rows(session, flt)
        totals = ledger.ledger_totals(session, flt)
        figures = execution_summary(session, YEAR).line(setup["chaoyang"], ids["education"])
    assert [(r.amount, r.voided) for r in rows] == [(2000_00, True), (1200_50, False)]  # by date
    assert (totals.rows, totals.voided, totals.spent) == (2, 1, 1200_50)
    assert figures.spent == 1200_50 and figures.budget == 9000_00
    assert rate_permille(figures.spent, figures.budget) == 133  # 13.3%
    with db.write() as session, pytest.raises(UserError, match="已作废的支出不能修改"):
        ledger.update_expenditure(session, second.id, ledger.ExpenditureInput(
            date(YEAR, 3, 2), setup["chaoyang"], ids["education"], "1", "x"))


def test_ledger_keyset_paging_returns_every_row_once(db, setup):
    with db.write() as session:
        org = session.get(Organisation, setup["company"])
        for day in range(1, 26):
            spend(session, org, setup["ids"]["education"], str(day), day=date(YEAR, 1, 1 + day % 5))
    with db.read() as session:
        seen, after = [], None
        while page := ledger.ledger_rows(session, ledger.LedgerFilter(), after=after, limit=7):
            seen += [r.id for r in page]
            after = (page[-1].spent_on, page[-1].id)
    assert sorted(seen) == list(range(1, 26)) and len(seen) == 25


def test_findings_overspend_outside_year_and_missing_voucher(db, setup):
    ids = setup["ids"]
    with db.write() as session:
        budgets.generate_budgets(session, YEAR)
        company = session.get(Organisation, setup["company"])
        spend(session, company, ids["education"], "1600")  # budget 1,500
        spend(session, company, ids["benefit"], "10", voucher="")  # no line at all, no voucher
        spend(session, company, ids["education"], "10", day=date(YEAR + 1, 1, 5), budget_year=YEAR)
    with db.read() as session:
        findings = budget_findings(session, date(YEAR, 12, 1))
    rules = sorted((f.rule, f.org) for f in findings)
    assert rules == [(rule, "某科技公司党支部") for rule in (
        "budget.missing_voucher", "budget.outside_year", "budget.overspend", "budget.overspend")]
    overspend = next(f for f in findings if "超出预算" in f.message)
    assert overspend.severity == "error"
    assert "已支出 ¥1,610.00，超出预算 ¥1,500.00 共 ¥110.00" in overspend.message
    with db.write() as session:  # an adjustment covering the overspend clears it
        budgets.add_adjustment(session, YEAR, setup["company"], ids["education"], "110", "追加",
                               date(YEAR, 6, 1))
        findings = budget_findings(session, date(YEAR, 12, 1))
    assert not [f for f in findings if "超出预算" in f.message]


def test_check_command_lists_budget_findings(cli, db_path, db):
    with db.write() as session:
        data = standard_setup(session, date.today().year)
        spend(session, data["company"], data["ids"]["education"], "99999", day=date.today(), voucher="")
    code, out, _ = cli("--db", db_path, "check", "--json")
    assert code == 0
    assert {"budget.overspend", "budget.missing_voucher"} <= {f["rule"] for f in json.loads(out)["findings"]}


# --- demo -------------------------------------------------------------------------------------------


def test_demo_step_builds_two_years_with_deliberate_gaps(db):
    import random

    from dangjian.core.demo.budgets import build_budgets_demo
    from dangjian.core.demo.build import DemoContext

    from .budget_helpers import sample_street

    today = date(YEAR, 9, 30)
    with db.write() as session:
        sample_street(session)
        ctx = DemoContext(session, 0, today, random.Random(7))
        build_budgets_demo(ctx)
    assert ctx.summary["经费支出"] >= 200
    with db.read() as session:
        assert {line.year for line in session.scalars(select(BudgetLine))} == {YEAR - 1, YEAR}
        live = ledger.LedgerFilter(year=YEAR, include_voided=False)
        assert ledger.ledger_totals(session, ledger.LedgerFilter(year=YEAR)).voided == 1
        assert ledger.ledger_totals(session, ledger.LedgerFilter(year=YEAR, missing_voucher_only=True)).rows == 2
        findings = budget_findings(session, today)
        assert all(r.spent_on <= today for r in ledger.ledger_rows(session, live, limit=None))
    assert [f.rule for f in findings if f.severity == "error"] == ["budget.overspend"]
    assert any(f.rule == "budget.missing_voucher" for f in findings)


def test_every_write_is_audited(db, setup):
    ids = setup["ids"]
    with db.write() as session:
        before = count(session, AuditEntry)
        budgets.generate_budgets(session, YEAR)
        adjustment = budgets.add_adjustment(session, YEAR, setup["company"], ids["education"], "10", "追加",
                                            date(YEAR, 5, 1), "文号1")
        budgets.remove_adjustment(session, adjustment.id)
        row = spend(session, session.get(Organisation, setup["company"]), ids["education"], "10")
        ledger.void_expenditure(session, row.id, "重复")
        ledger.unvoid_expenditure(session, row.id)
        standards.set_category_active(session, ids["benefit"], False)
        summaries = [e.summary for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))][before:]
    assert summaries[0].startswith("2026年预算：新增9项；合计 ¥0.00 → ¥")
    assert summaries[1] == "2026年某科技公司党支部党员教育活动经费预算调整 ¥10.00：追加（文号1）"
    assert summaries[2].startswith("撤销2026年预算调整 ¥10.00")
    assert summaries[3] == "登记支出：2026-03-01 某科技公司党支部 党员教育活动经费 ¥10.00 党员教育活动"
    assert summaries[4:] == ["作废支出 2026-03-01 ¥10.00 党员教育活动：重复",
                             "撤销作废 2026-03-01 ¥10.00 党员教育活动", "停用经费类别：社区惠民项目资金"]


def test_inactive_category_takes_no_new_spending_or_budget(db, setup):
    ids = setup["ids"]
    with db.write() as session:
        budgets.generate_budgets(session, YEAR)
        standards.set_category_active(session, ids["benefit"], False)
        assert not budgets.plan_budgets(session, YEAR).has_changes  # its lines stay as they were
        session.execute(delete(BudgetLine))
        diff = budgets.generate_budgets(session, YEAR)
        assert {c.category_id for c in diff.changes} == {ids["operating"], ids["party_building"], ids["education"]}
    with db.write() as session, pytest.raises(ValidationError, match="经费类别：“社区惠民项目资金”已停用"):
        spend(session, session.get(Organisation, setup["chaoyang"]), ids["benefit"], "10")


def test_tree_order_keeps_revoked_parents_and_subtrees(db):
    with db.write() as session:
        street = make_org(session, "街道党工委", kind="street_committee")
        old = make_org(session, "乙社区党委", parent=street, status="revoked", revoked_on=date(YEAR, 1, 1))
        child = make_org(session, "乙社区第一党支部", kind="branch", parent=old)
        first = make_org(session, "甲社区党委", parent=street)
        first.sort_order = -1
        session.flush()
        tree = org_order.orgs_in_tree_order(session)
        assert [(o.name, o.depth, o.revoked) for o in tree] == [
            ("街道党工委", 0, False), ("甲社区党委", 1, False), ("乙社区党委", 1, True), ("乙社区第一党支部", 2, False)]
        assert org_order.subtrees(tree)[old.id] == {old.id, child.id}
        assert org_order.subtrees(tree)[street.id] == {o.id for o in tree}
