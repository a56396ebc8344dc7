"""经费预算: generating each org's yearly lines from the standards, manual adjustments, and 执行率.

A line's budget is its generated standard amount plus its adjustments. Re-generation only ever touches
the standard amount: adjustments are separate rows and survive, and the diff shown before applying says
so. Everything here is integer 分; totals are sums of the same integers, so they reconcile to the 分.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.labels import BUDGET_DIFF_STATUSES
from ..common.money import format_yuan
from ..models import BudgetAdjustment, BudgetLine, Expenditure, FundCategory, Organisation
from ..orgs.order import orgs_in_tree_order
from ..system import audit
from .ledger import live_spending
from .standards import amount_fen, check_year, get_category, parse_day, standards_for_year

# Members counted for a per-member standard: in the roster, 党籍正常, joined by the cut-off, and in the org
# they belonged to then — the first transfer after the cut-off tells where that was (its from_org; NULL
# means they came from outside the 街道 and were not counted here).
_MEMBER_COUNTS_SQL = text("""
SELECT org_at_cutoff, count(*) FROM (
    SELECT CASE WHEN later.member_id IS NULL THEN m.org_id ELSE later.from_org_id END AS org_at_cutoff
    FROM members m
    LEFT JOIN (
        SELECT t.member_id, t.from_org_id,
               row_number() OVER (PARTITION BY t.member_id ORDER BY t.transferred_on, t.id) AS n
        FROM member_transfers t WHERE t.transferred_on > :cutoff
    ) later ON later.member_id = m.id AND later.n = 1
    WHERE m.deleted_at IS NULL AND m.party_status = 'normal'
      AND (m.joined_on IS NULL OR m.joined_on <= :cutoff)
) WHERE org_at_cutoff IS NOT NULL
GROUP BY org_at_cutoff
""")


def member_counts_at(session: Session, cutoff: date) -> dict[int, int]:
    """org id -> members counted at the cut-off date (see _MEMBER_COUNTS_SQL for who counts)."""
    return dict(session.execute(_MEMBER_COUNTS_SQL, {"cutoff": cutoff}).all())


# --- generation ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LineChange:
    """One line of the regeneration diff; old_* are None for new lines, new_* None for removed ones."""

    status: str  # BUDGET_DIFF_STATUSES
    org_id: int
    org_name: str
    category_id: int
    category_name: str
    old_standard: int | None
    new_standard: int | None
    old_members: int | None
    new_members: int | None
    adjustments: int  # kept as they are, whatever happens to the standard amount
    county_share_pct: int
    line_id: int | None = None
    keeps_line: bool = False  # a removed line with adjustments or spending stays, its standard set to 0

    @property
    def old_total(self) -> int | None:
        return None if self.old_standard is None else self.old_standard + self.adjustments

    @property
    def new_total(self) -> int | None:
        if self.new_standard is None:
            return self.adjustments if self.keeps_line else None
        return self.new_standard + self.adjustments

    @property
    def note(self) -> str:
        notes = []
        if self.status == "removed":
            notes.append("不再符合标准，" + ("标准额归零并保留该行" if self.keeps_line else "删除该行"))
        if self.adjustments:
            notes.append(f"保留手工调整 {format_yuan(self.adjustments)}")
        if self.old_members != self.new_members and None not in (self.old_members, self.new_members):
            notes.append(f"党员数 {self.old_members} → {self.new_members}")
        return "；".join(notes)


@dataclass(frozen=True)
class BudgetDiff:
    year: int
    changes: list[LineChange]

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)

    @property
    def has_changes(self) -> bool:
        return any(c.status != "unchanged" for c in self.changes)

    @property
    def old_total(self) -> int:
        return sum(c.old_total or 0 for c in self.changes)

    @property
    def new_total(self) -> int:
        return sum(c.new_total or 0 for c in self.changes)

    @property
    def fingerprint(self) -> str:
        """Identifies what the user saw, so applying refuses if the data changed in between."""
        digest = hashlib.sha256(repr((self.year, self.changes)).encode())
        return digest.hexdigest()[:16]

    def summary(self) -> str:
        parts = [f"{label}{n}项" for code, label in BUDGET_DIFF_STATUSES.items() if (n := self.count(code))]
        totals = f"合计 {format_yuan(self.old_total)} → {format_yuan(self.new_total)}"
        return f"{self.year}年预算：{'，'.join(parts)}；{totals}"


def plan_budgets(session: Session, year: int) -> BudgetDiff:
    """What generating `year` would do, without writing anything."""
    year = check_year(year)
    active = set(session.scalars(select(FundCategory.id).where(FundCategory.active.is_(True))))
    standards = [s for s in standards_for_year(session, year) if s.category_id in active]
    if not standards:
        raise UserError(f"{year}年还没有经费标准，请先在“经费标准”中填写后再生成预算")
    tree = orgs_in_tree_order(session)
    orgs = [o for o in tree if not o.revoked]
    names = {o.id: o.name for o in tree}
    category_names = dict(session.execute(select(FundCategory.id, FundCategory.name)).all())
    counts_by_cutoff: dict[date, dict[int, int]] = {}

    target: dict[tuple[int, int], tuple[int, int | None, int]] = {}  # (org, cat) -> (fen, members, pct)
    for standard in standards:
        cutoff = standard.member_cutoff_on or date(year - 1, 12, 31)
        if standard.per_member_fen and cutoff not in counts_by_cutoff:
            counts_by_cutoff[cutoff] = member_counts_at(session, cutoff)
        for org in orgs:
            if standard.qualifying_kinds and org.kind not in standard.qualifying_kinds:
                continue
            if standard.qualifying_domains and org.domain not in standard.qualifying_domains:
                continue
            members = counts_by_cutoff[cutoff].get(org.id, 0) if standard.per_member_fen else None
            amount = standard.per_org_fen + standard.per_member_fen * (members or 0)
            if amount > 0:
                target[(org.id, standard.category_id)] = (amount, members, standard.county_share_pct)

    # Lines of a stopped category are history: regeneration neither adds to them nor removes them.
    existing = {(r.org_id, r.category_id): r for r in session.execute(
        select(BudgetLine.id, BudgetLine.org_id, BudgetLine.category_id, BudgetLine.standard_fen,
               BudgetLine.member_count, BudgetLine.county_share_pct)
        .where(BudgetLine.year == year, BudgetLine.category_id.in_(active))).all()}
    adjustments = dict(session.execute(
        select(BudgetAdjustment.line_id, func.sum(BudgetAdjustment.amount_fen)).join(BudgetLine)
        .where(BudgetLine.year == year).group_by(BudgetAdjustment.line_id)).all())
    spent_keys = set(session.execute(
        select(Expenditure.org_id, Expenditure.category_id).where(*live_spending(year)).distinct()).all())

    changes: list[LineChange] = []
    order = {org_id: i for i, org_id in enumerate(names)}
    for key in sorted(set(target) | set(existing), key=lambda k: (order.get(k[0], 1 << 30), k[1])):
        org_id, category_id = key
        old = existing.get(key)
        adjusted = adjustments.get(old.id, 0) if old else 0
        common = dict(org_id=org_id, org_name=names.get(org_id, f"（已删除的组织 {org_id}）"),
                      category_id=category_id, category_name=category_names[category_id],
                      adjustments=adjusted)
        if key in target:
            fen, members, pct = target[key]
            if old is None:
                changes.append(LineChange("new", old_standard=None, new_standard=fen, old_members=None,
                                          new_members=members, county_share_pct=pct, **common))
            else:
                same = (old.standard_fen, old.member_count, old.county_share_pct) == (fen, members, pct)
                changes.append(LineChange("unchanged" if same else "changed", old_standard=old.standard_fen,
                                          new_standard=fen, old_members=old.member_count, new_members=members,
                                          county_share_pct=pct, line_id=old.id, **common))
            continue
        keeps = bool(adjusted) or key in spent_keys
        if keeps and old.standard_fen == 0:  # already zeroed by an earlier run
            changes.append(LineChange("unchanged", old_standard=0, new_standard=0,
                                      old_members=old.member_count, new_members=old.member_count,
                                      county_share_pct=old.county_share_pct, line_id=old.id, **common))
        else:
            changes.append(LineChange("removed", old_standard=old.standard_fen, new_standard=None,
                                      old_members=old.member_count, new_members=None,
                                      county_share_pct=old.county_share_pct, line_id=old.id, keeps_line=keeps,
                                      **common))
    return BudgetDiff(year, changes)


def generate_budgets(session: Session, year: int, *, expected_fingerprint: str | None = None) -> BudgetDiff:
    """Apply the standards to every qualifying org's lines for `year`; returns the diff that was applied.

    With `expected_fingerprint` (from the diff the user confirmed) it refuses if anything changed since.
    """
    diff = plan_budgets(session, year)
    if expected_fingerprint is not None and diff.fingerprint != expected_fingerprint:
        raise UserError("预览之后数据已有变化，请重新生成预览再确认")
    now = datetime.now().replace(microsecond=0)
    new_rows = [dict(year=year, org_id=c.org_id, category_id=c.category_id, standard_fen=c.new_standard,
                     member_count=c.new_members, county_share_pct=c.county_share_pct, generated_at=now)
                for c in diff.changes if c.status == "new"]
    updates = [dict(b_id=c.line_id, b_fen=c.new_standard if c.new_standard is not None else 0,
                    b_members=c.new_members if c.status == "changed" else c.old_members,
                    b_pct=c.county_share_pct)
               for c in diff.changes if c.status == "changed" or (c.status == "removed" and c.keeps_line)]
    removed = [c.line_id for c in diff.changes if c.status == "removed" and not c.keeps_line]
    if new_rows:
        # Core insert on the table: one executemany (the ORM bulk path splits rows by which keys are None).
        session.connection().execute(insert(BudgetLine.__table__), new_rows)
    if updates:
        session.connection().execute(
            update(BudgetLine.__table__).where(BudgetLine.__table__.c.id == bindparam("b_id"))
            .values(standard_fen=bindparam("b_fen"), member_count=bindparam("b_members"),
                    county_share_pct=bindparam("b_pct"), generated_at=now), updates)
    if removed:
        session.execute(delete(BudgetLine).where(BudgetLine.id.in_(removed)))
    audit.record(session, "generate", "budget", None, diff.summary())
    session.expire_all()
    return diff


# --- adjustments ---------------------------------------------------------------------------------


def _line(session: Session, year: int, org_id: int, category_id: int, *, create: bool) -> BudgetLine | None:
    line = session.scalars(select(BudgetLine).where(
        BudgetLine.year == year, BudgetLine.org_id == org_id, BudgetLine.category_id == category_id)).first()
    if line is None and create:
        pct = next((s.county_share_pct for s in standards_for_year(session, year)
                    if s.category_id == category_id), 50)
        line = BudgetLine(year=year, org_id=org_id, category_id=category_id, standard_fen=0,
                          county_share_pct=pct)
        session.add(line)
        session.flush()
    return line


def line_total(session: Session, line: BudgetLine) -> int:
    adjusted = session.scalar(select(func.coalesce(func.sum(BudgetAdjustment.amount_fen), 0))
                              .where(BudgetAdjustment.line_id == line.id))
    return line.standard_fen + int(adjusted)


def add_adjustment(session: Session, year: int, org_id: int, category_id: int, amount: str | int, reason: str,
                   adjusted_on: date | str, doc_no: str = "") -> BudgetAdjustment:
    """追加 (positive) or 调减 (negative) one line's budget; creates the line for an org without one."""
    year = check_year(year)
    fen = amount_fen(amount, "调整金额", allow_negative=True)
    if fen == 0:
        raise ValidationError("调整金额", "不能为零")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("调整原因", "不能为空")
    day = parse_day(adjusted_on, "调整日期")
    org = session.get(Organisation, org_id)
    if org is None or org.deleted_at is not None:
        raise UserError("党组织不存在或已删除")
    category = get_category(session, category_id)
    line = _line(session, year, org_id, category_id, create=True)
    current = line_total(session, line)
    if current + fen < 0:
        raise ValidationError("调整金额", f"调减后预算为负数（现预算 {format_yuan(current)}）")
    adjustment = BudgetAdjustment(line_id=line.id, amount_fen=fen, reason=reason, adjusted_on=day,
                                  doc_no=(doc_no or "").strip())
    session.add(adjustment)
    session.flush()
    audit.record(session, "create", "budget_adjustment", adjustment.id,
                 f"{year}年{org.name}{category.name}预算调整 {format_yuan(fen)}：{reason}"
                 + (f"（{adjustment.doc_no}）" if adjustment.doc_no else ""))
    return adjustment


def remove_adjustment(session: Session, adjustment_id: int) -> None:
    adjustment = session.get(BudgetAdjustment, adjustment_id)
    if adjustment is None:
        raise UserError("预算调整记录不存在")
    line = adjustment.line
    if line_total(session, line) - adjustment.amount_fen < 0:
        raise UserError("撤销该调整后预算将为负数，请先撤销相应的调减")
    session.delete(adjustment)
    audit.record(session, "delete", "budget_adjustment", adjustment_id,
                 f"撤销{line.year}年预算调整 {format_yuan(adjustment.amount_fen)}：{adjustment.reason}")


def adjustments_of(session: Session, year: int, org_id: int, category_id: int) -> list[BudgetAdjustment]:
    line = _line(session, year, org_id, category_id, create=False)
    return list(line.adjustments) if line else []
