"""Safe reading of the xlsx files offices actually send: title rows, merged cells, footers, odd spaces.

Typical use (member import, attendance import)::

    with opened_workbook(path) as wb:
        ws = pick_worksheet(wb)
        header = find_header(ws, SYNONYMS, required=("name", "id_number"))
        for row in iter_data_rows(ws, header):
            ...  # row.number is the row number the user sees in WPS/Excel

Everything a user can get wrong raises UserError with one Chinese sentence. Files are checked before
they are parsed (size, zip bomb, encryption, old .xls), so a bad file is refused quickly and without
using much memory. Cell values come from our own streaming reader (xlsx_reader), not openpyxl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from ..common.errors import UserError
from ..common.textnorm import STRIP_CHARS, halfwidth_alnum, remove_spaces
from .xlsx_file import (
    BLANK_FORMATTED_HINT,
    MAX_COLUMNS,
    MAX_ROWS,
    open_workbook_safely,
    opened_workbook,
    pick_worksheet,
    read_rows,
)
from .xlsx_reader import XlsxSheet

# fmt: off
__all__ = [
    "FOOTER_PREFIXES", "HeaderMatch", "SheetRow", "cell_text", "clean_cell", "column_letter",
    "find_header", "header_rows", "iter_data_rows", "normalise_header", "open_workbook_safely",
    "opened_workbook", "pick_worksheet",
]
# fmt: on

_EXACT_FLOAT_LIMIT = 2**53  # floats below this hold whole numbers exactly

HEADER_SCAN_ROWS = 20

# A row whose first non-empty cell starts with one of these ends the data (signature lines, totals, notes).
# Compared after removing spaces and turning ":" into "：". 小计 is deliberately absent: subtotal rows sit
# between groups of data and must not end the import.
# fmt: off
FOOTER_PREFIXES: tuple[str, ...] = (
    "制表人", "制表单位", "制表日期", "制表：", "审核人", "审核：", "审核日期",
    "填表人", "填表日期", "填表：", "填报人", "填报单位", "填报日期",
    "负责人", "单位负责人", "主要负责人", "分管领导", "经办人：",
    "合计", "总计", "备注：", "说明：", "注：", "填表说明",
)
# fmt: on

_HEADER_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "＊": "*", "：": ":"})
_HEADER_MARKS = re.compile(r"\((?:必填|必填项|必选|必须填写|选填|可选|非必填)\)")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which column holds which field.

    ``row`` is 1-based as shown in WPS/Excel; ``columns`` maps field -> 0-based column index;
    ``labels`` keeps the header text as written, for messages; ``unknown`` lists (column index, text) of
    header cells that matched no field.
    """

    row: int
    columns: dict[str, int]
    labels: dict[str, str] = field(default_factory=dict)
    unknown: tuple[tuple[int, str], ...] = ()

    @property
    def width(self) -> int:
        """Number of columns that need reading (one past the right-most mapped column)."""
        return max(self.columns.values(), default=-1) + 1

    def letter(self, field_name: str) -> str:
        """Column letter (A, B, …, AA) of a mapped field, for error messages."""
        return column_letter(self.columns[field_name])

    def label(self, field_name: str) -> str:
        """The header text as written in the file for a mapped field."""
        return self.labels.get(field_name, field_name)


@dataclass(slots=True)
class SheetRow:
    """One data row: ``number`` is the row number the user sees; ``values`` maps field -> cleaned value.

    Values are: None for blank cells, trimmed str, int (whole floats that are exact), float, datetime,
    bool. Floats too large to be exact (an ID typed as a number) stay floats so validators can refuse them.
    """

    number: int
    values: dict[str, object]

    def get(self, field_name: str) -> object:
        """The cleaned value or None."""
        return self.values.get(field_name)

    def text(self, field_name: str) -> str:
        """The value as trimmed text ("" when blank), see cell_text."""
        value = self.values.get(field_name)
        return value if type(value) is str else cell_text(value)  # strings are trimmed already


