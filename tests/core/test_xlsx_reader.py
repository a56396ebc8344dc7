"""Our xlsx reader gives exactly what openpyxl (read_only=True, data_only=True) gives: every cell, value
and type, of workbooks openpyxl writes and of hand-written parts in the forms other programs use."""

from __future__ import annotations

import warnings
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from dangjian.core.spreadsheets.xlsx_reader import XlsxWorkbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def typed(rows: list[tuple]) -> list[list[tuple[type, object]]]:
    return [[(type(value), value) for value in row] for row in rows]


def assert_same_as_openpyxl(path: Path, *, slices: tuple[tuple[int, int, int], ...] = ()) -> XlsxWorkbook:
    """Titles, active sheet, recorded dimension and values (whole sheets and ``slices``) all agree."""
    with open(path, "rb") as handle, XlsxWorkbook(handle) as ours, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl: "no default style" (hand-written parts), "outside … dates"
        theirs = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            assert [sheet.title for sheet in ours.sheets] == [sheet.title for sheet in theirs.worksheets]
            active = theirs.active
            assert (ours.active.title if ours.active else None) == (
                active.title if active in theirs.worksheets else None
            )
            for mine, sheet in zip(ours.sheets, theirs.worksheets, strict=True):
                assert (mine.max_row, mine.max_column) == (sheet.max_row, sheet.max_column)
                # Two columns more than the widest row (the dimension may be missing or too small).
                width = max([sheet.max_column or 0, *(len(row) for row in sheet.iter_rows(values_only=True))]) + 2
                for first, last, columns in ((1, 60, width), *slices):
                    expected = sheet.iter_rows(min_row=first, max_row=last, max_col=columns, values_only=True)
                    assert typed(list(mine.rows(first, last, columns))) == typed(list(expected)), (mine.title, first)
        finally:
            theirs.close()
    return ours


# ---------------------------------------------------------------------------------------------------
# Workbooks written by openpyxl


def test_values_of_every_kind(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["湘龙街道党员花名册"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "姓名", "身份证号", "出生日期", "入党时间", "电话", "在职", "备注"])
    sheet.append([1, " 张三\u3000", "43012119850701123X", datetime(1985, 7, 1), "1985.07", 13812345678, True, None])
    sheet.append([2.5, "李四\n第二行", 430121198507011234, date(1990, 3, 8), 2010.1, "139 1234 5678", False, ""])
    sheet.append([-3, "=SUM(A3:A4)", 4.30121198507e17, 32940, datetime(2001, 2, 3, 4, 5, 6), 0.1 + 0.2, 0, "#N/A"])
    sheet.append([10**15, 1e-7, time(8, 30), timedelta(hours=30, minutes=5), "2010年7月", 1e300, -0.0, "x" * 300])
    for row, code in enumerate(['yyyy"年"m"月"d"日"', "yyyy-mm-dd h:mm", "[$-804]yyyy/m/d", "0.00%", "@"], 7):
        cell = sheet.cell(row, 1, 43000.5)
        cell.number_format = code
    sheet.cell(12, 3, 45000).number_format = "mm-dd-yy"
    sheet.cell(12, 20, "far right")
    sheet.cell(30, 2, "after a gap")
    sheet["D13"] = "#DIV/0!"
    sheet["D13"].data_type = "e"
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    assert_same_as_openpyxl(path, slices=((3, 5, 2), (2, 2, 30), (29, 40, 3), (1, 1, 1), (40, 45, 4)))


