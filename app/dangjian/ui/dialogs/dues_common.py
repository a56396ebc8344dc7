"""Controls the 党费 dialogs share: a month spin, a date edit, a way combo, and the 确定-only-when-valid form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QSpinBox, QWidget

from ...core.common.errors import UserError
from ...core.common.labels import PAYMENT_WAYS
from ..widgets.controls import code_combo
from .budget_form import FormDialog


def month_spin(month: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, 12)
    spin.setValue(min(max(month, 1), 12))
    spin.setSuffix(" 月")
    return spin


def way_combo():
    return code_combo(PAYMENT_WAYS)


def keep_last_after_first(first: QSpinBox, last: QSpinBox) -> None:
    first.valueChanged.connect(lambda value: last.setValue(max(last.value(), value)))


class DuesDialog(FormDialog):
    """Collects input only: 确定 builds `values()` (a refused field shows inline) and accepts; the page then
    runs the write, so tests can call the page's method with the same values."""

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent, getattr(parent, "ctx", None), title)
        self.value: Any = None

    def values(self) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        try:
            self.value = self.values()
        except UserError as error:
            self.show_error(error.message)
            return
        self.accept()


def run_dialog(dialog: DuesDialog, then: Callable[[Any], object]) -> None:
    """Open `dialog` window-modal; on 确定 pass its values to `then`."""
    dialog.accepted.connect(lambda: then(dialog.value))
    dialog.open()
