"""党建责任与考核 printouts: 四张清单 per org, the year's 整改台账, the 年底考核得分表, and for 双述双评 the
评议票 to hand out and the 评议结果汇总.

Every row comes from core.assessment; scores are tenths of a point there and printed as "85.5". The 四张清单
print one org per page; as a spreadsheet they become four sheets with an 党组织 column, so a street of
many orgs gives four sheets to filter rather than four per org.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ..core.assessment import duties, indicators, problems, reviews
from ..core.assessment.scope import AssessedOrg, assessed_orgs
from ..core.common.labels import (
    INDICATOR_METHODS,
    PROBLEM_CLOSINGS,
    PROBLEM_SOURCES,
    REVIEW_GRADES,
    label,
)
from ..core.models import Indicator
from ..core.training.hours import format_hours as format_points  # tenths → "85.5", the same as 学时
from .engine.document import Cell, Column, Report
from .engine.registry import ExportOptions, export_kind, org_scope, register_writer, unit_name

GRADE_COLUMNS = tuple(REVIEW_GRADES.values())  # 好 较好 一般 差


def _assessed_day(year: int, today: date) -> date:
    """Whose 书记 counts: the one in office at the end of the year, or today while the year runs."""
    return min(today, date(year, 12, 31))


# --- 四张清单 --------------------------------------------------------------------------------------

DUTY_COLUMNS = (Column("序号", 9, "center"), Column("责任内容", 63), Column("责任人", 17, "center"),
                Column("来源及文号", 35), Column("完成时限", 20, "center"), Column("最近调度", 36))
PROBLEM_COLUMNS = (Column("序号", 9, "center"), Column("问题描述", 79), Column("来源", 20, "center"),
                   Column("发现日期", 20, "center"), Column("发现人", 17, "center"), Column("状态", 35, "center"))
MEASURE_COLUMNS = (Column("序号", 9, "center"), Column("整改措施", 63), Column("责任人", 17, "center"),
                   Column("整改时限", 20, "center"), Column("进展", 51), Column("销号日期", 20, "center"))
INDICATOR_COLUMNS = (Column("序号", 9, "center"), Column("考核指标", 45), Column("分值", 14, "center"),
                     Column("评分方法", 88), Column("得分", 24, "center"))
ORG_COLUMNS = (Column("党组织", 40), Column("第一责任人", 18, "center"))


def _last_dispatch(row: duties.DutyRow) -> str:
    return f"{row.dispatch_text}，{row.last_note}" if row.last_month and row.last_note else row.dispatch_text


def _duty_cells(row: duties.DutyRow) -> tuple[Cell, ...]:
    return (row.task, row.owner, row.source_text, row.deadline or "不限", _last_dispatch(row))


def _problem_state(row: problems.ProblemRow) -> str:
    if row.closed_how:
        return f"{label(PROBLEM_CLOSINGS, row.closed_how)}（{row.closed_on:%Y-%m-%d}）" if row.closed_on \
            else label(PROBLEM_CLOSINGS, row.closed_how)
    if not row.measures:
        return "待制定整改措施"
    if row.overdue:
        return f"逾期（{row.open_measures}项措施未销号）"
    return f"整改中（{row.open_measures}/{row.measures}项未销号）"


def _problem_cells(row: problems.ProblemRow) -> tuple[Cell, ...]:
    return (row.description, label(PROBLEM_SOURCES, row.source), row.found_on, row.found_by, _problem_state(row))


def _progress(row: problems.MeasureRow) -> str:
    if row.closed_on is not None and row.closing_note:
        return f"销号：{row.closing_note}"
    if row.notes:
        noted_on, note = row.notes[-1]
        return f"{noted_on:%m-%d} {note}"
    return ""


def _measure_cells(row: problems.MeasureRow) -> tuple[Cell, ...]:
    return (row.measure, row.owner, row.deadline, _progress(row), row.closed_on or row.state)


def _indicator_heading(ind: Indicator) -> str:
    """Column title of an indicator on the score sheet: its name and 分值."""
    return f"{ind.name}\n（{ind.weight}分）"


def _score(tenths: int | None) -> str:
    return "未评分" if tenths is None else format_points(tenths)


def _weighted(row: indicators.ScoreRow, ind: Indicator) -> str:
    """An indicator's share of the total (out of its 分值), so a row's columns add up to 总分."""
    return "未评分" if row.scores.get(ind.id) is None else format_points(row.weighted[ind.id])


def _score_of(ind: Indicator, tenths: int | None) -> str:
    """A score where no column title tells the indicator's scale: "96.4/100" unless 满分 is the 分值."""
    if tenths is None or ind.max_score == ind.weight:
        return _score(tenths)
    return f"{format_points(tenths)}/{ind.max_score}"


