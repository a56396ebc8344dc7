"""What every page and dialog shares: the open database, settings, and change notices."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

if TYPE_CHECKING:
    from ..core.storage.db import Database


class AppContext(QObject):
    """Pages get this instead of reaching for a global main window.

    `changed` carries the set of domains an operation touched ("orgs", "members", "training",
    "budgets", "settings", or "all" after a restore), so each page decides whether to reload.
    The database (and with it SQLAlchemy) is opened on first use, after the window is on screen;
    `mode` is "rw", or "ro"/"immutable" when the file or its folder cannot be written (只读模式).
    `undo_stack` holds this session's undoable edits (see ui/operations/undo.py).
    """

    changed = Signal(object)
    database_replaced = Signal()

    def __init__(self, db: Database | Path, parent: QObject | None = None, *, mode: str = "rw"):
        super().__init__(parent)
        self._db = None if isinstance(db, Path) else db
        self.db_path: Path = db if isinstance(db, Path) else db.path
        self.mode = mode if isinstance(db, Path) else db.mode
        self.settings = QSettings()
        self.undo_stack = QUndoStack(self)
        self.database_replaced.connect(self.undo_stack.clear)  # recorded rows belong to the old file

    @property
    def read_only(self) -> bool:
        return self.mode != "rw"

    @property
    def db(self) -> Database:
        if self._db is None:
            from ..core.storage.db import Database

            self._db = Database(self.db_path, mode=self.mode)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()

    def notify(self, changes: set[str] | frozenset[str]) -> None:
        if changes:
            self.changed.emit(set(changes))
