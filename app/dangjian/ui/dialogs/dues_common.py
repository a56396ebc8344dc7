"""Controls the 党费 dialogs share: a way combo and keeping a month range in order."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from ...core.common.labels import PAYMENT_WAYS
from ..widgets.controls import code_combo


def way_combo():
    return code_combo(PAYMENT_WAYS)


def keep_last_after_first(first: QSpinBox, last: QSpinBox) -> None:
    first.valueChanged.connect(lambda value: last.setValue(max(last.value(), value)))