def _criteria(ind: Indicator) -> str:
    if ind.method == "manual":
        return ind.criteria or label(INDICATOR_METHODS, ind.method)
    computed = f"按{label(INDICATOR_METHODS, ind.method)}自动计算"
    return f"{computed}；{ind.criteria}" if ind.criteria else computed


def _indicator_rows(board: indicators.Scoreboard, org_id: int) -> list[tuple[Cell, ...]]:
    scores = next((r.scores for r in board.rows if r.org_id == org_id), {})
    return [(ind.name, ind.weight, _criteria(ind), _score_of(ind, scores.get(ind.id))) for ind in board.indicators]


class _YearLists:
    """The year's four lists of every assessed org in scope, grouped by org."""

    def __init__(self, session: Session, options: ExportOptions) -> None:
        self.year = year = options.year_or_current
        org_id, self.org_name = org_scope(session, options)
        today = options.today
        self.orgs = assessed_orgs(session, _assessed_day(year, today), org_id)
        self.duties = _by_org(duties.duty_rows(session, year, org_id, today))
        self.problems = _by_org(problems.problem_rows(session, year, org_id, today))
        self.measures = _by_org(problems.measure_rows(session, year, org_id, today))
        self.board = indicators.scoreboard(session, year, today, org_id)
        scored = {r.org_id for r in self.board.rows if any(v is not None for v in r.scores.values())}
        self.listed = [o for o in self.orgs
                       if o.id in self.duties or o.id in self.problems or o.id in self.measures or o.id in scored]

    def report(self, session: Session, options: ExportOptions) -> Report:
        return Report(f"{self.year}年度基层党建责任四张清单", unit_name=unit_name(session),
                      subtitle=self.org_name or "全部党组织", printed_on=options.today, sheet_name="四张清单")

    def skipped_note(self) -> str:
        skipped = len(self.orgs) - len(self.listed)
        note = f"列入考核的党组织共{len(self.orgs)}个，列出{len(self.listed)}个"
        return f"{note}；另有{skipped}个本年度尚无任何清单内容，未列出。" if skipped else f"{note}。"


def _by_org(rows: list) -> defaultdict[int, list]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.org_id].append(row)
    return grouped


