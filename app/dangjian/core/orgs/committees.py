"""班子、届次与选举: committee seats, terms (届) with their planned end, and election records.

A term's planned end comes from the org's term length setting (社区党组织 and 基层党委 5 years,
党支部/党总支 3 years). Recording a 换届选举 opens the next term. Writes validate first and raise a
Chinese `ValidationError` naming the field; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.dates import add_months
from ..common.errors import UserError, ValidationError
from ..common.labels import SEAT_ROLES, label
from ..models import CommitteeSeat, Election, ElectionCandidate, Member, Organisation, Term
from ..system import audit, settings
from .tree import get_org

EXTERNAL_ROLES = {"part_time"}  # 兼职委员 may come from a 驻区单位 outside the roster
COMMUNITY_KINDS = {"party_committee", "general_branch", "branch"}


def term_length_setting(kind: str, domain: str) -> str:
    """The setting key holding the term length (years) of an org of this kind and 领域."""
    if domain == "community" and kind in COMMUNITY_KINDS:
        return "term.community_years"
    if kind in ("party_committee", "street_committee"):
        return "term.party_committee_years"
    return "term.branch_years"


def planned_term_end(session: Session, org: Organisation, started_on: date) -> date:
    years = settings.get(session, term_length_setting(org.kind, org.domain))
    return add_months(started_on, 12 * years)


# --- seats ------------------------------------------------------------------------------------


@dataclass
class SeatFields:
    role: str
    started_on: date | None
    member_id: int | None = None
    person_name: str = ""  # 兼职委员 from a 驻区单位: name and unit instead of a roster member
    person_unit: str = ""
    ended_on: date | None = None
    note: str = ""


def _validate_seat(session: Session, org: Organisation, fields: SeatFields, seat_id: int | None) -> None:
    if fields.role not in SEAT_ROLES:
        raise ValidationError("职务", f"只能是：{'、'.join(SEAT_ROLES.values())}")
    if fields.started_on is None:
        raise ValidationError("任职日期", "不能为空")
    if fields.ended_on is not None and fields.ended_on < fields.started_on:
        raise ValidationError("离任日期", "不能早于任职日期")
    fields.person_name, fields.person_unit = fields.person_name.strip(), fields.person_unit.strip()
    if fields.member_id is None:
        if fields.role not in EXTERNAL_ROLES:
            raise ValidationError("人员", f"{SEAT_ROLES[fields.role]}须从党员花名册中选择")
        if not fields.person_name:
            raise ValidationError("姓名", "兼职委员不在花名册中时须填写姓名")
        if not fields.person_unit:
            raise ValidationError("所在单位", "兼职委员不在花名册中时须填写所在单位")
    else:
        member = session.get(Member, fields.member_id)
        if member is None or member.deleted_at is not None:
            raise ValidationError("人员", "所选党员不存在或已删除")
        if member.party_status != "normal":
            raise ValidationError("人员", f"{member.name}的党籍状态不正常，不能任职")
    if fields.role == "secretary" and fields.ended_on is None:
        other = session.scalars(select(CommitteeSeat).where(
            CommitteeSeat.org_id == org.id, CommitteeSeat.role == "secretary",
            CommitteeSeat.ended_on.is_(None), CommitteeSeat.id != (seat_id or 0))).first()
        if other is not None:
            raise ValidationError("职务", f"已有在任书记{seat_person(session, other)}，请先为其填写离任日期")


def seat_person(session: Session, seat: CommitteeSeat) -> str:
    if seat.member_id is not None:
        member = session.get(Member, seat.member_id)
        return member.name if member is not None else ""
    return seat.person_name


def add_seat(session: Session, org_id: int, fields: SeatFields) -> CommitteeSeat:
    org = get_org(session, org_id)
    _validate_seat(session, org, fields, None)
    seat = CommitteeSeat(org_id=org.id, role=fields.role, member_id=fields.member_id,
                         person_name="" if fields.member_id else fields.person_name,
                         person_unit="" if fields.member_id else fields.person_unit,
                         started_on=fields.started_on, ended_on=fields.ended_on, note=fields.note.strip())
    session.add(seat)
    session.flush()
    audit.record(session, "create", "committee_seat", seat.id,
                 f"“{org.name}”任命{SEAT_ROLES[seat.role]}{seat_person(session, seat)}")
    return seat


def update_seat(session: Session, seat_id: int, fields: SeatFields) -> CommitteeSeat:
    seat = _get_seat(session, seat_id)
    _validate_seat(session, seat.org, fields, seat.id)
    seat.role, seat.member_id, seat.started_on, seat.ended_on = (
        fields.role, fields.member_id, fields.started_on, fields.ended_on)
    seat.person_name = "" if fields.member_id else fields.person_name
    seat.person_unit = "" if fields.member_id else fields.person_unit
    seat.note = fields.note.strip()
    audit.record(session, "update", "committee_seat", seat.id,
                 f"修改“{seat.org.name}”{SEAT_ROLES[seat.role]}{seat_person(session, seat)}的任职信息")
    return seat


def remove_seat(session: Session, seat_id: int) -> None:
    """Delete a seat entered by mistake (a real departure is an end date, which keeps history)."""
    seat = _get_seat(session, seat_id)
    audit.record(session, "delete", "committee_seat", seat.id,
                 f"删除“{seat.org.name}”{SEAT_ROLES.get(seat.role, seat.role)}{seat_person(session, seat)}"
                 f"（任职于{seat.started_on:%Y-%m-%d}）")
    session.delete(seat)


def _get_seat(session: Session, seat_id: int) -> CommitteeSeat:
    seat = session.get(CommitteeSeat, seat_id)
    if seat is None:
        raise UserError(f"班子成员记录（编号 {seat_id}）不存在")
    return seat


@dataclass(frozen=True)
class SeatRow:
    id: int
    role: str
    person: str
    unit: str
    member_id: int | None
    started_on: date
    ended_on: date | None

    @property
    def role_label(self) -> str:
        return label(SEAT_ROLES, self.role)


def seat_rows(session: Session, org_id: int, *, current_only: bool = False) -> list[SeatRow]:
    """Seats of one org, 书记 first, then by role and start date. `unit` is a roster member's own
    党组织 (leaders of a 党委 usually belong to one of its branches) or a 兼职委员's 驻区单位."""
    query = (select(CommitteeSeat, Member.name, Organisation.name)
             .outerjoin(Member, Member.id == CommitteeSeat.member_id)
             .outerjoin(Organisation, Organisation.id == Member.org_id)
             .where(CommitteeSeat.org_id == org_id))
    if current_only:
        query = query.where(CommitteeSeat.ended_on.is_(None))
    order = list(SEAT_ROLES)
    rows = [SeatRow(s.id, s.role, name or s.person_name, s.person_unit or member_org or "", s.member_id,
                    s.started_on, s.ended_on)
            for s, name, member_org in session.execute(query)]
    return sorted(rows, key=lambda r: (r.ended_on is not None, order.index(r.role) if r.role in order else 99,
                                       r.started_on))


