"""Attendance sheet: fast keyboard entry of 出勤/请假/缺勤 and credited 学时 for a few hundred people.

Reusable for any event with attendees (training courses, activities): feed it `AttendeeRow`s and the
学时 a full attendance earns; it emits `edited(list[AttendanceMark])` whenever something changes and
never writes to the database itself. Keys: Space cycles 出勤 → 请假 → 缺勤, arrows
move, typing a number (e.g. 4 or 1.5) sets the credited 学时 and marks 出勤, Delete clears back
to the full 学时. Crediting follows core.attendance.credit_for, the one place that rule lives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.common.errors import ValidationError
from ...core.common.labels import ATTENDANCE_STATUSES
from ...core.training import attendance
from ...core.training.attendance import AttendanceMark, AttendeeRow
from ...core.training.hours import format_hours, parse_hours

COLUMNS = ("序号", "姓名", "身份证尾号", "所在党组织", "出勤情况", "认定学时", "备注")
STATUS_COLUMN, CREDIT_COLUMN = 4, 5
_STATUS_COLOURS = {attendance.PRESENT: "#1b7a3d", attendance.LEAVE: "#a35f00", attendance.ABSENT: "#b3261e",
                   attendance.PENDING: "#777777"}
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class AttendanceSheetModel(QAbstractTableModel):
    """Attendees and their marks; edits are kept in memory until the owner saves them."""

    edited = Signal(list)  # list[AttendanceMark]: every row changed since load

    def __init__(self, parent=None, status_labels: dict[str, str] = ATTENDANCE_STATUSES):
        super().__init__(parent)
        self._labels = status_labels  # e.g. 出席/请假/缺席 for meetings
        self._rows: list[AttendeeRow] = []
        self._full = 0
        self._changed: set[int] = set()
        self._brushes = {code: QBrush(QColor(colour)) for code, colour in _STATUS_COLOURS.items()}

    # --- loading and reading back -------------------------------------------------------------

    def load(self, rows: Sequence[AttendeeRow], full_tenths: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._full = full_tenths
        self._changed.clear()
        self.endResetModel()
        self.edited.emit([])

    def mark_saved(self) -> None:
        """The owner stored the edits: nothing is pending any more."""
        self._changed.clear()
        self.dataChanged.emit(self.index(0, 0), self.index(max(len(self._rows) - 1, 0), len(COLUMNS) - 1))
        self.edited.emit([])

    @property
    def status_labels(self) -> dict[str, str]:
        return self._labels

    @property
    def full_tenths(self) -> int:
        return self._full

    def attendee(self, row: int) -> AttendeeRow:
        return self._rows[row]

    def edited_marks(self) -> list[AttendanceMark]:
        """Marks of the rows changed since load, in sheet order (what a save should write)."""
        marks = []
        for index in sorted(self._changed):
            row = self._rows[index]
            partial = row.credited_tenths if row.credited_tenths != self._full else None
            marks.append(AttendanceMark(row.member_id, row.status,
                                        partial if row.status == attendance.PRESENT else None, row.note))
        return marks

    def counts(self) -> attendance.AttendanceCounts:
        tally: dict[str, int] = {}
        for row in self._rows:
            tally[row.status] = tally.get(row.status, 0) + 1
        return attendance.counts_from(tally)

    # --- edits --------------------------------------------------------------------------------

    def set_mark(self, row: int, status: str, credited: int | None = None) -> None:
        """Set status (and, for 出勤, a partial credit); raises ValidationError for a bad credit."""
        current = self._rows[row]
        earned = attendance.credit_for(status, self._full, credited, who=current.name)
        self._rows[row] = replace(current, status=status, credited_tenths=earned)
        self._changed.add(row)
        self.dataChanged.emit(self.index(row, STATUS_COLUMN), self.index(row, CREDIT_COLUMN))
        self.edited.emit(self.edited_marks())

    def cycle_status(self, row: int) -> None:
        self.set_mark(row, attendance.next_status(self._rows[row].status))

    def set_note(self, row: int, note: str) -> None:
        self._rows[row] = replace(self._rows[row], note=note.strip())
        self._changed.add(row)
        self.dataChanged.emit(self.index(row, 6), self.index(row, 6))
        self.edited.emit(self.edited_marks())

    # --- Qt model -----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            values = (index.row() + 1, row.name, row.id_tail, row.org, self._labels.get(row.status, row.status),
                      format_hours(row.credited_tenths) if row.status == attendance.PRESENT else "", row.note)
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS_COLUMN:
            return self._brushes.get(row.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2, STATUS_COLUMN, CREDIT_COLUMN):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.FontRole and index.row() in self._changed and column == STATUS_COLUMN:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() in (CREDIT_COLUMN, 6):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() == 6:
            self.set_note(index.row(), str(value))
            return True
        text = str(value).strip()
        if not text:  # cleared: full 学时 again
            self.set_mark(index.row(), attendance.PRESENT)
            return True
        tenths = parse_hours(text, "认定学时")
        self.set_mark(index.row(), attendance.PRESENT, tenths)
        return True


class _CreditDelegate(QStyledItemDelegate):
    """Line editor for 认定学时; a refused value is reported through the sheet's message label."""

    def __init__(self, sheet: AttendanceSheet):
        super().__init__(sheet)
        self._sheet = sheet
        self.last_editor: QLineEdit | None = None

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        self.last_editor = editor if isinstance(editor, QLineEdit) else None
        return editor

    def setModelData(self, editor, model, index) -> None:
        try:
            model.setData(index, editor.text())
        except ValidationError as exc:
            self._sheet.show_message(str(exc))


