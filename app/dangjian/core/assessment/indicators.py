"""考核清单 and 年底考核: a year's indicators (weights adding up to 100) and each assessed org's score.

Indicators whose method is not 手工评分 are scored from the data already here — 三会一课 periods held,
学时 达标率, 经费执行率, 按期换届, 整改按期销号 — as a rate times the indicator's 满分, so nobody re-types a
figure the app already knows. An org's total is Σ score / 满分 × 分值, in tenths of a point out of 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..activities.checks import meeting_completion
from ..budgets.execution import execution_summary
from ..common.errors import UserError, ValidationError
from ..common.labels import INDICATOR_METHODS, code_for
from ..common.textnorm import bounded_text
from ..models import Indicator, IndicatorScore, Problem, Rectification
from ..orgs.rules import findings_by_org
from ..spreadsheets.importing import ImportOptions, ImportResult, Progress, RowProblem, read_sheet
from ..storage.backup import create_backup
from ..storage.db import Database
from ..system import audit
from ..training.hours import format_hours as format_points  # tenths → "8.5", as 学时
from ..training.stats import org_completion
from .scope import assessed_org, assessed_orgs

FULL_WEIGHT = 100


@dataclass(frozen=True)
class IndicatorFields:
    year: int
    name: str
    weight: int  # 分值: share of the 100-point total
    max_score: int = 100  # 满分 of the indicator's own scale
    method: str = "manual"  # labels.INDICATOR_METHODS
    criteria: str = ""  # 评分方法


def _apply(indicator: Indicator, fields: IndicatorFields) -> None:
    indicator.year = fields.year
    indicator.name = bounded_text(fields.name, "指标名称", 60, required=True)
    if not 1 <= fields.weight <= FULL_WEIGHT:
        raise ValidationError("分值", f"应为1—{FULL_WEIGHT}")
    if not 1 <= fields.max_score <= 1000:
        raise ValidationError("满分", "应为1—1000")
    if fields.method not in INDICATOR_METHODS:
        raise ValidationError("计算方式", f"只能是：{'、'.join(INDICATOR_METHODS.values())}")
    indicator.weight, indicator.max_score, indicator.method = fields.weight, fields.max_score, fields.method
    indicator.criteria = bounded_text(fields.criteria, "评分方法", 500)


def get_indicator(session: Session, indicator_id: int) -> Indicator:
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise UserError("考核指标不存在")
    return indicator


def _check_unique(session: Session, fields: IndicatorFields, own_id: int | None) -> None:
    clash = session.scalar(select(Indicator.id).where(Indicator.year == fields.year,
                                                      Indicator.name == fields.name.strip()))
    if clash is not None and clash != own_id:
        raise ValidationError("指标名称", f"{fields.year}年已有指标“{fields.name.strip()}”")


def add_indicator(session: Session, fields: IndicatorFields) -> Indicator:
    _check_unique(session, fields, None)
    position = session.scalar(select(func.coalesce(func.max(Indicator.position), 0))
                              .where(Indicator.year == fields.year)) + 1
    indicator = Indicator(position=position)
    _apply(indicator, fields)
    session.add(indicator)
    session.flush()
    audit.record(session, "create", "indicator", indicator.id, f"新增{indicator.year}年考核指标“{indicator.name}”")
    return indicator


def update_indicator(session: Session, indicator_id: int, fields: IndicatorFields) -> Indicator:
    indicator = get_indicator(session, indicator_id)
    _check_unique(session, fields, indicator.id)
    if fields.max_score < indicator.max_score:
        top = session.scalar(select(func.max(IndicatorScore.score_tenths))
                             .where(IndicatorScore.indicator_id == indicator.id))
        if top is not None and top > fields.max_score * 10:
            raise ValidationError("满分", f"已有得分{format_points(top)}分，满分不能小于它")
    _apply(indicator, fields)
    session.flush()
    audit.record(session, "update", "indicator", indicator.id, f"修改{indicator.year}年考核指标“{indicator.name}”")
    return indicator


def delete_indicator(session: Session, indicator_id: int) -> None:
    """The caller has confirmed: the hand-entered scores go with it."""
    indicator = get_indicator(session, indicator_id)
    session.delete(indicator)
    audit.record(session, "delete", "indicator", indicator_id, f"删除{indicator.year}年考核指标“{indicator.name}”")


def indicators_of(session: Session, year: int) -> list[Indicator]:
    return list(session.scalars(select(Indicator).where(Indicator.year == year)
                                .order_by(Indicator.position, Indicator.id)))


def weight_total(session: Session, year: int) -> int:
    return session.scalar(select(func.coalesce(func.sum(Indicator.weight), 0)).where(Indicator.year == year))


def set_score(session: Session, indicator_id: int, org_id: int, score_tenths: int | None, note: str = "") -> None:
    """Enter (or with None clear) an org's score on a 手工评分 indicator."""
    indicator = get_indicator(session, indicator_id)
    org = assessed_org(session, org_id)
    if indicator.method != "manual":
        raise UserError(f"“{indicator.name}”按{INDICATOR_METHODS[indicator.method]}自动计算，不能手工评分")
    row = session.scalars(select(IndicatorScore).where(IndicatorScore.indicator_id == indicator_id,
                                                       IndicatorScore.org_id == org_id)).first()
    if score_tenths is None:
        if row is not None:
            session.delete(row)
            audit.record(session, "update", "indicator", indicator.id, f"清除“{org.name}”的“{indicator.name}”得分")
        return
    if not 0 <= score_tenths <= indicator.max_score * 10:
        raise ValidationError("得分", f"应在0—{indicator.max_score}分之间")
    if row is None:
        row = IndicatorScore(indicator_id=indicator_id, org_id=org_id)
        session.add(row)
    row.score_tenths, row.note = score_tenths, bounded_text(note, "评分说明", 500)
    session.flush()
    audit.record(session, "update", "indicator", indicator.id,
                 f"“{org.name}”的“{indicator.name}”得分{format_points(score_tenths)}")


