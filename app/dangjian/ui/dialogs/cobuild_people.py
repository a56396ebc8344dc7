"""双报到 and 志愿服务 dialogs: 登记报到 (a member found by name, the 社区), 结束报到, a 志愿服务队, its members,
and 登记服务 (hours as decimal text, e.g. 2.5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core.cobuild.volunteering import RegistrationRow, ServiceFields, TeamFields, TeamRow
from ...core.common.errors import ValidationError
from ...core.training.hours import parse_hours
from ..widgets.controls import date_edit, date_of, text_box
from ..widgets.member_search import MemberSearch
from .assessment_common import chosen_org
from .budget_form import InputDialog
from .course_dialog import org_combo

Orgs = list[tuple[int, str, int]]


def _picker_box(picker: MemberSearch) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(picker.search)
    layout.addWidget(picker.found)
    picker.found.setFixedHeight(120)
    return box


def _chosen_member(picker: MemberSearch) -> int:
    member_id = picker.current_id()
    if member_id is None:
        raise ValidationError("党员", "请输入姓名回车查找，并在列表中选择党员")
    return member_id


class _PickingDialog(InputDialog):
    """Enter in the name box looks the name up; it must not also press 确定."""

    picker: MemberSearch

    def save(self) -> None:
        if self.picker.search.hasFocus():
            self.picker.run_search()
            return
        super().save()


@dataclass(frozen=True)
class RegisterInput:
    member_id: int
    community_org_id: int
    registered_on: date
    work_unit: str
    note: str


class RegisterDialog(_PickingDialog):
    def __init__(self, parent: QWidget | None, orgs: Orgs, today: date, community_id: int | None = None):
        super().__init__(parent, "登记双报到")
        self.resize(520, 0)
        self.picker = MemberSearch(self, checkable=False, on_empty=self.show_error)
        self.community = org_combo(orgs, "（请选择报到社区）")
        self.community.setCurrentIndex(max(self.community.findData(community_id), 0))
        self.registered_on = date_edit(today, latest=today)
        self.work_unit = QLineEdit()
        self.work_unit.setPlaceholderText("在职党员的工作单位（驻区单位）")
        self.note = QLineEdit()
        self.form.addRow("党员", _picker_box(self.picker))
        self.form.addRow("报到社区", self.community)
        self.form.addRow("报到日期", self.registered_on)
        self.form.addRow("工作单位", self.work_unit)
        self.form.addRow("备注", self.note)

    def values(self) -> RegisterInput:
        member_id = _chosen_member(self.picker)
        community = self.community.currentData()
        if community is None:
            raise ValidationError("报到社区", "请选择社区党组织")
        return RegisterInput(member_id, community, date_of(self.registered_on), self.work_unit.text(),
                             self.note.text())


class EndRegistrationDialog(InputDialog):
    def __init__(self, parent: QWidget | None, row: RegistrationRow, today: date):
        super().__init__(parent, "结束双报到")
        self.registration_id = row.id
        self.ended_on = date_edit(today, latest=today)
        self.form.addRow("党员", QLabel(f"{row.member}（{row.community}，{row.registered_on:%Y-%m-%d}报到）"))
        self.form.addRow("结束日期", self.ended_on)

    def values(self) -> tuple[int, date]:
        return self.registration_id, date_of(self.ended_on)


class TeamDialog(InputDialog):
    def __init__(self, parent: QWidget | None, orgs: Orgs, today: date, team: TeamRow | None = None,
                 org_id: int | None = None):
        super().__init__(parent, "修改志愿服务队" if team else "新增志愿服务队")
        self.resize(460, 0)
        self.org = org_combo(orgs, "（请选择党组织）")
        self.org.setCurrentIndex(max(self.org.findData(team.org_id if team else org_id), 0))
        self.name = QLineEdit(team.name if team else "")
        self.name.setPlaceholderText("如 东湖红色志愿服务队")
        self.leader = QLineEdit(team.leader if team else "")
        self.founded_on = date_edit(team.founded_on if team and team.founded_on else today)
        self.note = QLineEdit()
        self.form.addRow("所属党组织", self.org)
        self.form.addRow("服务队名称", self.name)
        self.form.addRow("队长", self.leader)
        self.form.addRow("成立日期", self.founded_on)
        self.form.addRow("备注", self.note)

    def values(self) -> TeamFields:
        return TeamFields(chosen_org(self.org), self.name.text(), self.leader.text(), date_of(self.founded_on),
                          self.note.text())


class TeamMembersDialog(_PickingDialog):
    """成员: the team's members ticked; look names up to tick more, untick to take one off."""

    def __init__(self, parent: QWidget | None, team: TeamRow, members: list[tuple[int, str]], today: date):
        super().__init__(parent, f"服务队成员 — {team.name}")
        self.resize(480, 460)
        self.team_id = team.id
        self.picker = MemberSearch(self, checkable=True, on_empty=self.show_error)
        self.picker.add(members, checked=True)
        self.joined_on = date_edit(today, latest=today)
        self.form.addRow("查找党员", self.picker.search)
        self.form.addRow("成员（勾选）", self.picker.found)
        self.form.addRow("新成员加入日期", self.joined_on)

    def values(self) -> tuple[int, list[int], date]:
        return self.team_id, self.picker.checked_ids(), date_of(self.joined_on)


class ServiceDialog(_PickingDialog):
    def __init__(self, parent: QWidget | None, today: date, projects: list[tuple[int, str]],
                 teams: list[tuple[int, str]]):
        super().__init__(parent, "登记志愿服务")
        self.resize(520, 0)
        self.picker = MemberSearch(self, checkable=False, on_empty=self.show_error)
        self.served_on = date_edit(today, latest=today)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("小时，如 2 或 2.5")
        self.content = text_box(2)
        self.project, self.team = QComboBox(), QComboBox()
        for combo, items in ((self.project, projects), (self.team, teams)):
            combo.addItem("（无）", None)
            for item_id, name in items:
                combo.addItem(name, item_id)
        self.form.addRow("党员", _picker_box(self.picker))
        self.form.addRow("服务日期", self.served_on)
        self.form.addRow("服务时长", self.hours)
        self.form.addRow("服务内容", self.content)
        self.form.addRow("服务项目", self.project)
        self.form.addRow("志愿服务队", self.team)

    def values(self) -> ServiceFields:
        member_id = _chosen_member(self.picker)
        tenths = parse_hours(self.hours.text(), "服务时长")
        return ServiceFields(member_id, date_of(self.served_on), tenths, self.content.toPlainText(),
                             project_id=self.project.currentData(), team_id=self.team.currentData())
