"""双述双评: each 书记's yearly 述职 (date, report file) and the 评议 on it — the votes 好/较好/一般/差 out of
应到 — graded by the yearly settings review.points_* (what a vote counts) and review.grade_* (the thresholds
of the average). Below review.min_turnout of 应到 voting, no grade is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common.dates import parse_date
from ..common.errors import UserError, ValidationError
from ..common.textnorm import bounded_text
from ..models import Attachment, Organisation, SecretaryReview
from ..orgs.queries import find_org_by_name
from ..spreadsheets.importing import ImportOptions, ImportResult, Progress, RowProblem, read_sheet
from ..storage.backup import create_backup
from ..storage.db import Database
from ..system import audit, settings
from ..system.files import attach_file, attachment_path
from .scope import assessed_org, in_tree_order, org_filter, secretaries

COUNTS = {"excellent": "好", "good": "较好", "fair": "一般", "poor": "差"}


@dataclass(frozen=True)
class ReviewFields:
    org_id: int
    year: int
    secretary: str
    reported_on: date | None = None  # 述职日期
    expected: int = 0  # 应到评议人数
    excellent: int = 0
    good: int = 0
    fair: int = 0
    poor: int = 0
    note: str = ""


def check_counts(fields: ReviewFields) -> None:
    """Counts are whole and not negative, and together no more than 应到 (what the dialog checks live)."""
    for key, name in {"expected": "应到人数", **COUNTS}.items():
        if getattr(fields, key) < 0:
            raise ValidationError(name, "不能为负数")
    cast = fields.excellent + fields.good + fields.fair + fields.poor
    if cast > fields.expected:
        raise ValidationError("票数", f"好、较好、一般、差合计{cast}票，超过应到{fields.expected}人")


def save_review(session: Session, fields: ReviewFields) -> SecretaryReview:
    """Record the 述职评议 of an org's 书记 for the year (one per org and year: saving again corrects it)."""
    org = assessed_org(session, fields.org_id)
    check_counts(fields)
    if fields.reported_on is not None and fields.reported_on.year not in (fields.year, fields.year + 1):
        raise ValidationError("述职日期", f"应在{fields.year}年或次年初")
    review = session.scalars(select(SecretaryReview).where(SecretaryReview.org_id == org.id,
                                                           SecretaryReview.year == fields.year)).first()
    if review is None:
        review = SecretaryReview(org_id=org.id, year=fields.year)
        session.add(review)
    review.secretary = bounded_text(fields.secretary, "书记", 40, required=True)
    review.reported_on = fields.reported_on
    review.expected, review.excellent, review.good = fields.expected, fields.excellent, fields.good
    review.fair, review.poor = fields.fair, fields.poor
    review.note = bounded_text(fields.note, "备注", 500)
    session.flush()
    audit.record(session, "update", "review", review.id, f"{org.name}书记{review.secretary}{fields.year}年度述职评议")
    return review


def _get(session: Session, review_id: int) -> SecretaryReview:
    review = session.get(SecretaryReview, review_id)
    if review is None:
        raise UserError("述职评议记录不存在")
    return review


def delete_review(session: Session, review_id: int) -> None:
    """The caller has confirmed (the votes and report records go with it)."""
    review = _get(session, review_id)
    session.delete(review)
    audit.record(session, "delete", "review", review_id, f"删除{review.secretary}{review.year}年度述职评议")


def attach_report(session: Session, review_id: int, path: Path) -> Attachment:
    """The 述职报告 file."""
    review = _get(session, review_id)
    row = attach_file(session, path, review_id=review.id)
    audit.record(session, "attach", "review", review.id, f"{review.secretary}{review.year}年度述职报告{row.filename}")
    return row


report_path = attachment_path


class Grading(NamedTuple):
    points: tuple[int, int, int]  # what a 好, 较好, 一般 vote counts (差 counts 0)
    thresholds: tuple[int, int, int]  # lowest average for 好, 较好, 一般
    min_turnout: int  # % of 应到

    @classmethod
    def load(cls, session: Session, year: int) -> Grading:
        def get(key: str) -> int:
            return int(settings.get(session, f"review.{key}", year))

        return cls((get("points_excellent"), get("points_good"), get("points_fair")),
                   (get("grade_excellent"), get("grade_good"), get("grade_fair")), get("min_turnout"))

    def grade(self, expected: int, votes: tuple[int, int, int, int]) -> tuple[int | None, str]:
        """(average in tenths of a point, grade code) — (None, "") without enough votes to grade."""
        cast = sum(votes)
        if cast == 0 or cast * 100 < expected * self.min_turnout:
            return None, ""
        points = sum(v * p for v, p in zip(votes, self.points, strict=False))
        score = (2 * 10 * points + cast) // (2 * cast)
        for code, low in zip(COUNTS, self.thresholds, strict=False):
            if score >= low * 10:
                return score, code
        return score, "poor"


class ReviewRow(NamedTuple):
    id: int
    org_id: int
    org: str
    secretary: str
    reported_on: date | None
    expected: int
    excellent: int
    good: int
    fair: int
    poor: int
    cast: int
    score_tenths: int | None
    grade: str  # labels.REVIEW_GRADES code; "" = 未评定
    reports: tuple[tuple[int, str], ...]  # (attachment id, filename)
    note: str


