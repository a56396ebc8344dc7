"""A small horizontal bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials).

Bars show a rate in ‰ against a 100% reference line; labels sit left of the bars so long Chinese names
stay readable. Colours follow the 执行率 convention of the 经费 page: normal, nearly used up, overspent.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

NORMAL, NEARLY, OVER, NONE = QColor("#2e7d32"), QColor("#ef8f00"), QColor("#c62828"), QColor("#9e9e9e")


def rate_colour(permille: int | None) -> QColor:
    """Colour for an 执行率: grey without budget, red over 100%, amber from 90%, green otherwise."""
    if permille is None:
        return NONE
    if permille > 1000:
        return OVER
    return NEARLY if permille >= 900 else NORMAL


@dataclass(frozen=True)
class Bar:
    label: str
    permille: int | None  # None: no budget
    text: str  # printed after the bar, e.g. "87.5%"
    tooltip: str = ""


class BarChart(QWidget):
    ROW, GAP, LABEL_WIDTH, TEXT_WIDTH = 22, 6, 120, 64

    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def _title_height(self) -> int:
        return self.fontMetrics().height() + 10 if self.title else 0

    def sizeHint(self) -> QSize:
        return QSize(420, self._title_height() + max(1, len(self.bars)) * (self.ROW + self.GAP) + 24)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def _scale_max(self) -> int:
        """At least 100%; further when a bar is beyond it, so overspending shows past the line."""
        return max([1000, *(b.permille or 0 for b in self.bars)])

    def _bar_rect(self, index: int) -> QRectF:
        top = self._title_height() + index * (self.ROW + self.GAP)
        width = max(10, self.width() - self.LABEL_WIDTH - self.TEXT_WIDTH - 16)
        return QRectF(self.LABEL_WIDTH + 8, top, width, self.ROW)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette_text = self.palette().windowText().color()
        if self.title:
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(QRectF(0, 0, self.width(), self._title_height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
            bold.setBold(False)
            painter.setFont(bold)
        if not self.bars:
            painter.setPen(NONE)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "暂无数据")
            return
        scale = self._scale_max()
        metrics = self.fontMetrics()
        for index, bar in enumerate(self.bars):
            rect = self._bar_rect(index)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideMiddle, self.LABEL_WIDTH)
            painter.setPen(palette_text)
            painter.drawText(QRectF(0, rect.top(), self.LABEL_WIDTH, self.ROW),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            painter.fillRect(rect, QColor("#eeeeee"))
            length = rect.width() * min(bar.permille or 0, scale) / scale
            painter.fillRect(QRectF(rect.left(), rect.top(), length, rect.height()), rate_colour(bar.permille))
            painter.drawText(QRectF(rect.right() + 6, rect.top(), self.TEXT_WIDTH, self.ROW),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.text)
        full = self._bar_rect(0)
        x = full.left() + full.width() * 1000 / scale
        painter.setPen(QPen(palette_text, 1, Qt.PenStyle.DashLine))
        bottom = self._bar_rect(len(self.bars) - 1).bottom()
        painter.drawLine(int(x), int(full.top()) - 2, int(x), int(bottom) + 2)
        painter.drawText(QRectF(x - 30, bottom + 2, 60, 18), Qt.AlignmentFlag.AlignCenter, "100%")

    def mouseMoveEvent(self, event) -> None:
        for index, bar in enumerate(self.bars):
            rect = self._bar_rect(index)
            if rect.top() <= event.position().y() <= rect.bottom() and bar.tooltip:
                QToolTip.showText(event.globalPosition().toPoint(), bar.tooltip, self)
                return
        QToolTip.hideText()
