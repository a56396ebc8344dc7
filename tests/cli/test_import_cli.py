"""`dangjian import members FILE [--org NAME] [--dry-run] [--json]`: JSON shape and exit codes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dangjian.core.storage.db import Database
from member_helpers import make_id, make_orgs
from member_helpers import save_sheet as sheet

LOST = "号码已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整号码"


@pytest.fixture
def orgs(db_path):
    db = Database(db_path)
    with db.write() as session:
        result = make_orgs(session)
    db.dispose()
    return result


def count(db_path) -> int:
    db = Database(db_path)
    with db.read() as session:
        from dangjian.core.members.roster import live_count

        value = live_count(session)
    db.dispose()
    return value


def test_clean_import_json(cli, db_path, orgs, tmp_path):
    path = sheet(tmp_path, [["姓名", "身份证号", "入党日期"], ["张三", make_id(1), "2010.07"],
                            ["李四", make_id(2, date(1990, 1, 2), "女"), "2012-07-01"]])
    code, out, err = cli("--db", db_path, "import", "members", path, "--org", "西湖社区党支部", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"ok", "rows", "created", "updated", "errors", "warnings"} <= data.keys()
    assert (data["ok"], data["rows"], data["created"], data["updated"]) == (True, 2, 2, 0)
    assert data["errors"] == [] and data["warnings"] == []
    assert count(db_path) == 2


def test_dry_run_writes_nothing(cli, db_path, orgs, tmp_path):
    path = sheet(tmp_path, [["姓名", "身份证号"], ["张三", make_id(1)]])
    code, out, _ = cli("--db", db_path, "import", "members", path, "--org", "西湖社区党支部", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["created"] == 1
    assert count(db_path) == 0


def test_refused_import_exit_1_lists_rows(cli, db_path, orgs, tmp_path):
    path = sheet(tmp_path, [["标题"], ["姓名", "身份证号", "所在支部"], ["张三", make_id(1), "西湖社区党支部"],
                            ["李四", float(make_id(2)), "西湖社区党支部"], ["王五", make_id(3), "月球支部"]])
    code, out, err = cli("--db", db_path, "import", "members", path, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and data["created"] == 0
    assert data["errors"] == [
        {"row": 4, "column": "身份证号", "message": LOST},
        {"row": 5, "column": "所在支部", "message": "“月球支部”不存在，请先在党组织页面添加或核对名称"},
    ]
    assert "导入被拒绝，数据库未改变" in err and "第4行“身份证号”" in err
    assert count(db_path) == 0


def test_plain_output_and_warnings(cli, db_path, orgs, tmp_path):
    path = sheet(tmp_path, [["姓名", "性别", "身份证号"], ["张三", "女", make_id(1)]])
    code, out, _ = cli("--db", db_path, "import", "members", path, "--org", "西湖社区党支部")
    assert code == 0
    assert "共 1 行：新增 1，更新 0" in out
    assert "提醒：第2行“性别”：“女”与公民身份号码不符，按号码记为男" in out


def test_bad_file_and_unknown_org_exit_1(run_cli, db_path, orgs, tmp_path):
    text = tmp_path / "名单.xlsx"
    text.write_text("姓名,身份证号\n", encoding="utf-8")
    result = run_cli("--db", db_path, "import", "members", text, "--org", "西湖社区党支部")
    assert result.returncode == 1 and "不是有效的 xlsx 文件" in result.stderr
    assert "Traceback" not in result.stderr
    good = sheet(tmp_path, [["姓名", "身份证号"], ["张三", make_id(1)]], name="好.xlsx")
    result = run_cli("--db", db_path, "import", "members", good, "--org", "火星支部")
    assert result.returncode == 1 and "找不到党组织“火星支部”" in result.stderr


def test_usage_errors_exit_2(run_cli, db_path):
    assert run_cli("--db", db_path, "import", "members").returncode == 2
    result = run_cli("--db", db_path, "import", "members", "x.xlsx", "--bogus")
    assert result.returncode == 2


def test_unknown_kind_exit_1(cli, db_path, tmp_path):
    code, _, err = cli("--db", db_path, "import", "nothing", tmp_path / "x.xlsx")
    assert code == 1 and "不支持导入“nothing”" in err
