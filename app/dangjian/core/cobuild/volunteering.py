"""在职党员 双报到 and 志愿服务: registration at the 社区 where a member lives (one open registration at a time;
`members.dual_registered` follows it), 志愿服务队 with their members, service records in tenths of an hour, and
the yearly hours per member, per 驻区单位 (the work unit of the registration) and per 社区."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from ..common.dates import parse_date
from ..common.errors import UserError, ValidationError
from ..common.textnorm import bounded_text
from ..members.matching import MemberMatcher, NoMatch, read_people_sheet
from ..models import (
    Activity,
    DualRegistration,
    Member,
    Organisation,
    ServiceProject,
    ServiceRecord,
    VolunteerTeam,
    VolunteerTeamMember,
)
from ..orgs.queries import find_org_by_name, get_org, subtree_ids
from ..spreadsheets.importing import ImportOptions, ImportResult, Progress, RowProblem
from ..storage.backup import create_backup
from ..storage.db import Database
from ..system import audit

HOURS_MAX_TENTHS = 240  # one record is at most a day of 24 hours


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise UserError("党员不存在或已删除")
    return member


def _community(session: Session, org_id: int) -> Organisation:
    org = get_org(session, org_id)
    if org.domain != "community" or org.kind == "group":
        raise ValidationError("报到社区", f"“{org.name}”不是社区党组织")
    return org


# --- 双报到 ---------------------------------------------------------------------------------------


def open_registration(session: Session, member_id: int) -> DualRegistration | None:
    return session.scalars(select(DualRegistration).where(DualRegistration.member_id == member_id,
                                                          DualRegistration.ended_on.is_(None))).first()


def register(session: Session, member_id: int, community_org_id: int, registered_on: date, work_unit: str = "",
             note: str = "") -> DualRegistration:
    """双报到 at a community. A member registered elsewhere must end that registration first."""
    member = _member(session, member_id)
    community = _community(session, community_org_id)
    current = open_registration(session, member.id)
    if current is not None:
        where = get_org(session, current.community_org_id).name
        raise UserError(f"{member.name}已于{current.registered_on:%Y-%m-%d}到{where}报到，请先办理结束报到")
    row = DualRegistration(member_id=member.id, community_org_id=community.id, registered_on=registered_on,
                           work_unit=bounded_text(work_unit, "工作单位", 100), note=bounded_text(note, "备注", 500))
    session.add(row)
    member.dual_registered = True
    session.flush()
    audit.record(session, "register", "member", member.id, f"{member.name}到{community.name}双报到")
    return row


def end_registration(session: Session, registration_id: int, ended_on: date) -> DualRegistration:
    row = session.get(DualRegistration, registration_id)
    if row is None or row.ended_on is not None:
        raise UserError("没有正在进行的双报到记录")
    if ended_on < row.registered_on:
        raise ValidationError("结束日期", "不能早于报到日期")
    row.ended_on = ended_on
    member = _member(session, row.member_id)
    member.dual_registered = False
    audit.record(session, "register", "member", member.id, f"{member.name}结束双报到")
    return row


class RegistrationRow(NamedTuple):
    id: int
    member_id: int
    member: str
    member_org: str  # where the member's 组织关系 is
    community_org_id: int
    community: str
    work_unit: str
    registered_on: date
    ended_on: date | None
    hours_tenths: int  # served in the year asked for


def registration_rows(session: Session, year: int, community_org_id: int | None = None, *,
                      include_ended: bool = False) -> list[RegistrationRow]:
    """Registrations open during `year` (at a community of the subtree) with the member's hours that year."""
    member_org = select(Organisation.name).where(Organisation.id == Member.org_id).scalar_subquery()
    community = select(Organisation.name).where(Organisation.id == DualRegistration.community_org_id).scalar_subquery()
    hours = (select(func.coalesce(func.sum(ServiceRecord.hours_tenths), 0))
             .where(ServiceRecord.member_id == DualRegistration.member_id, _in_year(year)).scalar_subquery())
    query = (select(DualRegistration, Member.name, member_org, community, hours)
             .join(Member, Member.id == DualRegistration.member_id)
             .where(Member.deleted_at.is_(None), DualRegistration.registered_on <= date(year, 12, 31)))
    if not include_ended:
        query = query.where(or_(DualRegistration.ended_on.is_(None), DualRegistration.ended_on >= date(year, 1, 1)))
    if community_org_id is not None:
        query = query.where(DualRegistration.community_org_id.in_(subtree_ids(session, community_org_id)))
    return [RegistrationRow(r.id, r.member_id, name, org, r.community_org_id, where, r.work_unit, r.registered_on,
                            r.ended_on, int(h))
            for r, name, org, where, h in session.execute(query.order_by(community, DualRegistration.registered_on))]