def test_sheets_in_order_with_the_active_one_and_empty_ones(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.create_sheet("空表")
    data = book.create_sheet("党员")
    data.append(["姓名", "身份证号"])
    data.append(["张三", "43012119850701123X"])
    book.active = 2
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    ours = assert_same_as_openpyxl(path)
    assert ours.active is not None and ours.active.title == "党员"


def test_the_1904_date_system(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active.append([datetime(1985, 7, 1), date(2020, 2, 29), 1000])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    assert_same_as_openpyxl(path)


def test_the_benchmark_roster_shape(tmp_path: Path) -> None:
    """Title row, header, 300 data rows of mixed text/number/date cells, a footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["党员花名册"])
    sheet.append(["序号", "姓名", "入党日期", "电话"])
    for n in range(300):
        sheet.append([n, f"党员{n}", date(2000, 1, 1) + timedelta(days=n * 7) if n % 2 else f"2001.{n % 12 + 1}", n])
    sheet.append(["制表人：张三"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    assert_same_as_openpyxl(path, slices=((3, 400, 4), (100, 120, 2)))


# ---------------------------------------------------------------------------------------------------
# Hand-written parts: what Excel, WPS and other programs write and openpyxl does not


def write_xlsx(
    path: Path,
    sheets: dict[str, str],
    *,
    shared: str | None = None,
    styles: str | None = None,
    workbook_extra: str = "",
    targets: dict[str, str] | None = None,
) -> Path:
    """A minimal package: ``sheets`` maps titles to <worksheet> bodies (sheetData etc., main namespace)."""
    overrides = [
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    ]
    if shared is not None:
        overrides.append(
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    entries = "".join(f'<sheet name="{title}" sheetId="{n}" r:id="rId{n}"/>' for n, title in enumerate(sheets, start=1))
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" '
        f'Target="{(targets or {}).get(title, f"worksheets/sheet{n}.xml")}"/>'
        for n, title in enumerate(sheets, start=1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_extra}<sheets>{entries}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for n, body in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", f'<worksheet xmlns="{MAIN}">{body}</worksheet>')
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        if styles is not None:
            archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
    return path


def test_shared_strings_rich_text_phonetics_and_spaces(tmp_path: Path) -> None:
    shared = (
        "<si><t>张三</t></si>"
        '<si><r><rPr><b/></rPr><t>湘龙</t></r><r><t xml:space="preserve"> 街道 </t></r></si>'
        '<si><t>东湖</t><rPh sb="0" eb="2"><t>とうこ</t></rPh><phoneticPr fontId="1"/></si>'
        '<si><t xml:space="preserve">  前后空格\u3000 </t></si>'
        "<si><t/></si>"
        "<si><t>a_x005F_x000D_b&amp;&lt;&#8203;</t></si>"
        "<si><t>line1\nline2</t></si>"
    )
    cells = "".join(f'<c r="{chr(65 + n)}1" t="s"><v>{n}</v></c>' for n in range(7))
    path = write_xlsx(
        tmp_path / "shared.xlsx", {"表": f'<sheetData><row r="1">{cells}</row></sheetData>'}, shared=shared
    )
    assert_same_as_openpyxl(path)


def test_inline_strings_formula_results_booleans_errors_and_iso_dates(tmp_path: Path) -> None:
    body = (
        '<dimension ref="A1:H3"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>王五</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c>'
        '<c r="C1" t="str"><f>A1&amp;"x"</f><v>王五x</v></c>'
        '<c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c>'
        '<c r="F1" t="e"><f>NA()</f><v>#N/A</v></c>'
        '<c r="G1" t="d"><v>2024-05-06T07:08:09</v></c><c r="H1" t="d"><v>2024-05-06</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"/><c r="B2" t="s"/><c r="C2"><v></v></c>'
        '<c r="D2"><f>1+1</f><v>2</v></c><c r="E2"><v>1.5E+3</v></c><c r="F2"><v>-7</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve"> 带空格 </t></is></c></row>'
        "</sheetData>"
    )
    path = write_xlsx(tmp_path / "inline.xlsx", {"表": body})
    assert_same_as_openpyxl(path, slices=((2, 3, 3),))


def test_rows_and_cells_without_references_gaps_and_repeats(tmp_path: Path) -> None:
    body = (
        "<sheetData>"
        '<row><c t="inlineStr"><is><t>第一行</t></is></c><c><v>1</v></c></row>'  # row 1, A and B
        '<row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row>'  # D4 follows C4
        "<row><c><v>5</v></c></row>"  # row 5
        '<row r="5"><c r="A5"><v>6</v></c></row>'  # a repeated row is skipped
        '<row r="9" spans="1:3" ht="20" customHeight="1"><c r="B9" s="0"><v>9</v></c></row>'
        '<row r="7"><c r="A7"><v>7</v></c></row>'  # out of order: skipped
        '<row r="10"><c r="a10"><v>10</v></c><c r="A10"><v>11</v></c></row>'  # lower case; repeat wins
        "</sheetData>"
    )
    path = write_xlsx(tmp_path / "gaps.xlsx", {"表": body})
    assert_same_as_openpyxl(path, slices=((2, 6, 4), (5, 5, 1), (3, 20, 2), (11, 15, 2)))


def test_dates_from_cell_formats(tmp_path: Path) -> None:
    styles = (
        '<numFmts count="4"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>'
        '<numFmt numFmtId="177" formatCode="[Red]0.00;[Blue]-0.00"/>'
        '<numFmt numFmtId="178" formatCode="&quot;day&quot; 0"/>'
        '<numFmt numFmtId="14" formatCode="0.0"/></numFmts>'
        '<cellXfs count="9"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="176"/>'
        '<xf numFmtId="177"/><xf numFmtId="46"/><xf numFmtId="45"/><xf numFmtId="178"/><xf numFmtId="31"/></cellXfs>'
    )
    cells = "".join(f'<c r="{chr(65 + s)}1" s="{s}"><v>43000.75</v></c>' for s in range(9))
    cells += '<c r="J1" s="3"><v>0.25</v></c><c r="K1" s="3"><v>30</v></c><c r="L1" s="3"><v>-1</v></c>'
    cells += '<c r="P1" s="3"><v>55</v></c><c r="Q1" s="3"><v>60</v></c><c r="R1" s="3"><v>61.5</v></c>'
    cells += '<c r="M1" s="3"><v>1E+20</v></c><c r="N1" s="5"><v>1.000001</v></c><c r="O1" s="3" t="s"><v>0</v></c>'
    path = write_xlsx(
        tmp_path / "formats.xlsx",
        {"表": f'<sheetData><row r="1">{cells}</row></sheetData>'},
        styles=styles,
        shared="<si><t>文本</t></si>",
    )
    assert_same_as_openpyxl(path)


def test_workbook_level_forms(tmp_path: Path) -> None:
    """An absolute relationship target, the 1904 flag, an active second sheet, a dimension that is
    missing on one sheet and too small on the other."""
    sheets = {
        "说明": '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>见下页</t></is></c></row></sheetData>',
        "名单": '<dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>100</v></c></row>'
        '<row r="3"><c r="C3" s="1"><v>366</v></c></row></sheetData>',
    }
    path = write_xlsx(
        tmp_path / "book.xlsx",
        sheets,
        styles='<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
        workbook_extra='<workbookPr date1904="1"/><bookViews><workbookView activeTab="1"/></bookViews>',
        targets={"名单": "/xl/worksheets/sheet2.xml"},
    )
    ours = assert_same_as_openpyxl(path, slices=((1, 10, 3),))
    assert ours.active is not None and ours.active.title == "名单"
    assert (ours.sheets[0].max_row, ours.sheets[1].max_row) == (None, 1)


def test_prefixed_elements(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "prefixed.xlsx", {"表": ""})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1:B2"/><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c>'
        '</x:row><x:row r="2"><x:c r="B2"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert_same_as_openpyxl(path)


def test_strict_ooxml_reads_like_the_transitional_file(tmp_path: Path) -> None:
    """openpyxl finds no sheets in strict OOXML; we read it as the same workbook saved normally."""
    book = openpyxl.Workbook()
    book.active.title = "党员"
    book.active.append(["姓名", "入党日期", 3])
    book.active.append(["张三", datetime(2001, 7, 1), 4.5])
    normal = tmp_path / "normal.xlsx"
    book.save(normal)
    strict = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(normal) as source, zipfile.ZipFile(strict, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/") and name.endswith(".xml"):
                data = data.replace(MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
                data = data.replace(REL.encode(), b"http://purl.oclc.org/ooxml/officeDocument/relationships")
            target.writestr(name, data)
    expected = list(openpyxl.load_workbook(normal, read_only=True).active.iter_rows(values_only=True))
    with XlsxWorkbook(str(strict)) as ours:
        assert ours.active is not None and ours.active.title == "党员"
        assert typed(list(ours.active.rows(1, 10, 3))) == typed(expected)


@pytest.mark.parametrize(
    "body",
    [
        '<sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData>',  # no such shared string
        '<sheetData><row r="1"><c r="A1"><v>abc</v></c></row></sheetData>',  # not a number
        '<sheetData><row r="1"><c r="1A"><v>1</v></c></row></sheetData>',  # not a cell reference
        '<sheetData><row r="x"/></sheetData>',  # not a row number
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>',  # cut off
    ],
)
def test_damage_is_raised_while_reading_as_openpyxl_does(tmp_path: Path, body: str) -> None:
    # With a <dimension>, openpyxl opens the file and fails while reading; without one it parses the whole
    # sheet on opening (and fails there), where we fail while reading: spreadsheet.read_rows words both.
    path = write_xlsx(tmp_path / "bad.xlsx", {"表": '<dimension ref="A1"/>' + body}, shared="<si><t>a</t></si>")
    theirs = openpyxl.load_workbook(path, read_only=True)
    with pytest.raises(Exception):  # noqa: B017 - openpyxl raises assorted types; spreadsheet.read_rows words them
        list(theirs.active.iter_rows(max_row=5, values_only=True))
    theirs.close()
    with XlsxWorkbook(str(path)) as ours, pytest.raises(Exception):  # noqa: B017
        list(ours.sheets[0].rows(1, 5, 3))
