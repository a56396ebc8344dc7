"""Paints a cell's 执行率 as a light progress bar behind its text (green / amber / red as on the chart)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from .bar_chart import rate_colour


class RateDelegate(QStyledItemDelegate):
    def __init__(self, role: int, parent=None):
        super().__init__(parent)
        self.role = role

    def paint(self, painter, option, index) -> None:
        permille = index.data(self.role)
        text = index.data()
        if permille is not None and text and not option.state & QStyle.StateFlag.State_Selected:
            colour = rate_colour(permille)
            colour.setAlpha(70)
            rect = option.rect.adjusted(2, 3, -2, -3)
            width = rect.width() * min(permille, 1000) // 1000
            painter.fillRect(QRect(rect.left(), rect.top(), width, rect.height()), colour)
        super().paint(painter, option, index)
