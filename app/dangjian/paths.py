"""Where bundled resources, migrations and user data live — in a checkout, an installed wheel or a
frozen PyInstaller bundle alike."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import APP_ID

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled_dir(name: str) -> Path:
    # Wheel and frozen bundle: force-included next to the package. Checkout/editable: the repo top level.
    candidates = [_PACKAGE_DIR / name, _PACKAGE_DIR.parents[1] / name]
    if getattr(sys, "frozen", False):
        candidates.insert(0, Path(getattr(sys, "_MEIPASS", _PACKAGE_DIR)) / "dangjian" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled directory {name!r} not found in {candidates}")


def resources_dir() -> Path:
    return _bundled_dir("resources")


def resource_path(relative: str) -> Path:
    return resources_dir() / relative


def migrations_dir() -> Path:
    return _bundled_dir("migrations")


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def default_db_path() -> Path:
    """`DANGJIAN_DB` wins over the per-user default."""
    env = os.environ.get("DANGJIAN_DB")
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "dangjian.db"


def backups_dir_for(db_path: Path) -> Path:
    """Backups sit beside the database, so a DB moved with --db keeps its own history."""
    return Path(db_path).resolve().parent / "backups"


def attachments_dir_for(db_path: Path) -> Path:
    """Attachment files (by content hash) sit beside the database, like its backups."""
    return Path(db_path).resolve().parent / "attachments"
