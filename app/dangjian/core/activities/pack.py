"""What the printed meeting pack and the 组织生活台账 need, read in a few queries (reports hold no SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..budgets.ledger import LedgerRow, ledger_rows
from ..models import Activity, ActivityOrg, Organisation
from ..training.attendance import AttendanceCounts, AttendeeRow
from .attendance import activity_attendees, attendance_counts, counts_for
from .funds import FundsSummary, activity_ledger_filter, funds_summary
from .lookup import get_activity
from .records import activity_hours_tenths


@dataclass(frozen=True)
class MeetingPack:
    id: int
    activity_type: str
    title: str
    orgs: list[str]
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    place: str
    host: str
    recorder: str
    observers: str
    agenda: list[tuple[str, str]]  # (议题, 落实人)
    content: str
    resolution: str
    status: str
    units: list[tuple[str, str]]  # (驻区单位, 兼职委员)
    attendees: list[AttendeeRow]
    counts: AttendanceCounts
    hours_tenths: int
    funds: FundsSummary | None  # None when no 经费 was requested
    expenses: list[LedgerRow]


def meeting_pack(session: Session, activity_id: int) -> MeetingPack:
    activity = get_activity(session, activity_id)
    orgs = list(session.scalars(select(Organisation.name).join(ActivityOrg, ActivityOrg.org_id == Organisation.id)
                                .where(ActivityOrg.activity_id == activity.id).order_by(ActivityOrg.position)))
    funded = bool(activity.requested_fen)
    return MeetingPack(
        activity.id, activity.activity_type, activity.title, orgs, activity.planned_start, activity.planned_end,
        activity.actual_start, activity.actual_end, activity.place, activity.host_name, activity.recorder_name,
        activity.observers, [(a.text, a.follow_up) for a in activity.agenda], activity.content,
        activity.resolution, activity.status, [(u.unit_name, u.delegate) for u in activity.units],
        activity_attendees(session, activity.id), counts_for(session, activity.id),
        activity_hours_tenths(session, activity), funds_summary(session, activity.id) if funded else None,
        ledger_rows(session, activity_ledger_filter(activity.id), limit=None) if funded else [])


@dataclass(frozen=True)
class LedgerActivity:
    """One line of the 组织生活台账."""

    id: int
    held_on: date
    org: str
    activity_type: str
    title: str
    status: str
    expected: int
    present: int
    leave: int


@dataclass(frozen=True)
class ActivityLedger:
    year: int
    orgs: list[tuple[int, str]]  # in tree order
    counts: dict[tuple[int, str], int]  # (org id, type) → held activities
    activities: list[LedgerActivity]


def activity_ledger(session: Session, year: int, org_ids: list[int] | None = None) -> ActivityLedger:
    """The year's activities of `org_ids` (all live orgs if None): held counts per org and type, and the list
    (each activity once, under its organising org)."""
    org_query = select(Organisation.id, Organisation.name).where(Organisation.deleted_at.is_(None))
    if org_ids is not None:
        org_query = org_query.where(Organisation.id.in_(org_ids))
    orgs = list(session.execute(org_query.order_by(Organisation.parent_id.is_not(None), Organisation.sort_order,
                                                   Organisation.name)).all())
    wanted = {o[0] for o in orgs}
    when = func.coalesce(Activity.actual_start, Activity.planned_start)
    in_year = (Activity.deleted_at.is_(None), when >= datetime(year, 1, 1), when < datetime(year + 1, 1, 1))
    # The year is read whole and narrowed to the orgs here: an IN list of hundreds of org ids makes SQLite
    # drive the join from the org index, ten times slower than this scan.
    counts = {(org_id, kind): n for org_id, kind, n in session.execute(
        select(ActivityOrg.org_id, Activity.activity_type, func.count())
        .join(Activity, Activity.id == ActivityOrg.activity_id)
        .where(*in_year, Activity.status == "held")
        .group_by(ActivityOrg.org_id, Activity.activity_type)) if org_id in wanted}
    rows = session.execute(
        select(Activity.id, when, ActivityOrg.org_id, Organisation.name, Activity.activity_type, Activity.title,
               Activity.status)
        .join(ActivityOrg, and_(ActivityOrg.activity_id == Activity.id, ActivityOrg.position == 0))
        .join(Organisation, Organisation.id == ActivityOrg.org_id)
        .where(*in_year).order_by(when, Activity.id)).all()
    tallies = attendance_counts(session, *in_year)
    activities = []
    for activity_id, held, org_id, org, kind, title, status in rows:
        if org_id not in wanted:
            continue
        tally = tallies.get(activity_id)
        activities.append(LedgerActivity(activity_id, held.date(), org, kind, title, status,
                                         tally.expected if tally else 0, tally.present if tally else 0,
                                         tally.leave if tally else 0))
    return ActivityLedger(year, [(o[0], o[1]) for o in orgs], counts, activities)
