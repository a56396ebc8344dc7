"""PDF backend: A4 pages in the bundled font, a title block, 第X页 共Y页 footers; tables are laid out by
`pdf_tables` (measured once, cut per page — large rosters are the hot path)."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from ... import APP_NAME
from . import document as d
from .fonts import FONT_NAME, TextMetrics, register_font
from .pdf_style import (
    ALIGN_ENUMS,
    BODY_SIZE,
    LABEL_GREY,
    LINE_WIDTH,
    MARGIN,
    PAD_X,
    PAD_Y,
    SIGNATURE_GAP,
    TABLE_SPACE_AFTER,
    Progress,
    ProgressTracker,
    leading,
)
from .pdf_tables import TableBuilder

_BUILD_LOCK = threading.Lock()


def write_pdf(report: d.Report, path: str | Path, *, progress: Progress | None = None) -> Path:
    """Render `report` to an A4 PDF at `path` and return the path.

    `progress(done, total)` is called every few hundred table rows while tables are measured and again
    while they are drawn (total = 2 × table rows), and once at the start and end; it may raise
    `Cancelled`, which propagates. The PDF is written beside the target and moved into place at the end,
    so a cancelled or failed run leaves no partial file (and keeps an earlier file at `path`).
    """
    register_font()
    target = Path(path)
    tracker = ProgressTracker(progress, 2 * sum(len(table.rows) for table in report.tables()))
    tracker.report()
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        doc = _make_doc(temp, report)
        story = Story(report, doc.width, doc.height, tracker).build()
        with _binary_streams():
            doc.build(story, canvasmaker=partial(_NumberedCanvas, report=report))
        tracker.finish()
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Skip ASCII85 on compressed streams: without reportlab's C accelerator it costs ~1 s per 300 pages.

    reportlab reads this switch from its global config while writing the file, so set it only around
    our build, one build at a time.
    """
    with _BUILD_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved


