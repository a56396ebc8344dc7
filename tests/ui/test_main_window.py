from pathlib import Path

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QSpinBox

from dangjian.core.storage import backup
from dangjian.core.system import settings, settings_edit
from dangjian.ui.application import acquire_instance_lock
from dangjian.ui.main_window import PAGES


def test_navigation_lists_the_pages_in_chinese(window):
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[:4] == ["党组织", "党员", "经费", "培训"]
    assert labels[-4:] == ["报表", "设置", "回收站", "操作日志"]
    assert labels == [spec.label for spec in PAGES]


def test_every_page_opens(window):
    for spec in PAGES:
        page = window.show_page(spec.key)
        assert window.stack.currentWidget() is page


def test_standard_buttons_are_translated(app):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_app_font_is_the_bundled_font(app):
    info = QFontInfo(QApplication.font())
    assert info.family() == "WenQuanYi Micro Hei"


def test_menus_and_status_bar(window, db_path):
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "转到(&G)", "帮助(&H)"]
    file_actions = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert file_actions[:2] == ["立即备份(&B)", "从备份恢复(&R)…"]
    assert "退出(&Q)" in file_actions
    assert str(db_path) in window._db_label.text()
    assert window._backup_label.text() == "最近备份：尚无"


def test_backup_now_runs_in_background_and_updates_status(qtbot, window, db_path):
    window.backup_now()
    qtbot.waitUntil(lambda: backup.last_backup(db_path) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: "尚无" not in window._backup_label.text(), timeout=10_000)


def test_settings_page_saves_valid_values(qtbot, window, db):
    page = window.show_page("settings")
    spin = page.editors["org.branch_max_members"]
    assert isinstance(spin, QSpinBox) and spin.value() == 50
    spin.setValue(45)
    name = page.editors["general.unit_name"]
    assert isinstance(name, QLineEdit)
    name.setText("湘龙街道党工委")
    page.save()

    def saved():
        with db.read() as session:
            return settings.get(session, "org.branch_max_members") == 45

    qtbot.waitUntil(saved, timeout=10_000)
    with db.read() as session:
        assert settings.get(session, "general.unit_name") == "湘龙街道党工委"


def test_settings_page_refuses_invalid_values_and_writes_nothing(qtbot, window, db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    page = window.show_page("settings")
    page.editors["training.member_hours"].setText("32.25")
    page.editors["general.unit_name"].setText("不应保存")
    page.save()
    assert shown and "1 项" in shown[0]
    error = page.errors["training.member_hours"]
    assert not error.isHidden() and "一位小数" in error.text()
    from dangjian.ui.operations import wait_for_idle

    wait_for_idle()
    with db.read() as session:
        assert settings.get(session, "general.unit_name") == ""


def test_yearly_settings_follow_the_year_selector(qtbot, window, db):
    with db.write() as session:
        settings_edit.set_value(session, "training.member_hours", "40", year=2030)
    page = window.show_page("settings")
    page.year.setValue(2029)
    assert page.editors["training.member_hours"].text() == "32"
    page.year.setValue(2030)
    assert page.editors["training.member_hours"].text() == "40"


def test_second_instance_on_the_same_db_is_refused(tmp_path):
    path = tmp_path / "x.db"
    first = acquire_instance_lock(path)
    assert first is not None
    assert acquire_instance_lock(path) is None
    first.unlock()
    again = acquire_instance_lock(path)
    assert again is not None
    again.unlock()


def test_geometry_is_remembered(qtbot, ctx, window):
    from dangjian.ui.main_window import MainWindow

    window.resize(960, 640)  # the offscreen screen is narrow; restoreGeometry clamps to it
    closed_size = window.size()
    window.close()
    assert ctx.settings.value("main_window/geometry") is not None
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert second.size() == closed_size


def test_restore_dialog_lists_backups(qtbot, window, db_path):
    from dangjian.ui.dialogs.restore import RestoreDialog

    backup.create_backup(db_path, reason="daily")
    dialog = RestoreDialog(window, window.ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "每日自动备份"
    assert Path(dialog.backups[0].path).exists()


PRELOAD_PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from dangjian.ui.application import create_application, prepare_database
from dangjian.ui.context import AppContext
from dangjian.ui import main_window

app = create_application()
prepare_database(Path(sys.argv[1]))
window = main_window.MainWindow(AppContext(Path(sys.argv[1])))
window.show()
window.show_first_page()
pages = [spec.target.partition(":")[0] for spec in main_window.PAGES if spec.target]
print("before", sum(name in sys.modules for name in pages))
QTimer.singleShot(main_window.PRELOAD_AFTER_MS + 3000, app.quit)
app.exec()
print("after", sum(name in sys.modules for name in pages), len(pages))
"""


def test_other_pages_code_is_loaded_after_start_up(tmp_path):
    """Start-up imports only the first page; the rest follow in idle time, so first visits are quick."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", PRELOAD_PROBE, str(tmp_path / "p.db")], capture_output=True,
                         text=True, env=env, timeout=120, check=True).stdout.split()
    assert out[:2] == ["before", "1"]  # the first page only
    assert out[2] == "after" and out[3] == out[4]
