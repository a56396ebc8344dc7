"""GUI side of 数据安全: undo/redo, 回收站, 操作日志, password dialogs, corruption dialog, read-only mode,
crash handler and the location warning."""

from __future__ import annotations

import logging
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from dangjian.core.models import AuditEntry, Member, Organisation
from dangjian.core.storage import recovery
from dangjian.core.storage.backup import create_backup
from dangjian.core.system import password
from dangjian.ui.context import AppContext
from dangjian.ui.main_window import MainWindow
from dangjian.ui.operations import wait_for_idle, write_op

ID = "11010519491231002X"


@pytest.fixture
def messages(monkeypatch):
    """Capture message boxes instead of blocking on them."""
    shown: list[tuple[str, str]] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, title, text, *a, **k: shown.append((title, text)))
    return shown


def _settle(qtbot, condition=None):
    wait_for_idle()
    qtbot.wait(50)
    if condition is not None:
        qtbot.waitUntil(condition, timeout=5000)


def _new_org(db, name: str, kind: str = "branch") -> int:
    with db.write() as session:
        org = Organisation(name=name, kind=kind)
        session.add(org)
        session.flush()
        return org.id


def _org_name(db, org_id):
    with db.read() as session:
        org = session.get(Organisation, org_id)
        return None if org is None else org.name


def test_edit_undo_redo(window, qtbot, db):
    ctx = window.ctx
    org_id = _new_org(db, "湘龙社区党委", "community_committee")

    def rename(session):
        session.get(Organisation, org_id).name = "湘龙社区党委（改）"

    write_op(window, rename, {"orgs"}, undo_text="编辑党组织 湘龙社区党委").run_in_background()
    _settle(qtbot, lambda: ctx.undo_stack.count() == 1)
    assert ctx.undo_stack.undoText() == "编辑党组织 湘龙社区党委"
    edit_menu = window.menuBar().actions()[1].menu()
    undo_action = edit_menu.actions()[0]
    assert undo_action.text() == "撤销 编辑党组织 湘龙社区党委"
    assert undo_action.shortcut().toString() == "Ctrl+Z"
    undo_action.trigger()
    _settle(qtbot, lambda: _org_name(db, org_id) == "湘龙社区党委")
    ctx.undo_stack.redo()
    _settle(qtbot, lambda: _org_name(db, org_id) == "湘龙社区党委（改）")
    with db.read() as session:
        summaries = session.scalars(select(AuditEntry.summary)).all()
    assert "撤销：编辑党组织 湘龙社区党委" in summaries and "重做：编辑党组织 湘龙社区党委" in summaries


def test_refused_undo_keeps_the_later_edit_and_the_stack(window, qtbot, db, messages):
    ctx = window.ctx
    org_id = _new_org(db, "甲支部", "branch")
    write_op(window, lambda s: setattr(s.get(Organisation, org_id), "name", "乙支部"), {"orgs"},
             undo_text="编辑党组织 甲支部").run_in_background()
    _settle(qtbot, lambda: ctx.undo_stack.count() == 1)
    with db.write() as session:
        session.get(Organisation, org_id).name = "丙支部"  # edited elsewhere since
    ctx.undo_stack.undo()
    _settle(qtbot, lambda: bool(messages))
    assert messages[0][0] == "无法撤销" and "之后又被修改" in messages[0][1]
    _settle(qtbot, lambda: ctx.undo_stack.index() == 1)
    assert _org_name(db, org_id) == "丙支部"


def test_bulk_write_is_not_undoable_and_says_why(window, qtbot, db):
    from sqlalchemy import insert

    write_op(window, lambda s: s.execute(insert(Organisation), [{"name": "批量", "kind": "branch"}]), {"orgs"},
             undo_text="导入").run_in_background()
    _settle(qtbot, lambda: "不能用“撤销”还原" in window.statusBar().currentMessage())
    assert window.ctx.undo_stack.count() == 0


@pytest.fixture
def trashed(db):
    with db.write() as session:
        org = Organisation(name="湘龙社区党委", kind="community_committee")
        session.add(org)
        session.flush()
        session.add_all([
            Member(name="李四", gender="女", id_number=ID, org_id=org.id, deleted_at=datetime(2026, 11, 24, 16, 30)),
            Organisation(name="已删除的支部", kind="branch", deleted_at=datetime(2026, 11, 20, 9, 0)),
        ])
    return db


def test_trash_page_restore_and_purge(window, qtbot, trashed, monkeypatch):
    page = window.show_page("trash")
    _settle(qtbot, lambda: page.table.rowCount() == 2)
    assert [page.table.item(0, c).text() for c in range(3)] == ["党员", "李四", "2026-11-24 16:30"]
    page.table.selectRow(0)
    page.restore_selected()
    _settle(qtbot, lambda: page.table.rowCount() == 1)
    with trashed.read() as session:
        assert session.scalars(select(Member.deleted_at)).one() is None
    assert window.ctx.undo_stack.undoText().startswith("恢复 李四")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.selectRow(0)
    page.purge_selected()
    _settle(qtbot, lambda: page.table.rowCount() == 0)
    with trashed.read() as session:
        assert session.scalar(select(Organisation).where(Organisation.name == "已删除的支部")) is None
        assert "彻底删除党组织：已删除的支部" in session.scalars(select(AuditEntry.summary)).all()