class AttendanceSheetView(QTableView):
    """Keyboard-first table view for an AttendanceSheetModel."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        current = self.currentIndex()
        if not isinstance(model, AttendanceSheetModel) or not current.isValid() or self.state() == \
                QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        text = event.text()
        if event.key() == Qt.Key.Key_Space:
            model.cycle_status(current.row())
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            model.set_mark(current.row(), attendance.PRESENT)
            return
        if text and (text.isdigit() or text == "."):
            target = model.index(current.row(), CREDIT_COLUMN)
            self.setCurrentIndex(target)
            delegate = self.itemDelegateForColumn(CREDIT_COLUMN)
            if self.edit(target, QAbstractItemView.EditTrigger.AllEditTriggers, event) and \
                    isinstance(delegate, _CreditDelegate) and delegate.last_editor is not None:
                delegate.last_editor.setText(text)  # the typed digit starts the value
                delegate.last_editor.setFocus()
            return
        super().keyPressEvent(event)


class AttendanceSheet(QWidget):
    """The sheet with a counts line and a 查找 box; `edited` mirrors the model's signal."""

    edited = Signal(list)

    def __init__(self, parent: QWidget | None = None, status_labels: dict[str, str] = ATTENDANCE_STATUSES):
        super().__init__(parent)
        self.model = AttendanceSheetModel(self, status_labels)
        self.view = AttendanceSheetView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setItemDelegateForColumn(CREDIT_COLUMN, _CreditDelegate(self))
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((48, 84, 80, 220, 80, 80)):
            self.view.setColumnWidth(column, width)

        self.find = QLineEdit()
        self.find.setPlaceholderText("查找姓名（回车跳到该人）")
        self.find.returnPressed.connect(self._jump_to_name)
        self.counts = QLabel()
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e")
        cycle = "→".join(status_labels[s] for s in attendance.STATUS_CYCLE)
        hint = QLabel(f"空格：{cycle}　↑↓：上下移动　数字：认定学时（部分出勤）　Delete：恢复全部学时")
        hint.setStyleSheet("color: #666")

        top = QHBoxLayout()
        top.addWidget(self.find, 1)
        top.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        self.model.edited.connect(self._on_edited)
        self.model.modelReset.connect(self._update_counts)

    def load(self, rows: Sequence[AttendeeRow], full_tenths: int) -> None:
        self.model.load(rows, full_tenths)
        self.view.setColumnHidden(CREDIT_COLUMN, full_tenths == 0)  # events that credit no 学时
        self.message.clear()
        if rows:
            self.view.setCurrentIndex(self.model.index(0, STATUS_COLUMN))

    def edited_marks(self) -> list[AttendanceMark]:
        return self.model.edited_marks()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _on_edited(self, marks: list) -> None:
        self.message.clear()
        self._update_counts()
        self.edited.emit(marks)

    def _update_counts(self) -> None:
        c = self.model.counts()
        labels = self.model.status_labels
        self.counts.setText(f"应到 {c.expected}　{labels['present']} {c.present}　{labels['leave']} {c.leave}　"
                            f"{labels['absent']} {c.absent}" + (f"　未登记 {c.pending}" if c.pending else ""))

    def _jump_to_name(self) -> None:
        text = self.find.text().strip()
        if not text:
            return
        start = self.view.currentIndex().row() + 1
        total = self.model.rowCount()
        for offset in range(total):
            row = (start + offset) % total
            if text in self.model.attendee(row).name:
                self.view.setCurrentIndex(self.model.index(row, STATUS_COLUMN))
                self.view.setFocus()
                return
        self.show_message(f"名单中没有“{text}”")
