"""党费: rates at their bracket boundaries, payments and 补交, 减免, 上缴, the unpaid-run finding and the
three printouts. Core and report logic only (no Qt)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import text

from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.common.money import uppercase_yuan
from dangjian.core.dues import ledger
from dangjian.core.dues.base_import import import_dues_bases
from dangjian.core.dues.checks import dues_findings
from dangjian.core.dues.rates import DuesRates
from dangjian.core.dues.status import member_years, spread, unpaid_run
from dangjian.core.members.roster import add_member
from dangjian.core.spreadsheets.importing import ImportOptions
from dangjian.core.system import settings_edit
from dangjian.reports.dues import dues_report
from dangjian.reports.engine.registry import ExportOptions, run_export
from member_helpers import make_id, make_orgs, member_input, save_sheet

YEAR = 2026
RATES = DuesRates()


@pytest.mark.parametrize(("income", "monthly"), [
    (300_000, 1_500),   # 3000 元 is still the 0.5% bracket
    (300_001, 3_000),   # one 分 above: 1%, rounded half-up to 分
    (500_000, 5_000), (500_100, 7_502), (1_000_000, 15_000), (1_000_100, 20_002), (0, 0),
])
def test_working_rates_at_bracket_boundaries(income, monthly):
    assert RATES.monthly_fen("working", income) == monthly


def test_retired_and_fixed_rates():
    assert RATES.monthly_fen("retired", 500_000) == 2_500
    assert RATES.monthly_fen("retired", 500_100) == 5_001
    assert RATES.monthly_fen("fixed", 999_999) == 20


def test_rates_and_rounding_come_from_the_years_settings(db):
    with db.write() as session:
        settings_edit.set_value(session, "dues.rounding", "jiao", YEAR)
        settings_edit.set_value(session, "dues.fixed_amount", 50, YEAR)
        rates = DuesRates.load(session, YEAR)
        assert rates.monthly_fen("working", 456_789) == 4_570  # 45.6789 元 → 45.70 元
        assert rates.monthly_fen("fixed", 0) == 50
        assert DuesRates.load(session, YEAR - 1).monthly_fen("fixed", 0) == 20


def test_uppercase_yuan_as_on_a_voucher():
    assert uppercase_yuan(10_701_305) == "壹拾万柒仟零壹拾叁元零伍分"
    assert uppercase_yuan(100) == "壹元整"
    assert uppercase_yuan(1_000_100) == "壹万零壹元整"


@pytest.fixture
def world(db):
    with db.write() as session:
        orgs = make_orgs(session)
        a = add_member(session, member_input(orgs["first"], 1, name="张伟"), today=date(YEAR, 1, 1)).id
        b = add_member(session, member_input(orgs["first"], 2, name="李娜"), today=date(YEAR, 1, 1)).id
        ledger.set_base(session, a, YEAR, income_fen=400_000, basis="working")  # 40.00 元 a month
    return orgs, a, b


def test_payment_clash_and_back_pay_rules(db, world):
    _, a, _ = world
    with db.write() as session:
        ledger.record_payment(session, ledger.PaymentInput(a, YEAR, 1, 3, 12_000, date(YEAR, 1, 10)))
    with db.write() as session, pytest.raises(UserError, match="已登记"):
        ledger.record_payment(session, ledger.PaymentInput(a, YEAR, 3, 4, 8_000, date(YEAR, 4, 10)))
    with db.write() as session, pytest.raises(ValidationError, match="审批人"):
        ledger.record_payment(session, ledger.PaymentInput(a, YEAR, 4, 5, 8_000, date(YEAR, 6, 1), back_pay=True,
                                                           reason="外出务工"))
    with db.read() as session:
        (row,) = member_years(session, YEAR, member_ids=[a])
        assert row.paid == {1: 4_000, 2: 4_000, 3: 4_000} and row.paid_fen == 12_000


def test_batch_month_is_refused_whole_when_one_member_has_no_base(db, world):
    _, a, b = world
    with db.write() as session, pytest.raises(UserError, match="李娜"):
        ledger.record_month(session, [a, b], YEAR, 5, date(YEAR, 5, 9))
    with db.read() as session:
        assert all(not r.paid for r in member_years(session, YEAR, member_ids=[a, b]))


def test_waiver_makes_months_free_and_remittance_carries_live_payments(db, world):
    orgs, a, _ = world
    with db.write() as session:
        ledger.add_waiver(session, ledger.WaiverInput(a, YEAR, 6, 8, 0, "住院治疗", "支部书记", date(YEAR, 6, 1)))
        paid = ledger.record_payment(session, ledger.PaymentInput(a, YEAR, 1, 2, 8_000, date(YEAR, 2, 1)))
        wrong = ledger.record_payment(session, ledger.PaymentInput(a, YEAR, 3, 3, 4_000, date(YEAR, 3, 1)))
        ledger.void_payment(session, wrong.id)
        remittance = ledger.remit(session, ledger.RemittanceInput(orgs["root"], date(YEAR, 3, 31),
                                                                  date(YEAR, 4, 5), "县委组织部"))
        assert remittance.amount_fen == 8_000
        with pytest.raises(UserError, match="已上缴"):
            ledger.void_payment(session, paid.id)
    with db.read() as session:
        (row,) = member_years(session, YEAR, member_ids=[a])
        assert row.state(YEAR, 7, 12) == "waived" and row.state(YEAR, 3, 12) == "due"
        assert row.expected_fen(YEAR, 12) == 9 * 4_000


def test_unpaid_run_counts_back_from_last_month():
    covered = {(YEAR, m) for m in range(1, 6)}  # paid Jan-May
    assert unpaid_run(covered, date(2000, 1, 1), date(YEAR, 12, 4)) == 6  # Jun-Nov; December still collecting
    assert unpaid_run(covered, date(2000, 1, 1), date(YEAR, 11, 30)) == 5
    assert unpaid_run(set(), date(YEAR, 9, 15), date(YEAR, 12, 4)) == 3  # dues start in the month of 入党


def test_finding_fires_at_the_setting(db, world):
    _, a, _ = world
    with db.write() as session:
        ledger.record_payment(session, ledger.PaymentInput(a, YEAR, 1, 5, 20_000, date(YEAR, 1, 10)))
    with db.read() as session:
        names = {f.message[:2] for f in dues_findings(session, date(YEAR, 12, 4)) if f.rule == "dues.unpaid_months"}
        assert "张伟" in names  # 6 months: at the limit
        assert "张伟" not in {f.message[:2] for f in dues_findings(session, date(YEAR, 11, 4))
                              if f.rule == "dues.unpaid_months"}


@given(st.integers(0, 10_000_000), st.integers(1, 12), st.integers(0, 11))
def test_a_payment_spread_over_its_months_adds_up_in_whole_fen(amount, first, extra):
    last = min(12, first + extra)
    months = spread(amount, first, last)
    assert list(months) == list(range(first, last + 1))
    assert sum(months.values()) == amount
    assert all(type(v) is int for v in months.values()) and max(months.values()) - min(months.values()) <= 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 3), st.integers(1, 99_999), st.booleans()),
                min_size=1, max_size=6))
def test_grid_remittance_and_printout_totals_reconcile(db, world, tmp_path, payments):
    """Whatever payments are entered (some voided), the grid's 实交, the 上缴 and the printed 合计 agree."""
    orgs, a, b = world
    with db.write() as session:
        for table in ("dues_payments", "dues_remittances"):
            session.execute(text(f"DELETE FROM {table}"))
        live, taken = 0, set()
        for n, (first, extra, amount, voided) in enumerate(payments):
            last, member = min(12, first + extra), (a, b)[n % 2]
            if any((member, m) in taken for m in range(first, last + 1)):
                continue
            paid = ledger.record_payment(session, ledger.PaymentInput(member, YEAR, first, last, amount,
                                                                      date(YEAR, 1, 2)))
            if voided:
                ledger.void_payment(session, paid.id)
            else:
                live += amount
                taken.update((member, m) for m in range(first, last + 1))
    with db.read() as session:
        rows = member_years(session, YEAR, orgs["root"])
        assert sum(r.paid_fen for r in rows) == sum(sum(r.paid.values()) for r in rows) == live
        report = dues_report(session, ExportOptions(year=YEAR, today=date(YEAR, 12, 4)))
        total_row = report.tables()[0].rows[-1]
        assert total_row[1] == "合计" and total_row[-2] == live and isinstance(total_row[-2], int)
    if live:
        with db.write() as session:
            remitted = ledger.remit(session, ledger.RemittanceInput(orgs["root"], date(YEAR, 1, 2),
                                                                    date(YEAR, 1, 3), "县委组织部"))
            assert remitted.amount_fen == live


