"""Demo step for 活动: a year of 三会一课 and 主题党日 for every branch, with attendance and minutes; two
funded 主题党日 (one approved by the 街道), one 联席会议 with 驻区单位 and their 兼职委员, one 党课 crediting
学时, and deliberate gaps (a missing monthly 支委会, a held meeting without minutes, an overdue plan) so the
findings show. Works from whatever orgs and members exist; bulk rows go in with executemany.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select

from ..activities.attendance import enrol_expected, record_activity_attendance
from ..activities.funds import ExpenseInput, approve_funds, book_expense, request_funds
from ..activities.records import TEMPLATES, create_activity, from_template
from ..models import (
    Activity,
    ActivityAttendance,
    ActivityOrg,
    AgendaItem,
    CommitteeSeat,
    FundCategory,
    Member,
    Organisation,
)
from ..training.attendance import AttendanceMark
from .build import DemoContext

BRANCH_KINDS = ("party_committee", "general_branch", "branch")
SHEET_CAP = 80
PLACES = ["党群服务中心会议室", "社区活动室", "红色驿站", "新时代文明实践站", "楼宇党建阵地"]
HOSTS = ["王芳", "李建国", "张敏", "刘洋", "陈静"]
CONTENT = ("传达学习了上级有关会议精神，书记通报了近期工作，与会人员逐项讨论了议题，结合社区实际提出意见建议。")
RESOLUTION = "1. 按议定分工落实各项任务；2. 下次会议前报告落实情况。"
# type → months it is held (the demo's year so far); frequencies follow the default settings.
SCHEDULE = {"committee_meeting": range(1, 13), "theme_day": range(1, 13), "party_congress": (3, 6, 9, 12),
            "party_lecture": (2, 5, 8, 11), "group_meeting": range(1, 13)}
DAYS = {"committee_meeting": 5, "theme_day": 10, "party_congress": 20, "party_lecture": 15, "group_meeting": 12}


def build_activities_demo(ctx: DemoContext) -> None:
    session = ctx.session
    orgs = session.execute(select(Organisation.id, Organisation.name, Organisation.kind).where(
        Organisation.deleted_at.is_(None), Organisation.status == "active",
        Organisation.kind.in_((*BRANCH_KINDS, "group"))).order_by(Organisation.id)).all()
    if not orgs:
        ctx.summary["活动"] = 0
        return
    members: dict[int, list[int]] = {}
    # Through the connection: the whole roster as plain rows, without the ORM's per-row work.
    for member_id, org_id in session.connection().execute(select(Member.id, Member.org_id).where(
            Member.deleted_at.is_(None), Member.party_status == "normal")).all():
        members.setdefault(org_id, []).append(member_id)
    _lend_to_parents(session, members)
    seats: dict[int, list[int]] = {}
    for org_id, member_id in session.execute(select(CommitteeSeat.org_id, CommitteeSeat.member_id).where(
            CommitteeSeat.ended_on.is_(None), CommitteeSeat.member_id.is_not(None))):
        seats.setdefault(org_id, []).append(member_id)
    committees = {org_id for org_id, held in seats.items() if len(held) >= 2}
    year, today = ctx.today.year, ctx.today
    gap_org = next((o.id for o in orgs if o.id in committees), None)
    plans = []
    for org_id, _name, kind in orgs:
        for activity_type, months in SCHEDULE.items():
            if (activity_type == "group_meeting") != (kind == "group"):
                continue
            if activity_type == "committee_meeting" and org_id not in committees:
                continue
            for month in months:
                if activity_type == "committee_meeting" and org_id == gap_org and month == 3:
                    continue  # deliberate gap: no 支委会 in March
                day = date(year, month, DAYS[activity_type])
                if day > today + timedelta(days=30):
                    break
                plans.append((org_id, activity_type, day))
    _bulk(ctx, plans, members, seats, today)
    extra = _specials(ctx, orgs, members)
    ctx.summary["活动"] = len(plans) + extra


def _lend_to_parents(session, members: dict[int, list[int]]) -> None:
    """A 党委 or 党总支 with no members of its own meets with its branches' members (its 党员大会 are theirs)."""
    children: dict[int, list[int]] = {}
    groups: dict[int, list[int]] = {}
    for org_id, parent_id, kind in session.execute(select(Organisation.id, Organisation.parent_id, Organisation.kind)
                                                   .where(Organisation.deleted_at.is_(None),
                                                          Organisation.parent_id.is_not(None))):
        children.setdefault(parent_id, []).append(org_id)
        if kind == "group":
            groups.setdefault(parent_id, []).append(org_id)
    for parent_id, kids in children.items():
        if not members.get(parent_id):
            borrowed = [m for kid in kids for m in members.get(kid, [])]
            if borrowed:
                members[parent_id] = borrowed
    # 党小组 hold no roster members of their own: share out their branch's members among them.
    for parent_id, kids in groups.items():
        for n, kid in enumerate(kids):
            if not members.get(kid):
                members[kid] = members.get(parent_id, [])[n::len(kids)]


