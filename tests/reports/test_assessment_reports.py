"""党建责任与考核 printouts: 四张清单, 整改台账, 考核得分表, 述职评议票 and 评议结果 — content, A4 PDF with the
bundled font, and the xlsx sheets — from a small 街道 filled through core.assessment."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dangjian.core.assessment import duties, indicators, problems, reviews
from dangjian.core.common.errors import UserError
from dangjian.core.system import settings_edit
from dangjian.reports.assessment import ballot_report, lists_report, rectification_report, scores_report
from dangjian.reports.engine.registry import ExportOptions, get_kind, run_export
from training_world import build_world

from .test_settings_report import _fonts as embedded_fonts

YEAR = 2025
TODAY = date(YEAR, 12, 4)
OPTIONS = ExportOptions(year=YEAR, today=TODAY)
KINDS = ("assessment-lists", "rectification", "assessment-scores", "review-ballot", "review-results")
A4_PORTRAIT, A4_LANDSCAPE = (595.3, 841.9), (841.9, 595.3)


@pytest.fixture
def world(db, tmp_path):
    """朝阳社区党委 (张书记) has two duties, one overdue; 星沙科技党支部 (吴书记) a problem with three measures —
    one open past its deadline, one closed on time with a 佐证, one closed late; 朝阳社区第一党支部 (no 书记)
    has nothing. Two manual indicators whose 分值 add up to 90."""
    evidence = tmp_path / "预审制度.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        world = build_world(session, YEAR)
        chaoyang, xingsha = world.orgs["朝阳社区党委"], world.orgs["星沙科技党支部"]
        grid = duties.add_duty(session, duties.DutyFields(chaoyang, YEAR, "推进网格党建全覆盖", "李委员", "document",
                                                          "湘龙党发〔2025〕3号", date(YEAR, 12, 31)))
        duties.report_month(session, grid.id, YEAR, 5, "on_track", "已建楼栋党小组12个", date(YEAR, 5, 28))
        duties.add_duty(session, duties.DutyFields(chaoyang, YEAR, "规范党员积分管理", "王党员", "plan", "",
                                                   date(YEAR, 9, 30)))
        problem = problems.add_problem(session, problems.ProblemFields(
            xingsha, YEAR, "发展党员材料不全", "inspection", date(YEAR, 3, 1), "督查组"))
        open_late = problems.add_measure(session, problem.id, problems.MeasureFields(
            "补齐发展党员全程纪实材料", "郑党员", date(YEAR, 4, 30)))
        problems.add_progress(session, open_late.id, date(YEAR, 4, 20), "已补齐2名发展对象材料")
        on_time = problems.add_measure(session, problem.id, problems.MeasureFields(
            "建立发展党员预审制度", "吴书记", date(YEAR, 11, 30)))
        problems.close_measure(session, on_time.id, date(YEAR, 11, 20), "制度已印发", evidence=evidence)
        late = problems.add_measure(session, problem.id, problems.MeasureFields(
            "开展发展党员工作专题培训", "吴书记", date(YEAR, 5, 31)))
        problems.close_measure(session, late.id, date(YEAR, 6, 10), "已培训")
        build = indicators.add_indicator(session, indicators.IndicatorFields(YEAR, "组织建设", 60, 60, "manual",
                                                                             "班子健全、制度落实"))
        style = indicators.add_indicator(session, indicators.IndicatorFields(YEAR, "作风建设", 30))
        for indicator, org, tenths in [(build, chaoyang, 555), (style, chaoyang, 800), (build, xingsha, 580),
                                       (style, xingsha, 900)]:
            indicators.set_score(session, indicator.id, org, tenths)
        world.orgs["作风建设"] = style.id
        return world


def add_reviews(db, world) -> None:
    with db.write() as session:
        reviews.save_review(session, reviews.ReviewFields(world.orgs["朝阳社区党委"], YEAR, "张书记",
                                                          date(YEAR, 12, 20), 30, 20, 6, 2, 1))
        reviews.save_review(session, reviews.ReviewFields(world.orgs["星沙科技党支部"], YEAR, "吴书记",
                                                          date(YEAR, 12, 20), 10, 3, 1, 0, 0))


def export(db, kind: str, path, options: ExportOptions = OPTIONS):
    return run_export(db, kind, path, options)


def pdf_pages(path, size: tuple[float, float]) -> list[str]:
    """Each page's text, after checking it is A4 in `size` and embeds only the bundled WenQuanYi."""
    reader = PdfReader(path)
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == size
    fonts = embedded_fonts(reader)
    assert fonts and all(name.endswith("WenQuanYiMicroHei-0") and "+" in name for name in fonts), fonts
    return [page.extract_text().replace("\n", "") for page in reader.pages]  # wrapped cells read as one line