def test_printouts_are_a4_with_chinese_text(db, world, tmp_path):
    orgs, a, _ = world
    with db.write() as session:
        ledger.record_payment(session, ledger.PaymentInput(a, YEAR, 1, 3, 12_000, date(YEAR, 1, 10)))
        remittance = ledger.remit(session, ledger.RemittanceInput(orgs["root"], date(YEAR, 3, 31),
                                                                  date(YEAR, 4, 5), "县委组织部")).id
    today = date(YEAR, 12, 4)
    for kind, options, expected in [
        ("dues", ExportOptions(year=YEAR, month=2, today=today), "张伟"),
        ("dues-notice", ExportOptions(year=YEAR, today=today), "张伟"),
        ("dues-remittance", ExportOptions(remittance_id=remittance, today=today), "人民币壹佰贰拾元整"),
    ]:
        path = run_export(db, kind, tmp_path / f"{kind}.pdf", options)
        reader = PdfReader(path)
        text = "".join(page.extract_text() for page in reader.pages)
        assert expected in text
        box = reader.pages[0].mediabox
        assert round(float(box.width)) == 595 and round(float(box.height)) == 842
    notice = "".join(p.extract_text() for p in PdfReader(tmp_path / "dues-notice.pdf").pages)
    assert "********" in notice


