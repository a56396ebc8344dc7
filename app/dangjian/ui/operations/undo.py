"""Undoable edits: a write op records its changeset (core/system/undo.py); the undo stack replays it.

The change is already in the database when the command is pushed, so the first redo() that
QUndoStack.push() calls does nothing. Undo and redo run as ops on the serial worker, each in one
transaction with an audit entry. If one is refused (the rows were edited since), the stack index is
put back without touching the database, so what the menu offers always matches the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.system import audit
from ...core.system.undo import Changeset, recording
from . import Op, OpContext, find_context

NOT_UNDOABLE = "该操作是批量写入，不能用“撤销”还原；如需还原，请用“文件 → 从备份恢复”（导入前会自动备份）。"


class ChangesetCommand(QUndoCommand):
    def __init__(self, window: QWidget, text: str, changeset: Changeset, changes: set[str]):
        super().__init__(text)
        self.window = window
        self.changeset = changeset
        self.changes = set(changes)
        self._skip = True  # push() calls redo(): the change is already in the database

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._replay(self.changeset, "重做", failed=self._stay_undone)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._replay(self.changeset.inverse(), "撤销", failed=self._stay_done)

    def _replay(self, changeset: Changeset, verb: str, failed: Callable[[], None]) -> None:
        text = self.text()

        def work(ctx: OpContext) -> None:
            with ctx.db.write() as session:
                changeset.apply(session)
                audit.record(session, "undo" if verb == "撤销" else "redo", "edit", None, f"{verb}：{text}")

        def refused(error: BaseException) -> None:
            from . import describe_error

            failed()
            QMessageBox.warning(self.window, f"无法{verb}", describe_error(error))

        def done(_result) -> None:
            _status(self.window, f"已{verb}：{text}")

        Op(self.window, work).changes(self.changes).success(done).failure(refused).run_in_background()

    def _stay_done(self) -> None:
        """A refused undo: move the stack index forward again without replaying."""
        self._skip = True
        find_context(self.window).undo_stack.redo()

    def _stay_undone(self) -> None:
        self._skip = True
        find_context(self.window).undo_stack.undo()


def _main_window(widget: QWidget) -> QWidget:
    """The top-level window above `widget`, through any dialogs (which close before undo is used)."""
    window = widget.window()
    while window.parentWidget() is not None:
        window = window.parentWidget().window()
    return window


def _status(window: QWidget, text: str) -> None:
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 5000)


def undoable_write_op(parent: QWidget, fn: Callable[[Any], Any], changes: set[str], undo_text: str) -> Op:
    recorded: list[Changeset] = []

    def work(ctx: OpContext):
        with ctx.db.write() as session, recording(session) as changeset:
            result = fn(session)
        recorded.append(changeset)
        return result

    def push(_result) -> None:
        changeset = recorded[0]
        window = _main_window(parent)
        if changeset.opaque:
            _status(window, NOT_UNDOABLE)
        elif changeset.undoable:
            find_context(parent).undo_stack.push(ChangesetCommand(window, undo_text, changeset, changes))

    return Op(parent, work).changes(changes).before_success(push)
