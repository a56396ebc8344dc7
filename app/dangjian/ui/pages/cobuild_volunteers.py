"""双报到 and 志愿服务 tabs of the 共建 page: the 在职党员 registered at the 社区 in the year, and the 志愿服务队, the
year's service records and the hours per 驻区单位."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ...core.cobuild import volunteering
from ...core.cobuild.projects import project_rows
from ...core.cobuild.volunteering import HoursTotal, RegistrationRow, ServiceRow, TeamFields, TeamRow
from ...core.members.roster import live_member
from ...core.spreadsheets.importing import ImportOptions
from ...core.training.hours import format_hours
from ..dialogs.cobuild_people import (
    EndRegistrationDialog,
    RegisterDialog,
    RegisterInput,
    ServiceDialog,
    TeamDialog,
    TeamMembersDialog,
)
from ..dialogs.import_preview import ImportPreviewDialog
from ..models.cobuild_lists import HoursModel, RegistrationModel, ServiceModel, TeamModel
from ..operations import read_op
from ..widgets.row_table import RowTable
from .assessment_tab import AssessmentTab, Scope, TabHost


class RegistrationsTab(AssessmentTab):
    title = "双报到"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.model = RegistrationModel(self)
        self.table = RowTable(self.model, (90, 170, 150, 200, 90, 90, 90), stretch=3)
        self.table.opened.connect(self.end)
        self.summary = QLabel()
        self.add_buttons([("登记报到…", self.register, "登记在职党员到居住地社区报到", "Ctrl+N"),
                          ("结束报到…", self.end, "所选党员结束在该社区的报到（如搬离）", None),
                          ("导入名单…", self.import_list, "从 Excel 表格导入双报到名单", "Ctrl+I")], [self.summary])
        self.layout_.addWidget(self.table, 1)

    def reader(self, scope: Scope):
        return lambda session: volunteering.registration_rows(session, scope.year, scope.org_id)

    def show_data(self, rows: list[RegistrationRow]) -> None:
        self.show_rows(self.table, rows)
        open_ = sum(1 for r in rows if r.ended_on is None)
        hours = sum(r.hours_tenths for r in rows)
        self.summary.setText(f"共 {len(rows)} 人，仍在报到 {open_} 人，本年服务 {format_hours(hours) or 0} 小时")

    def register(self) -> None:
        scope = self.host.scope
        dialog = RegisterDialog(self, self.host.org_choices, scope.today, scope.org_id)

        def write(value: RegisterInput):
            return lambda session: volunteering.register(session, value.member_id, value.community_org_id,
                                                         value.registered_on, value.work_unit, value.note).id

        self.open_form(dialog, write, "已登记双报到", self.select_later)

    def end(self) -> None:
        row: RegistrationRow | None = self.current_of(self.table, "报到记录")
        if row is None:
            return
        if row.ended_on is not None:
            self.host.status(f"{row.member}已于{row.ended_on:%Y-%m-%d}结束报到")
            return
        dialog = EndRegistrationDialog(self, row, self.host.scope.today)

        def write(value: tuple[int, date]):
            return lambda session: volunteering.end_registration(session, *value).id

        self.open_form(dialog, write, "已结束报到")

    def import_list(self) -> None:
        scope = self.host.scope
        dialog = ImportPreviewDialog(self, self.host.ctx, "dual-registrations",
                                     options=ImportOptions(org=scope.org_name, year=scope.year))
        self.dialog = dialog
        dialog.open()


class VolunteeringData(NamedTuple):
    teams: list[TeamRow]
    services: list[ServiceRow]
    hours: list[HoursTotal]
    projects: list[tuple[int, str]]


def _member_names(session, team_id: int) -> list[tuple[int, str]]:
    return [(mid, live_member(session, mid).name) for mid in volunteering.team_member_ids(session, team_id)]


class VolunteeringTab(AssessmentTab):
    title = "志愿服务"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.projects: list[tuple[int, str]] = []
        self.team_model = TeamModel(self)
        self.teams = RowTable(self.team_model, (200, 170, 80, 90, 50, 90), stretch=0)
        self.teams.opened.connect(self.edit_team)
        self.teams.deleted.connect(self.delete_team)
        self.service_model = ServiceModel(self)
        self.services = RowTable(self.service_model, (90, 90, 60, 300, 180), stretch=3)
        self.services.deleted.connect(self.delete_service)
        self.hours_model = HoursModel(self)
        self.hours = RowTable(self.hours_model, (180, 50, 50, 60), stretch=0, key=lambda row: row.name)
        self.total = QLabel()

        upper, lower, side = QWidget(), QWidget(), QWidget()
        for part, heading in ((upper, "志愿服务队"), (lower, "本年度服务记录"), (side, "按工作单位汇总（本年度）")):
            layout = QVBoxLayout(part)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(heading))
        self.add_buttons([("新增服务队…", self.add_team, "新增志愿服务队", "Ctrl+N"),
                          ("修改…", self.edit_team, "修改所选服务队（也可双击或按回车）", None),
                          ("删除", self.delete_team, "将所选服务队移入回收站", None),
                          ("成员…", self.members, "查看和调整所选服务队的成员", "Ctrl+M")], into=upper.layout())
        upper.layout().addWidget(self.teams, 1)
        self.add_buttons([("登记服务…", self.add_service, "登记一名党员的一次志愿服务", "Ctrl+J"),
                          ("删除记录", self.delete_service, "删除录错的服务记录", None)], [self.total],
                         into=lower.layout())
        lower.layout().addWidget(self.services, 1)
        side.layout().addWidget(self.hours, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(upper)
        left.addWidget(lower)
        left.setSizes([240, 400])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(side)
        split.setSizes([900, 360])
        self.layout_.addWidget(split, 1)

    def reader(self, scope: Scope):
        def read(session) -> VolunteeringData:
            return VolunteeringData(volunteering.team_rows(session, scope.year, scope.org_id),
                                    volunteering.service_rows(session, scope.year),
                                    volunteering.hours_by(session, scope.year, "unit"),
                                    [(r.id, r.title) for r in project_rows(session, scope.year, scope.org_id)])

        return read

    def show_data(self, data: VolunteeringData) -> None:
        self.projects = data.projects
        self.show_rows(self.teams, data.teams)
        self.services.set_rows(data.services)
        self.hours.set_rows(data.hours)
        total = sum(r.hours_tenths for r in data.services)
        self.total.setText(f"共 {len(data.services)} 次，{format_hours(total) or 0} 小时")

    # --- teams --------------------------------------------------------------------------------------

    def add_team(self) -> None:
        scope = self.host.scope
        dialog = TeamDialog(self, self.host.org_choices, scope.today, org_id=scope.org_id)
        self.open_form(dialog, lambda fields: lambda session: volunteering.save_team(session, fields).id,
                       "已新增志愿服务队", self.select_later)

    def edit_team(self) -> None:
        def update(session, row: TeamRow, fields: TeamFields):
            return volunteering.save_team(session, fields, row.id).id

        self.edit_current(self.teams, "志愿服务队",
                          lambda row: TeamDialog(self, self.host.org_choices, self.host.scope.today, row), update,
                          "已修改志愿服务队")

    def delete_team(self) -> None:
        row: TeamRow | None = self.current_of(self.teams, "志愿服务队")
        if row is None or not self.confirm("删除志愿服务队", f"将“{row.name}”移入回收站？\n"
                                           "队员的服务记录和时长保留，可从回收站恢复。"):
            return
        self.host.write(lambda session: volunteering.delete_team(session, row.id), "已将该服务队移入回收站")

    def members(self) -> None:
        row: TeamRow | None = self.current_of(self.teams, "志愿服务队")
        if row is None:
            return
        read_op(self, lambda session: _member_names(session, row.id)).success(
            lambda names: self._edit_members(row, names)).run_in_background()

    def _edit_members(self, row: TeamRow, names: list[tuple[int, str]]) -> None:
        dialog = TeamMembersDialog(self, row, names, self.host.scope.today)

        def write(value: tuple[int, list[int], date]):
            return lambda session: volunteering.set_team_members(session, *value)

        self.open_form(dialog, write, "已保存服务队成员")

    # --- service records ----------------------------------------------------------------------------

    def add_service(self) -> None:
        teams = [(t.id, t.name) for t in self.team_model.rows]
        dialog = ServiceDialog(self, self.host.scope.default_date, self.projects, teams)
        current = self.teams.current()
        if current is not None:
            dialog.team.setCurrentIndex(max(dialog.team.findData(current.id), 0))
        self.open_form(dialog, lambda fields: lambda session: volunteering.add_service(session, fields).id,
                       "已登记志愿服务")

    def delete_service(self) -> None:
        row: ServiceRow | None = self.current_of(self.services, "服务记录")
        if row is None or not self.confirm("删除服务记录", f"删除{row.member}{row.served_on:%Y-%m-%d}的志愿服务记录"
                                           f"（{format_hours(row.hours_tenths)}小时）？\n删除后不能恢复。"):
            return
        self.host.write(lambda session: volunteering.delete_service(session, row.id), "已删除服务记录")