# --- 志愿服务队 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamFields:
    org_id: int
    name: str
    leader: str = ""
    founded_on: date | None = None
    note: str = ""


def get_team(session: Session, team_id: int) -> VolunteerTeam:
    team = session.get(VolunteerTeam, team_id)
    if team is None or team.deleted_at is not None:
        raise UserError("志愿服务队不存在或已删除")
    return team


def save_team(session: Session, fields: TeamFields, team_id: int | None = None) -> VolunteerTeam:
    get_org(session, fields.org_id)
    name = bounded_text(fields.name, "服务队名称", 60, required=True)
    clash = session.scalar(select(VolunteerTeam.id).where(VolunteerTeam.name == name))
    if clash is not None and clash != team_id:
        raise ValidationError("服务队名称", f"已有“{name}”")
    team = get_team(session, team_id) if team_id is not None else VolunteerTeam()
    team.org_id, team.name = fields.org_id, name
    team.leader = bounded_text(fields.leader, "队长", 40)
    team.founded_on, team.note = fields.founded_on, bounded_text(fields.note, "备注", 500)
    session.add(team)
    session.flush()
    audit.record(session, "update" if team_id else "create", "volunteer_team", team.id, f"志愿服务队：{team.name}")
    return team


def delete_team(session: Session, team_id: int) -> None:
    """To the 回收站; its service records keep their hours."""
    team = get_team(session, team_id)
    team.deleted_at = datetime.now().replace(microsecond=0)
    audit.record(session, "delete", "volunteer_team", team.id, f"删除志愿服务队：{team.name}（移入回收站）")


def set_team_members(session: Session, team_id: int, member_ids: list[int], joined_on: date) -> None:
    """The team's members become `member_ids`; those already in keep their joining date."""
    team = get_team(session, team_id)
    wanted = set(member_ids)
    for member_id in wanted:
        _member(session, member_id)
    current = set(session.scalars(select(VolunteerTeamMember.member_id).where(VolunteerTeamMember.team_id == team.id)))
    if current - wanted:
        session.execute(delete(VolunteerTeamMember).where(VolunteerTeamMember.team_id == team.id,
                                                          VolunteerTeamMember.member_id.in_(current - wanted)))
    session.add_all(VolunteerTeamMember(team_id=team.id, member_id=m, joined_on=joined_on) for m in wanted - current)
    session.flush()
    audit.record(session, "update", "volunteer_team", team.id, f"志愿服务队“{team.name}”成员{len(wanted)}名")


class TeamRow(NamedTuple):
    id: int
    name: str
    org_id: int
    org: str
    leader: str
    founded_on: date | None
    members: int
    hours_tenths: int  # served in the year asked for


def team_rows(session: Session, year: int, org_id: int | None = None) -> list[TeamRow]:
    members = (select(func.count()).where(VolunteerTeamMember.team_id == VolunteerTeam.id).scalar_subquery())
    hours = (select(func.coalesce(func.sum(ServiceRecord.hours_tenths), 0))
             .where(ServiceRecord.team_id == VolunteerTeam.id, _in_year(year)).scalar_subquery())
    query = (select(VolunteerTeam, Organisation.name, members, hours)
             .join(Organisation, Organisation.id == VolunteerTeam.org_id).where(VolunteerTeam.deleted_at.is_(None)))
    if org_id is not None:
        query = query.where(VolunteerTeam.org_id.in_(subtree_ids(session, org_id)))
    return [TeamRow(t.id, t.name, t.org_id, org, t.leader, t.founded_on, n, int(h))
            for t, org, n, h in session.execute(query.order_by(VolunteerTeam.name))]


def team_member_ids(session: Session, team_id: int) -> list[int]:
    return list(session.scalars(select(VolunteerTeamMember.member_id).where(VolunteerTeamMember.team_id == team_id)))


# --- 志愿服务记录 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFields:
    member_id: int
    served_on: date
    hours_tenths: int
    content: str
    project_id: int | None = None
    activity_id: int | None = None
    team_id: int | None = None


