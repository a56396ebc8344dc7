"""The streamed text sheet (党员花名册 xlsx): what Excel/WPS and our own import read back from it."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from dangjian.core.spreadsheets.xlsx_file import opened_workbook, pick_worksheet
from dangjian.reports.engine.xlsx_text_sheet import STYLE_BOLD, STYLE_TITLE, write_text_sheet

TRICKY = ['=HYPERLINK("http://x","y")', "+86138", "-5", "@x", "430121198507011234", "01234", " 前后空格 ",
          "a < b & c > d", "第一行\n第二行", "控制\x01字符", "湘龙街道"]


@pytest.fixture
def sheet_path(tmp_path):
    rows = [["湘龙街道党员花名册"], ["全部党组织"], ["序号", "姓名", "备注"], *[[str(n), f"党员{n}", value]
                                                                    for n, value in enumerate(TRICKY, 1)],
            ["99", "", "最后"]]
    return write_text_sheet(tmp_path / "名册.xlsx", "党员花名册", rows, widths=[6, 10, 30], frozen="C4",
                            styles={1: STYLE_TITLE, 3: STYLE_BOLD})


def test_openpyxl_reads_text_literally_with_layout(sheet_path):
    sheet = openpyxl.load_workbook(sheet_path).active
    assert sheet.title == "党员花名册" and sheet.freeze_panes == "C4"
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [6, 10, 30]
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14 and sheet["B3"].font.b and not sheet["B4"].font.b
    notes = [sheet.cell(row, 3) for row in range(4, 4 + len(TRICKY))]
    assert [cell.value for cell in notes] == [value.replace("\x01", "") for value in TRICKY]
    assert all(cell.data_type == "s" for cell in notes)  # never a formula, never a number
    assert sheet["B15"].value is None and sheet["C15"].value == "最后"  # an empty string is an empty cell


def test_our_import_reader_gets_the_same_rows(sheet_path):
    with opened_workbook(sheet_path) as book:
        rows = list(pick_worksheet(book).rows(1, 20, 3))
    assert rows[2] == ("序号", "姓名", "备注")
    assert [row[2] for row in rows[3:3 + len(TRICKY)]] == [value.replace("\x01", "") for value in TRICKY]


def test_package_is_well_formed(sheet_path):
    with zipfile.ZipFile(sheet_path) as archive:
        assert archive.testzip() is None
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "xl/worksheets/sheet1.xml"} <= set(archive.namelist())
