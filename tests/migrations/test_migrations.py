"""Migrations cannot lose data: every revision upgrades a populated DB; a failure restores the file."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dangjian.core.common.errors import UserError
from dangjian.core.storage import migrate, revisions
from dangjian.paths import migrations_dir

from .seeders import SEEDERS, check_seeded


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if "sqlite_sequence" not in line]
    finally:
        conn.close()


def test_head_found_by_scanning_matches_alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    script = ScriptDirectory.from_config(config)
    assert revisions.head_revision() == script.get_current_head()
    assert list(revisions.known_revisions()) == [r.revision for r in reversed(list(script.walk_revisions()))]


def test_empty_file_migrates_to_head(tmp_path):
    path = tmp_path / "new.db"
    result = migrate.upgrade(path)
    assert result.from_revision is None and result.to_revision == revisions.head_revision()
    assert result.backup is None  # nothing to lose in a new file
    assert revisions.current_revision(path) == revisions.head_revision()
    assert not revisions.needs_upgrade(path)


@pytest.mark.parametrize("start", revisions.known_revisions()[:-1])
def test_upgrade_from_each_revision_keeps_the_data(tmp_path, start):
    path = tmp_path / "old.db"
    migrate.upgrade(path, target=start, backup=False)
    for revision in revisions.known_revisions()[: revisions.known_revisions().index(start) + 1]:
        if revision in SEEDERS:
            SEEDERS[revision](path)
    result = migrate.upgrade(path)
    assert result.from_revision == start
    assert result.backup is not None and result.backup.exists()
    assert revisions.current_revision(result.backup) == start
    check_seeded(path, start)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_at_head_alembic_is_not_even_imported(tmp_path, template_db):
    path = tmp_path / "head.db"
    shutil.copyfile(template_db, path)
    code = (
        "import sys; from dangjian.core.storage import migrate; "
        f"r = migrate.upgrade({str(path)!r}); "
        "print(r.changed, 'alembic' in sys.modules)"
    )
    app_dir = Path(__file__).resolve().parents[2] / "app"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(app_dir), "PATH": ""}).stdout.split()
    assert out == ["False", "False"]


def _failing_migrations(tmp_path: Path) -> Path:
    """A copy of the real migrations plus one that changes data and then fails."""
    directory = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), directory, ignore=shutil.ignore_patterns("__pycache__"))
    head = revisions.head_revision()
    (directory / "versions" / "9999_broken.py").write_text(
        f'''"""broken on purpose"""
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE settings SET value = '\\"篡改\\"'")
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    raise RuntimeError("模拟升级失败")


def downgrade():
    pass
''', encoding="utf-8")
    revisions._chain.cache_clear()
    return directory


def test_failed_migration_restores_the_database_and_names_the_backup(tmp_path, db_path, db):
    from dangjian.core.system import settings_edit

    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
    db.dispose()
    before = _dump(db_path)
    broken = _failing_migrations(tmp_path)
    try:
        with pytest.raises(UserError) as info:
            migrate.upgrade(db_path, directory=broken)
    finally:
        revisions._chain.cache_clear()
    assert "已恢复到升级前的状态" in info.value.message
    backup_path = Path(info.value.message.split("备份文件：")[1].split("）")[0])
    assert backup_path.exists()
    assert _dump(db_path) == before
    assert revisions.current_revision(db_path) == revisions.head_revision()


def test_newer_database_is_refused_and_untouched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9000_future'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(UserError, match="数据库版本高于本软件，请升级"):
        migrate.upgrade(db_path)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / "backups").exists()


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="不是党建工作台的数据库"):
        migrate.upgrade(path)
