"""Read-only views of 党组织设置 for the GUI and the reports: 一览表 lines, 换届提醒, one org's detail.

Everything returned is plain data (no ORM objects), so it can cross from the worker thread to the GUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common.findings import Finding
from ..common.labels import FORMATIONS, ORG_DOMAINS, ORG_KINDS, label
from ..models import CommitteeSeat, Member, Organisation, OrgUnit, Term
from .committees import SeatRow, elections_of, seat_rows, terms_of
from .rules import findings_by_org
from .tree import OrgRow, get_org, org_path, org_tree_rows, subtree_ids

TERM_RULES = {"term.overdue": "逾期未换届", "term.due_soon": "即将到期"}


@dataclass(frozen=True)
class OrgLine:
    """One line of the 党组织设置一览表."""

    row: OrgRow
    depth: int
    units: tuple[str, ...]
    secretary: str
    term_number: int | None
    term_end: date | None
    findings: tuple[Finding, ...]
    host: str = ""  # name of the 挂靠 host org

    @property
    def kind_label(self) -> str:
        return label(ORG_KINDS, self.row.kind)

    @property
    def domain_label(self) -> str:
        return label(ORG_DOMAINS, self.row.domain)

    @property
    def formation_label(self) -> str:
        return label(FORMATIONS, self.row.formation)


def _secretaries(session: Session, today: date) -> dict[int, str]:
    query = (select(CommitteeSeat.org_id, Member.name, CommitteeSeat.person_name)
             .outerjoin(Member, Member.id == CommitteeSeat.member_id)
             .where(CommitteeSeat.role == "secretary", CommitteeSeat.started_on <= today,
                    (CommitteeSeat.ended_on.is_(None)) | (CommitteeSeat.ended_on >= today)))
    return {org_id: member_name or person for org_id, member_name, person in session.execute(query)}


def _latest_terms(session: Session) -> dict[int, tuple[int, date, date]]:
    latest: dict[int, tuple[int, date, date]] = {}
    for org_id, number, started, end in session.execute(
            select(Term.org_id, Term.number, Term.started_on, Term.planned_end_on)):
        if org_id not in latest or number > latest[org_id][0]:
            latest[org_id] = (number, started, end)
    return latest


def org_lines(session: Session, today: date, *, root_id: int | None = None,
              include_revoked: bool = False) -> list[OrgLine]:
    """The 一览表 in tree order, optionally limited to one org's subtree."""
    rows = org_tree_rows(session)
    names = {r.id: r.name for r in rows}
    if root_id is not None:
        wanted = set(subtree_ids(session, root_id))
        rows = [r for r in rows if r.id in wanted]
    if not include_revoked:
        rows = [r for r in rows if not r.revoked]
    parents = {r.id: r.parent_id for r in rows}
    units: dict[int, list[str]] = {}
    for org_id, name in session.execute(select(OrgUnit.org_id, OrgUnit.name).order_by(OrgUnit.sort_order)):
        units.setdefault(org_id, []).append(name)
    secretaries, terms, findings = _secretaries(session, today), _latest_terms(session), findings_by_org(session, today)

    def depth(org_id: int) -> int:
        level, parent = 0, parents.get(org_id)
        while parent in parents:
            level, parent = level + 1, parents[parent]
        return level

    return [OrgLine(r, depth(r.id), tuple(units.get(r.id, ())), secretaries.get(r.id, ""),
                    terms[r.id][0] if r.id in terms else None, terms[r.id][2] if r.id in terms else None,
                    tuple(findings.get(r.id, ())), names.get(r.host_org_id, "")) for r in rows]


@dataclass(frozen=True)
class TermReminder:
    org_id: int
    org: str
    path: str
    kind_label: str
    number: int
    started_on: date
    planned_end_on: date
    status: str  # "term.overdue" | "term.due_soon"
    secretary: str

    @property
    def status_label(self) -> str:
        return TERM_RULES[self.status]

    def days_text(self, today: date) -> str:
        days = (self.planned_end_on - today).days
        if days < 0:
            return f"已逾期{-days}天"
        return "今天届满" if days == 0 else f"还有{days}天"


