"""Start-up password: argon2id hash in the DB, hidden from the 设置 page, throttle after 3 wrong tries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dangjian.core.common.errors import UserError
from dangjian.core.models import AuditEntry
from dangjian.core.system import password, settings


def test_set_verify_and_clear(db, db_path):
    with db.write() as session:
        password.set_password(session, "湘龙2026", "湘龙2026")
    stored = password.stored_hash(db_path)
    assert stored.startswith("$argon2id$") and "湘龙2026" not in stored
    assert password.verify_hash(stored, "湘龙2026")
    assert not password.verify_hash(stored, "wrong")
    with pytest.raises(UserError, match="原密码不正确"), db.write() as session:
        password.clear_password(session, "wrong")
    with db.write() as session:
        password.clear_password(session, "湘龙2026")
    assert password.stored_hash(db_path) == ""
    with db.read() as session:
        summaries = session.scalars(select(AuditEntry.summary)).all()
    assert summaries == ["启动密码已修改", "启动密码已修改"]  # no hash in the log


def test_changing_needs_the_current_password(db):
    with db.write() as session:
        password.set_password(session, "1234", "1234")
    with pytest.raises(UserError, match="原密码不正确"), db.write() as session:
        password.set_password(session, "5678", "5678", current="0000")
    with db.write() as session:
        password.set_password(session, "5678", "5678", current="1234")


@pytest.mark.parametrize(("new", "confirm", "reason"), [("12", "12", "至少 4 位"), ("1234", "1235", "不一致")])
def test_bad_new_passwords(db, new, confirm, reason):
    with pytest.raises(UserError, match=reason), db.write() as session:
        password.set_password(session, new, confirm)


def test_hash_is_hidden_from_the_settings_page_and_report():
    assert "security.password_hash" not in [item.key for item in settings.visible()]
    assert all(item.key != "security.password_hash" for items in settings.groups().values() for item in items)
    assert "命令行" in settings.definition("security.password_hash").help


def test_no_database_or_no_hash_reads_as_empty(tmp_path, db_path):
    assert password.stored_hash(tmp_path / "missing.db") == ""
    assert password.stored_hash(db_path) == ""


def test_throttle_three_tries_then_thirty_seconds():
    now = [100.0]
    throttle = password.Throttle(clock=lambda: now[0])
    assert throttle.failed() == 0 and throttle.failed() == 0
    assert throttle.tries_left() == 1
    assert throttle.failed() == 30
    now[0] += 12.5
    assert throttle.wait_left() == 18
    now[0] += 18
    assert throttle.wait_left() == 0 and throttle.tries_left() == 3
    assert "不加密" in password.EXPLANATION and "复制" in password.EXPLANATION
