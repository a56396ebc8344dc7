"""The 活动 list and month view: filtered, keyset-paged reads for the page, and the orgs to pick from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from ..models import Activity, ActivityOrg, Organisation


@dataclass(frozen=True)
class ActivityFilter:
    first: date | None = None
    last: date | None = None
    org_ids: frozenset[int] | None = None
    activity_type: str | None = None
    text: str = ""
    ids: frozenset[int] | None = None  # e.g. the activities with findings

    def where(self) -> list:
        clauses = [Activity.deleted_at.is_(None)]
        if self.first is not None:
            clauses.append(Activity.planned_start >= datetime.combine(self.first, datetime.min.time()))
        if self.last is not None:
            clauses.append(Activity.planned_start < datetime.combine(self.last + timedelta(days=1),
                                                                     datetime.min.time()))
        if self.org_ids is not None:
            clauses.append(exists().where(ActivityOrg.activity_id == Activity.id,
                                          ActivityOrg.org_id.in_(self.org_ids)))
        if self.activity_type:
            clauses.append(Activity.activity_type == self.activity_type)
        if self.text.strip():
            like = f"%{self.text.strip()}%"
            clauses.append(or_(Activity.title.like(like), Activity.place.like(like)))
        if self.ids is not None:
            clauses.append(Activity.id.in_(self.ids))
        return clauses


@dataclass(frozen=True)
class ActivityRow:
    id: int
    activity_type: str
    title: str
    planned_start: datetime
    status: str
    orgs: str
    place: str
    requested_fen: int
    approved_fen: int | None


def list_activities(session: Session, flt: ActivityFilter, *, after: tuple[datetime, int] | None = None,
                    limit: int | None = 200) -> list[ActivityRow]:
    """Activities by planned start then id; `after` = (planned_start, id) of the last row shown (keyset)."""
    org_names = (select(func.group_concat(Organisation.name, "、"))
                 .select_from(ActivityOrg).join(Organisation, Organisation.id == ActivityOrg.org_id)
                 .where(ActivityOrg.activity_id == Activity.id).scalar_subquery())
    query = (select(Activity.id, Activity.activity_type, Activity.title, Activity.planned_start, Activity.status,
                    org_names, Activity.place, Activity.requested_fen, Activity.approved_fen)
             .where(*flt.where()).order_by(Activity.planned_start, Activity.id))
    if after is not None:
        query = query.where(or_(Activity.planned_start > after[0],
                                and_(Activity.planned_start == after[0], Activity.id > after[1])))
    if limit is not None:
        query = query.limit(limit)
    return [ActivityRow(*row[:5], row[5] or "", *row[6:]) for row in session.execute(query)]


def month_calendar(session: Session, year: int, month: int, flt: ActivityFilter = ActivityFilter()
                   ) -> dict[int, list[ActivityRow]]:
    """Day of month → the activities planned that day, for the month view."""
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    rows = list_activities(session, ActivityFilter(first, last, flt.org_ids, flt.activity_type, flt.text, flt.ids),
                           limit=None)
    days: dict[int, list[ActivityRow]] = {}
    for row in rows:
        days.setdefault(row.planned_start.day, []).append(row)
    return days


def org_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the live, active orgs an activity can be held by, root first."""
    return [(r[0], r[1]) for r in session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.deleted_at.is_(None),
                                                         Organisation.status == "active")
        .order_by(Organisation.parent_id.is_not(None), Organisation.sort_order, Organisation.name))]