def column_letter(index: int) -> str:
    """Excel column letter for a 0-based column index: 0 -> "A", 26 -> "AA"."""
    number = index + 1
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: object) -> str:
    """Any cell value as trimmed display text.

    13812345678 (int or whole float) -> "13812345678"; 3.0 -> "3"; datetimes at midnight -> "1985-07-01";
    strings are trimmed of all spaces incl. U+3000/NBSP. A float too large to be exact (an 18-digit ID
    stored as a number) is shown the way Excel shows it, "4.30121198507E+17", never as made-up digits.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip(STRIP_CHARS)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip(STRIP_CHARS)


def clean_cell(value: object) -> object:
    """Cell value as SheetRow.values holds it: trimmed str or None, exact whole floats as int."""
    # Exact type checks: this runs once per cell of every import, isinstance chains cost measurably more.
    if type(value) is str:
        return value.strip(STRIP_CHARS) or None
    if type(value) is float and value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
        return int(value)
    return value


def _float_text(value: float) -> str:
    """Whole floats without ".0"; beyond 2**53 Excel's own scientific form; else 15 significant digits."""
    if value.is_integer():
        if abs(value) < _EXACT_FLOAT_LIMIT:
            return str(int(value))
        return repr(value).upper()  # 4.30121198507E+17 — the digits after the 15th are gone
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    # Excel keeps 15 significant digits, so 0.1+0.2 shows as 0.3 there and must here too.
    return format(value, ".15G")


def normalise_header(value: object) -> str:
    """Header text for matching: no spaces/newlines, half-width brackets, no "*" or "（必填）", lower-case."""
    text = remove_spaces(halfwidth_alnum(cell_text(value))).translate(_HEADER_BRACKETS)
    text = _HEADER_MARKS.sub("", text).strip("*:")
    return text.lower()


# ---------------------------------------------------------------------------------------------------
# Opening


def header_rows(ws: XlsxSheet, scan_rows: int = HEADER_SCAN_ROWS, max_columns: int = MAX_COLUMNS) -> list[tuple]:
    """The first ``scan_rows`` rows as value tuples, row 1 first (missing rows come back empty)."""
    return list(read_rows(ws, 1, max_row=scan_rows, max_col=max_columns))


def find_header(
    rows: Any,
    synonyms: Mapping[str, Sequence[str]],
    required: Sequence[str],
    scan_rows: int = HEADER_SCAN_ROWS,
) -> HeaderMatch:
    """Find the header row among the first ``scan_rows`` rows and map its columns to fields.

    ``rows`` is a worksheet or an iterable of row value sequences starting at row 1. ``synonyms`` maps
    each field to the header names it may have; the first name is the one shown in messages. The row
    matching the most fields wins (earliest on a tie), so title rows and merged cells above it do not
    matter. Raises UserError when no header is found, when required fields are missing (listing them
    with accepted names), or when one field appears in two columns.
    """
    lookup = _synonym_lookup(synonyms)
    candidates = header_rows(rows, scan_rows) if isinstance(rows, XlsxSheet) else rows
    best: tuple[int, dict[str, list[int]], list[tuple[int, str]], list[object]] | None = None
    for number, row in enumerate(candidates, start=1):
        if number > scan_rows:
            break
        matched, unknown = _match_row(row, lookup)
        if matched and (best is None or len(matched) > len(best[1])):
            best = (number, matched, unknown, list(row))
    if best is None:
        names = "、".join(f"“{_display_name(name, synonyms)}”" for name in required) or "已知列名"
        raise UserError(
            f"在前{scan_rows}行中没有找到表头（应包含{names}等列），请确认选择了正确的工作表且表头在前{scan_rows}行内"
        )
    number, matched, unknown, row = best
    for name, indexes in matched.items():
        if len(indexes) > 1:
            where = "和".join(f"{column_letter(i)}列" for i in indexes)
            shown = _display_name(name, synonyms)
            raise UserError(f"第{number}行表头中“{shown}”出现了多次（{where}），请删除或改名多余的列")
    missing = [name for name in required if name not in matched]
    if missing:
        raise UserError(f"第{number}行表头缺少必需的列：{_describe_missing(missing, synonyms)}")
    columns = {name: indexes[0] for name, indexes in matched.items()}
    # Header text as written but on one line ("身份证号\n（必填）" -> "身份证号（必填）"), for messages.
    labels = {name: "".join(cell_text(row[index]).split()) for name, index in columns.items()}
    return HeaderMatch(row=number, columns=columns, labels=labels, unknown=tuple(unknown))


