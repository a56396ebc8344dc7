"""One big sheet of text cells written straight as SpreadsheetML: the 党员花名册 of a whole 街道.

openpyxl builds an object per cell; for 10,000 members × 24 columns that took 8 s. Here every cell is an
inline string (never a formula, whatever it starts with: `=HYPERLINK(...)` stays text, IDs and phones
keep every digit) and rows are streamed into the zip, so the sheet costs what joining its text costs.
Only what the roster needs: column widths, frozen panes, and bold rows (the title larger).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ...core.spreadsheets.sheets import column_letter
from ...core.spreadsheets.xlsx_reader import range_boundaries
from .xlsx import safe_text

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = _XML + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = _XML + (
    f'<Relationships xmlns="{_PKG_RELS}"><Relationship Id="rId1" Target="xl/workbook.xml" '
    f'Type="{_DOC_RELS}/officeDocument"/></Relationships>'
)
_WORKBOOK_RELS = _XML + (
    f'<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{_DOC_RELS}/worksheet"/>'
    f'<Relationship Id="rId2" Target="styles.xml" Type="{_DOC_RELS}/styles"/></Relationships>'
)
# Cell formats: 0 plain, 1 bold, 2 bold and larger (a title). Fills 0 and 1 are the two Excel requires.
STYLE_PLAIN, STYLE_BOLD, STYLE_TITLE = 0, 1, 2
_STYLES = _XML + (
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="3"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="宋体"/><charset val="134"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def write_text_sheet(path: str | Path, title: str, rows: Iterable[Sequence[str]], *, widths: Sequence[float],
                     frozen: str | None = None, styles: dict[int, int] | None = None) -> Path:
    """Write a one-sheet workbook of text at `path`.

    `rows` are sequences of strings (row 1 first); `widths` the column widths in Excel's character units;
    `frozen` the top-left cell of the scrolling part (e.g. "C4"); `styles` row number -> STYLE_BOLD or
    STYLE_TITLE for whole rows.
    """
    path = Path(path)
    styles = styles or {}
    letters = [column_letter(n) for n in range(len(widths))]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/workbook.xml", _XML + (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><bookViews><workbookView/></bookViews><sheets>'
            f'<sheet name={quoteattr(title[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>'))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_head(widths, frozen).encode())
            for number, values in enumerate(rows, 1):
                style = styles.get(number, STYLE_PLAIN)
                attribute = f' s="{style}"' if style else ""
                cells = "".join(
                    f'<c r="{letters[i]}{number}"{attribute} t="inlineStr"><is>{_text(value)}</is></c>'
                    for i, value in enumerate(values) if value)
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def _sheet_head(widths: Sequence[float], frozen: str | None) -> str:
    view = '<sheetView workbookViewId="0"'
    if frozen:
        column, row, *_ = range_boundaries(frozen)
        x_split, y_split = column - 1, row - 1
        pane = "bottomRight" if x_split and y_split else ("topRight" if x_split else "bottomLeft")
        split = (f' xSplit="{x_split}"' if x_split else "") + (f' ySplit="{y_split}"' if y_split else "")
        view += (f'><pane{split} topLeftCell="{frozen}" activePane="{pane}" state="frozen"/>'
                 f'<selection pane="{pane}"/></sheetView>')
    else:
        view += "/>"
    columns = "".join(f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
                      for n, width in enumerate(widths, 1))
    return (_XML + f'<worksheet xmlns="{_MAIN}"><sheetViews>{view}</sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols><sheetData>')


def _text(value: str) -> str:
    text = escape(safe_text(value))
    if text != text.strip():  # leading/trailing spaces survive only when asked to
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"