def test_purge_needs_confirmation(window, qtbot, trashed, monkeypatch):
    page = window.show_page("trash")
    _settle(qtbot, lambda: page.table.rowCount() == 2)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.No)
    page.table.selectRow(1)
    page.purge_selected()
    _settle(qtbot)
    assert page.table.rowCount() == 2


def test_audit_log_page_pages_and_filters(window, qtbot, db):
    with db.write() as session:
        session.add_all(AuditEntry(at=datetime(2026, 11, 25, 9, 0), operator="王芳", action="update",
                                   entity="member" if i % 2 else "organisation", entity_id=i,
                                   summary=f"修改第{i}条") for i in range(450))
    page = window.show_page("audit_log")
    _settle(qtbot)
    model = page.model
    assert model.rowCount() == 200 and model.canFetchMore()
    assert model.data(model.index(0, 4)) == "修改第449条"
    assert [model.data(model.index(0, c)) for c in range(4)] == ["2026-11-25 09:00:00", "王芳", "修改", "党员"]
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    page.entity.setCurrentIndex(page.entity.findData("organisation"))
    assert model.rowCount() == 200 and model.data(model.index(0, 4)) == "修改第448条"
    page.search.setText("第12条")
    page.apply_filter()
    assert model.rowCount() == 1


def test_unlock_dialog_three_tries_then_countdown(app, qtbot):
    from argon2 import PasswordHasher

    from dangjian.ui.dialogs.password import UnlockDialog

    now = [0.0]
    dialog = UnlockDialog(PasswordHasher().hash("湘龙2026"), throttle=password.Throttle(clock=lambda: now[0]))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "确定"
    assert "不加密" in " ".join(label.text() for label in dialog.findChildren(type(dialog.message)))
    for _ in range(2):
        dialog.password.setText("wrong")
        dialog.try_password()
    assert dialog.message.text() == "密码不正确，还可以再试 1 次。"
    dialog.password.setText("wrong")
    dialog.try_password()
    assert not ok.isEnabled() and dialog.message.text() == "连续输错 3 次，请等待 30 秒后再试。"
    now[0] = 30.5
    dialog._tick()
    assert ok.isEnabled()
    dialog.password.setText("湘龙2026")
    dialog.try_password()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted


def test_password_settings_dialog_sets_the_hash(window, qtbot, db_path, messages):
    from dangjian.ui.dialogs.password import PasswordSettingsDialog

    dialog = PasswordSettingsDialog(window, has_password=False)
    qtbot.addWidget(dialog)
    dialog.new.setText("1234")
    dialog.confirm.setText("1234")
    dialog.save()
    _settle(qtbot, lambda: bool(messages))
    assert password.verify_hash(password.stored_hash(db_path), "1234")


def test_corruption_dialog_offers_restore_with_the_date(app, db_path):
    from dangjian.ui.dialogs.recovery import RecoveryDialog

    create_backup(db_path, now=datetime(2026, 11, 23, 8, 15))
    damage = recovery.handle_damage(db_path, "database disk image is malformed")
    dialog = RecoveryDialog(damage)
    assert "2026-11-23 08:15" in dialog.text.text() and "damaged-" in dialog.text.text()
    roles = {b.text(): dialog.buttons.buttonRole(b) for b in dialog.buttons.buttons()}
    assert roles == {"恢复": QDialogButtonBox.ButtonRole.AcceptRole, "退出": QDialogButtonBox.ButtonRole.RejectRole}


def test_corruption_dialog_without_backup_only_quits(app, db_path):
    from dangjian.ui.dialogs.recovery import RecoveryDialog

    dialog = RecoveryDialog(recovery.handle_damage(db_path, "malformed"))
    assert [b.text() for b in dialog.buttons.buttons()] == ["退出"]


def test_offer_restore_restores(app, db_path, monkeypatch, messages):
    from dangjian.ui.dialogs import recovery as dialog_module

    good = create_backup(db_path, now=datetime(2026, 11, 23, 8, 15))
    damage = recovery.handle_damage(db_path, "malformed")
    assert not db_path.exists()
    monkeypatch.setattr(dialog_module.RecoveryDialog, "exec", lambda self: dialog_module.QDialog.DialogCode.Accepted)
    assert dialog_module.offer_restore(damage)
    assert recovery.quick_check(db_path) == "ok" and good.exists()
    assert "已从 2026-11-23 08:15 的备份恢复" in messages[-1][1]


