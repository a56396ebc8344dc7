"""考核 score models: the grid org × indicator where 手工评分 scores are typed (computed ones grey and
read-only), and the year's ranked scoreboard. Scores are tenths of a point."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...core.assessment.indicators import ScoreRow
from ...core.common.errors import ValidationError
from ...core.common.labels import INDICATOR_METHODS, label
from .assessment_lists import points
from .rows import bold_font

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_GREY = QBrush(QColor("#777777"))
_COMPUTED_BACKGROUND = QBrush(QColor("#f0f0f0"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class IndicatorItem(NamedTuple):
    """An indicator as plain values, read on the worker (ORM rows do not outlive their session)."""

    id: int
    name: str
    weight: int
    max_score: int
    method: str
    criteria: str

    @classmethod
    def of(cls, indicator) -> IndicatorItem:
        return cls(indicator.id, indicator.name, indicator.weight, indicator.max_score, indicator.method,
                   indicator.criteria)

    @property
    def manual(self) -> bool:
        return self.method == "manual"


class GridOrg(NamedTuple):
    id: int
    name: str
    depth: int


def parse_points(text: str, max_score: int) -> int | None:
    """'85', '92.5', '９０分' → tenths; '' → None (clears); refused with a Chinese reason otherwise."""
    raw = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).removesuffix("分")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError("得分", f"“{text}”不是分数") from None
    tenths = value * 10
    if tenths != tenths.to_integral_value():
        raise ValidationError("得分", "最多保留一位小数")
    if not 0 <= value <= max_score:
        raise ValidationError("得分", f"应在0—{max_score}分之间")
    return int(tenths)


class ScoreGridModel(QAbstractTableModel):
    """Rows are orgs, column 0 their name, then one column per indicator; only 手工评分 cells are editable.
    An accepted entry shows at once and is announced by `score_entered`; a refused one by `refused`."""

    score_entered = Signal(int, int, object)  # indicator id, org id, tenths (None clears)
    refused = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.orgs: list[GridOrg] = []
        self.indicators: list[IndicatorItem] = []
        self.scores: dict[tuple[int, int], int | None] = {}  # (indicator id, org id) → tenths

    def set_grid(self, orgs: list[GridOrg], indicators: list[IndicatorItem],
                 scores: dict[tuple[int, int], int | None]) -> None:
        self.beginResetModel()
        self.orgs, self.indicators, self.scores = list(orgs), list(indicators), dict(scores)
        self.endResetModel()

    def indicator_at(self, column: int) -> IndicatorItem | None:
        return self.indicators[column - 1] if 0 < column <= len(self.indicators) else None

    def key(self, index: _Index) -> tuple[int, int] | None:
        indicator = self.indicator_at(index.column())
        return None if indicator is None else (indicator.id, self.orgs[index.row()].id)

    def index_of(self, indicator_id: int, org_id: int) -> QModelIndex:
        row = next((n for n, o in enumerate(self.orgs) if o.id == org_id), None)
        column = next((n + 1 for n, i in enumerate(self.indicators) if i.id == indicator_id), None)
        return QModelIndex() if row is None or column is None else self.index(row, column)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.orgs)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() or not self.indicators else len(self.indicators) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        indicator = self.indicator_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return "党组织" if indicator is None else f"{indicator.name}\n满分{indicator.max_score}"
        if role == Qt.ItemDataRole.ToolTipRole and indicator is not None:
            how = "手工评分：输入得分，回车移到下一个党组织" if indicator.manual else \
                f"按{label(INDICATOR_METHODS, indicator.method)}自动计算，不用输入"
            return f"{indicator.name}（分值 {indicator.weight}，满分 {indicator.max_score}）\n{how}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        indicator = self.indicator_at(index.column())
        return base | Qt.ItemFlag.ItemIsEditable if indicator is not None and indicator.manual else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        org = self.orgs[index.row()]
        indicator = self.indicator_at(index.column())
        if indicator is None:
            return "　" * org.depth + org.name if role == Qt.ItemDataRole.DisplayRole else None
        score = self.scores.get((indicator.id, org.id))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return points(score)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if not indicator.manual:
            if role == Qt.ItemDataRole.ForegroundRole:
                return _GREY
            if role == Qt.ItemDataRole.BackgroundRole:
                return _COMPUTED_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            if not indicator.manual:
                return f"按{label(INDICATOR_METHODS, indicator.method)}自动计算"
            return f"{org.name}：{indicator.name}" + ("未评分" if score is None else f" {points(score)}分")
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.key(index) if index.isValid() else None
        indicator = self.indicator_at(index.column()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or key is None or indicator is None or not indicator.manual:
            return False
        try:
            tenths = parse_points(str(value), indicator.max_score)
        except ValidationError as error:
            self.refused.emit(error.message)
            return False
        if self.scores.get(key) == tenths:
            return True
        self.scores[key] = tenths
        self.dataChanged.emit(index, index)
        self.score_entered.emit(key[0], key[1], tenths)
        return True


class ScoreboardModel(QAbstractTableModel):
    """名次, 党组织, each indicator's score, 总分 (weighted, out of 100); read-only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.indicators: list[IndicatorItem] = []
        self.rows: list[ScoreRow] = []

    def set_board(self, indicators: list[IndicatorItem], rows: list[ScoreRow]) -> None:
        self.beginResetModel()
        self.indicators, self.rows = list(indicators), list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.indicators) + 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        last = len(self.indicators) + 2
        if role == Qt.ItemDataRole.DisplayRole:
            if section in (0, 1, last):
                return {0: "名次", 1: "党组织", last: "总分"}[section]
            indicator = self.indicators[section - 2]
            return f"{indicator.name}\n{indicator.weight}分"
        if role == Qt.ItemDataRole.ToolTipRole and 1 < section < last:
            indicator = self.indicators[section - 2]
            return (f"{indicator.name}：已按 得分÷满分（{indicator.max_score}）×分值（{indicator.weight}）折算，"
                    "各项相加即为总分")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        last = len(self.indicators) + 2
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.rank
            if column == 1:
                return row.org
            if column == last:
                return points(row.total_tenths)
            indicator_id = self.indicators[column - 2].id  # its share of 总分, so a row adds up
            return "—" if row.scores.get(indicator_id) is None else points(row.weighted[indicator_id])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRE if column == 0 else None if column == 1 else _RIGHT
        if role == Qt.ItemDataRole.FontRole and column == last:
            return bold_font()
        if role == Qt.ItemDataRole.ForegroundRole and 1 < column < last \
                and row.scores.get(self.indicators[column - 2].id) is None:
            return _GREY
        if role == Qt.ItemDataRole.ToolTipRole and 1 < column < last \
                and row.scores.get(self.indicators[column - 2].id) is None:
            return "未评分（按0分计入总分）"
        return None
