"""述职评议 tab of the 考核 page (双述双评): the 书记 述职 of each org, the counted votes and the grade."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel

from ...core.assessment import reviews
from ...core.assessment.reviews import ReviewRow
from ...core.spreadsheets.importing import ImportOptions
from ..dialogs.assessment_review import ReviewDialog
from ..dialogs.import_preview import ImportPreviewDialog
from ..models.assessment_lists import ReviewModel
from ..widgets.row_table import RowTable
from .assessment_tab import AssessmentTab, Scope, TabHost


class ReviewsTab(AssessmentTab):
    title = "述职评议"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.model = ReviewModel(self)
        self.table = RowTable(self.model, (180, 80, 96, 52, 52, 52, 52, 52, 76, 64), stretch=None)
        self.table.opened.connect(self.edit)
        self.table.deleted.connect(self.delete)
        self.summary = QLabel()
        self.add_buttons([("录入…", self.add, "录入一个党组织书记的述职评议", "Ctrl+N"),
                          ("修改…", self.edit, "修改所选记录（也可双击或按回车）", None),
                          ("删除", self.delete, "删除所选述职评议记录", "Del"),
                          ("添加述职报告…", self.add_report, "为所选记录附上述职报告文件", "Ctrl+U"),
                          ("打开述职报告", self.open_report, "打开所选记录的述职报告", "Ctrl+O"),
                          ("导入评议票…", self.import_ballots, "从 Excel 表格导入各党组织的评议票数", "Ctrl+I")],
                         [self.summary])
        self.layout_.addWidget(self.table, 1)

    def reader(self, scope: Scope):
        return lambda session: reviews.review_rows(session, scope.year, scope.org_id)

    def show_data(self, rows: list[ReviewRow]) -> None:
        self.show_rows(self.table, rows)
        assessed = len(self.host.assessed)
        self.summary.setText(f"已录入 {len(rows)} / {assessed} 个党组织" if assessed else "")

    def _dialog(self, review: ReviewRow | None = None) -> ReviewDialog:
        scope = self.host.scope
        done = {row.org_id for row in self.model.rows}
        first_open = next((o.id for o in self.host.assessed if o.id not in done), None)
        return ReviewDialog(self, self.host.assessed, scope.year, self.model.rows, scope.default_date, review,
                            scope.org_id if scope.org_id in {o.id for o in self.host.assessed} else first_open)

    def add(self) -> None:
        dialog = self._dialog()
        self.open_form(dialog, lambda fields: lambda session: reviews.save_review(session, fields).id,
                       "已保存述职评议", self.select_later)

    def edit(self) -> None:
        self.edit_current(self.table, "述职评议记录", self._dialog,
                          lambda session, _row, fields: reviews.save_review(session, fields).id, "已保存述职评议")

    def delete(self) -> None:
        row: ReviewRow | None = self.current_of(self.table, "述职评议记录")
        if row is None or not self.confirm("删除述职评议", f"删除{row.org}书记{row.secretary}{self.host.scope.year}"
                                           "年度的述职评议？\n评议票数和述职报告记录一并删除，不能从回收站恢复。"):
            return
        self.host.write(lambda session: reviews.delete_review(session, row.id), "已删除述职评议")

    def add_report(self) -> None:
        row: ReviewRow | None = self.current_of(self.table, "述职评议记录")
        if row is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, f"{row.org} {row.secretary} 述职报告", str(Path.home()))
        if name:
            self.host.write(lambda session: reviews.attach_report(session, row.id, Path(name)).id, "已添加述职报告")

    def open_report(self) -> None:
        row: ReviewRow | None = self.current_of(self.table, "述职评议记录")
        if row is not None:
            self.open_attached(self.table, row.reports, "打开述职报告", "该记录还没有述职报告，可点“添加述职报告…”。")

    def import_ballots(self) -> None:
        dialog = ImportPreviewDialog(self, self.host.ctx, "ballots", options=ImportOptions(year=self.host.scope.year),
                                     changes={"assessment"})
        self.dialog = dialog
        dialog.open()