def _make_doc(filename: Path, report: d.Report) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        str(filename),
        pagesize=landscape(A4) if report.landscape else A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=report.title,
        author=report.unit_name,
        subject=report.subtitle,
        creator=APP_NAME,
        # The canvas preamble selects an initial font; the default, Helvetica, would then be in the PDF.
        initialFontName=FONT_NAME,
        pageCompression=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each footer can say 第X页 共Y页 (the total is known only then)."""

    def __init__(self, *args: object, report: d.Report, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._report = report
        self._page_states: list[dict] = []

    def showPage(self) -> None:
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setFillColor(colors.black)
        self.setFont(FONT_NAME, 9)
        self.drawCentredString(width / 2, 8 * mm, f"第{number}页 共{total}页")
        if number > 1:  # so loose pages can be matched to their report
            self.setFont(FONT_NAME, 8)
            self.drawString(MARGIN, height - 10 * mm, self._report.title)
        self.restoreState()


# --- story -----------------------------------------------------------------------------------------


def _style(name: str, size: float, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT_NAME, fontSize=size, leading=leading(size), wordWrap="CJK", **kw)


def _markup(text: str) -> str:
    """Plain text as Paragraph markup: user text may contain < or &."""
    return escape(text).replace("\n", "<br/>")


@dataclass
class _Styles:
    title: ParagraphStyle = field(default_factory=lambda: _style("title", 18, alignment=TA_CENTER,
                                                                 spaceAfter=2 * mm))
    subtitle: ParagraphStyle = field(default_factory=lambda: _style("subtitle", 11, alignment=TA_CENTER,
                                                                    spaceAfter=1 * mm))
    meta: ParagraphStyle = field(default_factory=lambda: _style("meta", 10))
    body: ParagraphStyle = field(default_factory=lambda: _style("body", BODY_SIZE, firstLineIndent=2 * BODY_SIZE,
                                                                spaceAfter=1.5 * mm))
    headings: tuple[ParagraphStyle, ...] = field(default_factory=lambda: (
        _style("h1", 14, spaceBefore=3 * mm, spaceAfter=2 * mm, keepWithNext=1),
        _style("h2", 12, spaceBefore=2 * mm, spaceAfter=1.5 * mm, keepWithNext=1),
        _style("h3", 11, spaceBefore=1.5 * mm, spaceAfter=1 * mm, keepWithNext=1),
    ))
    _cells: dict[tuple[float, str], ParagraphStyle] = field(default_factory=dict)
    _unindented: dict[str, ParagraphStyle] = field(default_factory=dict)

    def paragraph(self, align: str, indent: bool) -> ParagraphStyle:
        """Running text: `body` (left, first line indented), else `body` without the indent, so aligned."""
        if align == "left" and indent:
            return self.body
        if align not in self._unindented:
            self._unindented[align] = ParagraphStyle(f"body-{align}", parent=self.body, firstLineIndent=0,
                                                     alignment=ALIGN_ENUMS[align])
        return self._unindented[align]

    def cell(self, size: float, align: str) -> ParagraphStyle:
        """Paragraph style for a wrapped table cell."""
        key = (size, align)
        if key not in self._cells:
            self._cells[key] = _style(f"cell-{size}-{align}", size, alignment=ALIGN_ENUMS[align])
            self._cells[key].leading = leading(size) - 0.6  # wrapped lines a touch tighter than single ones
        return self._cells[key]


class Story:
    """Turns report blocks into reportlab flowables."""

    def __init__(self, report: d.Report, width: float, height: float, tracker: ProgressTracker) -> None:
        self.report = report
        self.width = width
        self.height = height
        self.tracker = tracker
        self.styles = _Styles()
        self.text = TextMetrics()
        self._paragraphs: dict[tuple[str, str, float], tuple[RLParagraph, float]] = {}

    def build(self) -> list[Flowable]:
        story = self._title_block()
        blocks = self.report.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, d.Table):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                tail = 0.0
                if isinstance(following, d.SignatureLine) and following.labels:
                    # A signature line must not land alone on a page: keep it with the last row.
                    tail = TABLE_SPACE_AFTER + SIGNATURE_GAP + self._signature_table(following).wrap(
                        self.width, self.height)[1]
                story.append(TableBuilder(self, block, keep_with_next=tail).build())
            else:
                story.extend(self._block(block))
        return story

    def _title_block(self) -> list[Flowable]:
        report, styles = self.report, self.styles
        story: list[Flowable] = [RLParagraph(_markup(report.title), styles.title)]
        if report.subtitle:
            story.append(RLParagraph(_markup(report.subtitle), styles.subtitle))
        date_text = f"打印日期：{d.chinese_date(report.printed_on)}"
        date_width = self.text.width(date_text, styles.meta.fontSize) + 2
        meta = RLTable([[RLParagraph(_markup(report.unit_name), styles.meta), date_text]],
                       colWidths=[self.width - date_width, date_width],
                       style=[("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                              ("FONTSIZE", (0, 0), (-1, -1), styles.meta.fontSize),
                              ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        return [*story, meta, Spacer(1, 3 * mm)]

    def _block(self, block: d.Block) -> list[Flowable]:
        if isinstance(block, d.Heading):
            return [RLParagraph(_markup(block.text), self.styles.headings[min(block.level, 3) - 1])]
        if isinstance(block, d.Paragraph):
            style = self.styles.paragraph(block.align, block.indent)
            return [RLParagraph(escape(line), style) for line in block.text.split("\n")]
        if isinstance(block, d.KeyValues):
            return self._key_values(block)
        if isinstance(block, d.SignatureLine):
            return [self._signature_line(block)]
        if isinstance(block, d.PageBreak):
            return [RLPageBreak()]
        raise TypeError(f"unknown block {block!r}")

    def fitted(self, text: str, width: float, size: float, align: str) -> str | RLParagraph:
        """`text` as a plain string if it fits on one line of a `width` cell, else a wrapping Paragraph."""
        room = width - 2 * PAD_X
        if self.text.fits(text, room, size):
            return text
        return self.paragraph(text, self.styles.cell(size, align), room)[0]

    def paragraph(self, text: str, style: ParagraphStyle, room: float) -> tuple[RLParagraph, float]:
        """A wrapped cell and its height. Repeated texts share one Paragraph: wrapping is the costly part,
        and a Paragraph is only wrapped and drawn, never changed, so table pieces can share it."""
        key = (text, style.name, room)
        hit = self._paragraphs.get(key)
        if hit is None:
            para = RLParagraph(_markup(text), style)
            hit = self._paragraphs[key] = (para, para.wrap(room, 1e6)[1])
        return hit

    def _key_values(self, block: d.KeyValues) -> list[Flowable]:
        if not block.pairs:
            return []
        n, size = block.columns, BODY_SIZE - 0.5
        pair_width = self.width / n
        widest = max(self.text.width(label, size) for label, _ in block.pairs) + 2 * PAD_X + 1
        label_width = min(widest, pair_width * 0.45)
        value_width = pair_width - label_width
        rows = []
        for start in range(0, len(block.pairs), n):
            row: list[object] = []
            for label, value in block.pairs[start:start + n]:
                row.append(self.fitted(label, label_width, size, "left"))
                row.append(self.fitted(d.cell_text(value), value_width, size, "left"))
            rows.append(row + ["", ""] * (n - len(row) // 2))
        everything = (0, 0), (-1, -1)
        style = [("FONTNAME", *everything, FONT_NAME), ("FONTSIZE", *everything, size),
                 ("LEADING", *everything, leading(size)), ("VALIGN", *everything, "MIDDLE"),
                 ("GRID", *everything, LINE_WIDTH, colors.black),
                 ("TOPPADDING", *everything, PAD_Y + 1), ("BOTTOMPADDING", *everything, PAD_Y + 1),
                 ("LEFTPADDING", *everything, PAD_X), ("RIGHTPADDING", *everything, PAD_X)]
        style += [("BACKGROUND", (c, 0), (c, -1), LABEL_GREY) for c in range(0, 2 * n, 2)]
        return [RLTable(rows, colWidths=[label_width, value_width] * n, style=style), Spacer(1, 3 * mm)]

    def _signature_line(self, block: d.SignatureLine) -> Flowable:
        if not block.labels:
            return Spacer(1, 0)
        return KeepTogether([Spacer(1, SIGNATURE_GAP), self._signature_table(block)])

    def _signature_table(self, block: d.SignatureLine) -> RLTable:
        size, n = BODY_SIZE, len(block.labels)
        cell_width = self.width / n
        blank = self.text.width("_", size)
        cells = []
        for label in block.labels:
            room = cell_width - self.text.width(f"{label}：", size) - 2 * PAD_X - 4 * mm
            cells.append(f"{label}：" + "_" * max(4, int(room / blank)))
        style = [("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("FONTSIZE", (0, 0), (-1, -1), size),
                 ("LEFTPADDING", (0, 0), (-1, -1), PAD_X)]
        return RLTable([cells], colWidths=[cell_width] * n, style=style)


# --- tables ----------------------------------------------------------------------------------------
