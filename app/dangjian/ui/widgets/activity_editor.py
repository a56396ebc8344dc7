"""The 活动 form: everything of one activity record, as `ActivityData` in and out (no database access)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from ...core.activities.records import HOURS_TYPES, ActivityData
from ...core.common.labels import ACTIVITY_STATUSES, ACTIVITY_TYPES
from .controls import code_combo, text_box


def _select(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


_UNSET = QDateTime(QDate(2000, 1, 1), QTime(0, 0))


def _when(unset_text: str = " ") -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    # The minimum stands for "not set" (no activity chosen yet; held as planned) and shows `unset_text`
    # instead of 2000-01-01 00:00.
    edit.setMinimumDateTime(_UNSET)
    edit.setSpecialValueText(unset_text)
    edit.setDateTime(_UNSET)
    return edit


def _set_when(edit: QDateTimeEdit, value: datetime | None) -> None:
    edit.setDateTime(QDateTime(value) if value is not None else _UNSET)


def _when_of(edit: QDateTimeEdit) -> datetime | None:
    return None if edit.dateTime() == _UNSET else edit.dateTime().toPython()


class ActivityEditor(QWidget):
    def __init__(self, orgs: list[tuple[int, str]], parent: QWidget | None = None,
                 venues: Sequence[tuple[int, str]] = ()):
        super().__init__(parent)
        self.kind = code_combo(ACTIVITY_TYPES)
        self.title = QLineEdit()
        self.title.setMaxLength(120)
        self.org = QComboBox()
        self.org.setEditable(True)  # type to find one of hundreds
        self.org.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.others = QListWidget()
        self.others.setFixedHeight(70)
        self.others.setToolTip("联合召开时勾选其他参加的党组织")
        for org_id, name in orgs:
            self.org.addItem(name, org_id)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, org_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.others.addItem(item)
        self.start, self.end = _when(), _when()
        self.status = code_combo(ACTIVITY_STATUSES)
        # When it was really held, if not as planned (blank: as planned).
        self.actual_start, self.actual_end = _when("同计划"), _when("同计划")
        for edit in (self.actual_start, self.actual_end):
            edit.setToolTip("实际召开时间；与计划时间相同时不用填写")
        self.place, self.host, self.recorder = QLineEdit(), QLineEdit(), QLineEdit()
        self.venue = QComboBox()  # 阵地 (venue_choices); the place text defaults to its name
        self.venue.addItem("（不在登记的阵地）", None)
        for venue_id, name in venues:
            self.venue.addItem(name, venue_id)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("如 2、半天")
        self.observers = QLineEdit()
        self.agenda, self.units = text_box(3), text_box(2)
        self.agenda.setPlaceholderText("每行一个议题")
        self.units.setPlaceholderText("每行：驻区单位 兼职委员（联席会议）")
        self.content, self.resolution = text_box(4), text_box(2)
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(self.end)
        times.addWidget(self.status)
        actual = QHBoxLayout()
        actual.addWidget(self.actual_start)
        actual.addWidget(self.actual_end)
        actual.addStretch(1)
        people = QHBoxLayout()
        for label, edit in (("主持人", self.host), ("记录人", self.recorder), ("学时", self.hours)):
            edit.setPlaceholderText(edit.placeholderText() or label)
            people.addWidget(edit)
        form = QFormLayout(self)
        form.addRow("类型", self.kind)
        form.addRow("活动名称", self.title)
        form.addRow("组织单位", self.org)
        form.addRow("联合参加", self.others)
        form.addRow("时间/状态", times)
        form.addRow("实际时间", actual)
        form.addRow("阵地", self.venue)
        form.addRow("地点", self.place)
        form.addRow("主持/记录", people)
        form.addRow("列席人员", self.observers)
        form.addRow("议题", self.agenda)
        form.addRow("驻区单位", self.units)
        form.addRow("会议内容", self.content)
        form.addRow("决议", self.resolution)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._kind_changed()
        self._status_changed()

    def _kind_changed(self) -> None:
        self.hours.setEnabled(self.kind.currentData() in HOURS_TYPES)

    def _status_changed(self) -> None:
        held = self.status.currentData() == "held"
        for edit in (self.actual_start, self.actual_end):
            edit.setEnabled(held)

    def load(self, data: ActivityData) -> None:
        _select(self.kind, data.activity_type)
        self.title.setText(data.title)
        if data.org_ids:
            _select(self.org, data.org_ids[0])
        rest = set(data.org_ids[1:])
        for n in range(self.others.count()):
            item = self.others.item(n)
            checked = item.data(Qt.ItemDataRole.UserRole) in rest
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.start.setDateTime(QDateTime(data.planned_start))
        self.end.setDateTime(QDateTime(data.planned_end))
        _select(self.status, data.status)
        as_planned = (data.actual_start, data.actual_end or data.actual_start) == (data.planned_start, data.planned_end)
        _set_when(self.actual_start, None if as_planned else data.actual_start)
        _set_when(self.actual_end, None if as_planned else data.actual_end)
        _select(self.venue, data.venue_id)
        self.place.setText(data.place)
        self.host.setText(data.host_name)
        self.recorder.setText(data.recorder_name)
        self.hours.setText(str(data.hours or ""))
        self.observers.setText(data.observers)
        self.agenda.setPlainText("\n".join(data.agenda))
        self.units.setPlainText("\n".join(f"{u} {d}".strip() for u, d in data.units))
        self.content.setPlainText(data.content)
        self.resolution.setPlainText(data.resolution)
        self._kept = data  # fields the form does not show (member links, note)

    def data(self) -> ActivityData:
        kept = getattr(self, "_kept", None)
        first = self.org.currentData()
        others = [self.others.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.others.count())
                  if self.others.item(n).checkState() == Qt.CheckState.Checked]
        units = []
        for line in self.units.toPlainText().splitlines():
            parts = line.split()
            if parts:
                units.append((parts[0], " ".join(parts[1:])))
        start: datetime = self.start.dateTime().toPython()
        end: datetime = self.end.dateTime().toPython()
        held = self.status.currentData() == "held"
        # Blank means as planned: the service then records the planned times as the actual ones.
        actual_start = _when_of(self.actual_start) if held else None
        actual_end = None
        if actual_start is not None:  # an end left blank: as long as planned
            actual_end = _when_of(self.actual_end) or actual_start + (end - start)
        return ActivityData(
            self.kind.currentData(), self.title.text(), [i for i in [first, *others] if i is not None],
            start, end, place=self.place.text(), host_name=self.host.text(), recorder_name=self.recorder.text(),
            host_member_id=kept.host_member_id if kept else None,
            recorder_member_id=kept.recorder_member_id if kept else None, observers=self.observers.text(),
            agenda=[a for a in self.agenda.toPlainText().splitlines() if a.strip()],
            content=self.content.toPlainText(), resolution=self.resolution.toPlainText(),
            status=self.status.currentData(),
            actual_start=actual_start, actual_end=actual_end, units=units,
            hours=self.hours.text() or "0", note=kept.note if kept else "", venue_id=self.venue.currentData())
