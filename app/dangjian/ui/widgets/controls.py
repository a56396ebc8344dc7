"""Small constructors for the controls every page repeats: a year or month selector, a connected button, a
combo of coded choices, a date field, a few lines of text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QMenu, QPlainTextEdit, QPushButton, QSpinBox


def year_spin(on_change: Callable[[int], None] | None = None, *, year: int | None = None) -> QSpinBox:
    """A 年度 selector (2000–2100), this year unless given; `on_change` gets the new year."""
    spin = QSpinBox()
    spin.setRange(2000, 2100)
    spin.setValue(year or date.today().year)
    spin.setSuffix(" 年")
    if on_change is not None:
        spin.valueChanged.connect(on_change)
    return spin


def month_spin(month: int) -> QSpinBox:
    """A 1–12 月 selector on `month` (clamped)."""
    spin = QSpinBox()
    spin.setRange(1, 12)
    spin.setValue(min(max(month, 1), 12))
    spin.setSuffix(" 月")
    return spin


def push_button(text: str, slot: Callable[[], object], tooltip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _checked=False: slot())
    if tooltip:
        button.setToolTip(tooltip)
    return button


def menu_button(text: str, actions: Sequence[tuple[str, Callable[[], object]]], tooltip: str = "") -> QPushButton:
    """A button that drops down a menu of (label, slot) actions, e.g. the 打印… of a page."""
    button = QPushButton(text)
    menu = QMenu(button)
    for label, slot in actions:
        menu.addAction(label, lambda _checked=False, s=slot: s())
    button.setMenu(menu)
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


def text_box(lines: int = 3, text: str = "") -> QPlainTextEdit:
    """A few lines of plain text; Tab moves on to the next field instead of typing a tab."""
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(22 * lines + 10)
    return edit
