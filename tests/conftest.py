"""Shared fixtures. Qt runs offscreen; user dirs point into a temp folder so tests never touch $HOME.

A template database is migrated once per session and copied per test (Anki's getEmptyCol idea);
a demo database likewise, because building it per test would dominate the run time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="dangjian-tests-"))
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ.pop("DANGJIAN_DB", None)

import pytest  # noqa: E402

from dangjian.core.storage import migrate  # noqa: E402
from dangjian.core.storage.db import Database  # noqa: E402

APP_DIR = Path(__file__).resolve().parents[1] / "app"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(path, backup=False)
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, template_db) -> Path:
    """A migrated DB with the standard demo (300 members) built once per test session."""
    from dangjian.core.demo.build import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(template_db, path)
    db = Database(path)
    with db.write() as session:
        build_demo(session, members=300)
    db.dispose()
    return path


def _copy_db(source: Path, target_dir: Path) -> Path:
    target = target_dir / "dangjian.db"
    shutil.copyfile(source, target)
    return target


@pytest.fixture
def db_path(tmp_path, template_db) -> Path:
    """Path of a fresh, migrated, empty database in this test's tmp_path."""
    return _copy_db(template_db, tmp_path)


@pytest.fixture
def db(db_path):
    database = Database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def demo_db_path(tmp_path, demo_template) -> Path:
    return _copy_db(demo_template, tmp_path)


@pytest.fixture
def demo_db(demo_db_path):
    database = Database(demo_db_path)
    yield database
    database.dispose()


@pytest.fixture
def run_cli():
    """Run `dangjian ARGS` in a subprocess (exit codes, stderr, no shared state)."""

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": f"{APP_DIR}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        return subprocess.run([sys.executable, "-m", "dangjian", *map(str, args)], capture_output=True,
                              text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL)

    return run


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from dangjian.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