def add_service(session: Session, fields: ServiceFields, today: date | None = None) -> ServiceRecord:
    member = _member(session, fields.member_id)
    if not 0 < fields.hours_tenths <= HOURS_MAX_TENTHS:
        raise ValidationError("服务时长", "应大于0、不超过24小时")
    if fields.served_on > (today or date.today()):
        raise ValidationError("服务日期", "不能晚于今天")
    if fields.project_id is not None:
        project = session.get(ServiceProject, fields.project_id)
        if project is None or project.deleted_at is not None:
            raise ValidationError("服务项目", "不存在或已删除")
    if fields.activity_id is not None:
        activity = session.get(Activity, fields.activity_id)
        if activity is None or activity.deleted_at is not None:
            raise ValidationError("活动", "不存在或已删除")
    if fields.team_id is not None:
        get_team(session, fields.team_id)
    row = ServiceRecord(member_id=member.id, served_on=fields.served_on, hours_tenths=fields.hours_tenths,
                        content=bounded_text(fields.content, "服务内容", 500, required=True),
                        project_id=fields.project_id, activity_id=fields.activity_id, team_id=fields.team_id)
    session.add(row)
    session.flush()
    audit.record(session, "create", "service_record", row.id,
                 f"{member.name}{fields.served_on:%Y-%m-%d}志愿服务{fields.hours_tenths / 10:g}小时")
    return row


def delete_service(session: Session, record_id: int) -> None:
    """The caller confirms."""
    row = session.get(ServiceRecord, record_id)
    if row is None:
        raise UserError("志愿服务记录不存在")
    session.delete(row)
    audit.record(session, "delete", "service_record", record_id, f"删除{row.served_on:%Y-%m-%d}志愿服务记录")


def _in_year(year: int):
    return and_(ServiceRecord.served_on >= date(year, 1, 1), ServiceRecord.served_on <= date(year, 12, 31))


class ServiceRow(NamedTuple):
    id: int
    member_id: int
    member: str
    served_on: date
    hours_tenths: int
    content: str
    where: str  # project title, activity title or team name


def service_rows(session: Session, year: int, *, member_id: int | None = None, team_id: int | None = None,
                 project_id: int | None = None, limit: int = 5000) -> list[ServiceRow]:
    where = func.coalesce(ServiceProject.title, Activity.title, VolunteerTeam.name, "")
    query = (select(ServiceRecord, Member.name, where).join(Member, Member.id == ServiceRecord.member_id)
             .outerjoin(ServiceProject, ServiceProject.id == ServiceRecord.project_id)
             .outerjoin(Activity, Activity.id == ServiceRecord.activity_id)
             .outerjoin(VolunteerTeam, VolunteerTeam.id == ServiceRecord.team_id)
             .where(_in_year(year)))
    for column, value in ((ServiceRecord.member_id, member_id), (ServiceRecord.team_id, team_id),
                          (ServiceRecord.project_id, project_id)):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(ServiceRecord.served_on.desc(), ServiceRecord.id.desc()).limit(limit)
    return [ServiceRow(r.id, r.member_id, name, r.served_on, r.hours_tenths, r.content, place)
            for r, name, place in session.execute(query)]


class HoursTotal(NamedTuple):
    name: str  # member, 驻区单位 or 社区
    people: int
    records: int
    hours_tenths: int


def hours_by(session: Session, year: int, by: str) -> list[HoursTotal]:
    """The year's service hours grouped by "member", "unit" (驻区单位 of the open registration that year) or
    "community" (where the member registered), most hours first. Members without a registration fall under
    （未报到） for the last two."""
    registration = and_(DualRegistration.member_id == ServiceRecord.member_id,
                        DualRegistration.registered_on <= date(year, 12, 31),
                        or_(DualRegistration.ended_on.is_(None), DualRegistration.ended_on >= date(year, 1, 1)))
    if by == "member":
        key = Member.name + "（" + Organisation.name + "）"
    elif by == "unit":
        key = func.coalesce(func.nullif(DualRegistration.work_unit, ""), "（未填写工作单位）")
    elif by == "community":
        key = func.coalesce(select(Organisation.name).where(Organisation.id == DualRegistration.community_org_id)
                            .correlate(DualRegistration).scalar_subquery(), "（未报到）")
    else:
        raise ValueError(by)
    query = (select(key, func.count(func.distinct(ServiceRecord.member_id)), func.count(),
                    func.sum(ServiceRecord.hours_tenths))
             .join(Member, Member.id == ServiceRecord.member_id)
             .join(Organisation, Organisation.id == Member.org_id)
             .outerjoin(DualRegistration, registration).where(_in_year(year))
             .group_by(key).order_by(func.sum(ServiceRecord.hours_tenths).desc(), key))
    return [HoursTotal(name, people, records, int(hours)) for name, people, records, hours in session.execute(query)]


