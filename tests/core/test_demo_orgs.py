"""Demo step for committees: the roster read once picks the same people as a query per org would."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.core.demo.orgs import _Roster
from dangjian.core.models import Member, Organisation
from dangjian.core.orgs.tree import subtree_ids


def members_by_query(session, org, limit=40):
    """The straightforward way: the org's subtree, its own members first, then by 转正 date and id."""
    where = (Member.org_id.in_(subtree_ids(session, org.id)), Member.deleted_at.is_(None),
             Member.party_status == "normal")
    formal = session.scalar(select(func.count()).where(*where, Member.category == "formal"))
    columns = select(Member.id, Member.name, Member.category, Member.confirmed_on)
    order = (Member.org_id != org.id, Member.confirmed_on, Member.id)
    rows = []
    for category, count in (("formal", limit), ("probationary", 5)):
        rows += session.execute(columns.where(*where, Member.category == category).order_by(*order).limit(count))
    return [tuple(r) for r in rows], formal or 0


def test_roster_picks_as_a_query_per_org_would(demo_db):
    with demo_db.write() as session:
        # Make ties and gaps: a shared 转正 date, a 正式党员 without one, and one who is 停止党籍.
        first = session.scalars(select(Member).where(Member.category == "formal").order_by(Member.id).limit(3)).all()
        first[0].confirmed_on = first[1].confirmed_on = max(first[0].confirmed_on, first[1].confirmed_on)
        first[2].confirmed_on = None
        session.scalars(select(Member).where(Member.category == "formal").order_by(Member.id.desc())).first() \
            .party_status = "suspended"
        session.flush()
        roster = _Roster(session)
        orgs = session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))).all()
        assert len(orgs) > 20
        for org in orgs:
            for limit in (3, 40):
                rows, formal = roster.members_for(org, limit)
                assert ([(m.id, m.name, m.category, m.confirmed_on) for m in rows], formal) == \
                    members_by_query(session, org, limit), org.name