def test_every_kind_prints_pdf_and_xlsx_with_a_chinese_description():
    for name in KINDS:
        kind = get_kind(name)
        assert kind.formats == ("pdf", "xlsx") and not kind.needs, name
        assert kind.description.count("。") == 0 and len(kind.description) > 20 and "（--year，--org）" in \
            kind.description, name


def test_four_lists_one_org_a_page_skipping_orgs_with_nothing(db, world, tmp_path):
    pages = pdf_pages(export(db, "assessment-lists", tmp_path / "清单.pdf"), A4_PORTRAIT)
    assert len(pages) == 2
    first, second = pages
    for expected in ("2025年度基层党建责任四张清单", "朝阳社区党委", "第一责任人（书记）", "张书记", "一、责任清单",
                     "推进网格党建全覆盖", "李委员", "上级文件（湘龙党发〔2025〕3号）",
                     "5月：推进中，已建楼栋党小组12个", "规范党员积分管理", "未调度", "二、问题清单", "三、整改清单",
                     "四、考核清单", "55.5", "80/100",
                     "列入考核的党组织共3个，列出2个；另有1个本年度尚无任何清单内容，未列出。"):
        assert expected in first, expected
    assert "星沙科技党支部" not in first and "朝阳社区第一党支部" not in "".join(pages)
    for expected in ("星沙科技党支部", "吴书记", "发展党员材料不全", "半年督查", "督查组", "逾期（1项措施未销号）",
                     "补齐发展党员全程纪实材料", "04-20 已补齐2名发展对象材料", "销号：制度已印发", "2025-11-20",
                     "逾期"):
        assert expected in second, expected

    with db.read() as session:
        report = lists_report(session, OPTIONS)
    assert len(report.tables()) == 8  # four per listed org
    duty, problem, measure, score = report.tables()[:4]  # 朝阳社区党委
    assert [row[1] for row in duty.rows] == ["推进网格党建全覆盖", "规范党员积分管理"]
    assert duty.bold_rows == {1}  # past its 9-30 deadline and never reported 已完成
    assert problem.rows == measure.rows == []
    assert [row[-1] for row in score.rows] == ["55.5", "80/100"]  # 作风建设 is scored out of 100, worth 30
    _, problem, measure, _ = report.tables()[4:]  # 星沙科技党支部
    assert problem.bold_rows == {0}
    assert [(row[1], row[-1]) for i, row in enumerate(measure.rows) if i in measure.bold_rows] == [
        ("补齐发展党员全程纪实材料", "逾期未销号")]


