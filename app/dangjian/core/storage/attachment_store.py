"""The attachment file store: content-addressed files under <dir>/<sha256[:2]>/<sha256>. Standard library only,
so backups and start-up checks can use it without loading the database layer."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

CHUNK = 1 << 20
# Every table whose rows point at stored files by their sha256 column.
ATTACHMENT_TABLES = ("activity_attachments", "attachments")


def stored_path(store: Path, sha256: str) -> Path:
    return Path(store) / sha256[:2] / sha256


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def put_file(store: Path, source: Path, sha256: str) -> Path:
    """Copy `source` into the store under its hash (atomically). An intact file already there is kept; an
    altered one is replaced, so adding the file again repairs it."""
    target = stored_path(store, sha256)
    if target.is_file() and file_sha256(target) == sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    shutil.copyfile(source, partial)
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return target


def referenced_hashes(db_file: Path) -> set[str]:
    """Hashes a database file refers to (used by backups; plain sqlite so any revision's backup can be read)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {r[0] for table in ATTACHMENT_TABLES if table in tables
                for r in conn.execute(f"SELECT DISTINCT sha256 FROM {table}")}
    finally:
        conn.close()