def _bulk(ctx: DemoContext, plans: list, members: dict[int, list[int]], seats: dict[int, list[int]],
          today: date) -> None:
    session, rng = ctx.session, ctx.rng
    conn = session.connection()
    first_id = (session.scalar(select(func.max(Activity.id))) or 0) + 1
    activities, links, agenda, sheet = [], [], [], []
    now = datetime.now().replace(microsecond=0)
    for n, (org_id, kind, day) in enumerate(plans):
        activity_id = first_id + n
        template = TEMPLATES[kind]
        start = datetime(day.year, day.month, day.day, 9 if kind != "theme_day" else 14)
        held = day < today
        missing_minutes = held and n % 97 == 13  # a few held meetings without minutes
        overdue = held and n % 211 == 50  # and one or two past plans never recorded
        status = "held" if held and not overdue else "planned"
        activities.append(dict(
            id=activity_id, activity_type=kind, title=template.title.format(month=day.month, year=day.year),
            planned_start=start, planned_end=start + timedelta(minutes=template.minutes),
            actual_start=start if status == "held" else None,
            actual_end=start + timedelta(minutes=template.minutes) if status == "held" else None,
            place=rng.choice(PLACES), host_name=rng.choice(HOSTS), recorder_name=rng.choice(HOSTS),
            observers="", content="" if missing_minutes or status != "held" else CONTENT,
            resolution="" if missing_minutes or status != "held" else RESOLUTION, status=status,
            requested_fen=0, fund_plan="", approver="", approval_opinion="", approval_level="", note="",
            created_at=now, updated_at=now))
        links.append(dict(activity_id=activity_id, org_id=org_id, position=0))
        agenda += [dict(activity_id=activity_id, position=p, text=t, follow_up="")
                   for p, t in enumerate(template.agenda)]
        # At district scale an org has hundreds of members; the demo records the first SHEET_CAP of them.
        for member_id in (seats if kind == "committee_meeting" else members).get(org_id, [])[:SHEET_CAP]:
            if status != "held":
                state = "pending"
            else:
                roll = rng.random()
                state = "present" if roll < 0.85 else "leave" if roll < 0.95 else "absent"
            sheet.append((activity_id, member_id, state))
    if activities:
        conn.execute(insert(Activity.__table__), activities)
        conn.execute(insert(ActivityOrg.__table__), links)
        conn.execute(insert(AgendaItem.__table__), agenda)
    if sheet:  # tens of thousands at district scale: straight to the driver
        conn.exec_driver_sql(f"INSERT INTO {ActivityAttendance.__tablename__} (activity_id, member_id, status, "
                             "credited_tenths, note) VALUES (?, ?, ?, 0, '')", sheet)


def _mark_all(ctx: DemoContext, activity_id: int, member_ids: list[int]) -> None:
    if not member_ids:
        return
    marks = [AttendanceMark(m, "present" if ctx.rng.random() < 0.9 else "leave") for m in member_ids]
    record_activity_attendance(ctx.session, activity_id, marks)


