"""The background operation runner: serial worker, results on the GUI thread, cancel, errors."""

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMessageBox

from dangjian.core.common.errors import UserError
from dangjian.core.system import settings, settings_edit
from dangjian.ui.operations import Op, describe_error, wait_for_idle, write_op


def test_work_runs_off_the_gui_thread_and_result_comes_back_on_it(qtbot, window):
    seen = {}

    def work(ctx):
        seen["worker"] = QThread.currentThread()
        return 42

    def done(value):
        seen["value"] = value
        seen["gui"] = QThread.currentThread()

    Op(window, work).success(done).run_in_background()
    qtbot.waitUntil(lambda: "value" in seen, timeout=10_000)
    assert seen["value"] == 42
    assert seen["gui"] is QApplication.instance().thread()
    assert seen["worker"] is not seen["gui"]


def test_write_op_commits_and_announces_changes(qtbot, window, db):
    announced = []
    window.ctx.changed.connect(announced.append)
    write_op(window, lambda s: settings_edit.set_value(s, "general.unit_name", "湘龙街道党工委"), {"settings"}) \
        .run_in_background()
    qtbot.waitUntil(lambda: bool(announced), timeout=10_000)
    assert announced == [{"settings"}]
    with db.read() as session:
        assert settings.get(session, "general.unit_name") == "湘龙街道党工委"


def test_ops_run_one_after_another(qtbot, window):
    order, active, overlap = [], [], []
    lock = threading.Lock()

    def make(n):
        def work(ctx):
            with lock:
                active.append(n)
                if len(active) > 1:
                    overlap.append(n)
            order.append(n)
            with lock:
                active.remove(n)
        return work

    for n in range(5):
        Op(window, make(n)).run_in_background()
    wait_for_idle()
    assert order == [0, 1, 2, 3, 4] and not overlap


def test_cancel_stops_the_work_and_writes_nothing(qtbot, window, db):
    started = threading.Event()
    release = threading.Event()

    def work(ctx):
        with ctx.db.write() as session:
            settings_edit.set_value(session, "general.unit_name", "不应保存")
            started.set()
            release.wait(5)
            for i in range(100):
                ctx.progress(i, 100)  # raises Cancelled once 取消 was pressed

    op = Op(window, work).with_progress("正在处理…").run_in_background()
    assert started.wait(5)
    op._dialog.canceled.emit()  # what the 取消 button (or closing the dialog) does
    release.set()
    wait_for_idle()
    qtbot.waitUntil(lambda: "已取消" in window.statusBar().currentMessage(), timeout=10_000)
    with db.read() as session:
        assert settings.get(session, "general.unit_name") == ""


def test_user_error_is_shown_as_its_chinese_sentence(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))

    def work(ctx):
        raise UserError("党组织名称不能为空")

    Op(window, work).run_in_background()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == ["党组织名称不能为空"]


def test_unexpected_errors_never_show_a_full_id():
    message = describe_error(RuntimeError("duplicate 430121198507011221"))
    assert "430121198507011221" not in message and "数据没有改变" in message