def test_offer_restore_quit_changes_nothing(app, db_path, monkeypatch):
    from dangjian.ui.dialogs import recovery as dialog_module

    create_backup(db_path, now=datetime(2026, 11, 23, 8, 15))
    damage = recovery.handle_damage(db_path, "malformed")
    monkeypatch.setattr(dialog_module.RecoveryDialog, "exec", lambda self: dialog_module.QDialog.DialogCode.Rejected)
    assert not dialog_module.offer_restore(damage)
    assert not db_path.exists() and damage.kept_as.exists()


def test_read_only_mode_window(qtbot, app, db_path, messages):
    from dangjian.core.storage.db import Database

    ctx = AppContext(Database(db_path, mode="ro"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.findChild(type(window._db_label), "readOnly").text() == "只读模式"
    assert window.windowTitle().endswith("（只读）")
    write_op(window, lambda s: s.add(Organisation(name="x", kind="branch")), {"orgs"}).run_in_background()
    _settle(qtbot, lambda: bool(messages))
    assert messages[0][1].startswith("数据库文件或所在文件夹是只读的")
    ctx.close()


def test_excepthook_logs_masked_and_shows_no_raw_text(app, messages, caplog):
    import sys

    from dangjian.ui.crash import install_excepthook

    old = sys.excepthook
    install_excepthook(Path("/tmp/dangjian.log"))
    try:
        with caplog.at_level(logging.ERROR):
            try:
                raise ValueError(f"bad member {ID}")
            except ValueError as exc:
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = old
    assert ID not in caplog.text and "110105********002X" in caplog.text
    title, text = messages[0]
    assert "意外错误" in title and ID not in text and "ValueError" not in text and "/tmp/dangjian.log" in text


def test_location_warning_once_per_path(window, monkeypatch, messages):
    from dangjian.core.common import location
    from dangjian.ui.application import warn_about_location

    monkeypatch.setattr(location, "risky_location", lambda _p: location.RiskyLocation("sync", "OneDrive"))
    window.ctx.settings.remove(f"location_warned/{window.ctx.db_path}")
    warn_about_location(window, window.ctx)
    warn_about_location(window, window.ctx)
    assert len(messages) == 1 and "OneDrive 同步文件夹" in messages[0][1]


def test_damage_is_kept_beside_the_database(db_path):
    shutil.copyfile(db_path, Path(f"{db_path}-shm"))
    kept = recovery.quarantine(db_path)
    assert Path(f"{kept}-shm").exists()


def test_edit_from_a_dialog_is_undone_from_the_main_window(window, qtbot, db):
    from PySide6.QtWidgets import QDialog

    org_id = _new_org(db, "丁支部", "branch")
    dialog = QDialog(window)
    write_op(dialog, lambda s: setattr(s.get(Organisation, org_id), "note", "备注"), {"orgs"},
             undo_text="编辑党组织 丁支部").run_in_background()
    _settle(qtbot, lambda: window.ctx.undo_stack.count() == 1)
    dialog.close()
    dialog.deleteLater()
    qtbot.wait(20)
    window.ctx.undo_stack.undo()
    _settle(qtbot, lambda: "已撤销" in window.statusBar().currentMessage())
    with db.read() as session:
        assert session.get(Organisation, org_id).note == ""


def test_start_up_drill_runs_the_dialog_only_for_damage(app, db_path, monkeypatch):
    from dangjian.ui import application
    from dangjian.ui.dialogs import recovery as recovery_dialogs

    asked = []
    monkeypatch.setattr(recovery_dialogs, "offer_restore", lambda damage, parent=None: asked.append(damage) or False)
    assert application.run_corruption_drill(db_path)  # a sound file: no dialog
    assert not asked
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * 3996  # the schema page overwritten: caught even without a marker
    db_path.write_bytes(bytes(data))
    assert not application.run_corruption_drill(db_path)
    assert asked and asked[0].kept_as.exists() and not db_path.exists()


def test_start_up_password_gate(app, db, db_path, monkeypatch):
    from dangjian.ui import application
    from dangjian.ui.dialogs import password as password_dialogs

    assert application.unlock(db_path)  # no password set: straight in, no dialog
    with db.write() as session:
        password.set_password(session, "1234", "1234")
    monkeypatch.setattr(password_dialogs.UnlockDialog, "exec",
                        lambda self: password_dialogs.QDialog.DialogCode.Rejected)
    assert not application.unlock(db_path)
    monkeypatch.setattr(password_dialogs.UnlockDialog, "exec",
                        lambda self: password_dialogs.QDialog.DialogCode.Accepted)
    assert application.unlock(db_path)


def test_start_up_checks_do_not_load_sqlalchemy(run_cli):
    """The drill, the password check and the crash handler run before the window: stdlib only."""
    import subprocess
    import sys

    from tests.conftest import APP_DIR

    code = ("import sys; import dangjian.ui.application, dangjian.ui.crash, dangjian.core.storage.recovery, "
            "dangjian.core.system.password, dangjian.core.common.location; print('sqlalchemy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(APP_DIR), "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "False", result.stderr