# --- terms ------------------------------------------------------------------------------------


def add_term(session: Session, org_id: int, started_on: date | None, *, planned_end_on: date | None = None,
             number: int | None = None, elected_on: date | None = None, note: str = "") -> Term:
    """Record a 届; the planned end defaults to start + the org's term length setting."""
    org = get_org(session, org_id)
    if org.kind == "group":
        raise ValidationError("届次", "党小组不设届次")
    if started_on is None:
        raise ValidationError("任期开始日期", "不能为空")
    end = planned_end_on or planned_term_end(session, org, started_on)
    if end <= started_on:
        raise ValidationError("届满日期", "必须晚于任期开始日期")
    if elected_on is not None and elected_on > started_on:
        raise ValidationError("选举日期", "不能晚于任期开始日期")
    latest = session.scalar(select(func.max(Term.number)).where(Term.org_id == org.id)) or 0
    number = number or latest + 1
    if number < 1:
        raise ValidationError("届次", "应为正整数")
    if session.scalar(select(Term.id).where(Term.org_id == org.id, Term.number == number)):
        raise ValidationError("届次", f"已有第{number}届")
    term = Term(org_id=org.id, number=number, started_on=started_on, planned_end_on=end,
                elected_on=elected_on, note=note.strip())
    session.add(term)
    session.flush()
    audit.record(session, "create", "term", term.id,
                 f"“{org.name}”第{number}届：{started_on:%Y-%m-%d} 至 {end:%Y-%m-%d}")
    return term


def update_term(session: Session, term_id: int, started_on: date, planned_end_on: date,
                elected_on: date | None = None, note: str = "") -> Term:
    term = session.get(Term, term_id)
    if term is None:
        raise UserError(f"届次记录（编号 {term_id}）不存在")
    if started_on is None:
        raise ValidationError("任期开始日期", "不能为空")
    if planned_end_on is None or planned_end_on <= started_on:
        raise ValidationError("届满日期", "必须晚于任期开始日期")
    if elected_on is not None and elected_on > started_on:
        raise ValidationError("选举日期", "不能晚于任期开始日期")
    term.started_on, term.planned_end_on, term.elected_on, term.note = (
        started_on, planned_end_on, elected_on, note.strip())
    audit.record(session, "update", "term", term.id,
                 f"修改“{term.org.name}”第{term.number}届：{started_on:%Y-%m-%d} 至 {planned_end_on:%Y-%m-%d}")
    return term


