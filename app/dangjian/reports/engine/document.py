"""What a report says, not how it is printed: a Gramps-style document that backends (pdf.py, xlsx.py) render.

Report modules build a `Report` from core query results; tests inspect its blocks or `text_content()`.
No reportlab or openpyxl import here, so describing a report stays cheap and backend-neutral.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from ...core.common.money import Money, format_yuan

Cell: TypeAlias = str | int | Money | datetime.date | None
Align = Literal["left", "center", "right"]

_ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Column:
    """A table column: header text, printed width and alignment of its cells."""

    title: str
    width_mm: float
    align: Align = "left"

    def __post_init__(self) -> None:
        if self.width_mm <= 0:
            raise ValueError(f"column {self.title!r}: width_mm must be positive")
        if self.align not in _ALIGNS:
            raise ValueError(f"column {self.title!r}: align must be one of {_ALIGNS}")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Running text. Body text indents its first line by two characters, as Chinese documents do; a
    salutation (称呼) starts at the margin; right-aligned lines close a notice (落款: org and date)."""

    text: str
    align: Align = "left"
    indent: bool = True  # left-aligned text only


@dataclass(frozen=True)
class KeyValues:
    """A labelled info grid: `columns` label/value pairs per printed row."""

    pairs: tuple[tuple[str, Cell], ...]
    columns: int = 2


@dataclass(frozen=True)
class Table:
    """A data table. Row indices in `struck_rows`/`bold_rows` count data rows from 0 (header excluded)."""

    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]] = field(hash=False)
    repeat_header: bool = True
    row_height_mm: float | None = None
    font_size: float | None = None
    caption: str | None = None
    struck_rows: frozenset[int] = frozenset()
    bold_rows: frozenset[int] = frozenset()
    sheet_name: str | None = None
    header_every_page_title: bool = False


@dataclass(frozen=True)
class SignatureLine:
    labels: tuple[str, ...] = ("制表人", "审核人", "日期")


@dataclass(frozen=True)
class PageBreak:
    pass


Block: TypeAlias = Heading | Paragraph | KeyValues | Table | SignatureLine | PageBreak


def cell_text(value: Cell) -> str:
    """How every backend prints a cell as text: ¥1,234.50, 2024-05-01, empty for None."""
    if value is None:
        return ""
    if isinstance(value, Money):  # before int: Money is an int subclass
        return format_yuan(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def chinese_date(day: datetime.date) -> str:
    """2024年5月1日 — the form used for 打印日期."""
    return f"{day.year}年{day.month}月{day.day}日"


class Report:
    """A printable document: a title block followed by content blocks, in order."""

    def __init__(
        self,
        title: str,
        *,
        unit_name: str,
        subtitle: str = "",
        landscape: bool = False,
        printed_on: datetime.date | None = None,
        sheet_name: str | None = None,
    ) -> None:
        self.title = title
        self.unit_name = unit_name
        self.subtitle = subtitle
        self.landscape = landscape
        self.printed_on = printed_on or datetime.date.today()
        self.sheet_name = sheet_name
        self.blocks: list[Block] = []

    def heading(self, text: str, level: int = 1) -> None:
        """A section heading; level 1 is the largest."""
        self.blocks.append(Heading(text, max(1, level)))

    def paragraph(self, text: str, *, align: Align = "left", indent: bool = True) -> None:
        """Running text; newlines start new lines."""
        if align not in _ALIGNS:
            raise ValueError(f"align must be one of {_ALIGNS}")
        self.blocks.append(Paragraph(text, align, indent))

    def key_values(self, pairs: Sequence[tuple[str, Cell]], columns: int = 2) -> None:
        """A labelled info grid (e.g. 组织名称 / 书记), `columns` pairs per row."""
        if columns < 1:
            raise ValueError("columns must be at least 1")
        self.blocks.append(KeyValues(tuple((str(k), v) for k, v in pairs), columns))

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell]],
        *,
        repeat_header: bool = True,
        row_height_mm: float | None = None,
        font_size: float | None = None,
        caption: str | None = None,
        struck_rows: Collection[int] = (),
        bold_rows: Collection[int] = (),
        sheet_name: str | None = None,
        header_every_page_title: bool = False,
    ) -> None:
        """A bordered table; `rows` is materialised now, so a generator or query result may be passed.

        struck_rows: voided lines (作废), printed crossed out. bold_rows: totals, printed emphasised.
        header_every_page_title: repeat the caption (or the report title) above the header on every page.
        """
        cols = tuple(columns)
        if not cols:
            raise ValueError("a table needs at least one column")
        materialised = [tuple(row) for row in rows]
        for index, row in enumerate(materialised):
            if len(row) != len(cols):
                raise ValueError(f"row {index} has {len(row)} cells, the table has {len(cols)} columns")
        struck, bold = frozenset(struck_rows), frozenset(bold_rows)
        for index in struck | bold:
            if not 0 <= index < len(materialised):
                raise ValueError(f"row index {index} is outside the table's {len(materialised)} rows")
        self.blocks.append(
            Table(
                cols,
                materialised,
                repeat_header=repeat_header,
                row_height_mm=row_height_mm,
                font_size=font_size,
                caption=caption,
                struck_rows=struck,
                bold_rows=bold,
                sheet_name=sheet_name,
                header_every_page_title=header_every_page_title,
            )
        )

    def signature_line(self, labels: Sequence[str] = ("制表人", "审核人", "日期")) -> None:
        """制表人：____ 审核人：____ 日期：____ across the page, never split from itself."""
        self.blocks.append(SignatureLine(tuple(labels)))

    def page_break(self) -> None:
        """Start a new page (PDF only; spreadsheets ignore it)."""
        self.blocks.append(PageBreak())

    def tables(self) -> list[Table]:
        """The table blocks, in order."""
        return [block for block in self.blocks if isinstance(block, Table)]

    def text_content(self) -> str:
        """All text of the title block and every block, one line per row, cells tab-separated."""
        lines = [self.title, self.subtitle, self.unit_name, f"打印日期：{chinese_date(self.printed_on)}"]
        for block in self.blocks:
            lines.extend(_block_lines(block))
        return "\n".join(line for line in lines if line)


def _block_lines(block: Block) -> list[str]:
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, KeyValues):
        return [f"{label}：{cell_text(value)}" for label, value in block.pairs]
    if isinstance(block, Table):
        lines = [block.caption or "", "\t".join(c.title for c in block.columns)]
        lines.extend("\t".join(map(cell_text, row)) for row in block.rows)
        return lines
    if isinstance(block, SignatureLine):
        return ["  ".join(f"{label}：" for label in block.labels)]
    return []
