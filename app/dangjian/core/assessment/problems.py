"""问题清单 and 整改清单: problems found by 督查, 观摩, 调度 or a rule finding; the measures against each, with
progress notes and 销号 (closing, with evidence). A problem closes when all its measures are closed, or — when it
came from a rule finding — by itself once `dangjian check` no longer finds it (`close_cleared`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.findings import Finding
from ..common.labels import PROBLEM_SOURCES
from ..common.textnorm import bounded_text
from ..models import Attachment, Organisation, Problem, Rectification, RectificationNote
from ..system import audit
from ..system.files import attach_file, attachment_path
from .scope import ASSESSED_KINDS, assessed_org, in_tree_order, org_filter

# Findings of this domain never become problems themselves (an overdue measure is already on the lists).
OWN_RULES = "assessment."


@dataclass(frozen=True)
class ProblemFields:
    org_id: int
    year: int
    description: str
    source: str  # labels.PROBLEM_SOURCES
    found_on: date
    found_by: str = ""


@dataclass(frozen=True)
class MeasureFields:
    measure: str
    owner: str
    deadline: date


def get_problem(session: Session, problem_id: int) -> Problem:
    problem = session.get(Problem, problem_id)
    if problem is None or problem.deleted_at is not None:
        raise UserError("问题不存在或已删除")
    return problem


def _problem_title(problem: Problem) -> str:
    return f"问题“{problem.description[:30]}”"


def _apply_problem(session: Session, problem: Problem, fields: ProblemFields) -> None:
    assessed_org(session, fields.org_id)
    if fields.source not in PROBLEM_SOURCES:
        raise ValidationError("问题来源", f"只能是：{'、'.join(PROBLEM_SOURCES.values())}")
    if fields.found_on.year != fields.year:
        raise ValidationError("发现日期", f"应在{fields.year}年内")
    problem.org_id, problem.year, problem.source = fields.org_id, fields.year, fields.source
    problem.description = bounded_text(fields.description, "问题描述", 1000, required=True)
    problem.found_on = fields.found_on
    problem.found_by = bounded_text(fields.found_by, "发现人", 40)


def add_problem(session: Session, fields: ProblemFields) -> Problem:
    problem = Problem()
    _apply_problem(session, problem, fields)
    session.add(problem)
    session.flush()
    audit.record(session, "create", "problem", problem.id, f"新增{_problem_title(problem)}")
    return problem


def update_problem(session: Session, problem_id: int, fields: ProblemFields) -> Problem:
    problem = get_problem(session, problem_id)
    if problem.finding_rule and fields.source != "finding":
        raise ValidationError("问题来源", "由规则检查生成的问题不能改为其他来源")
    _apply_problem(session, problem, fields)
    session.flush()
    audit.record(session, "update", "problem", problem.id, f"修改{_problem_title(problem)}")
    return problem


def delete_problem(session: Session, problem_id: int) -> None:
    """To the 回收站, with its measures."""
    problem = get_problem(session, problem_id)
    problem.deleted_at = datetime.now().replace(microsecond=0)
    audit.record(session, "delete", "problem", problem.id, f"删除{_problem_title(problem)}（移入回收站）")


# --- measures ------------------------------------------------------------------------------------


def get_measure(session: Session, rectification_id: int) -> Rectification:
    measure = session.get(Rectification, rectification_id)
    if measure is None:
        raise UserError("整改措施不存在")
    get_problem(session, measure.problem_id)  # a deleted problem's measures are in the 回收站 with it
    return measure


def _apply_measure(measure: Rectification, fields: MeasureFields, problem: Problem) -> None:
    if fields.deadline < problem.found_on:
        raise ValidationError("整改时限", "不能早于发现问题的日期")
    measure.measure = bounded_text(fields.measure, "整改措施", 1000, required=True)
    measure.owner = bounded_text(fields.owner, "责任人", 40, required=True)
    measure.deadline = fields.deadline


def add_measure(session: Session, problem_id: int, fields: MeasureFields) -> Rectification:
    problem = get_problem(session, problem_id)
    measure = Rectification(problem_id=problem.id)
    _apply_measure(measure, fields, problem)
    session.add(measure)
    if problem.closed_how == "rectified":  # a new measure reopens a rectified problem
        problem.closed_on, problem.closed_how = None, ""
    session.flush()
    audit.record(session, "create", "problem", problem.id,
                 f"{_problem_title(problem)}新增整改措施“{fields.measure[:30]}”")
    return measure


def update_measure(session: Session, rectification_id: int, fields: MeasureFields) -> Rectification:
    measure = get_measure(session, rectification_id)
    problem = get_problem(session, measure.problem_id)
    _apply_measure(measure, fields, problem)
    session.flush()
    audit.record(session, "update", "problem", problem.id, f"{_problem_title(problem)}修改整改措施")
    return measure


def delete_measure(session: Session, rectification_id: int) -> None:
    """Delete a measure entered by mistake (the caller confirms); its notes and evidence records go with it."""
    measure = get_measure(session, rectification_id)
    problem = get_problem(session, measure.problem_id)
    session.delete(measure)
    session.flush()
    _close_if_rectified(session, problem)
    audit.record(session, "delete", "problem", problem.id,
                 f"{_problem_title(problem)}删除整改措施“{measure.measure[:30]}”")


def add_progress(session: Session, rectification_id: int, noted_on: date, note: str) -> RectificationNote:
    measure = get_measure(session, rectification_id)
    row = RectificationNote(rectification_id=measure.id, noted_on=noted_on,
                            note=bounded_text(note, "整改进展", 1000, required=True))
    session.add(row)
    session.flush()
    return row


def close_measure(session: Session, rectification_id: int, closed_on: date, note: str,
                  evidence: Path | None = None) -> Rectification:
    """销号: the measure is done; the evidence file (optional) is stored with it."""
    measure = get_measure(session, rectification_id)
    problem = get_problem(session, measure.problem_id)
    if measure.closed_on is not None:
        raise UserError("该整改措施已销号")
    if closed_on < problem.found_on:
        raise ValidationError("销号日期", "不能早于发现问题的日期")
    measure.closed_on = closed_on
    measure.closing_note = bounded_text(note, "销号说明", 1000, required=True)
    if evidence is not None:
        attach_file(session, evidence, rectification_id=measure.id)
    session.flush()
    _close_if_rectified(session, problem)
    audit.record(session, "close", "problem", problem.id, f"{_problem_title(problem)}整改措施销号")
    return measure


def reopen_measure(session: Session, rectification_id: int) -> Rectification:
    """撤销销号 (the evidence stays attached)."""
    measure = get_measure(session, rectification_id)
    problem = get_problem(session, measure.problem_id)
    if measure.closed_on is None:
        raise UserError("该整改措施尚未销号")
    measure.closed_on = None
    if problem.closed_how == "rectified":
        problem.closed_on, problem.closed_how = None, ""
    session.flush()
    audit.record(session, "reopen", "problem", problem.id, f"{_problem_title(problem)}整改措施撤销销号")
    return measure


def _close_if_rectified(session: Session, problem: Problem) -> None:
    dates = session.execute(select(func.count(), func.count(Rectification.closed_on), func.max(Rectification.closed_on))
                            .where(Rectification.problem_id == problem.id)).one()
    total, closed, last = dates
    if total and total == closed and not problem.closed_how:
        problem.closed_on, problem.closed_how = last, "rectified"


def add_evidence(session: Session, rectification_id: int, source: Path) -> Attachment:
    measure = get_measure(session, rectification_id)
    return attach_file(session, source, rectification_id=measure.id)


evidence_path = attachment_path


# --- lists ---------------------------------------------------------------------------------------


class ProblemRow(NamedTuple):
    id: int
    org_id: int
    org: str
    year: int
    description: str
    source: str
    found_on: date
    found_by: str
    finding_rule: str
    measures: int
    open_measures: int
    closed_on: date | None
    closed_how: str  # "" open | "rectified" | "cleared"
    overdue: bool  # an open measure is past its deadline


def _problems(session: Session, year: int, org_id: int | None):
    query = (select(Problem, Organisation.name).join(Organisation, Organisation.id == Problem.org_id)
             .where(Problem.year == year, Problem.deleted_at.is_(None)))
    inside = org_filter(session, org_id)
    if inside is not None:
        query = query.where(Problem.org_id.in_(inside))
    return query.order_by(Organisation.sort_order, Organisation.name, Problem.found_on, Problem.id)


def problem_rows(session: Session, year: int, org_id: int | None = None, today: date | None = None) -> list[ProblemRow]:
    today = today or date.today()
    measures: dict[int, list[Rectification]] = defaultdict(list)
    for measure in session.scalars(select(Rectification).join(Problem, Problem.id == Rectification.problem_id)
                                   .where(Problem.year == year)):
        measures[measure.problem_id].append(measure)
    rows = []
    for problem, org in session.execute(_problems(session, year, org_id)):
        mine = measures[problem.id]
        open_ = [m for m in mine if m.closed_on is None]
        rows.append(ProblemRow(problem.id, problem.org_id, org, problem.year, problem.description, problem.source,
                               problem.found_on, problem.found_by, problem.finding_rule, len(mine), len(open_),
                               problem.closed_on, problem.closed_how,
                               any(m.deadline < today for m in open_)))
    return in_tree_order(session, rows)


class MeasureRow(NamedTuple):
    id: int
    problem_id: int
    org_id: int
    org: str
    problem: str
    measure: str
    owner: str
    deadline: date
    closed_on: date | None
    closing_note: str
    overdue: bool  # open and past the deadline
    late: bool  # closed after the deadline
    notes: tuple[tuple[date, str], ...]
    evidence: tuple[tuple[int, str], ...]  # (attachment id, filename)

    @property
    def state(self) -> str:
        if self.closed_on is None:
            return "逾期未销号" if self.overdue else "整改中"
        return "逾期销号" if self.late else "已销号"


def measure_rows(session: Session, year: int, org_id: int | None = None, today: date | None = None) -> list[MeasureRow]:
    today = today or date.today()
    of_year = select(Problem.id).where(Problem.year == year)
    notes: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for row in session.execute(select(RectificationNote.rectification_id, RectificationNote.noted_on,
                                      RectificationNote.note)
                               .join(Rectification, Rectification.id == RectificationNote.rectification_id)
                               .where(Rectification.problem_id.in_(of_year))
                               .order_by(RectificationNote.noted_on, RectificationNote.id)):
        notes[row[0]].append((row[1], row[2]))
    files: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in session.execute(select(Attachment.rectification_id, Attachment.id,
                                      Attachment.filename)
                               .join(Rectification, Rectification.id == Attachment.rectification_id)
                               .where(Rectification.problem_id.in_(of_year)).order_by(Attachment.id)):
        files[row[0]].append((row[1], row[2]))
    problems = {p.id: (p, org) for p, org in session.execute(_problems(session, year, org_id))}
    measures = session.scalars(select(Rectification).where(Rectification.problem_id.in_(list(problems)))
                               .order_by(Rectification.deadline, Rectification.id)) if problems else []
    rows = []
    for m in measures:
        problem, org = problems[m.problem_id]
        rows.append(MeasureRow(m.id, problem.id, problem.org_id, org, problem.description, m.measure, m.owner,
                               m.deadline, m.closed_on, m.closing_note, m.closed_on is None and m.deadline < today,
                               m.closed_on is not None and m.closed_on > m.deadline, tuple(notes[m.id]),
                               tuple(files[m.id])))
    return in_tree_order(session, rows)


# --- from rule findings --------------------------------------------------------------------------


def _open_finding_problems(session: Session) -> dict[tuple[int, str], Problem]:
    rows = session.scalars(select(Problem).where(Problem.finding_rule != "", Problem.closed_on.is_(None),
                                                 Problem.deleted_at.is_(None)))
    return {(p.org_id, p.finding_rule): p for p in rows}


def finding_candidates(session: Session, findings: list[Finding], year: int) -> list[Finding]:
    """Errors and warnings of assessed orgs that are not an open problem yet (one per org and rule)."""
    kinds = dict(session.execute(select(Organisation.id, Organisation.kind)
                                 .where(Organisation.deleted_at.is_(None))).all())
    taken = set(_open_finding_problems(session))
    result, seen = [], set()
    for finding in findings:
        key = (finding.org_id, finding.rule)
        if (finding.org_id is None or kinds.get(finding.org_id) not in ASSESSED_KINDS
                or finding.severity == "info" or finding.rule.startswith(OWN_RULES) or key in taken or key in seen):
            continue
        seen.add(key)
        result.append(finding)
    return result


def problem_from_finding(session: Session, finding: Finding, found_on: date) -> Problem:
    if finding.org_id is None:
        raise UserError("这条检查结果不属于某个党组织，不能列入问题清单")
    if (finding.org_id, finding.rule) in _open_finding_problems(session):
        raise UserError(f"“{finding.org}”的这项问题已在问题清单中")
    problem = add_problem(session, ProblemFields(finding.org_id, found_on.year, finding.message, "finding", found_on,
                                                 "规则检查"))
    problem.finding_rule = finding.rule
    return problem


def cleared_problems(session: Session, findings: list[Finding]) -> list[int]:
    """Ids of the open problems from rule findings that `findings` (a fresh check) no longer contains — what
    `close_cleared` would close, asked without writing."""
    still = {(f.org_id, f.rule) for f in findings}
    return [problem.id for key, problem in _open_finding_problems(session).items() if key not in still]


def close_cleared(session: Session, findings: list[Finding], today: date) -> int:
    """销号 every open problem (of any year) from a rule finding that `findings` no longer contains."""
    cleared = cleared_problems(session, findings)
    for problem_id in cleared:
        problem = get_problem(session, problem_id)
        problem.closed_on, problem.closed_how = today, "cleared"
        audit.record(session, "close", "problem", problem.id, f"{_problem_title(problem)}规则检查已通过，自动销号")
    session.flush()
    return len(cleared)


def assessment_findings(session: Session, today: date) -> list[Finding]:
    """Provider for core.checks: open measures past their deadline."""
    query = (select(Rectification.deadline, Rectification.measure, Problem.org_id, Organisation.name)
             .join(Problem, Problem.id == Rectification.problem_id)
             .join(Organisation, Organisation.id == Problem.org_id)
             .where(Rectification.closed_on.is_(None), Rectification.deadline < today, Problem.deleted_at.is_(None)))
    return [Finding("warning", "assessment.rectification_overdue",
                    f"整改措施“{measure[:30]}”时限{deadline.year}年{deadline.month}月{deadline.day}日已过，尚未销号",
                    org_id, org)
            for deadline, measure, org_id, org in session.execute(query)]