def _specials(ctx: DemoContext, orgs, members: dict[int, list[int]]) -> int:
    """Funded 主题党日 ×2, a 联席会议 with 驻区单位, a 党课 crediting 学时 — through the services."""
    session, today = ctx.session, ctx.today
    # Branches with members first, so the specials have attendance whenever the roster has people.
    branches = sorted((o for o in orgs if o.kind in BRANCH_KINDS), key=lambda o: not members.get(o.id))
    if not branches:
        return 0
    education = session.scalar(select(FundCategory.id).where(FundCategory.code == "education"))
    made = 0
    day = max(date(today.year, 1, 1), today - timedelta(days=60))
    for org, (amount, level, spent) in zip(branches[:2], (("6800", "street", ["3200", "2950.50"]),
                                                         ("1200", "branch", ["860"])), strict=False):
        data = from_template("theme_day", [org.id], day, 14)
        data.title = "红色教育基地现场教学主题党日" if level == "street" else "重阳节敬老志愿服务主题党日"
        data.status, data.place = "held", "红色教育基地" if level == "street" else "社区养老服务站"
        data.content, data.resolution = CONTENT, RESOLUTION
        activity = create_activity(session, data, enrol=False)
        _mark_all(ctx, activity.id, members.get(org.id, [])[:SHEET_CAP])
        request_funds(session, activity.id, category_id=education, amount=amount,
                      plan="活动方案：集中学习、现场教学、交流研讨。预算：交通费、讲解费、学习资料费。",
                      requested_on=day - timedelta(days=10))
        approve_funds(session, activity.id, approver="街道党工委 周书记" if level == "street" else "支部书记",
                      approved_on=day - timedelta(days=7), amount=amount, level=level, opinion="同意")
        for n, fen in enumerate(spent, 1):
            book_expense(session, activity.id, ExpenseInput(day + timedelta(days=n), fen, f"{data.title}费用{n}",
                                                            "王丽", f"记-{today.year}-A{activity.id:03d}{n}"))
        made += 1
    made += _joint_meeting(ctx, orgs, day)
    lecture = from_template("party_lecture", [branches[0].id], day + timedelta(days=3))
    lecture.title, lecture.status, lecture.hours = "书记讲党课：学习贯彻党的二十届三中全会精神", "held", "2"
    lecture.content, lecture.resolution = CONTENT, RESOLUTION
    # Marked first and enrolled after: marks for people already on the sheet are updates, one statement
    # each, which at district scale (thousands in a branch) would take seconds.
    activity = create_activity(session, lecture, enrol=False)
    _mark_all(ctx, activity.id, members.get(branches[0].id, []))
    enrol_expected(session, activity.id)
    return made + 1


def _joint_meeting(ctx: DemoContext, orgs, day: date) -> int:
    session = ctx.session
    root = session.scalar(select(Organisation.id).where(Organisation.parent_id.is_(None),
                                                        Organisation.deleted_at.is_(None)))
    communities = [o.id for o in orgs if o.kind == "party_committee"][:3]
    seats = session.execute(select(CommitteeSeat.person_unit, CommitteeSeat.person_name, CommitteeSeat.id).where(
        CommitteeSeat.role == "part_time", CommitteeSeat.ended_on.is_(None))).all()
    units = [(unit, name) for unit, name, _ in seats] or [("长沙县第一中学", "赵强"), ("县人民医院", "孙丽"),
                                                        ("星沙供电所", "钱峰")]
    data = from_template("joint_meeting", [i for i in [root, *communities] if i], day + timedelta(days=5))
    data.title, data.status, data.units = "街道大工委联席会议", "held", units
    data.content = "各驻区单位通报共建项目进展，认领“文明城市创建”“老旧小区改造”等共建任务。"
    data.resolution = "1. 驻区单位按认领清单落实共建项目；2. 街道党工委每季度调度一次。"
    activity = create_activity(session, data, enrol=False)
    secretaries = session.scalars(select(CommitteeSeat.member_id).where(
        CommitteeSeat.org_id.in_(data.org_ids), CommitteeSeat.member_id.is_not(None),
        CommitteeSeat.ended_on.is_(None))).all()
    _mark_all(ctx, activity.id, sorted(set(secretaries)))
    return 1
