"""责任清单 and 月调度 tabs of the 考核 page."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from ...core.assessment import duties
from ...core.assessment.duties import DispatchRow, DutyRow
from ..dialogs.assessment_duty import DispatchDialog, DispatchInput, DutyDialog
from ..models.assessment_lists import DispatchModel, DutyModel
from ..widgets.controls import month_spin
from ..widgets.row_table import RowTable
from .assessment_tab import AssessmentTab, Scope, TabHost


class DutiesTab(AssessmentTab):
    title = "责任清单"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.model = DutyModel(self)
        self.table = RowTable(self.model, (180, 320, 80, 90, 210, 96), stretch=1)
        self.table.opened.connect(self.edit)
        self.table.deleted.connect(self.delete)
        self.summary = QLabel()
        self.add_buttons([("新增…", self.add, "新增本年度的责任清单事项", "Ctrl+N"),
                          ("修改…", self.edit, "修改所选事项（也可双击或按回车）", None),
                          ("删除", self.delete, "将所选事项移入回收站", "Del")], [self.summary])
        self.layout_.addWidget(self.table, 1)

    def reader(self, scope: Scope):
        return lambda session: duties.duty_rows(session, scope.year, scope.org_id, scope.today)

    def show_data(self, rows: list[DutyRow]) -> None:
        self.show_rows(self.table, rows)
        overdue = sum(r.overdue for r in rows)
        self.summary.setText(f"共 {len(rows)} 项" + (f"，其中逾期 {overdue} 项" if overdue else ""))

    def add(self) -> None:
        scope = self.host.scope
        current = self.table.current()
        dialog = DutyDialog(self, self.host.assessed, scope.year,
                            org_id=current.org_id if current and scope.org_id is None else scope.org_id)
        self.open_form(dialog, lambda fields: lambda session: duties.add_duty(session, fields).id,
                       "已新增责任清单事项", self.select_later)

    def edit(self) -> None:
        self.edit_current(self.table, "责任清单事项",
                          lambda row: DutyDialog(self, self.host.assessed, self.host.scope.year, row),
                          lambda session, row, fields: duties.update_duty(session, row.id, fields).id,
                          "已修改责任清单事项")

    def delete(self) -> None:
        row: DutyRow | None = self.current_of(self.table, "责任清单事项")
        if row is None or not self.confirm("删除责任清单事项", f"将“{row.task[:40]}”（{row.org}）移入回收站？\n"
                                           "该事项的月调度记录随之保留，可从回收站恢复。"):
            return
        self.host.write(lambda session: duties.delete_duty(session, row.id), "已将该事项移入回收站")


def default_month(year: int, today: date) -> int:
    """This month in the current year, December for a past year, January for a coming one."""
    return today.month if year == today.year else 12 if year < today.year else 1


class DispatchTab(AssessmentTab):
    title = "月调度"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.month = month_spin(date.today().month)
        self.month.setPrefix("调度月份 ")
        self.month.valueChanged.connect(lambda _m: self.host.reload_tab(self))
        self.unreported = QLabel()
        self.model = DispatchModel(self)
        self.table = RowTable(self.model, (180, 320, 80, 90, 260), stretch=1, key=lambda row: row.duty_id)
        self.table.opened.connect(self.report)
        self.add_buttons([("填报…", self.report, "填报所选事项本月的进展（也可双击或按回车）", None)],
                         [self.unreported], [self.month])
        self.layout_.addWidget(self.table, 1)
        self._year = host.scope.year

    def params(self) -> tuple:
        return (self.month.value(),)

    def loader(self, scope: Scope):
        if scope.year != self._year:  # a new year starts on its natural month
            self._year = scope.year
            self.month.blockSignals(True)
            self.month.setValue(default_month(scope.year, scope.today))
            self.month.blockSignals(False)
        return super().loader(scope)

    def reader(self, scope: Scope):
        month = self.month.value()
        return lambda session: duties.dispatch_rows(session, scope.year, month, scope.org_id)

    def show_data(self, rows: list[DispatchRow]) -> None:
        self.show_rows(self.table, rows)
        missing = sum(1 for r in rows if not r.status)
        self.unreported.setText(f"未报送 {missing} 项" if rows else "本年度还没有责任清单事项")
        self.unreported.setStyleSheet("color: #b3261e; font-weight: bold" if missing else "")

    def report(self) -> None:
        row: DispatchRow | None = self.current_of(self.table, "要填报的事项")
        if row is None:
            return
        scope, month = self.host.scope, self.month.value()
        dialog = DispatchDialog(self, row, scope.year, month, scope.default_date)
        rows = self.model.rows
        after = rows[rows.index(row) + 1:] + rows[:rows.index(row)]
        upcoming = next((r.duty_id for r in after if not r.status), row.duty_id)  # Enter again fills the next

        def write(value: DispatchInput):
            return lambda session: duties.report_month(session, value.duty_id, scope.year, value.month,
                                                       value.status, value.note, value.reported_on)

        self.open_form(dialog, write, f"已填报{month}月调度", lambda _r: self.select_later(upcoming))