# --- import of 双报到 lists -----------------------------------------------------------------------

SYNONYMS = {
    "name": ("姓名", "党员姓名"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证"),
    "id_tail": ("身份证后四位", "身份证尾号", "后四位"),
    "community": ("报到社区", "居住地社区", "社区", "报到党组织"),
    "registered_on": ("报到日期", "报到时间", "日期"),
    "work_unit": ("工作单位", "单位", "所在单位"),
    "note": ("备注", "说明"),
}
MAX_ROWS = 20_000


def import_registrations(db: Database, path: Path, options: ImportOptions,
                         progress: Progress | None = None) -> ImportResult:
    """双报到 lists from xlsx (姓名 + 身份证号码 or 后四位, 报到社区, 报到日期, 工作单位). All-or-nothing: an
    unknown member or community, a bad date, or a member already registered elsewhere refuses the file."""
    sheet = read_people_sheet(path, options, SYNONYMS, MAX_ROWS)
    header, rows = sheet.header, sheet.rows
    result = ImportResult(digest=sheet.digest, rows=len(rows))

    def problem(row_number: int, key: str, message: str) -> None:
        label = header.label(key) if key in header.columns else SYNONYMS[key][0]
        result.errors.append(RowProblem(row_number, label, message))

    if "community" not in header.columns and not options.org:
        raise UserError(f"第{header.row}行表头缺少“报到社区”列（或在导入时指定报到社区）")
    accepted: list[tuple[int, int, date, str, str]] = []
    seen: dict[int, int] = {}
    communities: dict[str, int | str] = {}
    with db.read() as session:
        matcher = MemberMatcher(session, {r.text("name") for r in rows},
                                tail_column="id_tail" if "id_tail" in header.columns else "id_number")
        for done, row in enumerate(rows, start=1):
            before = len(result.errors)
            found = matcher.find(row.text("name"), row.text("id_number"), row.text("id_tail").upper())
            if isinstance(found, NoMatch):
                problem(row.number, found.column, found.message)
            elif found.member_id in seen:
                problem(row.number, "name", f"与第{seen[found.member_id]}行是同一人（{found.name}）")
            name = row.text("community") or options.org or ""
            if name not in communities:
                try:
                    communities[name] = _community(session, find_org_by_name(session, name).id).id
                except UserError as exc:
                    communities[name] = str(exc)
            community = communities[name]
            if isinstance(community, str):
                problem(row.number, "community", community.removeprefix("报到社区："))
            day = None
            try:
                day = parse_date(row.get("registered_on"), "报到日期")
            except ValidationError as exc:
                problem(row.number, "registered_on", exc.reason)
            if len(result.errors) > before or isinstance(found, NoMatch):
                continue
            current = open_registration(session, found.member_id)
            if current is not None:
                if current.community_org_id == community:
                    result.warnings.append(RowProblem(row.number, "", f"{found.name}已在该社区报到，跳过"))
                    continue
                problem(row.number, "community", f"{found.name}已在其他社区报到，请先结束原报到")
                continue
            seen[found.member_id] = row.number
            accepted.append((found.member_id, community, day, row.text("work_unit"), row.text("note")))
            result.preview.append({"row": row.number, "姓名": found.name, "所在党组织": found.org, "报到社区": name,
                                   "报到日期": f"{day:%Y-%m-%d}", "工作单位": row.text("work_unit")})
            if progress and done % 500 == 0:
                progress(done, len(rows))
    result.errors.sort(key=lambda p: p.row)
    result.created = len(accepted)
    if not result.ok or options.dry_run or not accepted:
        return result
    result.backup = create_backup(db.path, reason="pre-import")
    with db.write() as session:
        for member_id, community, day, unit, note in accepted:
            register(session, member_id, community, day, unit, note)
    result.written = True
    return result