def test_four_lists_xlsx_is_four_sheets_with_the_org_on_every_row(db, world, tmp_path):
    book = load_workbook(export(db, "assessment-lists", tmp_path / "清单.xlsx"))
    assert book.sheetnames == ["责任清单", "问题清单", "整改清单", "考核清单", "说明"]
    duties_sheet = book["责任清单"]
    assert [c.value for c in duties_sheet[3]][:4] == ["党组织", "第一责任人", "责任内容", "责任人"]
    assert [c.value for c in duties_sheet[4]][:4] == ["朝阳社区党委", "张书记", "推进网格党建全覆盖", "李委员"]
    assert duties_sheet[4][5].value.date() == date(YEAR, 12, 31) and duties_sheet.max_row == 5
    measures = book["整改清单"]
    assert [(r[2].value, bool(r[0].font.b)) for r in measures.iter_rows(min_row=4)] == [
        ("补齐发展党员全程纪实材料", True), ("开展发展党员工作专题培训", False), ("建立发展党员预审制度", False)]
    scores = [(r[0], r[2], r[5]) for r in book["考核清单"].iter_rows(min_row=4, values_only=True)]
    assert scores == [("朝阳社区党委", "组织建设", "55.5"), ("朝阳社区党委", "作风建设", "80/100"),
                      ("星沙科技党支部", "组织建设", "58"), ("星沙科技党支部", "作风建设", "90/100")]
    assert "另有1个本年度尚无任何清单内容" in book["说明"]["A4"].value


def test_rectification_ledger_marks_overdue_bold_and_counts_on_time_closings(db, world, tmp_path):
    with db.read() as session:
        report = rectification_report(session, OPTIONS)
    (table,) = report.tables()
    states = {row[3]: (row[6], row[7], row[8]) for row in table.rows}
    assert states == {"补齐发展党员全程纪实材料": ("逾期未销号", None, ""),
                      "开展发展党员工作专题培训": ("逾期销号", date(YEAR, 6, 10), ""),
                      "建立发展党员预审制度": ("已销号", date(YEAR, 11, 20), "预审制度.pdf")}
    assert [table.rows[i][3] for i in table.bold_rows] == ["补齐发展党员全程纪实材料"]
    text = report.text_content()
    for expected in ("整改措施：3 项", "已销号：2 项", "按期销号：1 项", "逾期未销号：1 项"):
        assert expected in text, expected

    pages = pdf_pages(export(db, "rectification", tmp_path / "台账.pdf"), A4_LANDSCAPE)
    text = "".join(pages)
    for expected in ("2025年度问题整改台账", "星沙科技党支部", "发展党员材料不全", "逾期", "预审制度.pdf", "按期销号"):
        assert expected in text, expected
    sheet = load_workbook(export(db, "rectification", tmp_path / "台账.xlsx"))["整改台账"]
    bold = {row[3].value: bool(row[0].font.b) for row in sheet.iter_rows(min_row=4)}
    assert bold == {"补齐发展党员全程纪实材料": True, "开展发展党员工作专题培训": False, "建立发展党员预审制度": False}


def test_scores_are_ranked_and_warn_while_weights_miss_100(db, world, tmp_path):
    pages = pdf_pages(export(db, "assessment-scores", tmp_path / "得分.pdf"), A4_PORTRAIT)
    text = "".join(pages)
    assert "2025年度基层党组织党建工作考核得分表" in text and "分值合计为90分" in text
    assert "组织建设" in text and "（60分）" in text and "（30分）" in text
    # 星沙 58 + 90/100×30 = 85; 朝阳 55.5 + 80/100×30 = 79.5; 第一党支部 has no score
    assert text.index("星沙科技党支部") < text.index("朝阳社区党委") < text.index("朝阳社区第一党支部")
    sheet = load_workbook(export(db, "assessment-scores", tmp_path / "得分.xlsx"))["得分表"]
    assert [c.value for c in sheet[3]] == ["名次", "党组织", "组织建设\n（60分）", "作风建设\n（30分）",
                                           "总分"]
    assert [tuple(r) for r in sheet.iter_rows(min_row=4, values_only=True)] == [
        (1, "星沙科技党支部", "58", "27", "85"), (2, "朝阳社区党委", "55.5", "24", "79.5"),
        (3, "朝阳社区第一党支部", "未评分", "未评分", "0")]

    with db.write() as session:
        indicators.update_indicator(session, world.orgs["作风建设"], indicators.IndicatorFields(YEAR, "作风建设", 40))
    with db.read() as session:
        text = scores_report(session, OPTIONS).text_content()
    assert "分值合计" not in text and "星沙科技党支部\t58\t36\t94" in text


