"""党建责任与考核: 责任清单 and 月调度, 问题 → 整改 → 销号 (by hand and by a cleared finding), indicators scored by
hand and from the data, ranking, 述职评议 grading at its thresholds, and the two all-or-nothing imports."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dangjian.core.assessment import duties, indicators, problems, reviews
from dangjian.core.assessment.scope import assessed_orgs
from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.common.findings import Finding
from dangjian.core.members.roster import add_member
from dangjian.core.models import Attachment, Indicator, SecretaryReview
from dangjian.core.orgs.committees import SeatFields, add_seat
from dangjian.core.spreadsheets.importing import ImportOptions
from dangjian.core.storage.attachment_store import referenced_hashes
from dangjian.core.system import settings_edit, trash
from member_helpers import make_orgs, member_input, save_sheet

YEAR = 2026
TODAY = date(YEAR, 7, 15)


@pytest.fixture
def orgs(db):
    with db.write() as session:
        ids = make_orgs(session)
        secretary = add_member(session, member_input(ids["first"], 1, name="刘书记"), today=date(2024, 1, 1))
        add_seat(session, ids["first"], SeatFields("secretary", date(2024, 1, 1), member_id=secretary.id))
    return ids


def test_assessed_orgs_are_committees_and_branches_with_their_secretary(db, orgs):
    with db.read() as session:
        found = assessed_orgs(session, TODAY)
        assert [o.name for o in found] == ["东湖社区党委", "东湖社区第一党支部", "东湖社区第二党支部", "西湖社区党支部"]
        assert {o.name: o.secretary for o in found}["东湖社区第一党支部"] == "刘书记"
        assert [o.name for o in assessed_orgs(session, TODAY, orgs["donghu"])] == [
            "东湖社区党委", "东湖社区第一党支部", "东湖社区第二党支部"]


def test_duty_needs_a_reference_for_a_document_and_refuses_the_street_org(db, orgs):
    with db.write() as session:
        with pytest.raises(ValidationError, match="文号或会议"):
            duties.add_duty(session, duties.DutyFields(orgs["first"], YEAR, "落实阵地建设", "王强", "document"))
        with pytest.raises(UserError, match="不列入考核"):
            duties.add_duty(session, duties.DutyFields(orgs["root"], YEAR, "任务", "王强"))
        item = duties.add_duty(session, duties.DutyFields(orgs["first"], YEAR, "落实阵地建设", "王强", "document",
                                                          "长组通〔2026〕3号", date(YEAR, 6, 30)))
    with db.read() as session:
        row = duties.duty_rows(session, YEAR, today=TODAY)[0]
        assert (row.id, row.first_owner, row.overdue, row.last_status) == (item.id, "刘书记", True, "")


def test_monthly_dispatch_lists_the_unreported_and_drops_items_done_earlier(db, orgs):
    with db.write() as session:
        a = duties.add_duty(session, duties.DutyFields(orgs["first"], YEAR, "党员积分管理", "王强")).id
        b = duties.add_duty(session, duties.DutyFields(orgs["second"], YEAR, "楼宇党建阵地", "李敏")).id
        duties.report_month(session, a, YEAR, 5, "done", "已完成", date(YEAR, 5, 25))
        duties.report_month(session, b, YEAR, 5, "on_track", "", date(YEAR, 5, 25))
        duties.report_month(session, b, YEAR, 5, "delayed", "场地未落实", date(YEAR, 5, 26))  # corrects May
    with db.read() as session:
        may = duties.dispatch_rows(session, YEAR, 5)
        assert [(r.duty_id, r.status) for r in may] == [(a, "done"), (b, "delayed")]
        assert [r.duty_id for r in duties.unreported(session, YEAR, 6)] == [b]  # a was done in May
        assert duties.duty_rows(session, YEAR, today=TODAY)[1].last_note == "场地未落实"
    with db.write() as session:
        with pytest.raises(ValidationError, match="2026年"):
            duties.report_month(session, a, YEAR + 1, 1, "done")
        duties.delete_duty(session, b)
    with db.read() as session:
        assert [r.duty_id for r in duties.unreported(session, YEAR, 6)] == []
        assert [i.title for i in trash.items(session, "duty_item")] == ["2026年 楼宇党建阵地"]


def _problem(session, orgs, **kw) -> int:
    fields = problems.ProblemFields(orgs["first"], YEAR, kw.get("text", "党员活动室台账不全"),
                                    kw.get("source", "inspection"), date(YEAR, 3, 10), "督查组")
    return problems.add_problem(session, fields).id


def test_problem_closes_when_every_measure_is_closed_and_reopens(db, orgs, tmp_path):
    evidence = tmp_path / "整改照片.jpg"
    evidence.write_bytes(b"jpeg")
    with db.write() as session:
        pid = _problem(session, orgs)
        m1 = problems.add_measure(session, pid, problems.MeasureFields("补齐台账", "王强", date(YEAR, 4, 30))).id
        m2 = problems.add_measure(session, pid, problems.MeasureFields("落实专人", "李敏", date(YEAR, 5, 31))).id
        with pytest.raises(ValidationError, match="不能早于"):
            problems.add_measure(session, pid, problems.MeasureFields("x", "y", date(YEAR, 3, 1)))
        problems.add_progress(session, m2, date(YEAR, 5, 1), "已确定人选")
        problems.close_measure(session, m1, date(YEAR, 4, 28), "台账已补齐", evidence)
    with db.read() as session:
        row = problems.problem_rows(session, YEAR, today=TODAY)[0]
        assert (row.open_measures, row.closed_on, row.overdue) == (1, None, True)  # m2 is past 5月31日
        measures = {m.id: m for m in problems.measure_rows(session, YEAR, today=TODAY)}
        assert measures[m1].evidence[0][1] == "整改照片.jpg" and not measures[m1].late
        assert measures[m2].overdue and measures[m2].notes == ((date(YEAR, 5, 1), "已确定人选"),)
        assert problems.evidence_path(session, measures[m1].evidence[0][0]).read_bytes() == b"jpeg"
        findings = problems.assessment_findings(session, TODAY)
        assert [f.rule for f in findings] == ["assessment.rectification_overdue"]
    assert len(referenced_hashes(db.path)) == 1  # backups keep the evidence file
    with db.write() as session:
        problems.close_measure(session, m2, date(YEAR, 6, 5), "已落实")
        with pytest.raises(UserError, match="已销号"):
            problems.close_measure(session, m2, date(YEAR, 6, 5), "again")
    with db.read() as session:
        row = problems.problem_rows(session, YEAR, today=TODAY)[0]
        assert (row.closed_on, row.closed_how) == (date(YEAR, 6, 5), "rectified")
        assert problems.measure_rows(session, YEAR, today=TODAY)[1].late
    with db.write() as session:
        problems.reopen_measure(session, m2)
    with db.read() as session:
        assert problems.problem_rows(session, YEAR, today=TODAY)[0].closed_how == ""


def test_a_finding_becomes_a_problem_once_and_is_closed_when_it_clears(db, orgs):
    finding = Finding("error", "org.min_formal_members", "正式党员不足3名", orgs["first"], "东湖社区第一党支部")
    info = Finding("info", "term.missing", "未登记届次", orgs["first"], "东湖社区第一党支部")
    own = Finding("warning", "assessment.rectification_overdue", "逾期", orgs["first"], "东湖社区第一党支部")
    street = Finding("error", "org.x", "街道", orgs["root"], "湘龙街道党工委")
    with db.write() as session:
        assert problems.finding_candidates(session, [finding, finding, info, own, street], YEAR) == [finding]
        problem = problems.problem_from_finding(session, finding, TODAY)
        assert (problem.source, problem.finding_rule) == ("finding", "org.min_formal_members")
        assert problems.finding_candidates(session, [finding], YEAR) == []
        with pytest.raises(UserError, match="已在问题清单"):
            problems.problem_from_finding(session, finding, TODAY)
        assert problems.close_cleared(session, [finding], TODAY) == 0
        assert problems.cleared_problems(session, []) == [problem.id]
        assert problems.close_cleared(session, [], date(YEAR, 8, 1)) == 1
    with db.read() as session:
        row = problems.problem_rows(session, YEAR)[0]
        assert (row.closed_on, row.closed_how) == (date(YEAR, 8, 1), "cleared")
        assert problems.finding_candidates(session, [finding], YEAR) == [finding]  # it may come back


def _indicator(session, name, weight, method="manual", max_score=100):
    return indicators.add_indicator(session, indicators.IndicatorFields(YEAR, name, weight, max_score, method)).id


def test_scores_weighted_ranked_with_ties_and_computed_rectification(db, orgs):
    with db.write() as session:
        manual = _indicator(session, "阵地建设", 60, max_score=10)
        rect = _indicator(session, "整改销号", 40, "rectification")
        indicators.set_score(session, manual, orgs["first"], 85)  # 8.5 of 10 → 51.0 of 60
        indicators.set_score(session, manual, orgs["second"], 85)
        indicators.set_score(session, manual, orgs["xihu"], 100)
        with pytest.raises(ValidationError, match="0—10分"):
            indicators.set_score(session, manual, orgs["xihu"], 101)
        with pytest.raises(UserError, match="自动计算"):
            indicators.set_score(session, rect, orgs["xihu"], 10)
        pid = _problem(session, orgs)
        late = problems.add_measure(session, pid, problems.MeasureFields("补齐台账", "王强", date(YEAR, 4, 30))).id
        problems.add_measure(session, pid, problems.MeasureFields("专人", "李敏", date(YEAR, 4, 30)))
        problems.close_measure(session, late, date(YEAR, 4, 20), "按期")
    with db.read() as session:
        board = indicators.scoreboard(session, YEAR, TODAY)
    by_org = {r.org: r for r in board.rows}
    assert board.weight_total == 100
    assert by_org["西湖社区党支部"].total_tenths == 1000 and by_org["西湖社区党支部"].rank == 1
    assert by_org["东湖社区第一党支部"].scores[rect] == 500  # one of two due measures closed on time
    assert by_org["东湖社区第一党支部"].total_tenths == 510 + 200
    assert by_org["东湖社区第一党支部"].weighted == {manual: 510, rect: 200}
    assert by_org["东湖社区第二党支部"].total_tenths == 510 + 400 and by_org["东湖社区第二党支部"].rank == 2
    assert by_org["东湖社区党委"].scores[manual] is None and by_org["东湖社区党委"].rank == 4


def test_equal_totals_share_a_rank(db, orgs):
    with db.write() as session:
        ind = _indicator(session, "综合", 100)
        for key in ("first", "second"):
            indicators.set_score(session, ind, orgs[key], 900)
        indicators.set_score(session, ind, orgs["xihu"], 800)
    with db.read() as session:
        ranks = {r.org: r.rank for r in indicators.scoreboard(session, YEAR, TODAY).rows}
    assert (ranks["东湖社区第一党支部"], ranks["东湖社区第二党支部"], ranks["西湖社区党支部"]) == (1, 1, 3)


def test_indicator_import_refuses_weights_not_adding_up_and_bad_rows(db, orgs, tmp_path):
    header = ["指标名称", "分值", "满分", "计算方式", "评分方法"]
    bad = save_sheet(tmp_path, [header, ["三会一课", 30, 100, "三会一课完成率", "按完成率"],
                                ["学时", 30, "", "学时达标率", ""], ["阵地", 30, 10, "手工", ""]], "bad.xlsx")
    result = indicators.import_indicators(db, bad, ImportOptions(year=YEAR))
    assert not result.written and [(e.row, e.column) for e in result.errors] == [(4, "计算方式")]
    short = save_sheet(tmp_path, [header, ["三会一课", 30, 100, "三会一课完成率", ""],
                                  ["学时", 60, "", "学时达标率", ""]], "short.xlsx")
    result = indicators.import_indicators(db, short, ImportOptions(year=YEAR))
    assert not result.written and "合计为90分" in result.errors[0].message
    good = save_sheet(tmp_path, [header, ["三会一课", 40, 100, "三会一课完成率", ""],
                                 ["学时", 60, "", "学时达标率", ""]], "good.xlsx")
    result = indicators.import_indicators(db, good, ImportOptions(year=YEAR))
    assert result.written and result.created == 2
    with db.read() as session:
        assert indicators.weight_total(session, YEAR) == 100
        assert [i.method for i in indicators.indicators_of(session, YEAR)] == ["meetings", "training"]
    with db.write() as session:  # nothing written by the refused files
        assert session.scalar(select(func.count()).select_from(Indicator)) == 2
    again = save_sheet(tmp_path, [header, ["三会一课", 30, 100, "三会一课完成率", "按期数"],
                                  ["阵地", 10, 10, "手工评分", ""]], "again.xlsx")  # 学时 60 stays: 100
    result = indicators.import_indicators(db, again, ImportOptions(year=YEAR))
    assert result.written and (result.created, result.updated) == (1, 1)
    with db.read() as session:
        assert [(i.name, i.weight) for i in indicators.indicators_of(session, YEAR)] == [
            ("三会一课", 30), ("学时", 60), ("阵地", 10)]


@pytest.mark.parametrize(("votes", "grade"), [
    ((9, 1, 0, 0), "excellent"),  # (9×100 + 80) / 10 = 98
    ((5, 4, 1, 0), "good"),  # (500 + 320 + 60) / 10 = 88: just below 好
    ((0, 10, 0, 0), "good"),  # exactly 80
    ((0, 0, 10, 0), "fair"),  # exactly 60
    ((0, 0, 9, 1), "poor"),  # 54
])
def test_review_grade_at_its_thresholds(db, orgs, votes, grade):
    with db.write() as session:
        reviews.save_review(session, reviews.ReviewFields(orgs["first"], YEAR, "刘书记", date(YEAR, 12, 20), 10,
                                                          *votes))
    with db.read() as session:
        row = reviews.review_rows(session, YEAR)[0]
    assert row.grade == grade and row.cast == 10


def test_review_refuses_more_votes_than_expected_and_low_turnout_is_ungraded(db, orgs):
    with db.write() as session:
        with pytest.raises(ValidationError, match="超过应到10人"):
            reviews.save_review(session, reviews.ReviewFields(orgs["first"], YEAR, "刘书记", None, 10, 5, 5, 1, 0))
        reviews.save_review(session, reviews.ReviewFields(orgs["first"], YEAR, "刘书记", None, 10, 4, 0, 0, 0))
        settings_edit.set_value(session, "review.min_turnout", 40, YEAR)
    with db.read() as session:
        assert reviews.review_rows(session, YEAR)[0].grade == "excellent"  # 4 of 10 is 40%: enough now
    with db.write() as session:
        settings_edit.set_value(session, "review.min_turnout", 41, YEAR)
    with db.read() as session:
        row = reviews.review_rows(session, YEAR)[0]
        assert (row.score_tenths, row.grade) == (None, "")


def test_ballot_import_is_all_or_nothing_with_row_numbers(db, orgs, tmp_path):
    header = ["党组织", "书记", "应到", "好", "较好", "一般", "差"]
    bad = save_sheet(tmp_path, [header, ["东湖社区第一党支部", "", 20, 15, 3, 1, 0],
                                ["不存在的支部", "张三", 10, 1, 1, 1, 1],
                                ["西湖社区党支部", "陈书记", 10, 8, 2, 1, 0]], "bad.xlsx")
    result = reviews.import_ballots(db, bad, ImportOptions(year=YEAR))
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "党组织"), (4, "应到")]
    assert "超过应到10人" in result.errors[1].message
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(SecretaryReview)) == 0
    good = save_sheet(tmp_path, [header, ["东湖社区第一党支部", "", 20, 15, 3, 1, 0],
                                 ["西湖社区党支部", "陈书记", 10, 8, 2, 0, 0]], "good.xlsx")
    result = reviews.import_ballots(db, good, ImportOptions(year=YEAR))
    assert result.written and result.created == 2
    with db.read() as session:
        rows = {r.org: r for r in reviews.review_rows(session, YEAR)}
    assert rows["东湖社区第一党支部"].secretary == "刘书记"  # the sitting 书记 when the sheet leaves it blank
    assert rows["西湖社区党支部"].excellent == 8


def test_review_report_file_is_stored_and_goes_with_the_review(db, orgs, tmp_path):
    report = tmp_path / "述职报告.docx"
    report.write_bytes(b"docx")
    with db.write() as session:
        review = reviews.save_review(session, reviews.ReviewFields(orgs["first"], YEAR, "刘书记"))
        reviews.attach_report(session, review.id, report)
    with db.read() as session:
        row = reviews.review_rows(session, YEAR)[0]
        assert row.reports[0][1] == "述职报告.docx"
        assert reviews.report_path(session, row.reports[0][0]).read_bytes() == b"docx"
    with db.write() as session:
        reviews.delete_review(session, review.id)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_computed_indicators_read_the_demo_data(demo_db):
    """三会一课, 学时, 经费, 换届 come from what the demo already holds: rates, not hand-typed figures."""
    today = date.today()
    with demo_db.write() as session:
        ids = {m: _indicator(session, name, 20, m) for name, m in [
            ("三会一课", "meetings"), ("学时", "training"), ("经费", "budget"), ("换届", "terms"),
            ("整改", "rectification")]}
    with demo_db.read() as session:
        board = indicators.scoreboard(session, YEAR, today)
    scores = {m: [r.scores[i] for r in board.rows] for m, i in ids.items()}
    assert all(s is not None and 0 <= s <= 1000 for s in scores["terms"] + scores["rectification"])
    assert set(scores["terms"]) <= {0, 1000}
    for method in ("meetings", "training", "budget"):
        known = [s for s in scores[method] if s is not None]
        assert known and len(set(known)) > 1, method  # real rates that differ between orgs
    assert [r.rank for r in board.rows] == sorted(r.rank for r in board.rows)
