"""What every page and dialog shares: the open database, the serial worker, and change notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from ..core.db import Database


class AppContext(QObject):
    """Pages get this instead of reaching for a global main window.

    `changed` carries the set of domains an operation touched ("orgs", "members", "training",
    "budgets", "settings", or "all" after a restore), so each page decides whether to reload.
    """

    changed = Signal(object)
    database_replaced = Signal()

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.settings = QSettings()

    def notify(self, changes: set[str] | frozenset[str]) -> None:
        if changes:
            self.changed.emit(set(changes))
