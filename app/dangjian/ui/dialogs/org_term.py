"""届次 and 换届选举 records."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QSpinBox, QWidget

from ...core.common.errors import ValidationError
from ...core.orgs.committees import CandidateFields, ElectionFields, add_term, record_election, update_term
from ...core.orgs.overview import TermLine
from .org_form import OptionalDateEdit, ServiceDialog
from .org_units import EditableTable, parse_count


class TermDialog(ServiceDialog):
    """A new term (届满日期 left empty = start + the org's term length setting) or an edited one."""

    def __init__(self, parent: QWidget | None, org_id: int, org_name: str, term: TermLine | None = None):
        super().__init__(parent, f"{'编辑' if term else '登记'}届次 — {org_name}")
        self.org_id, self.term = org_id, term
        self.started_on = OptionalDateEdit(term.started_on if term else date.today())
        self.planned_end_on = OptionalDateEdit(term.planned_end_on if term else None)
        self.elected_on = OptionalDateEdit(term.elected_on if term else None)
        self.note = QLineEdit(term.note if term else "")
        self.form.addRow("届次", QLabel(f"第{term.number}届" if term else "自动编号（上一届 + 1）"))
        self.form.addRow("任期开始日期", self.started_on)
        self.form.addRow("届满日期", self.planned_end_on)
        if term is None:
            self.form.addRow("", QLabel("届满日期不填时，按“设置 → 换届”中的任期年限计算。"))
        self.form.addRow("选举日期", self.elected_on)
        self.form.addRow("备注", self.note)

    def build(self):
        started, end, elected, note = (self.started_on.value(), self.planned_end_on.value(),
                                       self.elected_on.value(), self.note.text())
        if started is None:
            raise ValidationError("任期开始日期", "不能为空")
        if self.term is None:
            org_id = self.org_id
            return lambda session: add_term(session, org_id, started, planned_end_on=end, elected_on=elected,
                                            note=note).id
        if end is None:
            raise ValidationError("届满日期", "不能为空")
        term_id = self.term.id
        return lambda session: update_term(session, term_id, started, end, elected, note).id


class ElectionDialog(ServiceDialog):
    """应到/实到/应选名额 and every candidate's votes; saving opens the next term on the election date."""

    def __init__(self, parent: QWidget | None, org_id: int, org_name: str, eligible: int = 0):
        super().__init__(parent, f"登记换届选举 — {org_name}")
        self.org_id = org_id
        self.held_on = OptionalDateEdit(date.today())
        self.eligible = QSpinBox()
        self.present = QSpinBox()
        self.seats = QSpinBox()
        for spin, maximum in ((self.eligible, 100_000), (self.present, 100_000), (self.seats, 50)):
            spin.setRange(0, maximum)
            spin.setSuffix(" 名" if spin is self.seats else " 人")
        self.eligible.setValue(eligible)
        self.seats.setValue(3)
        self.open_term = QCheckBox("以选举日期开始新一届任期")
        self.open_term.setChecked(True)
        self.candidates = EditableTable(("候选人", "得票数", "当选"), [], checkable=(2,))
        for spin_label, widget in [("选举日期", self.held_on), ("应到人数（有表决权的正式党员）", self.eligible),
                                   ("实到人数", self.present), ("应选名额", self.seats), ("", self.open_term)]:
            self.form.addRow(spin_label, widget)
        self.body.insertWidget(1, self.candidates, 1)
        self.body.insertLayout(2, self.candidates.buttons("添加候选人", "删除所选候选人"))
        self.resize(560, 520)

    def fields(self) -> ElectionFields:
        candidates = []
        for number, (name, votes, elected) in enumerate(self.candidates.texts(), start=1):
            candidates.append(CandidateFields(name, parse_count(votes, "得票数", number) or 0, elected == "是"))
        return ElectionFields(self.held_on.value(), self.eligible.value(), self.present.value(),
                              self.seats.value(), candidates)

    def build(self):
        fields, org_id, open_term = self.fields(), self.org_id, self.open_term.isChecked()
        return lambda session: record_election(session, org_id, fields, open_new_term=open_term).id
