"""The CLI operations the crash trials kill, each with how to set up its starting files."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from .crash import Operation, cli_command, cli_env

_TEMPLATES: dict[str, Path] = {}


def _template(workdir: Path, name: str, args: list[str] | None) -> Path:
    """A DB built once per run (migrated, optionally filled by a CLI command), copied per trial."""
    key = f"{workdir}:{name}"
    if key not in _TEMPLATES:
        path = workdir / "templates" / f"{name}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        for command in (["migrate"], args):
            if command:
                subprocess.run(cli_command(path, command), env=cli_env(), check=True, capture_output=True,
                               stdin=subprocess.DEVNULL)
        _checkpoint(path)
        _TEMPLATES[key] = path
    return _TEMPLATES[key]


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _copy(source: Path, directory: Path, name: str = "dangjian.db") -> Path:
    target = directory / name
    shutil.copyfile(source, target)
    return target


def demo(members: int = 3000) -> Operation:
    """demo into an empty database: afterwards it is either empty or holds the whole demo."""

    def prepare(directory: Path):
        empty = _template(directory.parent, "empty", None)
        return _copy(empty, directory), ["demo", "--members", str(members)]

    return Operation("demo", prepare)


def restore(members: int = 3000) -> Operation:
    """restore over a database with other content: afterwards it holds the old or the restored data."""

    def prepare(directory: Path):
        current = _template(directory.parent, "empty", None)
        backup = _template(directory.parent, "demo-backup", ["demo", "--members", str(members)])
        return _copy(current, directory), ["restore", str(_copy(backup, directory, "backup.db"))]

    return Operation("restore", prepare)


def import_members(rows: int = 10_000) -> Operation:
    """import members of a 10,000-row sheet into a database with organisations: all rows or none."""
    from .sheets import write_member_sheet

    def prepare(directory: Path):
        base = _template(directory.parent, "orgs-only", ["demo", "--members", "0"])
        sheet = directory.parent / "templates" / f"members-{rows}.xlsx"
        if not sheet.exists():
            write_member_sheet(sheet, base, rows)
        return _copy(base, directory), ["import", "members", str(sheet)]

    return Operation("import members", prepare)


def generate_budgets(members: int = 2000) -> Operation:
    """budget generation for next year (standards copied in the same step) on a demo database."""
    from datetime import date

    this_year = date.today().year

    def prepare(directory: Path):
        base = _template(directory.parent, "demo-budgets", ["demo", "--members", str(members)])
        return _copy(base, directory), ["budgets", "generate", "--year", str(this_year + 1),
                                        "--copy-from", str(this_year)]

    return Operation("budgets generate", prepare)