# --- computed indicators: a rate in ‰ per org ------------------------------------------------------


def _permille(part: int, whole: int) -> int | None:
    return None if whole <= 0 else (2 * 1000 * part + whole) // (2 * whole)


def _meetings(session: Session, year: int, day: date, org_ids: list[int]) -> dict[int, int | None]:
    done = meeting_completion(session, year, day)
    return {o: _permille(*done[o]) if o in done else None for o in org_ids}


def _training(session: Session, year: int, day: date, org_ids: list[int]) -> dict[int, int | None]:
    rows = {c.org_id: c for c in org_completion(session, year)}
    return {o: _permille(rows[o].met, rows[o].members) if o in rows else None for o in org_ids}


def _budget(session: Session, year: int, day: date, org_ids: list[int]) -> dict[int, int | None]:
    summary = execution_summary(session, year, set(org_ids))
    # Spending beyond the budget is a finding of its own; here 100% is the best an org can do.
    return {o: None if (p := summary.by_org(o).permille) is None else min(p, 1000) for o in org_ids}


def _terms(session: Session, year: int, day: date, org_ids: list[int]) -> dict[int, int | None]:
    late = {o for o, found in findings_by_org(session, day).items()
            if any(f.rule in ("term.overdue", "term.missing") for f in found)}
    return {o: 0 if o in late else 1000 for o in org_ids}


def _rectification(session: Session, year: int, day: date, org_ids: list[int]) -> dict[int, int | None]:
    """Measures due by `day` closed on or before their deadline; an org with nothing due scores full."""
    rows = session.execute(select(Problem.org_id, Rectification.deadline, Rectification.closed_on)
                           .join(Problem, Problem.id == Rectification.problem_id)
                           .where(Problem.year == year, Problem.deleted_at.is_(None), Rectification.deadline <= day))
    due: dict[int, list[int]] = {}
    for org_id, deadline, closed_on in rows:
        counts = due.setdefault(org_id, [0, 0])
        counts[0] += closed_on is not None and closed_on <= deadline
        counts[1] += 1
    return {o: _permille(*due[o]) if o in due else 1000 for o in org_ids}


_COMPUTED = {"meetings": _meetings, "training": _training, "budget": _budget, "terms": _terms,
             "rectification": _rectification}


class ScoreRow(NamedTuple):
    org_id: int
    org: str
    scores: dict[int, int | None]  # indicator id → tenths on its own 满分; None: 未评分 (0 in the total)
    weighted: dict[int, int]  # indicator id → tenths of its 分值 (what adds up to the total)
    total_tenths: int  # weighted, out of 1000
    rank: int


class Scoreboard(NamedTuple):
    year: int
    indicators: list[Indicator]
    rows: list[ScoreRow]  # best first; equal totals share a rank
    weight_total: int