def _synonym_lookup(synonyms: Mapping[str, Sequence[str]]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for name, names in synonyms.items():
        for alias in (name, *names):
            key = normalise_header(alias)
            if key in lookup and lookup[key] != name:
                raise ValueError(f"header name {alias!r} is given for both {lookup[key]!r} and {name!r}")
            lookup[key] = name
    return lookup


def _match_row(
    row: Sequence[object], lookup: Mapping[str, str]
) -> tuple[dict[str, list[int]], list[tuple[int, str]]]:
    """Fields found in one row (field -> column indexes) and the header cells that matched nothing."""
    matched: dict[str, list[int]] = {}
    unknown: list[tuple[int, str]] = []
    for index, value in enumerate(row):
        if value is None:
            continue
        key = normalise_header(value)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            # "出生日期（格式1985-07-01）": try again without a trailing note in brackets.
            shorter = _TRAILING_NOTE.sub("", key).strip("*:")
            name = lookup.get(shorter) if shorter else None
        if name is None:
            unknown.append((index, cell_text(value)))
        else:
            matched.setdefault(name, []).append(index)
    return matched, unknown


def _display_name(name: str, synonyms: Mapping[str, Sequence[str]]) -> str:
    names = synonyms.get(name) or ()
    return names[0] if names else name


def _describe_missing(missing: Sequence[str], synonyms: Mapping[str, Sequence[str]]) -> str:
    parts = []
    for name in missing:
        names = list(synonyms.get(name) or (name,))
        part = f"“{names[0]}”"
        if len(names) > 1:
            part += f"（也可写作：{'、'.join(names[1:5])}）"
        parts.append(part)
    return "；".join(parts)


# ---------------------------------------------------------------------------------------------------
# Data rows


def iter_data_rows(
    ws: XlsxSheet,
    header: HeaderMatch,
    *,
    max_rows: int = MAX_ROWS,
    footer_prefixes: Iterable[str] = FOOTER_PREFIXES,
) -> Iterator[SheetRow]:
    """Yield the data rows below the header with cleaned values (see SheetRow).

    Skips blank rows; stops at the first footer line (制表人/审核人/合计/备注： …, see FOOTER_PREFIXES);
    raises UserError as soon as the sheet goes past ``max_rows`` rows, whatever its recorded dimension.
    """
    prefixes = tuple(_footer_key(prefix) for prefix in footer_prefixes)
    fields = tuple(header.columns.items())
    width = max(header.width, 1)
    first = header.row + 1
    # Never trust the recorded dimension for the end: it may be missing or too small. Asking for one row
    # past the limit reads to the real end of the data (rows are not padded after the last one).
    rows = read_rows(ws, first, max_row=max_rows + 1, max_col=width)
    for number, row in enumerate(rows, start=first):
        if number > max_rows:
            raise UserError(
                f"工作表“{ws.title}”超过{max_rows}行，请分成几个文件导入；{BLANK_FORMATTED_HINT}"
            )
        lead = _first_value(row)
        if lead is None:
            continue
        if type(lead) is str and _footer_key(lead).startswith(prefixes):
            return
        if len(row) >= width:
            values = {name: clean_cell(row[index]) for name, index in fields}
        else:  # only from hand-made row sources; sheets pad rows to max_col
            values = {name: clean_cell(row[index]) if index < len(row) else None for name, index in fields}
        if all(value is None for value in values.values()):
            continue  # only spaces, or content in columns nobody asked for
        yield SheetRow(number, values)


def _first_value(row: Sequence[object]) -> object:
    """First cell that is not blank (None, "" or only spaces), or None."""
    for value in row:
        if value is None or value == "":
            continue
        if type(value) is str and not value.strip(STRIP_CHARS):
            continue
        return value
    return None


def _footer_key(text: str) -> str:
    return remove_spaces(text).replace(":", "：")