def review_rows(session: Session, year: int, org_id: int | None = None) -> list[ReviewRow]:
    grading = Grading.load(session, year)
    query = (select(SecretaryReview, Organisation.name).join(Organisation, Organisation.id == SecretaryReview.org_id)
             .where(SecretaryReview.year == year).order_by(Organisation.sort_order, Organisation.name))
    inside = org_filter(session, org_id)
    if inside is not None:
        query = query.where(SecretaryReview.org_id.in_(inside))
    files: dict[int, list[tuple[int, str]]] = {}
    for review_id, file_id, name in session.execute(
            select(Attachment.review_id, Attachment.id, Attachment.filename)
            .join(SecretaryReview, SecretaryReview.id == Attachment.review_id)
            .where(SecretaryReview.year == year).order_by(Attachment.id)):
        files.setdefault(review_id, []).append((file_id, name))
    rows = []
    for r, org in session.execute(query):
        votes = (r.excellent, r.good, r.fair, r.poor)
        score, grade = grading.grade(r.expected, votes)
        rows.append(ReviewRow(r.id, r.org_id, org, r.secretary, r.reported_on, r.expected, *votes, sum(votes),
                              score, grade, tuple(files.get(r.id, ())), r.note))
    return in_tree_order(session, rows)


# --- import of the counted ballots -----------------------------------------------------------------

SYNONYMS = {
    "org": ("党组织", "党组织名称", "单位", "支部"),
    "secretary": ("书记", "书记姓名", "述职人", "姓名"),
    "reported_on": ("述职日期", "述职时间", "日期"),
    "expected": ("应到", "应到人数", "应参评人数", "参评人数"),
    "excellent": ("好", "好票", "好（票）"),
    "good": ("较好", "较好票"),
    "fair": ("一般", "一般票"),
    "poor": ("差", "差票", "较差"),
}
MAX_ROWS = 2_000


def _count(text: str, label: str) -> int:
    if not text:
        return 0
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(label, f"“{text}”不是整数") from None
    if value != int(value) or value < 0:
        raise ValidationError(label, "应为不小于0的整数")
    return int(value)


def import_ballots(db: Database, path: Path, options: ImportOptions,
                   progress: Progress | None = None) -> ImportResult:
    """The counted votes per org for a year: 党组织, 应到, 好, 较好, 一般, 差 (书记 and 述职日期 optional).
    All-or-nothing: a row naming an unknown org, or with more votes than 应到, refuses the whole file."""
    year = options.year or date.today().year
    sheet = read_sheet(path, options, SYNONYMS, ("org", "expected", "excellent", "good", "fair", "poor"), MAX_ROWS)
    header = sheet.header
    result = ImportResult(digest=sheet.digest, rows=len(sheet.rows))

    def problem(row_number: int, key: str, message: str) -> None:
        result.errors.append(RowProblem(row_number, header.label(key) if key in header.columns else "", message))

    accepted: list[ReviewFields] = []
    seen: dict[int, int] = {}
    with db.read() as session:
        names = secretaries(session, min(date.today(), date(year, 12, 31)))
        existing = {r.org_id: r for r in session.scalars(select(SecretaryReview).where(SecretaryReview.year == year))}
        for row in sheet.rows:
            before = len(result.errors)
            org = None
            try:
                org = assessed_org(session, find_org_by_name(session, row.text("org")).id)
            except UserError as exc:
                problem(row.number, "org", str(exc))
            counts = {}
            for key, label in {"expected": "应到", **COUNTS}.items():
                try:
                    counts[key] = _count(row.text(key), label)
                except ValidationError as exc:
                    problem(row.number, key, exc.reason)
            reported_on = None
            if row.text("reported_on"):
                try:
                    reported_on = parse_date(row.get("reported_on"), "述职日期")
                except ValidationError as exc:
                    problem(row.number, "reported_on", exc.reason)
            if len(result.errors) > before or org is None:
                continue
            if org.id in seen:
                problem(row.number, "org", f"与第{seen[org.id]}行是同一党组织")
                continue
            seen[org.id] = row.number
            known = existing.get(org.id)
            secretary = row.text("secretary") or (known.secretary if known else names.get(org.id, ""))
            if not secretary:
                problem(row.number, "secretary", f"“{org.name}”没有在任书记，请填写书记姓名")
                continue
            fields = ReviewFields(org.id, year, secretary, reported_on or (known.reported_on if known else None),
                                  **counts, note=known.note if known else "")
            try:
                check_counts(fields)
            except ValidationError as exc:
                problem(row.number, "expected", exc.reason)
                continue
            accepted.append(fields)
            result.preview.append({"row": row.number, "党组织": org.name, "书记": secretary, "应到": fields.expected,
                                   **{label: counts[key] for key, label in COUNTS.items()}})
    result.errors.sort(key=lambda p: p.row)
    result.updated = sum(f.org_id in existing for f in accepted)
    result.created = len(accepted) - result.updated
    if not result.ok or options.dry_run or not accepted:
        return result
    result.backup = create_backup(db.path, reason="pre-import")
    with db.write() as session:
        for fields in accepted:
            save_review(session, fields)
    result.written = True
    return result


import_ballots.user_options = ("year",)
