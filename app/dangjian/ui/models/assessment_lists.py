"""Table models of the 考核 lists: 责任清单, 月调度, 问题清单, 整改清单, 考核指标 and 述职评议.

Rows are the core's NamedTuples, read on the worker; the models only format them. Overdue is red text (and
bold where a row is a whole task that is late), so a greyscale screenshot still tells it apart."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QBrush, QColor

from ...core.assessment.duties import DispatchRow, DutyRow
from ...core.assessment.problems import MeasureRow, ProblemRow
from ...core.assessment.reviews import ReviewRow
from ...core.common.labels import (
    DUTY_STATUSES,
    INDICATOR_METHODS,
    PROBLEM_CLOSINGS,
    PROBLEM_SOURCES,
    REVIEW_GRADES,
    label,
)
from .rows import RowsTableModel, bold_font

RED = QBrush(QColor("#b3261e"))
GREY = QBrush(QColor("#777777"))
GREEN = QBrush(QColor("#1b7a3d"))
UNREPORTED = "未报送"


def day_text(day: date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def points(tenths: int | None) -> str:
    """A score in tenths as points with one decimal: 85.0, 92.5; '' for none."""
    return "" if tenths is None else f"{tenths // 10}.{tenths % 10}"


def _first_line(text: str, limit: int = 60) -> str:
    line = text.splitlines()[0] if text else ""
    return line[:limit] + ("…" if len(line) > limit or "\n" in text else "")


class DutyModel(RowsTableModel):
    DEADLINE = 5
    columns = (
        ("党组织", lambda r: r.org),
        ("任务", lambda r: _first_line(r.task)),
        ("责任人", lambda r: r.owner),
        ("第一责任人", lambda r: r.first_owner or "（无书记）"),
        ("来源", lambda r: r.source_text),
        ("完成时限", lambda r: day_text(r.deadline) or "—"),
        ("最近调度", lambda r: r.dispatch_text),
    )
    centred = frozenset({2, 3, 5})

    def foreground(self, row: DutyRow, column: int) -> QBrush | None:
        if column == self.DEADLINE and row.overdue:
            return RED
        if column == 3 and not row.first_owner:
            return GREY
        return None

    def tooltip(self, row: DutyRow, column: int) -> str | None:
        if column == self.DEADLINE and row.overdue:
            return "已过完成时限，尚未报送“已完成”"
        if column == 1:
            return row.task
        if column == 6 and row.last_note:
            return row.last_note
        return None


class DispatchModel(RowsTableModel):
    STATUS = 3
    columns = (
        ("党组织", lambda r: r.org),
        ("任务", lambda r: _first_line(r.task)),
        ("责任人", lambda r: r.owner),
        ("本月进展", lambda r: label(DUTY_STATUSES, r.status) if r.status else UNREPORTED),
        ("情况说明", lambda r: _first_line(r.note)),
        ("报送日期", lambda r: day_text(r.reported_on)),
    )
    centred = frozenset({2, 3, 5})

    def font(self, row: DispatchRow, column: int):
        return bold_font() if column == self.STATUS and not row.status else None

    def foreground(self, row: DispatchRow, column: int) -> QBrush | None:
        if column != self.STATUS:
            return None
        return RED if row.status in ("", "delayed") else GREEN if row.status == "done" else None

    def tooltip(self, row: DispatchRow, column: int) -> str | None:
        return row.task if column == 1 else row.note if column == 4 and row.note else None


def problem_state(row: ProblemRow) -> str:
    if row.closed_on is not None:
        return "已销号"
    if not row.measures:
        return "待制定措施"
    return f"整改中（{row.open_measures}/{row.measures}项未销号）"


class ProblemModel(RowsTableModel):
    STATE = 6
    columns = (
        ("党组织", lambda r: r.org),
        ("问题描述", lambda r: _first_line(r.description)),
        ("来源", lambda r: label(PROBLEM_SOURCES, r.source)),
        ("发现日期", lambda r: day_text(r.found_on)),
        ("发现人", lambda r: r.found_by),
        ("整改措施", lambda r: f"{r.measures}项" if r.measures else "—"),
        ("状态", problem_state),
        ("销号", lambda r: f"{day_text(r.closed_on)} {label(PROBLEM_CLOSINGS, r.closed_how)}" if r.closed_on else ""),
    )
    centred = frozenset({2, 3, 4, 5})

    def foreground(self, row: ProblemRow, column: int) -> QBrush | None:
        if row.overdue:
            return RED
        if column == self.STATE and row.closed_on is not None:
            return GREEN
        return None

    def tooltip(self, row: ProblemRow, column: int) -> str | None:
        if row.overdue:
            return "有整改措施已过时限，尚未销号"
        return row.description if column == 1 else None



class MeasureModel(RowsTableModel):
    columns = (
        ("党组织", lambda r: r.org),
        ("问题", lambda r: _first_line(r.problem, 30)),
        ("整改措施", lambda r: _first_line(r.measure)),
        ("责任人", lambda r: r.owner),
        ("整改时限", lambda r: day_text(r.deadline)),
        ("最新进展", lambda r: f"{r.notes[-1][0]:%m-%d} {_first_line(r.notes[-1][1], 30)}" if r.notes else ""),
        ("状态", lambda r: r.state),
        ("销号日期", lambda r: day_text(r.closed_on)),
        ("佐证", lambda r: f"{len(r.evidence)}个" if r.evidence else ""),
    )
    centred = frozenset({3, 4, 6, 7, 8})

    def foreground(self, row: MeasureRow, column: int) -> QBrush | None:
        return RED if row.overdue else GREY if row.closed_on is not None and column != 6 else None

    def font(self, row: MeasureRow, column: int):
        return bold_font() if row.overdue else None

    def tooltip(self, row: MeasureRow, column: int) -> str | None:
        if column == 1:
            return row.problem
        if column == 2:
            return row.measure + (f"\n销号说明：{row.closing_note}" if row.closing_note else "")
        if column == 5 and row.notes:
            return "\n".join(f"{day:%Y-%m-%d} {note}" for day, note in row.notes)
        if column == 8 and row.evidence:
            return "\n".join(name for _id, name in row.evidence)
        return None


class IndicatorModel(RowsTableModel):
    """Rows are IndicatorItem tuples (see pages/assessment_scores.py)."""

    columns = (
        ("指标名称", lambda r: r.name),
        ("分值", lambda r: r.weight),
        ("满分", lambda r: r.max_score),
        ("计算方式", lambda r: label(INDICATOR_METHODS, r.method)),
        ("评分方法", lambda r: _first_line(r.criteria, 80)),
    )
    centred = frozenset({1, 2, 3})

    def tooltip(self, row, column: int) -> str | None:
        return row.criteria if column == 4 and row.criteria else None


def _reports(row: ReviewRow) -> str:
    return "、".join(name for _id, name in row.reports)


class ReviewModel(RowsTableModel):
    GRADE = 9
    columns = (
        ("党组织", lambda r: r.org),
        ("书记", lambda r: r.secretary),
        ("述职日期", lambda r: day_text(r.reported_on)),
        ("应到", lambda r: r.expected),
        ("好", lambda r: r.excellent),
        ("较好", lambda r: r.good),
        ("一般", lambda r: r.fair),
        ("差", lambda r: r.poor),
        ("综合得分", lambda r: points(r.score_tenths) or "—"),
        ("等次", lambda r: label(REVIEW_GRADES, r.grade) if r.grade else "未评定"),
        ("述职报告", _reports),
    )
    centred = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9})

    def foreground(self, row: ReviewRow, column: int) -> QBrush | None:
        if column == self.GRADE and not row.grade:
            return GREY
        if column == self.GRADE and row.grade == "poor":
            return RED
        return None

    def tooltip(self, row: ReviewRow, column: int) -> str | None:
        if column == self.GRADE and not row.grade:
            return f"实投 {row.cast} 票：没有投票或投票人数不足应到人数的规定比例，不评定等次"
        if column == 10 and row.reports:
            return _reports(row)
        return None
