"""The report engine: content model, PDF backend (pages, fonts, footers, cancel) and XLSX backend."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from dangjian.core.common.errors import Cancelled
from dangjian.core.common.money import Money
from dangjian.paths import resource_path
from dangjian.reports.engine.document import Column, Report, cell_text
from dangjian.reports.engine.fonts import FONT_NAME, register_font, registered_font_path
from dangjian.reports.engine.pdf import write_pdf
from dangjian.reports.engine.xlsx import safe_text, write_xlsx

BUNDLED_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"
A4_PORTRAIT = (595.27, 841.89)
PRINTED = datetime.date(2025, 1, 5)
COLUMNS = [Column("序号", 12, "center"), Column("姓名", 20), Column("所在支部", 40), Column("出生日期", 24, "center"),
           Column("党费", 22, "right")]


def roster(rows: int = 300, *, landscape: bool = False) -> Report:
    report = Report("党员花名册", unit_name="中共示范街道工作委员会", subtitle="截至2024年12月31日",
                    landscape=landscape, printed_on=PRINTED)
    report.heading("一、基本情况")
    report.paragraph("本表由系统生成。<注意>核对 & 签字。")
    report.key_values([("党组织名称", "中共示范社区支部委员会"), ("党员人数", rows), ("经费", Money(123450))])
    report.table(
        COLUMNS,
        ((i + 1, f"党员{i + 1}号", "第一党支部" if i % 2 else "示范社区老旧小区改造临时党支部（联合党支部）",
          datetime.date(1980, 1, 1 + i % 28), Money(1500 + i)) for i in range(rows)),
        caption="表1 党员名单", struck_rows=[1], bold_rows=[rows - 1],
    )
    report.signature_line()
    return report


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


# --- document --------------------------------------------------------------------------------------


def test_report_blocks_and_text_content():
    report = roster(3)
    kinds = [type(block).__name__ for block in report.blocks]
    assert kinds == ["Heading", "Paragraph", "KeyValues", "Table", "SignatureLine"]
    table = report.tables()[0]
    assert len(table.rows) == 3 and table.struck_rows == {1} and table.bold_rows == {2}
    text = report.text_content()
    for expected in ("党员花名册", "中共示范街道工作委员会", "打印日期：2025年1月5日", "经费：¥1,234.50",
                     "序号\t姓名\t所在支部\t出生日期\t党费", "2\t党员2号\t第一党支部\t1980-01-02\t¥15.01", "制表人："):
        assert expected in text


def test_cell_text_formats():
    assert cell_text(None) == ""
    assert cell_text(Money(-123456)) == "-¥1,234.56"
    assert cell_text(datetime.date(2024, 5, 1)) == "2024-05-01"
    assert cell_text(7) == "7"
    assert cell_text("430121198507011234") == "430121198507011234"


def test_table_rejects_ragged_rows_and_bad_indices():
    report = Report("t", unit_name="u")
    with pytest.raises(ValueError, match="row 1 has 1 cells"):
        report.table([Column("a", 10), Column("b", 10)], [("x", "y"), ("z",)])
    with pytest.raises(ValueError, match="outside"):
        report.table([Column("a", 10)], [("x",)], struck_rows=[1])
    with pytest.raises(ValueError):
        Column("a", 0)
    with pytest.raises(ValueError, match="align"):
        report.paragraph("落款", align="justify")  # type: ignore[arg-type]


def test_xlsx_keeps_paragraph_alignment(tmp_path):
    report = Report("通知", unit_name="u")
    report.paragraph("正文")
    report.paragraph("湘龙街道党工委\n2026年6月5日", align="right")
    sheet = load_workbook(write_xlsx(report, tmp_path / "n.xlsx")).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    assert cells["2026年6月5日"].alignment.horizontal == cells["湘龙街道党工委"].alignment.horizontal == "right"
    assert cells["正文"].alignment.horizontal in (None, "general", "left")


# --- PDF -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def roster_pdf(tmp_path_factory) -> Path:
    return write_pdf(roster(300), tmp_path_factory.mktemp("pdf") / "roster.pdf")


def test_pdf_pages_are_a4_and_numbered(roster_pdf):
    reader = PdfReader(roster_pdf)
    total = len(reader.pages)
    assert total > 2
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_PORTRAIT, abs=0.5)
    texts = page_texts(roster_pdf)
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页 共{total}页" in text


def test_pdf_text_title_cells_and_repeated_header(roster_pdf):
    texts = page_texts(roster_pdf)
    first = texts[0]
    assert "党员花名册" in first and "打印日期：2025年1月5日" in first
    assert "第一党支部" in first and "党员1号" in first and "¥15.00" in first
    assert "<注意>核对 & 签字。" in first  # markup characters printed literally
    assert "所在支部" in texts[1] and "出生日期" in texts[1]  # header repeated on page 2
    assert "党员花名册" in texts[1]  # the title in the header of later pages
    assert "党员300号" in texts[-1] and "审核人：" in texts[-1]  # signature kept with the last rows


def test_pdf_embeds_only_the_bundled_font_subset(roster_pdf):
    fonts = {}
    for page in PdfReader(roster_pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for base_font, font in fonts.items():
        # BaseFont is the subset tag + the face's PostScript name, WenQuanYiMicroHei.
        assert "+WenQuanYiMicroHei" in base_font
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert b"Helvetica" not in roster_pdf.read_bytes()


def test_pdf_landscape_swaps_the_page(tmp_path):
    path = write_pdf(roster(5, landscape=True), tmp_path / "wide.pdf")
    for page in PdfReader(path).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_PORTRAIT[::-1], abs=0.5)


def test_pdf_wide_tables_long_cells_and_empty_tables(tmp_path):
    report = Report("宽表", unit_name="u", printed_on=PRINTED)
    report.table([Column(f"列{i}", 60) for i in range(8)], [tuple(f"值{i}" for i in range(8))])
    report.table([Column("序号", 15), Column("内容", 120)], [(1, "会议内容。" * 1500), (2, "末行")])
    report.table([Column("空表", 40)], [])
    texts = page_texts(write_pdf(report, tmp_path / "edge.pdf"))
    joined = "".join(texts)
    assert "值7" in texts[0]  # 480 mm of columns scaled into the page
    assert joined.count("会议内容。") > 1000  # a row taller than a page continues on the next pages
    assert "末行" in joined and "（无记录）" in joined


def test_progress_counts_up_to_total(tmp_path):
    calls: list[tuple[int, int]] = []
    write_pdf(roster(1200), tmp_path / "p.pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 2400) and calls[-1] == (2400, 2400)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 4


def test_cancel_from_progress_leaves_no_file(tmp_path):
    def cancel_midway(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled

    target = tmp_path / "roster.pdf"
    with pytest.raises(Cancelled):
        write_pdf(roster(1200), target, progress=cancel_midway)
    assert list(tmp_path.iterdir()) == []

    target.write_bytes(b"previous export")
    with pytest.raises(Cancelled):
        write_pdf(roster(1200), target, progress=cancel_midway)
    assert target.read_bytes() == b"previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_font_is_the_bundled_file():
    assert register_font() == FONT_NAME
    assert registered_font_path() == BUNDLED_FONT
    assert resource_path("fonts/wqy-microhei.ttc") == BUNDLED_FONT
    assert Path(pdfmetrics.getFont(FONT_NAME).face.filename) == BUNDLED_FONT


# --- XLSX ------------------------------------------------------------------------------------------

TRICKY = ['=HYPERLINK("http://x","y")', "+86138", "-5", "@x", "430121198507011234", "01234"]


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory) -> Path:
    report = Report("一个名字相当长的报表标题用于检查工作表名称截断是否正确", unit_name="街道党工委",
                    printed_on=PRINTED, sheet_name="花名册")
    report.paragraph("说明文字")
    report.table([Column("文本", 40), Column("金额", 20, "right"), Column("日期", 20), Column("人数", 10)],
                 [(text, Money(123450), datetime.date(2024, 5, 1), 3) for text in TRICKY],
                 sheet_name="名单:第一/支部*[2024]?", struck_rows=[0], bold_rows=[5])
    report.table([Column("a", 10)], [("x",)], sheet_name="名单:第一/支部*[2024]?")
    report.table([Column("a", 10)], [("y",)], caption="一个相当长的表格标题用于测试截断到三十一字符以内的规则")
    return write_xlsx(report, tmp_path_factory.mktemp("xlsx") / "roster.xlsx")


def test_xlsx_text_stays_text(workbook_path):
    ws = load_workbook(workbook_path).worksheets[0]
    for row, text in enumerate(TRICKY, start=4):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s"
        assert cell.value == text


def test_xlsx_typed_values(workbook_path):
    ws = load_workbook(workbook_path).worksheets[0]
    money, day, count = ws["B4"], ws["C4"], ws["D4"]
    assert money.data_type == "n" and money.value == pytest.approx(1234.5)
    assert money.number_format == "#,##0.00"
    assert day.is_date and day.value.date() == datetime.date(2024, 5, 1) and day.number_format == "yyyy-mm-dd"
    assert count.value == 3 and count.data_type == "n"
    assert ws["A4"].font.strike and ws["A9"].font.bold


def test_xlsx_layout_and_sheet_names(workbook_path):
    wb = load_workbook(workbook_path)
    names = wb.sheetnames
    assert len(names) == 4 and len({n.lower() for n in names}) == 4
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert names[0] == "名单第一支部2024" and names[1] == "名单第一支部2024(2)" and names[3] == "说明"
    ws = wb.worksheets[0]
    assert ws["A1"].value.startswith("一个名字相当长") and "A1:D1" in ws.merged_cells
    assert ws["A2"].value == "街道党工委" and ws["D2"].value == "打印日期：2025年1月5日"
    assert [c.value for c in ws[3]] == ["文本", "金额", "日期", "人数"] and ws["A3"].font.bold
    assert ws.freeze_panes == "A4"
    assert ws.column_dimensions["A"].width == pytest.approx(20)
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"  # 9: A4
    assert wb.worksheets[3]["A4"].value == "说明文字"


def test_safe_text_only_drops_what_xml_cannot_hold():
    assert safe_text("=1+1") == "=1+1"
    assert safe_text("a\x00b\x1fc") == "abc"
    assert len(safe_text("x" * 40_000)) == 32_767


def test_xlsx_money_decimal_is_exact(tmp_path):
    report = Report("t", unit_name="u")
    report.table([Column("金额", 20)], [(Money(1),), (Money(-99),)])
    ws = load_workbook(write_xlsx(report, tmp_path / "m.xlsx")).active
    assert Decimal(str(ws["A4"].value)) == Decimal("0.01") and ws["A5"].value == pytest.approx(-0.99)