def scoreboard(session: Session, year: int, today: date | None = None, org_id: int | None = None) -> Scoreboard:
    """Every assessed org's score on each indicator and its weighted total, ranked. Computed indicators use
    the data up to the end of the year (or today, while the year runs)."""
    today = today or date.today()
    day = min(today, date(year, 12, 31))
    orgs = assessed_orgs(session, day, org_id)
    ids = [o.id for o in orgs]
    indicators = indicators_of(session, year)
    manual = {(s.indicator_id, s.org_id): s.score_tenths for s in session.scalars(
        select(IndicatorScore).join(Indicator, Indicator.id == IndicatorScore.indicator_id)
        .where(Indicator.year == year))}
    rates = {m: fn(session, year, day, ids) for m, fn in _COMPUTED.items()
             if any(i.method == m for i in indicators)}
    unranked = []
    for org in orgs:
        scores: dict[int, int | None] = {}
        weighted: dict[int, int] = {}  # each indicator's weighted tenths, rounded half up
        for ind in indicators:
            if ind.method == "manual":
                score = manual.get((ind.id, org.id))
            else:
                rate = rates[ind.method].get(org.id)
                score = None if rate is None else (2 * ind.max_score * 10 * rate + 1000) // 2000
            scores[ind.id] = score
            weighted[ind.id] = 0 if score is None else (2 * score * ind.weight + ind.max_score) // (2 * ind.max_score)
        unranked.append((org, scores, weighted, sum(weighted.values())))
    unranked.sort(key=lambda item: -item[3])
    rows, rank = [], 0
    for position, (org, scores, weighted, total) in enumerate(unranked, start=1):
        if not rows or rows[-1].total_tenths != total:
            rank = position
        rows.append(ScoreRow(org.id, org.name, scores, weighted, total, rank))
    return Scoreboard(year, indicators, rows, sum(i.weight for i in indicators))


# --- import ---------------------------------------------------------------------------------------

SYNONYMS = {
    "name": ("指标名称", "考核指标", "指标", "考核内容", "项目"),
    "weight": ("分值", "权重", "分数"),
    "max_score": ("满分", "评分满分"),
    "method": ("计算方式", "评分方式", "计分方式"),
    "criteria": ("评分方法", "评分标准", "考核标准", "说明"),
}
MAX_ROWS = 200


def _whole(text: str, label: str, low: int, high: int) -> int:
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(label, f"“{text}”不是整数") from None
    if value != int(value) or not low <= value <= high:
        raise ValidationError(label, f"应为{low}—{high}的整数")
    return int(value)


def import_indicators(db: Database, path: Path, options: ImportOptions,
                      progress: Progress | None = None) -> ImportResult:
    """A year's indicators from xlsx, added or updated by name. Refused as a whole when a row is wrong or the
    year's 分值 would not add up to 100 afterwards."""
    year = options.year or date.today().year
    sheet = read_sheet(path, options, SYNONYMS, ("name", "weight"), MAX_ROWS)
    result = ImportResult(digest=sheet.digest, rows=len(sheet.rows))
    header = sheet.header

    def problem(row_number: int, key: str, message: str) -> None:
        result.errors.append(RowProblem(row_number, header.label(key) if key in header.columns else "", message))

    accepted: dict[str, tuple[int, IndicatorFields]] = {}
    for row in sheet.rows:
        name = row.text("name")
        try:
            fields = IndicatorFields(
                year, name, _whole(row.text("weight"), "分值", 1, FULL_WEIGHT),
                _whole(row.text("max_score") or "100", "满分", 1, 1000),
                code_for(INDICATOR_METHODS, row.text("method") or "手工评分") or "",
                row.text("criteria"))
            _apply(Indicator(), fields)
        except ValidationError as exc:
            key = {"分值": "weight", "满分": "max_score", "计算方式": "method", "指标名称": "name"}.get(exc.field, "")
            problem(row.number, key, exc.reason if key else str(exc))
            continue
        if name in accepted:
            problem(row.number, "name", f"与第{accepted[name][0]}行重复")
            continue
        accepted[name] = (row.number, fields)
        result.preview.append({"row": row.number, "指标名称": name, "分值": fields.weight, "满分": fields.max_score,
                               "计算方式": INDICATOR_METHODS[fields.method]})
    with db.read() as session:
        existing = {i.name: (i.id, i.weight) for i in indicators_of(session, year)}  # plain: the session ends
    if not result.errors:
        total = sum(f.weight for _, f in accepted.values()) + sum(
            weight for name, (_, weight) in existing.items() if name not in accepted)
        if total != FULL_WEIGHT:
            kept = [f"“{n}”{weight}分" for n, (_, weight) in existing.items() if n not in accepted]
            problem(header.row, "weight", f"导入后{year}年考核指标分值合计为{total}分，应为{FULL_WEIGHT}分"
                           + (f"（含已有指标{'、'.join(kept)}）" if kept else ""))
    result.updated = sum(name in existing for name in accepted)
    result.created = len(accepted) - result.updated
    if not result.ok or options.dry_run or not accepted:
        return result
    result.backup = create_backup(db.path, reason="pre-import")
    with db.write() as session:
        for name, (_, fields) in accepted.items():
            if name in existing:
                update_indicator(session, existing[name][0], fields)
            else:
                add_indicator(session, fields)
    result.written = True
    return result


import_indicators.user_options = ("year",)
