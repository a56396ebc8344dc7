"""The CLI contract of DESIGN.md: exit codes, JSON shapes, Chinese messages without tracebacks."""

import json
import sqlite3

from dangjian import __version__

INFO_KEYS = {"version", "revision", "db_path", "orgs", "members", "budget_lines", "expenditures", "courses",
             "attendance", "activities"}


def test_version(run_cli):
    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout and "街道党建工作台" in result.stdout


def test_info_json_has_the_contract_keys(cli, db_path):
    code, out, _ = cli("--db", db_path, "info", "--json")
    data = json.loads(out)
    assert code == 0
    assert data.keys() >= INFO_KEYS
    assert data["revision"] == data["head"]
    assert data["db_path"] == str(db_path)


def test_check_json_on_a_fresh_db(cli, db_path):
    code, out, _ = cli("--db", db_path, "check", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["integrity"] == "ok" and data["foreign_keys"] == []
    assert isinstance(data["findings"], list)


def test_missing_db_is_exit_1_with_chinese_message(run_cli, tmp_path):
    result = run_cli("--db", tmp_path / "nope.db", "info")
    assert result.returncode == 1
    assert "数据库文件不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_sqlite_file_is_exit_1(run_cli, tmp_path):
    path = tmp_path / "x.db"
    path.write_text("hello", encoding="utf-8")
    for command in ("info", "check", "backup", "migrate"):
        result = run_cli("--db", path, command)
        assert result.returncode == 1, command
        assert "不是有效的数据库文件" in result.stderr
        assert "Traceback" not in result.stderr


def test_corrupt_db_is_exit_1(run_cli, db_path):
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\x00\xff" * ((4096 - 100) // 2)
    db_path.write_bytes(bytes(data))
    result = run_cli("--db", db_path, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "损坏" in result.stderr or "完整性" in result.stderr


def test_newer_schema_is_refused(run_cli, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num='9000_future'")
    conn.commit()
    conn.close()
    for command in ("info", "check", "migrate"):
        result = run_cli("--db", db_path, command)
        assert result.returncode == 1
        assert "数据库版本高于本软件，请升级" in result.stderr


def test_usage_error_is_exit_2(run_cli):
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "参数错误" in result.stderr


def test_migrate_creates_a_new_db(cli, tmp_path):
    path = tmp_path / "fresh.db"
    code, out, _ = cli("--db", path, "migrate")
    assert code == 0 and "已升级" in out
    code, out, _ = cli("--db", path, "migrate")
    assert code == 0 and "已是最新版本" in out


def test_db_env_var_is_used(run_cli, tmp_path, monkeypatch):
    path = tmp_path / "env.db"
    monkeypatch.setenv("DANGJIAN_DB", str(path))
    assert run_cli("migrate").returncode == 0
    result = run_cli("info", "--json")
    assert json.loads(result.stdout)["db_path"] == str(path)


def test_backup_and_restore_round_trip(cli, db_path, tmp_path):
    from dangjian.core.storage.db import Database
    from dangjian.core.system import settings, settings_edit

    db = Database(db_path)
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
    db.dispose()
    out_file = tmp_path / "copy.db"
    code, out, _ = cli("--db", db_path, "backup", "--out", out_file)
    assert code == 0 and out_file.exists()
    db = Database(db_path)
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "改错了")
    db.dispose()
    code, out, _ = cli("--db", db_path, "restore", out_file)
    assert code == 0 and "已从" in out
    db = Database(db_path)
    with db.read() as session:
        assert settings.get(session, "general.unit_name") == "湘龙街道党工委"
    db.dispose()


def test_restore_of_a_bad_file_is_exit_1(cli, db_path, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("nope", encoding="utf-8")
    code, _, err = cli("--db", db_path, "restore", bad)
    assert code == 1 and "不是有效的备份文件" in err


def test_demo_refuses_a_db_with_data(cli, demo_db_path):
    code, _, err = cli("--db", demo_db_path, "demo")
    assert code == 1 and "已有" in err


def test_unknown_export_kind(cli, db_path, tmp_path):
    code, _, err = cli("--db", db_path, "export", "nonsense", tmp_path / "x.pdf")
    assert code == 1 and "不支持的报表类型" in err


def test_export_wrong_extension(cli, db_path, tmp_path):
    code, _, err = cli("--db", db_path, "export", "settings", tmp_path / "x.txt")
    assert code == 1 and ".pdf" in err
