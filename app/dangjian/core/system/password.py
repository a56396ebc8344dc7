"""Optional start-up password: an argon2id hash in the settings table, and a wrong-try throttle.

It keeps a passer-by at an unlocked PC out of the GUI. It does not encrypt the file: anyone who can copy
the database (or run the command line, which is deliberately not locked) can read it. The dialogs say so.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.errors import UserError
from ..storage.sqlite_file import read_only_uri

if TYPE_CHECKING:  # start-up reads the hash before SQLAlchemy is loaded
    from sqlalchemy.orm import Session

KEY = "security.password_hash"
MIN_LENGTH = 4
MAX_TRIES = 3
WAIT_SECONDS = 30
EXPLANATION = ("启动密码只防止他人随手打开本软件查看数据；它不加密数据库文件，"
               "能复制硬盘或数据库文件的人仍能读取其中的内容。命令行工具不受密码限制。")


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current recommended parameters


def stored_hash(db_path: Path) -> str:
    """The hash, read with the standard library before SQLAlchemy loads (start-up); '' when none."""
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ? AND year IS NULL", (KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return ""
    return json.loads(row[0]) if row else ""


def is_set(session: Session) -> bool:
    from . import settings

    return bool(settings.get(session, KEY))


def verify_hash(hash_text: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(hash_text, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(session: Session, password: str, confirm: str, current: str = "") -> None:
    """Set or change the password (the current one is required to change it). Audited, never logged."""
    from . import settings, settings_edit

    existing = settings.get(session, KEY)
    if existing and not verify_hash(existing, current):
        raise UserError("原密码不正确。")
    if len(password) < MIN_LENGTH:
        raise UserError(f"密码至少 {MIN_LENGTH} 位。")
    if password != confirm:
        raise UserError("两次输入的密码不一致。")
    settings_edit.set_value(session, KEY, _hasher().hash(password))


def clear_password(session: Session, current: str) -> None:
    from . import settings, settings_edit

    existing = settings.get(session, KEY)
    if not existing:
        return
    if not verify_hash(existing, current):
        raise UserError("原密码不正确，未取消密码。")
    settings_edit.set_value(session, KEY, "")


@dataclass
class Throttle:
    """Three wrong tries, then a 30-second wait before the next one; the clock is injectable for tests."""

    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    locked_until: float = field(default=0.0)

    def wait_left(self) -> int:
        """Whole seconds still to wait (0 = may try now)."""
        return max(0, int(self.locked_until - self.clock() + 0.999))

    def failed(self) -> int:
        """Record a wrong try; returns the seconds to wait now (0 if more tries are allowed)."""
        self.failures += 1
        if self.failures % MAX_TRIES == 0:
            self.locked_until = self.clock() + WAIT_SECONDS
        return self.wait_left()

    def tries_left(self) -> int:
        return MAX_TRIES - self.failures % MAX_TRIES
