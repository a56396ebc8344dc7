"""经费预算执行表: content from the same sums as the page, A4 landscape PDF with the bundled font, xlsx numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.budget_helpers import standard_setup
from dangjian.core.budgets import ledger
from dangjian.core.budgets import yearly as budgets
from dangjian.core.system import settings_edit
from dangjian.reports.budgets import budget_report
from dangjian.reports.engine.registry import ExportOptions

from .test_settings_report import _fonts

YEAR = 2026
A4_LANDSCAPE = (841.89, 595.27)


@pytest.fixture
def budget_db(db):
    with db.write() as session:
        data = standard_setup(session, YEAR)
        budgets.generate_budgets(session, YEAR)
        budgets.add_adjustment(session, YEAR, data["chaoyang"].id, data["ids"]["party_building"], "5,000.50",
                               "追加阵地建设", date(YEAR, 4, 1), "湘龙党工委〔2026〕3号")
        spend = [("chaoyang", "party_building", "12,345.67", "记-001"), ("company", "education", "1,600", ""),
                 ("xiangtai", "education", "999", "记-003")]
        rows = [ledger.record_expenditure(session, ledger.ExpenditureInput(
            date(YEAR, 5, i + 1), data[org].id, data["ids"][cat], amount, "主题党日活动", "王丽", voucher))
            for i, (org, cat, amount, voucher) in enumerate(spend)]
        ledger.void_expenditure(session, rows[2].id, "重复登记")
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
    return db


def test_report_content_reconciles(budget_db):
    with budget_db.read() as session:
        report = budget_report(session, ExportOptions(year=YEAR, today=date(YEAR, 12, 1)))
    text = report.text_content()
    assert "一、2026年度经费预算表" in text and "二、2026年度预算执行情况表" in text and "三、2026年度支出明细" in text
    # 2 communities × (20万 + 20万 + 3万) + 47 members × ¥300 + the adjustment
    budget = 2 * 430_000_00 + 47 * 300_00 + 5_000_50
    assert f"预算合计：{budget // 1_000_000}.{budget // 10_000 % 100:02d}万元" in text
    execution = next(t for t in report.tables() if t.sheet_name == "预算执行情况")
    total = execution.rows[-1]
    assert total[:6] == ("合计", "", budget, 12_345_67 + 1_600_00, budget - 13_945_67, "1.6%")
    assert total[6] + total[7] == budget
    detail = next(t for t in report.tables() if t.sheet_name == "支出明细")
    assert detail.struck_rows == frozenset({2})
    assert detail.rows[-1][3] == 13_945_67 and "另有作废 1 笔" in detail.rows[-1][4]
    assert detail.rows[1][6] == "（缺）"


def test_report_for_one_org_covers_its_subtree_only(budget_db):
    with budget_db.read() as session:
        report = budget_report(session, ExportOptions(year=YEAR, org="朝阳社区党委"))
    execution = next(t for t in report.tables() if t.sheet_name == "预算执行情况")
    assert {row[0].strip() for row in execution.rows[:-1]} - {""} == {"朝阳社区党委"}
    assert "朝阳社区党委（含所属党组织）" in report.subtitle


def test_pdf_is_a4_landscape_with_embedded_font_and_struck_void(cli, budget_db, tmp_path):
    target = tmp_path / "经费.pdf"
    code, _, err = cli("--db", budget_db.path, "export", "budget", target, "--year", str(YEAR))
    assert code == 0, err
    reader = PdfReader(target)
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - A4_LANDSCAPE[0]) < 0.5
        assert abs(float(page.mediabox.height) - A4_LANDSCAPE[1]) < 0.5
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("2026年度党建经费预算执行情况", "湘龙街道党工委", "¥12,345.67", "按经费类别汇总", "县级承担",
                     "制表人", "审核人", "（作废：重复登记）", f"共{len(reader.pages)}页"):
        assert expected in text, expected
    assert all(name.endswith("WenQuanYiMicroHei-0") and "+" in name for name in _fonts(reader))


def test_xlsx_money_cells_are_numeric_yuan(cli, budget_db, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "经费.xlsx"
    code, _, err = cli("--db", budget_db.path, "export", "budget", target, "--year", str(YEAR))
    assert code == 0, err
    book = load_workbook(target)
    assert {"经费预算表", "预算执行情况", "按类别", "支出明细"} <= set(book.sheetnames)
    sheet = book["支出明细"]
    amounts = [row[3] for row in sheet.iter_rows(values_only=True) if row[3] is not None]
    numbers = [a for a in amounts if not isinstance(a, str)]
    assert Decimal(str(numbers[0])) == Decimal("12345.67")
    assert all(isinstance(a, int | float | Decimal) for a in numbers) and len(numbers) == 4


def test_unknown_org_is_a_chinese_error(cli, budget_db, tmp_path):
    code, _, err = cli("--db", budget_db.path, "export", "budget", tmp_path / "x.pdf", "--org", "不存在社区")
    assert code == 1 and "找不到党组织“不存在社区”" in err
