"""Small constructors for the controls every page repeats: a year selector and a connected button."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QPushButton, QSpinBox


def year_spin(on_change: Callable[[int], None] | None = None, *, year: int | None = None) -> QSpinBox:
    """A 年度 selector (2000–2100), this year unless given; `on_change` gets the new year."""
    spin = QSpinBox()
    spin.setRange(2000, 2100)
    spin.setValue(year or date.today().year)
    spin.setSuffix(" 年")
    if on_change is not None:
        spin.valueChanged.connect(on_change)
    return spin


def push_button(text: str, slot: Callable[[], object], tooltip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _checked=False: slot())
    if tooltip:
        button.setToolTip(tooltip)
    return button
