"""DANGJIAN_QUIT_AFTER_MS: the GUI starts, shows its window and quits cleanly by itself (the bundle's
smoke test and start-up benchmark rely on it)."""

from dangjian.core.storage import revisions


def test_gui_quits_by_itself_after_the_first_window(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DANGJIAN_QUIT_AFTER_MS", "0")
    db = tmp_path / "gui.db"
    result = run_cli("--db", db, timeout=60)
    assert result.returncode == 0, result.stderr
    assert revisions.current_revision(db) == revisions.head_revision()  # it really got as far as the window
    assert not (tmp_path / "gui.db.lock").exists()  # the instance lock was released on the way out
