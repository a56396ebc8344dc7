"""Fast paged tables for the PDF backend.

A table is not handed to reportlab as one huge `Table`: splitting that re-measures the remaining rows on
every page (quadratic). `PagedTable` measures every row once and cuts one small `FastTable` per page,
which writes one-line cells and the grid as raw PDF operators instead of one text object per cell.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import CellStyle

from ...core.common.money import Money
from . import document as d
from .fonts import FONT_NAME, TextMetrics
from .pdf_style import (
    ALIGN_CODES,
    HEADER_GREY,
    LINE_WIDTH,
    PAD_X,
    PAD_Y,
    PROGRESS_EVERY,
    TABLE_SIZE,
    TABLE_SPACE_AFTER,
    TOTAL_GREY,
    ProgressTracker,
    leading,
)


class CellStyles(Protocol):
    def cell(self, size: float, align: str) -> ParagraphStyle: ...


class TableHost(Protocol):
    """What a table needs from the story it is laid into (`pdf.Story`), declared here so that the story
    can build tables without the two modules importing each other."""

    report: d.Report
    width: float
    height: float
    text: TextMetrics
    tracker: ProgressTracker
    styles: CellStyles

    def fitted(self, text: str, width: float, size: float, align: str) -> str | RLParagraph: ...

    def paragraph(self, text: str, style: ParagraphStyle, room: float) -> tuple[RLParagraph, float]: ...


@dataclass
class TableLayout:
    """Everything measured once for one table; shared by all its page pieces."""

    col_widths: list[float]
    caption_row: list[object] | None
    caption_height: float
    repeat_caption: bool
    header_row: list[object]
    header_height: float
    repeat_header: bool
    rows: list[list[object]]
    heights: list[float]
    offsets: list[float]  # offsets[i] = total height of rows[:i]
    empty: bool
    keep_with_next: float  # height of the block that must not be parted from the last row
    frame_height: float
    body_styles: list[CellStyle]
    bold_styles: list[CellStyle]
    header_styles: list[CellStyle]
    caption_styles: list[CellStyle]
    struck: frozenset[int]
    bold: frozenset[int]
    text: TextMetrics
    tracker: ProgressTracker


class TableBuilder:
    """Measures a Table block's cells and row heights once, into a `PagedTable`."""

    def __init__(self, story: TableHost, block: d.Table, *, keep_with_next: float = 0.0) -> None:
        self.story = story
        self.block = block
        self.keep_with_next = keep_with_next
        self.size = block.font_size or TABLE_SIZE
        self.widths = _fit_widths([c.width_mm * mm for c in block.columns], story.width)
        self.aligns = [_column_align(block, index) for index in range(len(block.columns))]

    def build(self) -> PagedTable:
        block, story, size, widths = self.block, self.story, self.size, self.widths
        line_height = leading(size) + 2 * PAD_Y
        min_height = max(line_height, (block.row_height_mm or 0) * mm)
        header = [story.fitted(c.title, w, size, "center") for c, w in zip(block.columns, widths, strict=True)]
        caption_text = block.caption or (story.report.title if block.header_every_page_title else None)
        caption = story.fitted(caption_text, sum(widths), size + 1.5, "center") if caption_text else None
        rows, heights = self._body(min_height)
        empty = not rows
        if empty:  # an empty table still prints its header, and a line saying so
            rows, heights = [["（无记录）"] + [""] * (len(widths) - 1)], [min_height]
        offsets = [0.0]
        for height in heights:
            offsets.append(offsets[-1] + height)
        body_styles = [_cell_style(size, a) for a in self.aligns]
        layout = TableLayout(
            col_widths=widths,
            caption_row=[caption] + [""] * (len(widths) - 1) if caption else None,
            caption_height=_row_height([caption], [sum(widths)], line_height + 2) if caption else 0.0,
            repeat_caption=block.header_every_page_title,
            header_row=header,
            header_height=_row_height(header, widths, line_height),
            repeat_header=block.repeat_header,
            rows=rows,
            heights=heights,
            offsets=offsets,
            empty=empty,
            keep_with_next=self.keep_with_next,
            frame_height=story.height,
            body_styles=[_cell_style(size, "center"), *body_styles[1:]] if empty else body_styles,
            bold_styles=[_cell_style(size, a, bold=True) for a in self.aligns],
            header_styles=[_cell_style(size, "center", bold=True)] * len(widths),
            caption_styles=[_cell_style(size + 1.5, "center", bold=True)] * len(widths),
            struck=block.struck_rows,
            bold=block.bold_rows,
            text=story.text,
            tracker=story.tracker,
        )
        return PagedTable(layout)

    def _body(self, min_height: float) -> tuple[list[list[object]], list[float]]:
        story, size, tracker = self.story, self.size, self.story.tracker
        fits, paragraph = story.text.fits, story.paragraph
        columns = [(w - 2 * PAD_X, story.styles.cell(size, a)) for w, a in zip(self.widths, self.aligns, strict=True)]
        rows: list[list[object]] = []
        heights: list[float] = []
        for index, values in enumerate(self.block.rows, start=1):
            row: list[object] = []
            height = min_height
            for value, (room, style) in zip(values, columns, strict=True):
                text = value if type(value) is str else _cell_text(value)
                if fits(text, room, size):
                    row.append(text)
                    continue
                para, para_height = paragraph(text, style, room)
                height = max(height, para_height + 2 * PAD_Y)
                row.append(para)
            rows.append(row)
            heights.append(height)
            if index % PROGRESS_EVERY == 0:
                tracker.advance(PROGRESS_EVERY)
        tracker.advance(len(rows) % PROGRESS_EVERY)
        return rows, heights


