"""Spreadsheet backend: every table of a report becomes a worksheet people can sort, filter and sum.

Values keep their type (money as numeric 元, dates as dates) and text always stays text: a cell that
starts with = + - @ is never turned into a formula, so data typed by users cannot run in Excel.
"""

from __future__ import annotations

import datetime
import os
import re
import uuid
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ... import APP_NAME
from ...core.common.money import Money, to_decimal_yuan
from . import document as d

TITLE_ROW, INFO_ROW, HEADER_ROW = 1, 2, 3
MAX_CELL_TEXT = 32_767  # Excel's limit; longer text makes Excel "repair" the file
MAX_SHEET_NAME = 31
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INFO_SHEET = "说明"

_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
_BOLD = Font(bold=True)
_STRUCK = Font(strike=True)
_STRUCK_BOLD = Font(bold=True, strike=True)
_ALIGNMENTS = {a: Alignment(horizontal=a, vertical="center") for a in ("left", "center", "right")}


def safe_text(value: str) -> str:
    """The one gate text passes on its way into a cell: normal text comes back unchanged.

    Only characters XML cannot carry (control characters) are dropped and text is cut to Excel's
    32,767-character limit. It never adds a quote or strips a leading = + - @: text stays literal
    because `_put` stores every string with data_type "s" (openpyxl would otherwise make "=…" a formula).
    """
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
    return cleaned[:MAX_CELL_TEXT]


