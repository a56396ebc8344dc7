"""报名: put members on a course by its target group, by org, by role, or by picking names."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QGridLayout, QRadioButton, QWidget

from ...core.common.labels import SEAT_ROLES
from ...core.training import courses as training
from ...core.training import targets as training_targets
from ..widgets.member_search import MemberSearch
from .budget_form import FormDialog
from .course_dialog import org_combo

_DOMAINS = {"": "全部党组织", "community": "社区党组织", "two_new": "两新组织"}


class CourseEnrolDialog(FormDialog):
    def __init__(self, parent: QWidget, course_id: int, course_title: str, orgs: list[tuple[int, str, int]]):
        super().__init__(parent, getattr(parent, "ctx", None), f"报名 — {course_title}")
        self.course_id = course_id
        self.resize(520, 460)

        self.by_target = QRadioButton("按本班培训对象")
        self.by_org = QRadioButton("按党组织")
        self.by_role = QRadioButton("按职务")
        self.by_hand = QRadioButton("逐个选择")
        self.group = QButtonGroup(self)
        for button in (self.by_target, self.by_org, self.by_role, self.by_hand):
            self.group.addButton(button)
        self.by_target.setChecked(True)
        self.org = org_combo(orgs, "（请选择党组织）")
        self.sub_orgs = QCheckBox("含下级党组织")
        self.sub_orgs.setChecked(True)
        self.role = QComboBox()
        self.role.addItem("任一班子职务", None)
        for code, name in SEAT_ROLES.items():
            self.role.addItem(name, code)
        self.role.setCurrentIndex(self.role.findData("secretary"))
        self.domain = QComboBox()
        for code, name in _DOMAINS.items():
            self.domain.addItem(name, code)
        self.picker = MemberSearch(self, checkable=True, on_empty=self.show_error)
        self.search, self.found = self.picker.search, self.picker.found
        self.search.returnPressed.connect(lambda: self.by_hand.setChecked(True))

        grid = QGridLayout()
        grid.addWidget(self.by_target, 0, 0, 1, 3)
        grid.addWidget(self.by_org, 1, 0)
        grid.addWidget(self.org, 1, 1)
        grid.addWidget(self.sub_orgs, 1, 2)
        grid.addWidget(self.by_role, 2, 0)
        grid.addWidget(self.role, 2, 1)
        grid.addWidget(self.domain, 2, 2)
        grid.addWidget(self.by_hand, 3, 0)
        grid.addWidget(self.search, 3, 1, 1, 2)
        self.layout_.insertLayout(0, grid)
        self.layout_.insertWidget(1, self.found, 1)

    def _search(self) -> None:
        self.by_hand.setChecked(True)
        self.picker.run_search()

    def save(self) -> None:
        if self.search.hasFocus():  # Enter in the name box searches; it must not also save
            return
        course_id = self.course_id
        if self.by_org.isChecked():
            org_id, sub = self.org.currentData(), self.sub_orgs.isChecked()
            if org_id is None:
                self.show_error("请选择党组织")
                return

            def enrol(session):
                return training.enrol_by_org(session, course_id, org_id, include_sub_orgs=sub)
        elif self.by_role.isChecked():
            role, domain = self.role.currentData(), self.domain.currentData()
            domains = training_targets.TWO_NEW_DOMAINS if domain == "two_new" else ((domain,) if domain else ())

            def enrol(session):
                return training.enrol_by_role(session, course_id, role, domains)
        elif self.by_hand.isChecked():
            ids = self.picker.checked_ids()
            if not ids:
                self.show_error("请先查找并勾选要报名的党员")
                return

            def enrol(session):
                return training.enrol_members(session, course_id, ids)
        else:
            def enrol(session):
                return training.enrol_target_group(session, course_id)
        self.run_write(enrol, {"training"})

    @property
    def added(self) -> int:
        return self.result_value or 0
