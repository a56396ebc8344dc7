"""问题清单 and 整改清单 tabs of the 考核 page.

Loading the 问题清单 also runs the rule checks: a problem made from a finding that the data no longer shows is
销号 by itself (`close_cleared`, in a write transaction only when there is such a problem)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from ...core.assessment import problems
from ...core.assessment.problems import MeasureRow, ProblemRow
from ...core.checks import all_findings
from ...core.common.findings import Finding
from ..dialogs.assessment_findings import FindingsDialog
from ..dialogs.assessment_problem import (
    CloseMeasureDialog,
    MeasureDialog,
    MeasureInput,
    NoteInput,
    ProblemDialog,
    ProgressDialog,
)
from ..models.assessment_lists import MeasureModel, ProblemModel
from ..operations import OpContext, read_op
from ..widgets.row_table import RowTable
from .assessment_tab import AssessmentTab, Scope, TabHost


class ProblemsData(NamedTuple):
    rows: list[ProblemRow]
    auto_closed: int  # problems 销号 by this load because their finding cleared


def _cleared(rows: list[ProblemRow], findings: list[Finding]) -> bool:
    """Whether an open problem of these rows came from a finding the fresh check no longer has."""
    still = {(f.org_id, f.rule) for f in findings}
    return any(r.finding_rule and r.closed_on is None and (r.org_id, r.finding_rule) not in still for r in rows)


class ProblemsTab(AssessmentTab):
    title = "问题清单"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.model = ProblemModel(self)
        self.table = RowTable(self.model, (170, 300, 72, 90, 90, 64, 150, 170), stretch=1)
        self.table.opened.connect(self.edit)
        self.table.deleted.connect(self.delete)
        self.summary = QLabel()
        self.add_buttons([("新增…", self.add, "新增本年度的问题", "Ctrl+N"),
                          ("修改…", self.edit, "修改所选问题（也可双击或按回车）", None),
                          ("删除", self.delete, "将所选问题及其整改措施移入回收站", "Del"),
                          ("从规则检查生成…", self.generate, "把规则检查发现的问题列入问题清单", "Ctrl+G"),
                          ("新增整改措施…", self.add_measure, "为所选问题制定整改措施", "Ctrl+M")], [self.summary])
        self.layout_.addWidget(self.table, 1)

    def loader(self, scope: Scope):
        auto_close = not self.host.ctx.read_only

        def work(ctx: OpContext) -> ProblemsData:
            with ctx.db.read() as session:
                findings = all_findings(session, scope.today)
                rows = problems.problem_rows(session, scope.year, scope.org_id, scope.today)
            if not (auto_close and _cleared(rows, findings)):
                return ProblemsData(rows, 0)
            with ctx.db.write() as session:
                closed = problems.close_cleared(session, findings, scope.today)
            with ctx.db.read() as session:
                return ProblemsData(problems.problem_rows(session, scope.year, scope.org_id, scope.today), closed)

        return work

    def show_data(self, data: ProblemsData) -> None:
        self.show_rows(self.table, data.rows)
        open_ = sum(1 for r in data.rows if r.closed_on is None)
        overdue = sum(r.overdue for r in data.rows)
        self.summary.setText(f"共 {len(data.rows)} 个，未销号 {open_} 个"
                             + (f"，整改逾期 {overdue} 个" if overdue else ""))
        if data.auto_closed:
            self.host.status(f"{data.auto_closed} 个问题已自动销号（规则检查已通过）")
            self.host.written_elsewhere()

    def selected(self) -> ProblemRow | None:
        return self.table.current()

    def add(self) -> None:
        scope = self.host.scope
        current = self.table.current()
        dialog = ProblemDialog(self, self.host.assessed, scope.year, scope.default_date,
                               org_id=current.org_id if current and scope.org_id is None else scope.org_id)
        self.open_form(dialog, lambda fields: lambda session: problems.add_problem(session, fields).id,
                       "已新增问题", self.select_later)

    def edit(self) -> None:
        scope = self.host.scope
        self.edit_current(self.table, "问题",
                          lambda row: ProblemDialog(self, self.host.assessed, scope.year, scope.default_date, row),
                          lambda session, row, fields: problems.update_problem(session, row.id, fields).id,
                          "已修改问题")

    def delete(self) -> None:
        row: ProblemRow | None = self.current_of(self.table, "问题")
        if row is None or not self.confirm("删除问题", f"将“{row.description[:40]}”（{row.org}）"
                                           "及其整改措施移入回收站？\n可从回收站恢复。"):
            return
        self.host.write(lambda session: problems.delete_problem(session, row.id), "已将该问题移入回收站")

    def add_measure(self) -> None:
        self.host.tab_of(MeasuresTab).add()

    # --- 从规则检查生成 --------------------------------------------------------------------------

    def generate(self) -> None:
        scope = self.host.scope
        inside = {org.id for org in self.host.assessed}

        def candidates(session) -> list[Finding]:
            found = problems.finding_candidates(session, all_findings(session, scope.today), scope.year)
            return [f for f in found if f.org_id in inside]

        read_op(self, candidates).with_progress("正在运行规则检查…").success(self._choose).run_in_background()

    def _choose(self, candidates: list[Finding]) -> None:
        if not candidates:
            QMessageBox.information(self, "从规则检查生成", "规则检查没有发现尚未列入问题清单的问题。")
            return
        scope = self.host.scope
        dialog = FindingsDialog(self, candidates, scope.year)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.add_findings(dialog.chosen()))
        dialog.open()

    def add_findings(self, chosen: list[Finding]) -> None:
        found_on = self.host.scope.default_date
        if chosen:
            self.host.write(lambda session: [problems.problem_from_finding(session, f, found_on).id for f in chosen],
                            f"已将 {len(chosen)} 个问题列入问题清单")


class MeasuresData(NamedTuple):
    measures: list[MeasureRow]
    problems: list[ProblemRow]  # the problems a new measure can be for


class MeasuresTab(AssessmentTab):
    title = "整改清单"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.problems: list[ProblemRow] = []
        self.model = MeasureModel(self)
        self.table = RowTable(self.model, (180, 200, 260, 64, 90, 180, 84, 90, 50), stretch=2)
        self.table.opened.connect(self.edit)
        self.table.deleted.connect(self.delete)
        self.summary = QLabel()
        self.buttons = self.add_buttons([
            ("新增整改措施…", self.add, "为“问题清单”中所选的问题（或另选问题）制定整改措施", "Ctrl+N"),
            ("修改…", self.edit, "修改所选整改措施（也可双击或按回车）", None),
            ("填写进展…", self.add_progress, "记录所选措施的整改进展", "Ctrl+J"),
            ("销号…", self.close_measure, "所选措施整改完成：填写销号说明，可附佐证材料", "Ctrl+K"),
            ("撤销销号", self.reopen, "所选措施重新列为整改中", None),
            ("添加佐证…", self.add_evidence, "为所选措施添加佐证材料", None),
            ("打开佐证", self.open_evidence, "打开所选措施的佐证材料", "Ctrl+O"),
            ("删除", self.delete, "删除录错的整改措施", "Del")], [self.summary])
        self.layout_.addWidget(self.table, 1)

    def reader(self, scope: Scope):
        def read(session) -> MeasuresData:
            return MeasuresData(problems.measure_rows(session, scope.year, scope.org_id, scope.today),
                                problems.problem_rows(session, scope.year, scope.org_id, scope.today))

        return read

    def show_data(self, data: MeasuresData) -> None:
        self.problems = data.problems
        self.show_rows(self.table, data.measures)
        open_ = sum(1 for m in data.measures if m.closed_on is None)
        overdue = sum(m.overdue for m in data.measures)
        self.summary.setText(f"共 {len(data.measures)} 项，未销号 {open_} 项"
                             + (f"，逾期 {overdue} 项" if overdue else ""))

    def _current(self) -> MeasureRow | None:
        return self.current_of(self.table, "整改措施")

    def add(self) -> None:
        chosen = self.host.tab_of(ProblemsTab).selected()
        current = self.table.current()
        problem_id = chosen.id if chosen else current.problem_id if current else None
        scope = self.host.scope
        dialog = MeasureDialog(self, self.problems or self.host.tab_of(ProblemsTab).model.rows, scope.default_date,
                               problem_id)

        def write(value: MeasureInput):
            return lambda session: problems.add_measure(session, value.problem_id, value.fields).id

        self.open_form(dialog, write, "已新增整改措施", self.select_later)

    def edit(self) -> None:
        self.edit_current(self.table, "整改措施", lambda row: MeasureDialog(self, [], row.deadline, measure=row),
                          lambda session, row, value: problems.update_measure(session, row.id, value.fields).id,
                          "已修改整改措施")

    def add_progress(self) -> None:
        row = self._current()
        if row is None:
            return
        dialog = ProgressDialog(self, row, self.host.scope.today)

        def write(value: NoteInput):
            return lambda session: problems.add_progress(session, value.rectification_id, value.on, value.note).id

        self.open_form(dialog, write, "已记录整改进展")

    def close_measure(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.closed_on is not None:
            QMessageBox.information(self, "销号", "该整改措施已销号。")
            return
        dialog = CloseMeasureDialog(self, row, self.host.scope.today)

        def write(value: NoteInput):
            return lambda session: problems.close_measure(session, value.rectification_id, value.on, value.note,
                                                          value.evidence).id

        self.open_form(dialog, write, "已销号")

    def reopen(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.closed_on is None:
            QMessageBox.information(self, "撤销销号", "该整改措施尚未销号。")
            return
        if self.confirm("撤销销号", f"将“{row.measure[:40]}”重新列为整改中？佐证材料仍保留。"):
            self.host.write(lambda session: problems.reopen_measure(session, row.id), "已撤销销号")

    def add_evidence(self) -> None:
        row = self._current()
        if row is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "添加佐证材料", str(Path.home()))
        if name:
            self.host.write(lambda session: problems.add_evidence(session, row.id, Path(name)).id, "已添加佐证材料")

    def open_evidence(self) -> None:
        row = self._current()
        if row is not None:
            self.open_attached(self.table, row.evidence, "打开佐证", "该整改措施还没有佐证材料，可点“添加佐证…”。")

    def delete(self) -> None:
        row = self._current()
        if row is None or not self.confirm("删除整改措施", f"删除整改措施“{row.measure[:40]}”？\n"
                                           "其整改进展和佐证记录一并删除，不能从回收站恢复。"):
            return
        self.host.write(lambda session: problems.delete_measure(session, row.id), "已删除整改措施")