def _cell_text(value: d.Cell) -> str:
    # date.isoformat is several times faster than strftime, and dates fill a good part of a roster.
    return value.isoformat() if type(value) is datetime.date else d.cell_text(value)


def _fit_widths(widths: list[float], available: float) -> list[float]:
    """Column widths in points, scaled down proportionally when they overflow the frame."""
    total = sum(widths)
    if total <= available:
        return widths
    return [w * available / total for w in widths]


def _column_align(block: d.Table, index: int) -> str:
    """The column's alignment; a column holding only money is right-aligned whatever it says."""
    seen_money = False
    for row in block.rows:
        value = row[index]
        if value is None:
            continue
        if not isinstance(value, Money):
            return block.columns[index].align
        seen_money = True
    return "right" if seen_money else block.columns[index].align


def _row_height(cells: Sequence[object], widths: Sequence[float], minimum: float) -> float:
    height = minimum
    for cell, width in zip(cells, widths, strict=False):
        if isinstance(cell, Flowable):
            height = max(height, cell.wrap(width - 2 * PAD_X, 1e6)[1] + 2 * PAD_Y)
    return height


def _cell_style(size: float, align: str, *, bold: bool = False) -> CellStyle:
    style = CellStyle(f"cell-{size}-{align}-{bold}")
    style.fontname = FONT_NAME
    style.fontsize = size
    style.leading = leading(size)
    style.alignment = ALIGN_CODES[align]
    style.valign = "MIDDLE"
    style.leftPadding = style.rightPadding = PAD_X
    style.topPadding = style.bottomPadding = PAD_Y
    style.fake_bold = bold
    return style