def test_base_import_is_all_or_nothing_with_row_numbers(db, world, tmp_path):
    _, a, b = world
    bad = save_sheet(tmp_path, [["姓名", "身份证后四位", "月收入", "交纳类别"],
                                ["张伟", make_id(1)[-4:], "6000", ""],
                                ["李娜", make_id(2)[-4:], "六千", ""],
                                ["王五", "1234", "3000", ""],
                                ["李娜", make_id(2)[-4:], "3000", "临时工"]], name="基数.xlsx")
    result = import_dues_bases(db, bad, ImportOptions(year=YEAR))
    assert not result.written
    assert {(p.row, p.column) for p in result.errors} == {(3, "月收入"), (4, "姓名"), (5, "交纳类别")}
    with db.read() as session:
        assert {r.name: r.base_monthly_fen for r in member_years(session, YEAR, member_ids=[a, b])} == {
            "张伟": 4_000, "李娜": None}

    good = save_sheet(tmp_path, [["姓名", "公民身份号码", "月收入", "交纳类别"],
                                 ["张伟", make_id(1), "6000", ""], ["李娜", make_id(2), "", "定额"]], name="好.xlsx")
    result = import_dues_bases(db, good, ImportOptions(year=YEAR + 1))
    assert result.written and (result.created, result.updated) == (2, 0)
    with db.read() as session:
        rows = {r.name: r for r in member_years(session, YEAR + 1, member_ids=[a, b])}
        assert rows["张伟"].base_monthly_fen == 9_000 and rows["李娜"].base_monthly_fen == 20
        assert rows["李娜"].basis == "fixed"
        assert [r.base_monthly_fen for r in member_years(session, YEAR, member_ids=[a])] == [4_000]