def terms_of(session: Session, org_id: int) -> list[Term]:
    return list(session.scalars(select(Term).where(Term.org_id == org_id).order_by(Term.number.desc())))


# --- elections --------------------------------------------------------------------------------


@dataclass
class CandidateFields:
    name: str
    votes: int = 0
    elected: bool = False


@dataclass
class ElectionFields:
    held_on: date | None
    eligible_count: int  # 应到: 正式党员 with a vote
    present_count: int  # 实到
    seats: int  # 应选名额
    candidates: list[CandidateFields] = field(default_factory=list)
    note: str = ""


def _validate_election(fields: ElectionFields) -> None:
    if fields.held_on is None:
        raise ValidationError("选举日期", "不能为空")
    for value, name in ((fields.eligible_count, "应到人数"), (fields.present_count, "实到人数"),
                        (fields.seats, "应选名额")):
        if not isinstance(value, int) or value < 0:
            raise ValidationError(name, "应为不小于0的整数")
    if fields.eligible_count < 1:
        raise ValidationError("应到人数", "至少为1")
    if fields.present_count > fields.eligible_count:
        raise ValidationError("实到人数", f"{fields.present_count}人，多于应到人数{fields.eligible_count}人")
    if fields.seats < 1:
        raise ValidationError("应选名额", "至少为1")
    names = set()
    for number, cand in enumerate(fields.candidates, start=1):
        cand.name = (cand.name or "").strip()
        if not cand.name:
            raise ValidationError("候选人", f"第{number}位候选人的姓名不能为空")
        if cand.name in names:
            raise ValidationError("候选人", f"“{cand.name}”重复填写")
        names.add(cand.name)
        if not isinstance(cand.votes, int) or cand.votes < 0:
            raise ValidationError("得票数", f"{cand.name}的得票数应为不小于0的整数")
        if cand.votes > fields.present_count:
            raise ValidationError("得票数", f"{cand.name}得{cand.votes}票，多于实到人数{fields.present_count}人")
    winners = sum(1 for c in fields.candidates if c.elected)
    if winners > fields.seats:
        raise ValidationError("当选人", f"当选{winners}人，多于应选名额{fields.seats}名")
    if not fields.candidates:
        raise ValidationError("候选人", "请至少填写一位候选人")


def record_election(session: Session, org_id: int, fields: ElectionFields, *, open_new_term: bool = True
                    ) -> Election:
    """Record a 换届选举; by default it opens the next term starting on the election date."""
    org = get_org(session, org_id)
    _validate_election(fields)
    term = None
    if open_new_term:
        term = add_term(session, org.id, fields.held_on, elected_on=fields.held_on)
    election = Election(org_id=org.id, term_id=term.id if term else None, held_on=fields.held_on,
                        eligible_count=fields.eligible_count, present_count=fields.present_count,
                        seats=fields.seats, note=fields.note.strip(),
                        candidates=[ElectionCandidate(name=c.name, votes=c.votes, elected=c.elected)
                                    for c in fields.candidates])
    session.add(election)
    session.flush()
    winners = "、".join(c.name for c in fields.candidates if c.elected) or "无"
    audit.record(session, "create", "election", election.id,
                 f"“{org.name}”{fields.held_on:%Y-%m-%d}选举：应到{fields.eligible_count}人，"
                 f"实到{fields.present_count}人，应选{fields.seats}名，当选：{winners}")
    return election


def elections_of(session: Session, org_id: int) -> list[Election]:
    return list(session.scalars(select(Election).where(Election.org_id == org_id)
                                .order_by(Election.held_on.desc(), Election.id.desc())))


def delete_election(session: Session, election_id: int) -> None:
    """Remove an election entered by mistake (its term stays; edit or keep it separately)."""
    election = session.get(Election, election_id)
    if election is None:
        raise UserError(f"选举记录（编号 {election_id}）不存在")
    org = get_org(session, election.org_id)
    audit.record(session, "delete", "election", election.id,
                 f"删除“{org.name}”{election.held_on:%Y-%m-%d}的选举记录")
    session.delete(election)