def term_reminders(session: Session, today: date) -> list[TermReminder]:
    """Overdue and due-soon terms (the same verdicts as the rules), overdue first, then by end date."""
    terms, secretaries = _latest_terms(session), _secretaries(session, today)
    result = []
    for org_id, found in findings_by_org(session, today).items():
        status = next((f.rule for f in found if f.rule in TERM_RULES), None)
        if status is None or org_id not in terms:
            continue
        org = get_org(session, org_id)
        number, started, end = terms[org_id]
        result.append(TermReminder(org_id, org.name, org_path(session, org_id), label(ORG_KINDS, org.kind),
                                   number, started, end, status, secretaries.get(org_id, "")))
    return sorted(result, key=lambda r: (r.status != "term.overdue", r.planned_end_on, r.path))


# --- one org, for the detail pane ---------------------------------------------------------------


@dataclass(frozen=True)
class UnitLine:
    name: str
    credit_code: str
    contact_name: str
    contact_phone: str
    formal_member_count: int | None


@dataclass(frozen=True)
class TermLine:
    id: int
    number: int
    started_on: date
    planned_end_on: date
    elected_on: date | None
    note: str


@dataclass(frozen=True)
class ElectionLine:
    id: int
    held_on: date
    eligible: int
    present: int
    seats: int
    candidates: tuple[tuple[str, int, bool], ...]
    note: str


@dataclass(frozen=True)
class OrgDetail:
    id: int
    name: str
    path: str
    parent_id: int | None
    kind: str
    domain: str
    code: str
    formation: str
    host_org_id: int | None
    host: str
    approved_on: date | None
    approval_doc_no: str
    status: str
    revoked_on: date | None
    revoked_doc_no: str
    revoked_reason: str
    recorded_formal_count: int | None
    recorded_probationary_count: int | None
    address: str
    contact_phone: str
    note: str
    counts: OrgRow | None
    units: tuple[UnitLine, ...] = ()
    seats: tuple[SeatRow, ...] = ()
    terms: tuple[TermLine, ...] = ()
    elections: tuple[ElectionLine, ...] = ()
    findings: tuple[Finding, ...] = field(default=())


def org_detail(session: Session, org_id: int, today: date, *, counts: OrgRow | None = None,
               findings: tuple[Finding, ...] | None = None) -> OrgDetail:
    """Everything the detail pane shows for one org.

    A caller that already holds the tree's rows and findings passes them, sparing a whole-tree check.
    """
    org = get_org(session, org_id)
    host = session.get(Organisation, org.host_org_id) if org.host_org_id else None
    if counts is None:
        counts = next((r for r in org_tree_rows(session) if r.id == org_id), None)
    if findings is None:
        findings = tuple(findings_by_org(session, today).get(org.id, ()))
    return OrgDetail(
        org.id, org.name, org_path(session, org.id), org.parent_id, org.kind, org.domain, org.code or "",
        org.formation, org.host_org_id, host.name if host else "", org.approved_on, org.approval_doc_no, org.status,
        org.revoked_on, org.revoked_doc_no, org.revoked_reason, org.recorded_formal_count,
        org.recorded_probationary_count, org.address, org.contact_phone, org.note, counts,
        units=tuple(UnitLine(u.name, u.credit_code, u.contact_name, u.contact_phone, u.formal_member_count)
                    for u in org.units),
        seats=tuple(seat_rows(session, org.id)),
        terms=tuple(TermLine(t.id, t.number, t.started_on, t.planned_end_on, t.elected_on, t.note)
                    for t in terms_of(session, org.id)),
        elections=tuple(ElectionLine(e.id, e.held_on, e.eligible_count, e.present_count, e.seats,
                                     tuple((c.name, c.votes, c.elected) for c in e.candidates), e.note)
                        for e in elections_of(session, org.id)),
        findings=findings,
    )


def seat_candidates(session: Session, org_id: int) -> list[tuple[int, str]]:
    """Roster members who may take a seat on this org's committee: its own and its sub-orgs' members."""
    rows = session.execute(
        select(Member.id, Member.name, Member.category, Organisation.name)
        .join(Organisation, Organisation.id == Member.org_id)
        .where(Member.org_id.in_(subtree_ids(session, org_id)), Member.deleted_at.is_(None),
               Member.party_status == "normal").order_by(Member.org_id != org_id, Member.name_initials, Member.id))
    return [(member_id, f"{name}（{'预备党员，' if category == 'probationary' else ''}{org_name}）")
            for member_id, name, category, org_name in rows]
