"""班子成员: a seat held by a roster member, or (兼职委员) by a person from a 驻区单位."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from ...core.common.errors import ValidationError
from ...core.common.labels import SEAT_ROLES
from ...core.orgs.committees import EXTERNAL_ROLES, SeatFields, SeatRow, add_seat, update_seat
from .org_form import OptionalDateEdit, ServiceDialog, select_data


class SeatDialog(ServiceDialog):
    """`candidates` are (member id, label) from `seat_candidates`; `seat` is given when editing."""

    def __init__(self, parent: QWidget | None, org_id: int, org_name: str, candidates: list[tuple[int, str]],
                 seat: SeatRow | None = None):
        super().__init__(parent, f"{'编辑' if seat else '添加'}班子成员 — {org_name}")
        self.org_id, self.seat = org_id, seat
        self.role = QComboBox()
        for code, text in SEAT_ROLES.items():
            self.role.addItem(text, code)
        self.member = QComboBox()
        self.member.setEditable(True)
        self.member.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.member.addItem("", None)
        for member_id, text in candidates:
            self.member.addItem(text, member_id)
        self.member.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.member.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person_name = QLineEdit()
        self.person_unit = QLineEdit()
        self.person_unit.setPlaceholderText("驻区单位，如：国网长沙县供电公司湘龙供电所")
        self.started_on = OptionalDateEdit(date.today())
        self.ended_on = OptionalDateEdit(None)
        self.note = QLineEdit()
        for text, widget in [("职务", self.role), ("党员（花名册）", self.member),
                             ("姓名（兼职委员）", self.person_name), ("所在单位（兼职委员）", self.person_unit),
                             ("任职日期", self.started_on),
                             ("离任日期", self.ended_on), ("备注", self.note)]:
            self.form.addRow(text, widget)
        if seat is not None:
            select_data(self.role, seat.role)
            if seat.member_id is not None:
                select_data(self.member, seat.member_id)
            else:  # a 兼职委员 from outside the roster: `unit` is the 驻区单位
                self.person_name.setText(seat.person)
                self.person_unit.setText(seat.unit)
            self.started_on.set_value(seat.started_on)
            self.ended_on.set_value(seat.ended_on)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.resize(480, self.sizeHint().height())

    def _role_changed(self) -> None:
        external = self.role.currentData() in EXTERNAL_ROLES
        self.person_name.setEnabled(external)
        self.person_unit.setEnabled(external)

    def _member_id(self) -> int | None:
        text = self.member.currentText().strip()
        if not text:
            return None
        index = self.member.findText(text)
        if index < 0:
            raise ValidationError("党员（花名册）", f"花名册中没有“{text}”，请从列表中选择")
        return self.member.itemData(index)

    def fields(self) -> SeatFields:
        member_id = self._member_id()
        external = self.role.currentData() in EXTERNAL_ROLES and member_id is None
        return SeatFields(self.role.currentData(), self.started_on.value(), member_id=member_id,
                          person_name=self.person_name.text() if external else "",
                          person_unit=self.person_unit.text() if external else "",
                          ended_on=self.ended_on.value(), note=self.note.text())

    def build(self):
        fields, org_id = self.fields(), self.org_id
        if self.seat is None:
            return lambda session: add_seat(session, org_id, fields).id
        seat_id = self.seat.id
        return lambda session: update_seat(session, seat_id, fields).id
