"""Which schema revision a database is at, and which ones this app knows, read without alembic.

The chain comes from scanning the migration scripts' `revision`/`down_revision` lines, the DB's revision
straight from SQLite (read-only), so start-up, backups and restore can compare them without importing
alembic. Standard library only; `migrate` and `backup` both build on it.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

from ...paths import migrations_dir as default_migrations_dir
from ..common.errors import UserError
from .sqlite_file import read_only_uri

NEWER_SCHEMA = "数据库版本高于本软件，请升级"
_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@cache
def _chain(directory: Path) -> tuple[str, ...]:
    """Revisions from first to head, read from the scripts without importing alembic."""
    parents: dict[str, str | None] = {}
    for script in (directory / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev and down:
            parents[rev[1]] = down[1]
    children = {parent: child for child, parent in parents.items()}
    if len(children) != len(parents):
        raise RuntimeError("migration history has branches; merge them")
    chain, current = [], None
    while current in children:
        current = children[current]
        chain.append(current)
    return tuple(chain)


def known_revisions(directory: Path | None = None) -> tuple[str, ...]:
    return _chain(Path(directory or default_migrations_dir()))


def head_revision(directory: Path | None = None) -> str:
    return known_revisions(directory)[-1]


def current_revision(db_path: Path) -> str | None:
    """The DB's revision; None for an empty/new file. Raises UserError for a non-dangjian database."""
    db_path = Path(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                if tables:
                    raise UserError(f"该文件不是党建工作台的数据库：{db_path}")
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise UserError(f"数据库文件已损坏或不是数据库：{db_path}") from None
    return row[0] if row else None


def needs_upgrade(db_path: Path, directory: Path | None = None) -> bool:
    revision = current_revision(db_path)
    chain = known_revisions(directory)
    if revision is not None and revision not in chain:
        raise UserError(NEWER_SCHEMA)
    return revision != chain[-1]
