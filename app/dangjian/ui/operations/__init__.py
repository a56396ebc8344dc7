"""Background operations, after Anki's CollectionOp/QueryOp.

    Op(parent, work).success(on_done).with_progress("正在导入…").changes({"members"}).run_in_background()

`work(ctx: OpContext)` runs on one serial worker thread (so writes never race) with its own sessions
from `ctx.db`; it reports progress through `ctx.progress(done, total)`, which raises `Cancelled` once
the user pressed 取消. Results and errors come back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ...core.common.errors import Cancelled, UserError
from ...core.common.redact import redact_ids

if TYPE_CHECKING:
    from ...core.storage.db import Database

log = logging.getLogger(__name__)
_POOL: QThreadPool | None = None
_LIVE: set[Op] = set()  # keeps running ops alive until their result is delivered


def worker_pool() -> QThreadPool:
    """The one serial worker: operations run one after another, in the order they were started."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
    return _POOL


class OpContext:
    def __init__(self, db: Database, cancel_event: threading.Event, report: Callable[[int, int], None]):
        self.db = db
        self._cancel = cancel_event
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._report(done, total)


class _Bridge(QObject):
    finished = Signal(object, object)  # result, exception
    progressed = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, run: Callable[[], Any], bridge: _Bridge):
        super().__init__()
        self._run = run
        self._bridge = bridge

    def run(self) -> None:  # worker thread
        try:
            result = self._run()
        except BaseException as exc:
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._bridge.finished.emit(None, exc)
        else:
            self._bridge.finished.emit(result, None)


def describe_error(exc: BaseException) -> str:
    """One Chinese sentence for any failure; full IDs never reach the screen."""
    if isinstance(exc, UserError):
        return exc.message
    from ...core.storage.db import translate_db_error

    friendly = translate_db_error(exc)
    if friendly is not None:
        return friendly.message
    return redact_ids(f"发生意外错误（{type(exc).__name__}），数据没有改变。详细信息已写入日志。")


class Op:
    def __init__(self, parent: QWidget | None, work: Callable[[OpContext], Any], *,
                 db: Database | None = None):
        self._parent = parent
        self._work = work
        self._db = db if db is not None else find_context(parent).db
        self._on_success: Callable[[Any], None] | None = None
        self._before_success: list[Callable[[Any], None]] = []  # internal hooks, e.g. the undo entry
        self._on_failure: Callable[[BaseException], None] | None = None
        self._label: str | None = None
        self._cancellable = True
        self._changes: set[str] = set()
        self._cancel = threading.Event()
        self._dialog: QProgressDialog | None = None
        self._bridge = _Bridge()

    def success(self, callback: Callable[[Any], None]) -> Op:
        self._on_success = callback
        return self

    def before_success(self, hook: Callable[[Any], None]) -> Op:
        """Also run `hook(result)` on success, before the change notice and the success callback
        (undoable writes push their undo entry this way)."""
        self._before_success.append(hook)
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op:
        self._on_failure = callback
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> Op:
        self._label = label
        self._cancellable = cancellable
        return self

    def changes(self, domains: set[str]) -> Op:
        """Domains this op writes; pages hear about them through AppContext.changed on success."""
        self._changes = set(domains)
        return self

    def run_in_background(self) -> Op:
        self._bridge.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._bridge.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        if self._label is not None:
            cancel_text = "取消" if self._cancellable else ""
            self._dialog = QProgressDialog(self._label, cancel_text, 0, 0, self._parent)
            self._dialog.setWindowTitle("请稍候")
            self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self._dialog.setMinimumDuration(300)
            self._dialog.setAutoClose(False)
            self._dialog.setAutoReset(False)
            if not self._cancellable:
                self._dialog.setCancelButton(None)
            self._dialog.canceled.connect(self._request_cancel)
        context = OpContext(self._db, self._cancel, self._bridge.progressed.emit)
        _LIVE.add(self)
        worker_pool().start(_Task(lambda: self._work(context), self._bridge))
        return self

    def _request_cancel(self) -> None:
        self._cancel.set()
        if self._dialog is not None:
            self._dialog.setLabelText("正在取消…")

    def _progressed(self, done: int, total: int) -> None:
        if self._dialog is not None and not self._cancel.is_set():
            self._dialog.setMaximum(max(total, 0))
            self._dialog.setValue(min(done, total) if total else 0)

    def _finished(self, result: Any, error: BaseException | None) -> None:
        _LIVE.discard(self)
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if error is None:
            for hook in self._before_success:
                hook(result)
            if self._changes:
                find_context(self._parent).notify(self._changes)
            if self._on_success:
                self._on_success(result)
            return
        if isinstance(error, Cancelled):
            _status(self._parent, "已取消，数据没有改变。")
            return
        if not isinstance(error, UserError):
            log.error("operation failed:\n%s", redact_ids(getattr(error, "__traceback_text__", repr(error))))
        if self._on_failure:
            self._on_failure(error)
        else:
            QMessageBox.warning(self._parent, "操作未完成", describe_error(error))


def find_context(widget: QWidget | None):
    """The AppContext of the nearest ancestor that has one (pages, dialogs and the main window do)."""
    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if ctx is not None:
            return ctx
        widget = widget.parentWidget()
    raise LookupError("no AppContext above this widget")


def _status(widget: QWidget | None, text: str) -> None:
    window = widget.window() if widget is not None else None
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 5000)


def write_op(parent: QWidget, fn: Callable[[Any], Any], changes: set[str], *, undo_text: str | None = None) -> Op:
    """An op running `fn(session)` in one write transaction. With `undo_text` (e.g. "编辑党员 张三") the rows
    it changes are recorded and, on success, an entry on the undo stack (编辑 → 撤销, Ctrl+Z) can put them back."""
    if undo_text is not None:
        from .undo import undoable_write_op

        return undoable_write_op(parent, fn, changes, undo_text)

    def work(ctx: OpContext):
        with ctx.db.write() as session:
            return fn(session)

    return Op(parent, work).changes(changes)


def read_op(parent: QWidget, fn: Callable[[Any], Any]) -> Op:
    def work(ctx: OpContext):
        with ctx.db.read() as session:
            return fn(session)

    return Op(parent, work)


def wait_for_idle(timeout_ms: int = 30_000) -> bool:
    """Block until queued ops have run (tests, and before swapping the database on restore)."""
    return worker_pool().waitForDone(timeout_ms)
