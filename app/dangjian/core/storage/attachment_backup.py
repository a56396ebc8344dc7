"""Attachments in backups: a content-addressed store `attachments/` beside the backup files.

Stored files never change (their name is their hash), so each is copied once however many backups refer to
it; a restore refills the live store with any file the restored database needs and the live store lacks;
rotation drops the files no remaining backup refers to.
"""

from __future__ import annotations

import os
from pathlib import Path

from ...paths import attachments_dir_for
from .attachment_store import file_sha256, put_file, referenced_hashes, stored_path


def backup_store(backup_file: Path) -> Path:
    return Path(backup_file).parent / "attachments"


def save_attachments(db_path: Path, backup_file: Path) -> int:
    """Copy into the backup store the files `backup_file` refers to that it lacks; returns how many."""
    live, store = attachments_dir_for(db_path), backup_store(backup_file)
    copied = 0
    for sha in referenced_hashes(backup_file):
        source = stored_path(live, sha)
        if source.is_file() and not stored_path(store, sha).exists():
            put_file(store, source, sha)
            copied += 1
    return copied


def refill_attachments(db_path: Path, backup_file: Path) -> list[str]:
    """After a restore: copy back the files the database needs that the live store lacks or holds altered
    (restores are rare, so every file is hashed). Returns the hashes found intact in neither store (reported
    by the attachment check)."""
    live, store = attachments_dir_for(db_path), backup_store(backup_file)
    lost = []
    for sha in referenced_hashes(db_path):
        if stored_path(live, sha).is_file() and file_sha256(stored_path(live, sha)) == sha:
            continue
        if stored_path(store, sha).is_file():
            put_file(live, stored_path(store, sha), sha)
        else:
            lost.append(sha)
    return lost


def prune_store(directory: Path, kept_backups: list[Path]) -> int:
    """Delete the store files that none of `kept_backups` refers to; returns how many."""
    store = Path(directory) / "attachments"
    if not store.is_dir():
        return 0
    wanted: set[str] = set()
    for backup in kept_backups:
        wanted |= referenced_hashes(backup)
    removed = 0
    for path in store.glob("??/*"):
        if path.name not in wanted:
            os.unlink(path)
            removed += 1
    return removed
