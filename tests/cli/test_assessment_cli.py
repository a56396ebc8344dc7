"""`dangjian import indicators|ballots FILE --year Y`: all-or-nothing with row numbers on stderr, exit 1 when
refused; `dangjian check` reports overdue 整改 measures."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dangjian.core.assessment import problems, reviews
from dangjian.core.storage.db import Database
from member_helpers import make_orgs, save_sheet

YEAR = 2025


@pytest.fixture
def orgs(db_path):
    db = Database(db_path)
    with db.write() as session:
        ids = make_orgs(session)
    db.dispose()
    return ids


def test_indicator_import_refused_then_accepted(cli, db_path, orgs, tmp_path):
    header = ["指标名称", "分值", "计算方式"]
    short = save_sheet(tmp_path, [header, ["三会一课", 50, "三会一课完成率"], ["阵地建设", 40, "手工评分"]], "a.xlsx")
    code, _, err = cli("--db", db_path, "import", "indicators", short, "--year", YEAR)
    assert code == 1 and "合计为90分" in err
    full = save_sheet(tmp_path, [header, ["三会一课", 60, "三会一课完成率"], ["阵地建设", 40, "手工评分"]], "b.xlsx")
    code, out, err = cli("--db", db_path, "import", "indicators", full, "--year", YEAR, "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 2


def test_ballot_import_names_the_rows_and_writes_nothing(cli, db_path, orgs, tmp_path):
    sheet = save_sheet(tmp_path, [["党组织", "书记", "应到", "好", "较好", "一般", "差"],
                                  ["西湖社区党支部", "陈书记", 10, 8, 2, 0, 0],
                                  ["东湖社区第一党支部", "刘书记", 10, 8, 2, 1, 0]])
    code, _, err = cli("--db", db_path, "import", "ballots", sheet, "--year", YEAR)
    assert code == 1 and "第3行" in err and "超过应到10人" in err
    db = Database(db_path)
    with db.read() as session:
        assert reviews.review_rows(session, YEAR) == []
    db.dispose()


def test_check_reports_an_overdue_measure(cli, db_path, orgs):
    db = Database(db_path)
    with db.write() as session:
        pid = problems.add_problem(session, problems.ProblemFields(orgs["xihu"], YEAR, "台账不全", "inspection",
                                                                   date(YEAR, 3, 1))).id
        problems.add_measure(session, pid, problems.MeasureFields("补齐台账", "王强", date(YEAR, 4, 1)))
    db.dispose()
    _, out, _ = cli("--db", db_path, "check", "--json")
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert "assessment.rectification_overdue" in rules
