"""What every page and dialog shares: the open database, settings, and change notices."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

if TYPE_CHECKING:
    from ..core.db import Database


class AppContext(QObject):
    """Pages get this instead of reaching for a global main window.

    `changed` carries the set of domains an operation touched ("orgs", "members", "training",
    "budgets", "settings", or "all" after a restore), so each page decides whether to reload.
    The database (and with it SQLAlchemy) is opened on first use, after the window is on screen.
    """

    changed = Signal(object)
    database_replaced = Signal()

    def __init__(self, db: Database | Path, parent: QObject | None = None):
        super().__init__(parent)
        self._db = None if isinstance(db, Path) else db
        self.db_path: Path = db if isinstance(db, Path) else db.path
        self.settings = QSettings()

    @property
    def db(self) -> Database:
        if self._db is None:
            from ..core.db import Database

            self._db = Database(self.db_path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()

    def notify(self, changes: set[str] | frozenset[str]) -> None:
        if changes:
            self.changed.emit(set(changes))