class PagedTable(Flowable):
    """The rows of one table from `start` on; splits into one `FastTable` per page.

    `carry` is what is left of row `start` when a row taller than a page was split inside it.
    """

    def __init__(self, layout: TableLayout, start: int = 0,
                 carry: tuple[list[object], float] | None = None) -> None:
        super().__init__()
        self.layout = layout
        self.start = start
        self.carry = carry
        self.hAlign = "CENTER"
        self.spaceAfter = TABLE_SPACE_AFTER

    def _head(self) -> tuple[list[list[object]], list[float], list[list[CellStyle]]]:
        layout, first = self.layout, self.start == 0 and self.carry is None
        rows, heights, styles = [], [], []
        if layout.caption_row and (first or layout.repeat_caption):
            rows.append(layout.caption_row)
            heights.append(layout.caption_height)
            styles.append(layout.caption_styles)
        if first or layout.repeat_header:
            rows.append(layout.header_row)
            heights.append(layout.header_height)
            styles.append(layout.header_styles)
        return rows, heights, styles

    def _carry_shift(self) -> float:
        """How much taller (negative: shorter) the carried rest of row `start` is than the whole row."""
        return self.carry[1] - self.layout.heights[self.start] if self.carry else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        offsets = self.layout.offsets
        self.width = sum(self.layout.col_widths)
        self.height = sum(self._head()[1]) + offsets[-1] - offsets[self.start] + self._carry_shift()
        if self.height <= availHeight < self.height + self.layout.keep_with_next and not self._at_top(availHeight):
            # The rows fit but what must follow them does not: claim too much, so split() carries a row over.
            return self.width, self.height + self.layout.keep_with_next
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        layout, count = self.layout, len(self.layout.rows)
        room = availHeight - sum(self._head()[1])
        # Rows after `start` all move by the carry shift; row `start` itself always starts at offsets[start].
        limit = layout.offsets[self.start] + room - self._carry_shift() + 1e-6
        end = min(count, bisect_right(layout.offsets, limit) - 1)
        if end == count:
            end = count - 1  # only the kept-with-next block did not fit: take the last row along with it
        if end > self.start:
            return [self._piece(end), PagedTable(layout, end)]
        if not self._at_top(availHeight):
            return []  # not one row fits below what is already on this page: start on the next one
        if self.start == count - 1 and self._row_height() <= room:
            return [self._piece(count)]  # the last row alone on a fresh page; what follows goes on the next
        return self._split_inside_row(room)

    def _at_top(self, available_height: float) -> bool:
        return available_height >= self.layout.frame_height - 1

    def _row_height(self) -> float:
        return self.carry[1] if self.carry else self.layout.heights[self.start]

    def _split_inside_row(self, room: float) -> list[Flowable]:
        """A row taller than a page: its wrapped cells go on as far as the page allows, the rest continues
        on the next page. Returns [] (reportlab then reports it as too large) if nothing can be split."""
        layout = self.layout
        cells = self.carry[0] if self.carry else layout.rows[self.start]
        first: list[object] = []
        rest: list[object] = []
        for cell, width in zip(cells, layout.col_widths, strict=True):
            parts: list[Flowable] = [cell] if not isinstance(cell, RLParagraph) else []
            if isinstance(cell, RLParagraph):
                cell.wrap(width - 2 * PAD_X, room - 2 * PAD_Y)
                parts = cell.split(width - 2 * PAD_X, room - 2 * PAD_Y) or ["", cell]
            first.append(parts[0])
            rest.append(parts[1] if len(parts) > 1 else "")
        if all(part == "" for part in rest):
            return []
        rest_height = _row_height(rest, layout.col_widths, leading(layout.body_styles[0].fontsize) + 2 * PAD_Y)
        piece = self._piece(self.start + 1, first_row=(first, room))
        piece.on_drawn = None  # the row counts as done when its last part is drawn
        return [piece, PagedTable(layout, self.start, carry=(rest, rest_height))]

    def draw(self) -> None:
        piece = self._piece(len(self.layout.rows))
        piece.wrapOn(self.canv, self.width, self.height)
        piece.drawOn(self.canv, 0, 0)

    def _piece(self, end: int, *, first_row: tuple[list[object], float] | None = None) -> FastTable:
        layout, start = self.layout, self.start
        head_rows, head_heights, head_styles = self._head()
        rows, heights = layout.rows[start:end], layout.heights[start:end]
        replacement = first_row or self.carry
        if replacement:
            rows, heights = [replacement[0], *rows[1:]], [replacement[1], *heights[1:]]
        first_data = len(head_rows)
        table = FastTable(
            head_rows + rows,
            colWidths=layout.col_widths,
            rowHeights=head_heights + heights,
            cellStyles=head_styles + [layout.bold_styles if i in layout.bold else layout.body_styles
                                      for i in range(start, end)],
            normalizedData=1,
            style=self._commands(head_rows, end),
        )
        table.text = layout.text
        table.grid_top = 1 if head_rows and head_rows[0] is layout.caption_row else 0
        table.open_rows = (first_data,) if layout.empty else ()
        table.struck = [first_data + i - start for i in range(start, end) if i in layout.struck]
        table.on_drawn = partial(layout.tracker.advance, 0 if layout.empty else end - start)
        return table

    def _commands(self, head_rows: list[list[object]], end: int) -> list[tuple]:
        layout, start = self.layout, self.start
        has_caption = bool(head_rows) and head_rows[0] is layout.caption_row
        commands: list[tuple] = [("SPAN", (0, 0), (-1, 0))] if has_caption else []
        if len(head_rows) > has_caption:
            commands.append(("BACKGROUND", (0, int(has_caption)), (-1, int(has_caption)), HEADER_GREY))
        first_data = len(head_rows)
        for index in range(start, end):
            if index in layout.bold:
                row = first_data + index - start
                commands.append(("BACKGROUND", (0, row), (-1, row), TOTAL_GREY))
        if layout.empty:
            commands.append(("SPAN", (0, first_data), (-1, first_data)))
        return commands


