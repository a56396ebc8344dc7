"""服务项目 tab of the 共建 page: the year's 服务项目书 with their status, budget and spending, and under the
list the selected project's 节点 and files."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget

from ...core.budgets.standards import categories
from ...core.cobuild import projects
from ...core.cobuild.projects import ProjectExpense, ProjectFields, ProjectRow
from ...core.cobuild.venues import brand_rows
from ...core.common.labels import PROJECT_STATUSES
from ..dialogs.cobuild_project import (
    ExpenseDialog,
    MilestoneDialog,
    MilestoneInput,
    ProjectChoices,
    ProjectDialog,
    StepDialog,
    StepInput,
)
from ..models.cobuild_lists import MilestoneItem, MilestoneModel, ProjectModel
from ..operations import read_op
from ..widgets.row_table import RowTable
from .assessment_tab import AssessmentTab, Scope, TabHost


class ProjectsData(NamedTuple):
    rows: list[ProjectRow]
    categories: list[tuple[int, str]]
    brands: list[tuple[int, str]]


class ProjectExtras(NamedTuple):
    project_id: int
    fields: ProjectFields
    milestones: list[MilestoneItem]
    files: tuple[tuple[int, str], ...]


def read_extras(session, project_id: int) -> ProjectExtras:
    detail = projects.project_detail(session, project_id)
    return ProjectExtras(project_id, projects.fields_of(detail),
                         [MilestoneItem(m.id, m.title, m.due_on, m.done_on) for m in detail.milestones],
                         tuple(detail.files))


class ProjectsTab(AssessmentTab):
    title = "服务项目"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.choices = ProjectsData([], [], [])
        self.extras: ProjectExtras | None = None
        self.model = ProjectModel(self)
        self.table = RowTable(self.model, (220, 84, 150, 200, 60, 100, 100, 90), stretch=3)
        self.table.opened.connect(self.edit)
        self.table.deleted.connect(self.delete)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.load_extras())
        self.summary = QLabel()
        self.add_buttons([("新增…", self.add, "新增本年度的服务项目", "Ctrl+N"),
                          ("修改…", self.edit, "修改所选项目（也可双击或按回车）", None),
                          ("删除", self.delete, "将所选项目移入回收站", "Del"),
                          ("开始实施/验收…", self.advance, "所选项目进入下一步：立项→实施→验收", "Ctrl+K"),
                          ("退回", self.reopen, "撤销所选项目的上一步（如日期录错）", None),
                          ("登记支出…", self.book, "登记所选项目的一笔支出（记入经费支出台账）", "Ctrl+E"),
                          ("添加附件…", self.attach, "为所选项目添加项目书扫描件、验收材料或照片", "Ctrl+U"),
                          ("打开附件", self.open_file, "打开所选项目的附件", "Ctrl+O"),
                          ("打印项目书…", lambda: self.host.print_report("project"), "打印所选项目的服务项目书",
                           None)], [self.summary])
        self.milestones = MilestoneModel(self)
        self.milestone_table = RowTable(self.milestones, (260, 100, 100), stretch=0)
        self.milestone_table.opened.connect(self.toggle_milestone)
        self.files = QLabel()
        self.files.setWordWrap(True)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.lower_title = QLabel("项目节点")
        lower_layout.addWidget(self.lower_title)
        self.add_buttons([("新增节点…", self.add_milestone, "为所选项目新增一个进度节点", "Ctrl+M"),
                          ("标记完成/未完成", self.toggle_milestone, "所选节点标记为今天完成，或撤销完成", None),
                          ("删除节点", self.delete_milestone, "删除所选节点", None)], into=lower_layout)
        lower_layout.addWidget(self.milestone_table, 1)
        lower_layout.addWidget(self.files)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([420, 220])
        self.layout_.addWidget(split, 1)

    def reader(self, scope: Scope):
        def read(session) -> ProjectsData:
            return ProjectsData(projects.project_rows(session, scope.year, scope.org_id, scope.today),
                                [(c.id, c.name) for c in categories(session)],
                                [(b.id, b.name) for b in brand_rows(session)])

        return read

    def show_data(self, data: ProjectsData) -> None:
        self.choices = data
        self.show_rows(self.table, data.rows)
        budget, spent = sum(r.budget_fen for r in data.rows), sum(r.spent_fen for r in data.rows)
        counts = "，".join(f"{text}{sum(r.status == code for r in data.rows)}个"
                          for code, text in PROJECT_STATUSES.items())
        self.summary.setText(f"共 {len(data.rows)} 个（{counts}）" if data.rows else "本年度还没有服务项目")
        self.summary.setToolTip(f"预算 {budget / 100:,.2f} 元，已支出 {spent / 100:,.2f} 元")
        self.load_extras()

    # --- the selected project's nodes and files -----------------------------------------------------

    def selected(self) -> ProjectRow | None:
        return self.table.current()

    def load_extras(self) -> None:
        row = self.selected()
        if row is None:
            self.extras = None
            self.milestones.set_rows([])
            self.lower_title.setText("项目节点（请在上方选择项目）")
            self.files.clear()
            return
        project_id = row.id
        read_op(self, lambda session: read_extras(session, project_id)).success(self._extras_loaded) \
            .run_in_background()

    def _extras_loaded(self, extras: ProjectExtras) -> None:
        row = self.selected()
        if row is None or row.id != extras.project_id:
            return  # another project was chosen meanwhile
        self.extras = extras
        self.lower_title.setText(f"项目节点 — {row.title}")
        self.milestone_table.set_rows(extras.milestones)
        names = "、".join(name for _id, name in extras.files)
        self.files.setText(f"附件：{names}" if names else "附件：无")

    # --- projects -----------------------------------------------------------------------------------

    def _choices(self) -> ProjectChoices:
        return ProjectChoices(self.host.org_choices, self.choices.categories, self.choices.brands)

    def add(self) -> None:
        scope = self.host.scope
        dialog = ProjectDialog(self, self._choices(), scope.year, scope.default_date, org_id=scope.org_id)
        self.open_form(dialog, lambda fields: lambda session: projects.add_project(session, fields).id,
                       "已新增服务项目", self.select_later)

    def edit(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is None:
            return
        project_id = row.id
        read_op(self, lambda session: read_extras(session, project_id)).success(self._edit_loaded) \
            .run_in_background()

    def _edit_loaded(self, extras: ProjectExtras) -> None:
        scope, project_id = self.host.scope, extras.project_id
        dialog = ProjectDialog(self, self._choices(), scope.year, scope.default_date, extras.fields)
        self.open_form(dialog, lambda fields: lambda session: projects.update_project(session, project_id,
                                                                                       fields).id,
                       "已修改服务项目")

    def delete(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is None or not self.confirm("删除服务项目", f"将服务项目“{row.title[:40]}”（{row.lead_org}）"
                                           "移入回收站？\n可从回收站恢复。"):
            return
        self.host.write(lambda session: projects.delete_project(session, row.id), "已将该项目移入回收站")

    def advance(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is None:
            return
        if row.status == "accepted":
            QMessageBox.information(self, "开始实施/验收", "该项目已验收。")
            return
        dialog = StepDialog(self, row, self.host.scope.today)

        def write(value: StepInput):
            return lambda session: projects.advance(session, value.project_id, value.on, value.outcome).id

        self.open_form(dialog, write, "已验收" if row.status == "running" else "项目已开始实施")

    def reopen(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is None:
            return
        if row.status == "approved":
            QMessageBox.information(self, "退回", "该项目尚未开始实施。")
            return
        back = "实施" if row.status == "accepted" else "立项"
        if self.confirm("退回", f"将“{row.title[:40]}”退回为{back}？"):
            self.host.write(lambda session: projects.reopen(session, row.id), f"已退回为{back}")

    def book(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is None:
            return
        dialog = ExpenseDialog(self, row, self.host.scope.today)

        def write(value: ProjectExpense):
            return lambda session: projects.book_expense(session, row.id, value).id

        self.open_form(dialog, write, "已登记项目支出")

    def attach(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, f"{row.title} 附件", str(Path.home()))
        if name:
            self.host.write(lambda session: projects.attach(session, row.id, Path(name)).id, "已添加附件")

    def open_file(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is not None:
            project_id = row.id
            read_op(self, lambda session: read_extras(session, project_id)).success(
                lambda extras: self.open_attached(self.table, extras.files, "打开附件",
                                                  "该项目还没有附件，可点“添加附件…”。")).run_in_background()

    # --- nodes --------------------------------------------------------------------------------------

    def add_milestone(self) -> None:
        row = self.current_of(self.table, "服务项目")
        if row is None:
            return
        dialog = MilestoneDialog(self, row, self.host.scope.default_date)

        def write(value: MilestoneInput):
            return lambda session: projects.add_milestone(session, value.project_id, value.title, value.due_on).id

        self.open_form(dialog, write, "已新增项目节点")

    def toggle_milestone(self) -> None:
        node: MilestoneItem | None = self.current_of(self.milestone_table, "项目节点")
        if node is None:
            return
        done_on = None if node.done_on else self.host.scope.today
        self.host.write(lambda session: projects.set_milestone_done(session, node.id, done_on).id,
                        "已撤销节点完成" if node.done_on else "节点已完成")

    def delete_milestone(self) -> None:
        node: MilestoneItem | None = self.current_of(self.milestone_table, "项目节点")
        if node is not None and self.confirm("删除节点", f"删除项目节点“{node.title}”？"):
            self.host.write(lambda session: projects.delete_milestone(session, node.id), "已删除项目节点")