def write_xlsx(report: d.Report, path: str | Path) -> Path:
    """Write `report` as an .xlsx workbook at `path` and return the path.

    One worksheet per table: row 1 the title, row 2 unit and print date, row 3 the header (frozen),
    data from row 4. Headings, paragraphs and info grids go to a 说明 sheet after the tables (or make
    up the only sheet when the report has no table). Written beside the target and moved into place.
    """
    target = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = _SheetNames()
    tables = report.tables()
    sheet_of: dict[int, str] = {}  # id(table block) -> its sheet, for the 说明 sheet's pointers
    for table in tables:
        name = sheet_of[id(table)] = names.take(table.sheet_name or table.caption or report.sheet_name
                                                or report.title)
        _write_table(workbook.create_sheet(name), report, table)
    if any(_has_text(block) for block in report.blocks) or not tables:
        name = names.take(INFO_SHEET if tables else report.sheet_name or report.title)
        _write_text_blocks(workbook.create_sheet(name), report, sheet_of)
    workbook.properties.title = report.title
    workbook.properties.subject = report.subtitle
    workbook.properties.creator = APP_NAME
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        workbook.save(temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


class _SheetNames:
    """Valid, unique worksheet names: ≤31 characters, none of []:*?/\\, unique ignoring case (as Excel)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str) -> str:
        base = _INVALID_SHEET_CHARS.sub("", wanted).strip().strip("'") or "Sheet"
        if base.lower() == "history":  # reserved by Excel
            base += "_"
        name, number = base[:MAX_SHEET_NAME], 1
        while name.lower() in self._taken:
            number += 1
            suffix = f"({number})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        self._taken.add(name.lower())
        return name


def _typed(value: d.Cell) -> tuple[object, str]:
    """(value as stored, kind): kind is "text", "money", "date", "datetime" or "plain"."""
    if value is None:
        return None, "plain"
    if isinstance(value, Money):  # before int: Money is an int subclass
        return to_decimal_yuan(value), "money"
    if isinstance(value, bool):
        return safe_text(d.cell_text(value)), "text"
    if isinstance(value, int):
        return value, "plain"
    if isinstance(value, datetime.datetime):
        return value, "datetime"
    if isinstance(value, datetime.date):
        return value, "date"
    return safe_text(str(value)), "text"


_NUMBER_FORMATS = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "datetime": DATETIME_FORMAT}


def _put(ws: Worksheet, row: int, column: int, value: d.Cell) -> Cell:
    """Write one value with its real type; strings are always text cells."""
    stored, kind = _typed(value)
    cell = ws.cell(row=row, column=column, value=stored)
    if kind == "text":
        cell.data_type = "s"  # after the value: assigning "=…" just made it a formula
    elif kind in _NUMBER_FORMATS:
        cell.number_format = _NUMBER_FORMATS[kind]
    return cell


class _BodyCells:
    """Makes a table's data cells. The style of a cell depends only on its column, the kind of value and
    whether the row is voided or a total, so each combination is registered once on a prototype cell and
    its style array copied: assigning style objects per cell (hashed each time) triples the run time."""

    def __init__(self, ws: Worksheet, table: d.Table) -> None:
        self.ws = ws
        self.aligns = [c.align for c in table.columns]
        self._styles: dict[tuple[int, str, bool, bool], StyleArray | None] = {}  # None: default style

    def make(self, value: d.Cell, column: int, struck: bool, bold: bool) -> Cell:
        stored, kind = _typed(value)
        key = (column, kind, struck, bold)
        if key not in self._styles:
            self._styles[key] = self._prototype_style(*key)
        cell = Cell(self.ws, value=stored, style_array=self._styles[key])  # Cell copies the array
        if kind == "text":
            cell.data_type = "s"  # after the value: "=…" was just bound as a formula
        return cell

    def _prototype_style(self, column: int, kind: str, struck: bool, bold: bool) -> StyleArray | None:
        prototype = Cell(self.ws)
        if kind in _NUMBER_FORMATS:
            prototype.number_format = _NUMBER_FORMATS[kind]
        if self.aligns[column] != "left":
            prototype.alignment = _ALIGNMENTS[self.aligns[column]]
        font = _row_font(struck, bold)
        if font is not None:
            prototype.font = font
        if bold:
            prototype.fill = _TOTAL_FILL
        return prototype._style  # None when nothing was set


def _write_heading_rows(ws: Worksheet, report: d.Report, width: int, caption: str | None = None) -> None:
    title = f"{report.title}　{caption}" if caption else report.title
    title_cell = _put(ws, TITLE_ROW, 1, title)
    title_cell.font = Font(bold=True, size=14)
    title_cell.alignment = _ALIGNMENTS["center"]
    unit = f"{report.unit_name}　{report.subtitle}" if report.subtitle else report.unit_name
    printed = f"打印日期：{d.chinese_date(report.printed_on)}"
    if width > 1:
        ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
        _put(ws, INFO_ROW, 1, unit)
        _put(ws, INFO_ROW, width, printed).alignment = _ALIGNMENTS["right"]
    else:
        _put(ws, INFO_ROW, 1, f"{unit}　{printed}")
    ws.row_dimensions[TITLE_ROW].height = 24


def _write_table(ws: Worksheet, report: d.Report, table: d.Table) -> None:
    width = len(table.columns)
    _write_heading_rows(ws, report, width, table.caption)
    for index, column in enumerate(table.columns, start=1):
        cell = _put(ws, HEADER_ROW, index, column.title)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        # An Excel width unit is about one digit, ~2 mm at the default font.
        ws.column_dimensions[get_column_letter(index)].width = max(4.0, round(column.width_mm / 2, 1))
    cells = _BodyCells(ws, table)
    struck_rows, bold_rows = table.struck_rows, table.bold_rows
    for offset, values in enumerate(table.rows):
        struck, bold = offset in struck_rows, offset in bold_rows
        ws.append([cells.make(value, index, struck, bold) for index, value in enumerate(values)])
    if table.row_height_mm:  # sign-in sheets: rows tall enough to sign in when printed
        for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(table.rows)):
            ws.row_dimensions[row].height = round(table.row_height_mm * 72 / 25.4, 1)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    _page_setup(ws, report, repeat_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _row_font(struck: bool, bold: bool) -> Font | None:
    if struck:
        return _STRUCK_BOLD if bold else _STRUCK
    return _BOLD if bold else None


def _has_text(block: d.Block) -> bool:
    return isinstance(block, (d.Heading, d.Paragraph)) or (isinstance(block, d.KeyValues) and bool(block.pairs))


def _write_text_blocks(ws: Worksheet, report: d.Report, sheet_of: dict[int, str]) -> None:
    """Headings, paragraphs and info grids, in report order; tables are pointed to by their sheet."""
    _write_heading_rows(ws, report, 2)
    row = HEADER_ROW + 1
    for block in report.blocks:
        if isinstance(block, d.Heading):
            _put(ws, row, 1, block.text).font = _BOLD
            row += 1
        elif isinstance(block, d.Paragraph):
            for line in block.text.split("\n"):
                cell = _put(ws, row, 1, line)
                if block.align != "left":
                    cell.alignment = _ALIGNMENTS[block.align]
                row += 1
        elif isinstance(block, d.KeyValues):
            for label, value in block.pairs:
                _put(ws, row, 1, label).font = _BOLD
                _put(ws, row, 2, value).alignment = _ALIGNMENTS["left"]
                row += 1
        elif isinstance(block, d.Table):
            _put(ws, row, 1, f"{block.caption or '表格'}：见工作表“{sheet_of[id(block)]}”")
            row += 1
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    _page_setup(ws, report, repeat_rows=None)


def _page_setup(ws: Worksheet, report: d.Report, *, repeat_rows: str | None) -> None:
    """A4, the report's orientation, fit to one page wide, gridlines and 第X页 共Y页 when printed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第&P页 共&N页"
    if repeat_rows:
        ws.print_title_rows = repeat_rows
