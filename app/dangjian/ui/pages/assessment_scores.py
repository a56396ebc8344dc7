"""考核清单 (the year's indicators, with the grid where 手工评分 scores are typed) and 年度排名 tabs."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from ...core.assessment import indicators
from ...core.assessment.indicators import ScoreRow
from ...core.assessment.scope import assessed_orgs
from ...core.spreadsheets.importing import ImportOptions
from ..dialogs.assessment_indicator import FULL_WEIGHT, IndicatorDialog
from ..dialogs.import_preview import ImportPreviewDialog
from ..models.assessment_lists import IndicatorModel
from ..models.assessment_scores import GridOrg, IndicatorItem, ScoreboardModel, ScoreGridModel
from ..widgets.entry_grid import EntryGridView
from ..widgets.row_table import RowTable
from .assessment_tab import AssessmentTab, Scope, TabHost


class IndicatorsData(NamedTuple):
    indicators: list[IndicatorItem]
    weight_total: int
    orgs: list[GridOrg]
    scores: dict[tuple[int, int], int | None]


def _weight_text(total: int) -> tuple[str, str]:
    return f"分值合计 {total} / {FULL_WEIGHT}", "" if total == FULL_WEIGHT else "color: #b3261e; font-weight: bold"


class IndicatorsTab(AssessmentTab):
    title = "考核清单"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.model = IndicatorModel(self)
        self.table = RowTable(self.model, (200, 56, 56, 130), stretch=4)
        self.table.opened.connect(self.edit)
        self.table.deleted.connect(self.delete)
        self.weights = QLabel()
        self.add_buttons([("新增指标…", self.add, "新增本年度的考核指标", "Ctrl+N"),
                          ("修改…", self.edit, "修改所选指标（也可双击或按回车）", None),
                          ("删除", self.delete, "删除所选指标及各党组织在该指标上的得分", "Del"),
                          ("导入指标…", self.import_indicators, "从 Excel 表格导入本年度的考核指标", "Ctrl+I")],
                         [self.weights])
        self.grid_model = ScoreGridModel(self)
        self.grid_model.score_entered.connect(self.save_score)
        self.grid_model.refused.connect(self._refused)
        self.grid = EntryGridView()
        self.grid.setModel(self.grid_model)
        self.grid.verticalHeader().hide()
        self.grid.horizontalHeader().setMinimumSectionSize(72)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid_hint = QLabel("评分：手工评分的指标直接输入得分（如 92.5），回车移到下一个党组织，Delete 清除；"
                                "灰色为按已有数据自动计算的指标。")
        self.grid_hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.grid_hint)
        lower_layout.addWidget(self.grid, 1)
        lower_layout.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([260, 400])
        self.layout_.addWidget(split, 1)

    def reader(self, scope: Scope):
        def read(session) -> IndicatorsData:
            items = [IndicatorItem.of(i) for i in indicators.indicators_of(session, scope.year)]
            board = indicators.scoreboard(session, scope.year, scope.today, scope.org_id)
            scores = {(ind_id, row.org_id): score for row in board.rows for ind_id, score in row.scores.items()}
            orgs = [GridOrg(o.id, o.name, o.depth) for o in assessed_orgs(session, scope.day, scope.org_id)]
            return IndicatorsData(items, indicators.weight_total(session, scope.year), orgs, scores)

        return read

    def show_data(self, data: IndicatorsData) -> None:
        self.show_rows(self.table, data.indicators)
        text, style = _weight_text(data.weight_total)
        self.weights.setText(text)
        self.weights.setStyleSheet(style)
        current = self.grid_model.key(self.grid.currentIndex()) if self.grid.currentIndex().isValid() else None
        self.grid_model.set_grid(data.orgs, data.indicators, data.scores)
        self.grid.resizeColumnsToContents()
        if current is not None:
            self.grid.setCurrentIndex(self.grid_model.index_of(*current))
        self.message.clear()

    # --- indicators -----------------------------------------------------------------------------

    def _others_total(self, own: IndicatorItem | None = None) -> int:
        return sum(i.weight for i in self.model.rows if own is None or i.id != own.id)

    def add(self) -> None:
        dialog = IndicatorDialog(self, self.host.scope.year, self._others_total())
        self.open_form(dialog, lambda fields: lambda session: indicators.add_indicator(session, fields).id,
                       "已新增考核指标", self.select_later)

    def edit(self) -> None:
        self.edit_current(self.table, "考核指标",
                          lambda row: IndicatorDialog(self, self.host.scope.year, self._others_total(row), row),
                          lambda session, row, fields: indicators.update_indicator(session, row.id, fields).id,
                          "已修改考核指标")

    def delete(self) -> None:
        row: IndicatorItem | None = self.current_of(self.table, "考核指标")
        if row is None or not self.confirm("删除考核指标", f"删除{self.host.scope.year}年考核指标“{row.name}”？\n"
                                           "各党组织在该指标上已评的得分一并删除，不能从回收站恢复。"):
            return
        self.host.write(lambda session: indicators.delete_indicator(session, row.id), "已删除考核指标")

    def import_indicators(self) -> None:
        dialog = ImportPreviewDialog(self, self.host.ctx, "indicators",
                                     options=ImportOptions(year=self.host.scope.year), changes={"assessment"})
        self.dialog = dialog
        dialog.open()

    # --- scores ---------------------------------------------------------------------------------

    def save_score(self, indicator_id: int, org_id: int, tenths: int | None) -> None:
        self.message.clear()
        self.host.write(lambda session: indicators.set_score(session, indicator_id, org_id, tenths),
                        "已清除得分" if tenths is None else "已保存得分", reload=False)

    def _refused(self, message: str) -> None:
        self.message.setText(message)


class RankingTab(AssessmentTab):
    title = "年度排名"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.model = ScoreboardModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setDefaultSectionSize(88)
        self.note = QLabel()
        self.add_buttons([("打印得分排名…", lambda: self.host.print_report("assessment-scores"),
                           "打印本年度考核得分与排名", None)])
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.note)

    def reader(self, scope: Scope):
        def read(session):
            board = indicators.scoreboard(session, scope.year, scope.today, scope.org_id)
            return [IndicatorItem.of(i) for i in board.indicators], board.rows, board.weight_total

        return read

    def show_data(self, data: tuple[list[IndicatorItem], list[ScoreRow], int]) -> None:
        items, rows, total = data
        self.model.set_board(items, rows)
        self.table.resizeColumnsToContents()
        if not items:
            self.note.setText("本年度还没有考核指标，请先在“考核清单”中新增或导入。")
        elif total != FULL_WEIGHT:
            self.note.setText(f"指标分值合计 {total} 分，不是 {FULL_WEIGHT} 分：总分仅供参考。")
        else:
            self.note.setText("总分 = Σ 得分÷满分×分值；未评分的指标按0分计。")
        self.note.setStyleSheet("color: #b3261e" if items and total != FULL_WEIGHT else "color: #666")