def _numbered(rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    return [(n, *row) for n, row in enumerate(rows, start=1)]


@export_kind("assessment-lists", "四张清单",
             description="基层党建责任四张清单：每个党委、党总支、党支部一页，列出第一责任人（书记）和本年度的"
                         "责任清单、问题清单、整改清单、考核清单，逾期事项以粗体标出（--year，--org）")
def lists_report(session: Session, options: ExportOptions) -> Report:
    lists = _YearLists(session, options)
    report = lists.report(session, options)
    report.paragraph(lists.skipped_note(), indent=False)
    for index, org in enumerate(lists.listed):
        if index:
            report.page_break()
        _org_section(report, lists, org)
    return report


def _org_section(report: Report, lists: _YearLists, org: AssessedOrg) -> None:
    report.heading(org.name, level=2)
    report.key_values([("党组织", org.name), ("第一责任人（书记）", org.secretary or "（空缺）")])
    duty, problem, measure = lists.duties[org.id], lists.problems[org.id], lists.measures[org.id]
    # Captions rather than headings: a heading keeps with its whole table and can leave a page empty.
    report.table(DUTY_COLUMNS, _numbered([_duty_cells(r) for r in duty]), caption="一、责任清单", font_size=8.5,
                 bold_rows=[i for i, r in enumerate(duty) if r.overdue])
    report.table(PROBLEM_COLUMNS, _numbered([_problem_cells(r) for r in problem]), caption="二、问题清单",
                 font_size=8.5, bold_rows=[i for i, r in enumerate(problem) if r.overdue])
    report.table(MEASURE_COLUMNS, _numbered([_measure_cells(r) for r in measure]), caption="三、整改清单",
                 font_size=8.5, bold_rows=[i for i, r in enumerate(measure) if r.overdue])
    report.table(INDICATOR_COLUMNS, _numbered(_indicator_rows(lists.board, org.id)), caption="四、考核清单",
                 font_size=8.5)


def write_lists_xlsx(session: Session, options: ExportOptions, path: Path) -> None:
    """The four lists as four sheets with 党组织 and 第一责任人 columns, every org's rows one under another."""
    from .engine.xlsx import write_xlsx  # as the registry does: openpyxl only when a spreadsheet is written

    lists = _YearLists(session, options)
    report = lists.report(session, options)
    report.paragraph(lists.skipped_note(), indent=False)
    sheets = [("责任清单", DUTY_COLUMNS, lists.duties, _duty_cells),
              ("问题清单", PROBLEM_COLUMNS, lists.problems, _problem_cells),
              ("整改清单", MEASURE_COLUMNS, lists.measures, _measure_cells)]
    for name, columns, grouped, cells in sheets:
        rows = [(o, r) for o in lists.listed for r in grouped[o.id]]
        report.table((*ORG_COLUMNS, *columns[1:]), [(o.name, o.secretary, *cells(r)) for o, r in rows],
                     bold_rows=[i for i, (_, r) in enumerate(rows) if r.overdue], sheet_name=name, caption=name)
    rows = [(o.name, o.secretary, *cells) for o in lists.listed for cells in _indicator_rows(lists.board, o.id)]
    report.table((*ORG_COLUMNS, *INDICATOR_COLUMNS[1:]), rows, sheet_name="考核清单", caption="考核清单")
    write_xlsx(report, path)


register_writer("assessment-lists", "xlsx", write_lists_xlsx)


# --- 整改台账 --------------------------------------------------------------------------------------


@export_kind("rectification", "整改台账",
             description="年度整改台账：每项整改措施的党组织、问题、措施、责任人、时限、状态、销号日期和佐证材料，"
                         "逾期未销号的以粗体标出（--year，--org）")
def rectification_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    order = {o.id: n for n, o in enumerate(assessed_orgs(session, _assessed_day(year, options.today), org_id))}
    rows = sorted(problems.measure_rows(session, year, org_id, options.today),
                  key=lambda r: order.get(r.org_id, len(order)))  # stable: by deadline within an org
    report = Report(f"{year}年度问题整改台账", unit_name=unit_name(session), subtitle=org_name or "全部党组织",
                    landscape=True, printed_on=options.today, sheet_name="整改台账")
    closed = [r for r in rows if r.closed_on is not None]
    report.key_values([("整改措施", f"{len(rows)} 项"), ("已销号", f"{len(closed)} 项"),
                       ("按期销号", f"{sum(not r.late for r in closed)} 项"),
                       ("逾期未销号", f"{sum(r.overdue for r in rows)} 项")], columns=4)
    report.table([Column("序号", 10, "center"), Column("党组织", 36), Column("问题", 56), Column("整改措施", 60),
                  Column("责任人", 17, "center"), Column("整改时限", 21, "center"), Column("状态", 15, "center"),
                  Column("销号日期", 21, "center"), Column("佐证材料", 31)],
                 [(n, r.org, r.problem, r.measure, r.owner, r.deadline, r.state, r.closed_on,
                   "、".join(name for _, name in r.evidence)) for n, r in enumerate(rows, start=1)],
                 bold_rows=[i for i, r in enumerate(rows) if r.overdue], font_size=8.5, sheet_name="整改台账")
    report.paragraph("逾期：已过整改时限仍未销号，以粗体标出；按期销号：销号日期不晚于整改时限。", indent=False)
    report.signature_line()
    return report


# --- 年底考核得分表 --------------------------------------------------------------------------------

# Room for the indicator columns: the A4 frame (landscape 267 mm, portrait 180 mm) less 名次, 党组织 and 总分.
SCORE_ROOM_MM, PORTRAIT_SCORE_ROOM_MM = 267 - 86, 180 - 86


@export_kind("assessment-scores", "年底考核得分表",
             description="年底考核得分表：按总分排出名次，列出每个党组织在各项考核指标上的得分（--year，--org）")
def scores_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    board = indicators.scoreboard(session, year, options.today, org_id)
    many = len(board.indicators) > 4
    report = Report(f"{year}年度基层党组织党建工作考核得分表", unit_name=unit_name(session),
                    subtitle=org_name or "全部党组织", landscape=many, printed_on=options.today, sheet_name="得分表")
    if not board.indicators:
        report.paragraph(f"{year}年度尚未设置考核指标。", indent=False)
    else:
        if board.weight_total != indicators.FULL_WEIGHT:
            report.paragraph(f"注意：{year}年度考核指标分值合计为{board.weight_total}分，不是{indicators.FULL_WEIGHT}"
                             "分，请先在考核清单中调整指标分值，以下总分仅供参考。", indent=False)
        width = min(30.0, (SCORE_ROOM_MM if many else PORTRAIT_SCORE_ROOM_MM) / len(board.indicators))
        report.table([Column("名次", 12, "center"), Column("党组织", 56),
                      *(Column(_indicator_heading(ind), width, "center") for ind in board.indicators),
                      Column("总分", 18, "center")],
                     [(r.rank, r.org, *(_weighted(r, ind) for ind in board.indicators),
                       format_points(r.total_tenths)) for r in board.rows],
                     font_size=8.5, sheet_name="得分表")
        report.paragraph("各项得分已按“得分÷满分×分值”折算，相加即为总分；未评分的指标按0分计；总分相同的名次并列。",
                         indent=False)
    report.signature_line(("制表人", "审核人", "日期"))
    return report


# --- 双述双评 -------------------------------------------------------------------------------------

BALLOT_ROW_MM = 10.0  # room to tick with a pen
# The tick boxes are the empty bordered cells (17 × 10 mm): the font's "□" prints about 2 mm wide, too small to mark.
BALLOT_GRADE_MM = 17.0


@export_kind("review-ballot", "述职评议票",
             description="书记抓党建工作述职评议票：列出本年度述职的党组织和书记，每人好、较好、一般、差四个等次"
                         "留空格供划“√”；尚未录入述职的，列出各党组织现任书记（--year，--org）")
def ballot_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    people = [(r.org, r.secretary) for r in reviews.review_rows(session, year, org_id)]
    if not people:  # before the meeting is recorded: everyone who will report
        people = [(o.name, o.secretary) for o in assessed_orgs(session, _assessed_day(year, options.today), org_id)
                  if o.secretary]
    report = Report(f"{year}年度基层党组织书记抓党建工作述职评议票", unit_name=unit_name(session),
                    subtitle=org_name, printed_on=options.today, sheet_name="评议票")
    report.paragraph("请在相应等次栏内划“√”，每人只能选一个等次。", indent=False)
    report.table([Column("序号", 12, "center"), Column("党组织", 74), Column("书记", 26, "center"),
                  *(Column(grade, BALLOT_GRADE_MM, "center") for grade in GRADE_COLUMNS)],
                 [(n, org, secretary, *("",) * len(GRADE_COLUMNS))
                  for n, (org, secretary) in enumerate(people, start=1)],
                 row_height_mm=BALLOT_ROW_MM, font_size=11, sheet_name="评议票")
    report.paragraph("本票不记名，评议人无需署名。", indent=False)
    return report


def _grading_note(session: Session, year: int) -> str:
    grading = reviews.Grading.load(session, year)
    good, fair, poor = grading.thresholds
    points = "、".join(f"{g}{p}分" for g, p in zip(GRADE_COLUMNS, (*grading.points, 0), strict=True))
    return (f"综合得分为每票计分（{points}）的平均值；{good}分及以上为好，{fair}分及以上为较好，{poor}分及以上为一般，"
            f"以下为差；实投票数不足应到人数{grading.min_turnout}%的，不评定等次。")


@export_kind("review-results", "述职评议结果汇总",
             description="书记述职评议结果汇总：每个党组织书记的述职日期、应到和实投人数、好较好一般差票数、"
                         "综合得分和评定等次（--year，--org）")
def review_results_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    rows = reviews.review_rows(session, year, org_id)
    report = Report(f"{year}年度基层党组织书记抓党建工作述职评议结果汇总表", unit_name=unit_name(session),
                    subtitle=org_name or "全部党组织", printed_on=options.today, sheet_name="评议结果")
    report.table([Column("序号", 8, "center"), Column("党组织", 42), Column("书记", 16, "center"),
                  Column("述职日期", 20, "center"), Column("应到", 11, "right"), Column("实投", 11, "right"),
                  *(Column(grade, 11, "right") for grade in GRADE_COLUMNS),
                  Column("综合得分", 16, "right"), Column("等次", 12, "center")],
                 [(n, r.org, r.secretary, r.reported_on, r.expected, r.cast, r.excellent, r.good, r.fair, r.poor,
                   format_points(r.score_tenths), label(REVIEW_GRADES, r.grade) if r.grade else "未评定")
                  for n, r in enumerate(rows, start=1)],
                 font_size=8.5, sheet_name="评议结果")
    report.paragraph(_grading_note(session, year), indent=False)
    report.signature_line(("统计人", "监票人", "日期"))
    return report
