"""Shared pieces of the 党组织 dialogs: a dialog that saves through one write op and shows the service's
Chinese refusal inline, optional date/count editors, and an org chooser fed by tree rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.common.errors import UserError
from ...core.orgs.tree import OrgRow
from ..operations import describe_error, write_op

NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date that may be left empty: the minimum date reads 未填写 and means None."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("未填写")
        self.set_value(value)
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Empty is stored as 1900-01-01: open the calendar on the current month, not on January 1900.
        if event.type() == QEvent.Type.Show and watched is self.calendarWidget() and self.value() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)

    def value(self) -> date | None:
        qdate = self.date()
        return None if qdate == NO_DATE else date(qdate.year(), qdate.month(), qdate.day())


class OptionalCountSpin(QSpinBox):
    """A count that may be unknown: -1 reads 未登记 and means None."""

    def __init__(self, value: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(-1, 100_000)
        self.setSpecialValueText("未登记")
        self.setSuffix(" 名")
        self.set_value(value)

    def set_value(self, value: int | None) -> None:
        self.setValue(-1 if value is None else value)

    def count(self) -> int | None:
        return None if self.value() < 0 else self.value()


def fill_org_combo(combo: QComboBox, rows: Iterable[OrgRow], *, exclude: set[int] = frozenset(),
                   empty: str | None = None, kinds: set[str] | None = None) -> None:
    """Active orgs, indented by depth, with the org id as item data."""
    combo.clear()
    if empty is not None:
        combo.addItem(empty, None)
    depth: dict[int, int] = {}
    for r in rows:
        depth[r.id] = depth.get(r.parent_id, -1) + 1 if r.parent_id is not None else 0
        if r.revoked or r.id in exclude or (kinds is not None and r.kind not in kinds):
            continue
        combo.addItem("　" * depth[r.id] + r.name, r.id)


def select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class ServiceDialog(QDialog):
    """OK runs `save(session)` in one write op; a refusal shows inline and keeps the dialog open."""

    saved = Signal(object)  # whatever save() returned

    def __init__(self, parent: QWidget | None, title: str, changes: set[str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.changes = changes or {"orgs"}
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)
        self.result_value: Any = None

    def build(self) -> Callable[[Any], Any]:
        """Collect the fields (raise UserError for what the form itself can tell) and return save(session)."""
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def submit(self) -> None:
        try:
            save = self.build()
        except UserError as exc:
            self.show_error(exc.message)
            return
        self.buttons.setEnabled(False)
        write_op(self, save, self.changes, undo_text=self.windowTitle()).success(self._saved).failure(
            self._failed).run_in_background()

    def _saved(self, value: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self.saved.emit(value)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.show_error(describe_error(exc))