def test_scores_without_indicators_say_so(db, world):
    with db.read() as session:
        report = scores_report(session, ExportOptions(year=YEAR + 1, today=TODAY))
    assert report.tables() == [] and "2026年度尚未设置考核指标。" in report.text_content()


def test_ballot_lists_sitting_secretaries_then_the_reviews_of_the_year(db, world, tmp_path):
    with db.read() as session:
        before = ballot_report(session, OPTIONS)
    (table,) = before.tables()
    assert [row[:3] for row in table.rows] == [(1, "朝阳社区党委", "张书记"), (2, "星沙科技党支部", "吴书记")]
    assert [c.title for c in table.columns][3:] == ["好", "较好", "一般", "差"]
    assert all(row[3:] == ("", "", "", "") for row in table.rows)  # the bordered cells are the boxes to tick
    assert table.row_height_mm >= 8 and sum(c.width_mm for c in table.columns) <= 180

    with db.write() as session:
        reviews.save_review(session, reviews.ReviewFields(world.orgs["星沙科技党支部"], YEAR, "吴新书记"))
    (page,) = pdf_pages(export(db, "review-ballot", tmp_path / "评议票.pdf"), A4_PORTRAIT)
    for expected in ("2025年度基层党组织书记抓党建工作述职评议票", "请在相应等次栏内划“√”，每人只能选一个等次",
                     "序号", "党组织", "书记", "较好", "一般", "吴新书记", "评议人无需署名"):
        assert expected in page, expected
    assert "张书记" not in page and "签名" not in page
    sheet = load_workbook(export(db, "review-ballot", tmp_path / "评议票.xlsx"))["评议票"]
    assert [c.value for c in sheet[4]] == [1, "星沙科技党支部", "吴新书记", None, None, None, None]


def test_review_results_score_grade_or_not_graded(db, world, tmp_path):
    add_reviews(db, world)
    (page,) = pdf_pages(export(db, "review-results", tmp_path / "结果.pdf"), A4_PORTRAIT)
    for expected in ("2025年度基层党组织书记抓党建工作述职评议结果汇总表", "实投", "综合得分", "等次",
                     "好100分、较好80分、一般60分、差0分", "不足应到人数50%"):
        assert expected in page, expected
    sheet = load_workbook(export(db, "review-results", tmp_path / "结果.xlsx"))["评议结果"]
    assert [c.value for c in sheet[3]] == ["序号", "党组织", "书记", "述职日期", "应到", "实投", "好", "较好", "一般",
                                           "差", "综合得分", "等次"]
    rows = [r[1:2] + r[4:] for r in sheet.iter_rows(min_row=4, values_only=True)]
    # (20×100 + 6×80 + 2×60) / 29 = 89.66 → 较好; 4 of 10 voted, below the 50% turnout → 未评定
    assert rows == [("朝阳社区党委", 30, 29, 20, 6, 2, 1, "89.7", "较好"),
                    ("星沙科技党支部", 10, 4, 3, 1, 0, 0, None, "未评定")]
    assert sheet["D4"].value.date() == date(YEAR, 12, 20)


def test_org_scope_keeps_to_the_subtree(db, world, tmp_path, cli):
    add_reviews(db, world)
    only = ExportOptions(year=YEAR, org="星沙科技党支部", today=TODAY)
    for kind in KINDS:
        with db.read() as session:
            text = get_kind(kind).build(session, only).text_content()
        assert "星沙科技党支部" in text and "朝阳社区党委" not in text, kind
    with db.read() as session, pytest.raises(UserError, match="不存在的支部"):
        lists_report(session, ExportOptions(year=YEAR, org="不存在的支部"))
    target = tmp_path / "台账.pdf"
    code, _, err = cli("--db", db.path, "export", "rectification", target, "--year", YEAR, "--org", "朝阳社区党委")
    assert code == 0, err
    text = "".join(pdf_pages(target, A4_LANDSCAPE))
    assert "星沙科技党支部" not in text and "整改措施0 项" in text
