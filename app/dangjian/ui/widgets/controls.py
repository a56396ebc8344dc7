"""Small constructors for the controls every page repeats: a year selector, a connected button, a combo of
coded choices, a date field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QPushButton, QSpinBox


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


def code_combo(mapping: dict[str, str], *, all_label: str | None = None) -> QComboBox:
    """A combo showing Chinese labels with the stored codes as item data (currentData() is the code);
    `all_label` adds a first item with data None for "no filter"."""
    combo = QComboBox()
    if all_label is not None:
        combo.addItem(all_label, None)
    for code, label in mapping.items():
        combo.addItem(label, code)
    return combo


def date_edit(day: date | None = None, *, latest: date | None = None) -> QDateEdit:
    """A yyyy-MM-dd field with a calendar, on `day` (today unless given), never after `latest`."""
    day = day or date.today()
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if latest is not None:
        edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
    return edit


def date_of(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())