class FastTable(RLTable):
    """A reportlab Table that writes its one-line text cells and grid straight into the page stream.

    One text object per page instead of one per cell, and no per-cell font lookups: several times faster
    than `Canvas.drawString`. Wrapped (Paragraph) cells are drawn by reportlab as usual. Pieces that
    reportlab splits itself lose the attributes below and fall back to the class defaults.
    """

    text: TextMetrics | None = None
    grid_top: int = 0  # rows above it (the caption) get no lines
    open_rows: Sequence[int] = ()  # spanned rows: no inner vertical lines
    struck: Sequence[int] = ()  # voided rows, crossed out
    on_drawn: Callable[[], None] | None = None

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        self._curweight = self._curcolor = self._curcellstyle = None  # state reportlab's _drawCell expects
        self._drawBkgrnd()
        ops = self._cell_ops()
        if ops:
            # Fill+stroke (Tr 2) with a thin outline emphasises header and totals: there is no bold face.
            canv.addLiteral(f"q 0 g 0 G 0.3 w BT {' '.join(ops)} ET Q")
        canv.addLiteral(self._grid_ops())
        self._strike_through()
        canv.restoreState()
        if self.on_drawn is not None:
            self.on_drawn()

    def _cell_ops(self) -> list[str]:
        """Text operators for the one-line cells; other cells are drawn by reportlab on the way."""
        ops: list[str] = []
        text, doc = self.text, self.canv._doc
        spans = self._spanRects if self._spanCmds else None
        current_font = None
        rows = zip(self._cellvalues, self._cellStyles, self._rowpositions[1:], self._rowHeights, strict=True)
        for r, (values, styles, row_y, row_height) in enumerate(rows):
            # All cells of a row share size and padding (one style list per row kind).
            first, current_font = styles[0], None
            size, mode = first.fontsize, 2 if first.fake_bold else 0
            # Same baseline as reportlab's MIDDLE valign for one line.
            baseline = row_y + (first.bottomPadding + row_height - first.topPadding + first.leading) / 2 - size
            y_and_tm = f" {baseline:.2f} Tm"
            cells = zip(values, styles, self._colpositions, self._colWidths, strict=False)
            for c, (value, style, x, width) in enumerate(cells):
                if spans is not None:
                    rect = spans[c, r]
                    if rect is None:
                        continue
                    x, _, width, _ = rect
                if type(value) is not str or text is None or "\n" in value:
                    self._drawCell(value, style, (x, row_y), (width, row_height))
                    continue
                if not value:
                    continue
                if style.alignment == "LEFT":
                    x += style.leftPadding
                elif style.alignment == "RIGHT":
                    x += width - style.rightPadding - text.width(value, size)
                else:
                    x += (width + style.leftPadding - style.rightPadding - text.width(value, size)) / 2
                ops.append(f"1 0 0 1 {x:.2f}{y_and_tm}")
                for font_op, show in text.fragments(value, doc):
                    if font_op != current_font:
                        ops.append(f"{font_op} {size:g} Tf {mode} Tr")
                        current_font = font_op
                    ops.append(show)
        return ops

    def _grid_ops(self) -> str:
        xs, ys = self._colpositions, self._rowpositions[self.grid_top:]
        left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
        path = [f"{left:.2f} {y:.2f} m {right:.2f} {y:.2f} l" for y in ys]
        path += [f"{x:.2f} {top:.2f} m {x:.2f} {bottom:.2f} l" for x in (left, right)]
        for run_top, run_bottom in self._inner_line_runs(ys):
            path += [f"{x:.2f} {run_top:.2f} m {x:.2f} {run_bottom:.2f} l" for x in xs[1:-1]]
        return f"q 0 G {LINE_WIDTH} w 0 J {' '.join(path)} S Q"

    def _inner_line_runs(self, ys: Sequence[float]) -> list[tuple[float, float]]:
        """(top, bottom) of each run of rows that gets inner vertical lines: all but spanned rows."""
        open_rows = {row - self.grid_top for row in self.open_rows}
        runs, run_top = [], None
        for row, row_top in enumerate(ys[:-1]):
            if row in open_rows:
                if run_top is not None:
                    runs.append((run_top, row_top))
                run_top = None
            elif run_top is None:
                run_top = row_top
        if run_top is not None:
            runs.append((run_top, ys[-1]))
        return runs

    def _strike_through(self) -> None:
        if not self.struck:
            return
        canv = self.canv
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(0.8)
        left, right = self._colpositions[0] + PAD_X, self._colpositions[-1] - PAD_X
        for row in self.struck:
            middle = self._rowpositions[row + 1] + self._rowHeights[row] / 2
            canv.line(left, middle, right, middle)
