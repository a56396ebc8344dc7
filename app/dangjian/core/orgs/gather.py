"""Read the database into the plain `OrgFacts` (`facts`) the rules in `rules` work on (a few set-based queries)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import CommitteeSeat, Election, ElectionCandidate, Member, Organisation, OrgUnit, Term
from .committees import term_length_setting
from .facts import CandidateFacts, ElectionFacts, OrgFacts, SeatFacts, TermFacts, UnitFacts
from .tree import org_tree_rows


def gather_org_facts(session: Session, today: date) -> list[OrgFacts]:
    """Facts for every active, live org; counts are subtree totals (roster where it has members)."""
    rows = [r for r in org_tree_rows(session) if not r.revoked]
    active = {r.id for r in rows}
    active_children = {r.id: sum(1 for c in r.children if c in active) for r in rows}
    status = dict(session.execute(select(Organisation.id, Organisation.status)
                                  .where(Organisation.deleted_at.is_(None))).all())

    units: dict[int, list[UnitFacts]] = {}
    for org_id, name, formal in session.execute(
            select(OrgUnit.org_id, OrgUnit.name, OrgUnit.formal_member_count).order_by(OrgUnit.sort_order)):
        units.setdefault(org_id, []).append(UnitFacts(name, formal))

    seats: dict[int, list[SeatFacts]] = {}
    seat_query = (select(CommitteeSeat.org_id, CommitteeSeat.role, CommitteeSeat.person_name, Member.name,
                         Member.confirmed_on, Member.category)
                  .outerjoin(Member, Member.id == CommitteeSeat.member_id)
                  .where(CommitteeSeat.started_on <= today,
                         or_(CommitteeSeat.ended_on.is_(None), CommitteeSeat.ended_on >= today)))
    for org_id, role, person_name, member_name, confirmed_on, category in session.execute(seat_query):
        seats.setdefault(org_id, []).append(
            SeatFacts(role, member_name or person_name, confirmed_on, category == "probationary"))

    terms: dict[int, tuple[int, date]] = {}
    for org_id, number, end in session.execute(select(Term.org_id, Term.number, Term.planned_end_on)):
        if org_id not in terms or number > terms[org_id][0]:
            terms[org_id] = (number, end)

    elections = _latest_elections(session)
    facts = []
    for r in rows:
        term = terms.get(r.id)
        facts.append(OrgFacts(
            id=r.id, name=r.name, kind=r.kind, formation=r.formation, formal=r.total_formal,
            probationary=r.total_probationary, child_count=active_children[r.id], host_org_id=r.host_org_id,
            host_active=r.host_org_id is None or status.get(r.host_org_id) == "active",
            units=tuple(units.get(r.id, ())), seats=tuple(seats.get(r.id, ())),
            latest_term=TermFacts(term[0], term[1], term_length_setting(r.kind, r.domain)) if term else None,
            latest_election=elections.get(r.id)))
    return facts


def _latest_elections(session: Session) -> dict[int, ElectionFacts]:
    latest: dict[int, Election] = {}
    for election in session.scalars(select(Election).order_by(Election.held_on, Election.id)):
        latest[election.org_id] = election
    if not latest:
        return {}
    candidates: dict[int, list[CandidateFacts]] = {}
    ids = [e.id for e in latest.values()]
    for election_id, name, votes, elected in session.execute(
            select(ElectionCandidate.election_id, ElectionCandidate.name, ElectionCandidate.votes,
                   ElectionCandidate.elected).where(ElectionCandidate.election_id.in_(ids))
            .order_by(ElectionCandidate.id)):
        candidates.setdefault(election_id, []).append(CandidateFacts(name, votes, bool(elected)))
    return {org_id: ElectionFacts(e.held_on, e.eligible_count, e.present_count, e.seats,
                                  tuple(candidates.get(e.id, ())))
            for org_id, e in latest.items()}
