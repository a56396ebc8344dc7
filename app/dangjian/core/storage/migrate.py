"""Schema upgrades that cannot lose data.

Start-up reads the revision straight from SQLite and compares it with the head found by scanning the
migration scripts, so alembic is imported only when an upgrade is really needed. An upgrade backs the
file up first, runs every step in one transaction with foreign keys off (batch table rebuilds need
that), checks foreign keys afterwards, and puts the backup back on any failure.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ...paths import migrations_dir as default_migrations_dir
from ..common.errors import UserError
from .backup import create_backup
from .revisions import NEWER_SCHEMA, current_revision, known_revisions
from .sqlite_file import read_only_uri


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def upgrade(db_path: Path, *, directory: Path | None = None, target: str = "head",
            backup: bool = True) -> MigrationResult:
    """Bring the database to `target` (default head). Creates the file when it does not exist."""
    db_path = Path(db_path)
    directory = Path(directory or default_migrations_dir())
    before = current_revision(db_path)
    chain = known_revisions(directory)
    if before is not None and before not in chain:
        raise UserError(NEWER_SCHEMA)
    wanted = chain[-1] if target == "head" else target
    if before == wanted:
        return MigrationResult(before, wanted, None)
    backup_path = create_backup(db_path, reason="pre-migrate") if backup and before is not None else None
    try:
        _run_alembic(db_path, directory, wanted)
    except Exception as exc:
        if backup_path is not None:
            _put_back(backup_path, db_path)
            raise UserError(f"数据库升级失败，已恢复到升级前的状态（备份文件：{backup_path}）。原因：{exc}") from exc
        raise UserError(f"数据库初始化失败：{exc}") from exc
    return MigrationResult(before, wanted, backup_path)


def _run_alembic(db_path: Path, directory: Path, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    from .db import create_sqlite_engine

    engine = create_sqlite_engine(db_path)
    try:
        with engine.connect() as connection:
            # On the raw connection, before SQLAlchemy begins: SQLite ignores these inside a transaction.
            raw = connection.connection.dbapi_connection
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute("PRAGMA synchronous=FULL")
            with connection.begin():
                config = Config()
                config.set_main_option("script_location", str(directory))
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"外键检查失败：{problems[:5]}")
    finally:
        engine.dispose()


def _put_back(backup_path: Path, db_path: Path) -> None:
    """Copy the pre-migration snapshot back over the database, page by page."""
    src = sqlite3.connect(read_only_uri(backup_path), uri=True)
    dst = sqlite3.connect(db_path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
