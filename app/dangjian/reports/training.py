"""培训 printouts: 签到表 for a course, the yearly 学时汇总表, and per-member 年度学时卡."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..core.common.labels import ATTENDANCE_STATUSES, COURSE_TYPES, label
from ..core.training import courses as training
from ..core.training import stats as training_stats
from ..core.training.hours import format_hours
from ..core.training.stats import MemberHours
from .engine.document import Column, Report
from .engine.registry import ExportOptions, export_kind, org_scope, unit_name

# Sized for a pen: rows of 10 mm (≥ 8 mm) and a 52 mm signature column (≥ 40 mm), 180 mm in all.
SIGNIN_ROW_MM = 10.0
SIGNIN_COLUMNS = [Column("序号", 12, "center"), Column("姓名", 26, "center"), Column("所在党组织", 62),
                  Column("签名", 52), Column("备注", 28)]
SIGNIN_SPARE_ROWS = 5  # blank lines for people who come without being enrolled


def _course_dates(course) -> str:
    if course.starts_on == course.ends_on:
        return f"{course.starts_on:%Y-%m-%d}"
    return f"{course.starts_on:%Y-%m-%d} 至 {course.ends_on:%Y-%m-%d}"


@export_kind("signin", "签到表", formats=("pdf",), needs=("course_id",),
             description="培训班签到表：姓名、所在党组织和留空的签名栏，每页都印有培训班名称、时间和地点")
def signin_report(session: Session, options: ExportOptions) -> Report:
    assert options.course_id is not None
    course = training.get_course(session, options.course_id)
    report = Report("培训签到表", unit_name=unit_name(session), subtitle=course.title, printed_on=options.today)
    caption = (f"{course.title}　时间：{_course_dates(course)}　地点：{course.place or '—'}"
               f"　学时：{format_hours(course.hours_tenths)}")
    people = training.attendees(session, course.id)
    rows = [(i, p.name, p.org, "", "") for i, p in enumerate(people, start=1)]
    rows += [(len(rows) + i, "", "", "", "") for i in range(1, SIGNIN_SPARE_ROWS + 1)]
    report.table(SIGNIN_COLUMNS, rows, row_height_mm=SIGNIN_ROW_MM, font_size=11, caption=caption,
                 header_every_page_title=True)
    report.paragraph(f"应到 {len(people)} 人　实到 ____ 人　请假 ____ 人")
    report.signature_line(("签到负责人", "审核人", "日期"))
    return report


def _role(row: MemberHours) -> str:
    return "书记/班子成员" if row.is_leader else "党员"


@export_kind("training", "培训学时汇总表",
             description="年度学时汇总：各党组织达标率，每名党员的要求学时、已获学时和差额（--year，--org）")
def training_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    need = training_stats.requirement(session, year)
    completion = training_stats.org_completion(session, year, org_id)
    summary = training_stats.year_summary(session, year, org_id, completion=completion)
    report = Report(f"{year}年度党员培训学时汇总表", unit_name=unit_name(session),
                    subtitle=org_name or "全部党组织", printed_on=options.today, sheet_name="汇总")
    report.key_values([
        ("党员要求", f"{format_hours(need.member_tenths)} 学时"),
        ("书记及班子成员要求", f"{format_hours(need.leader_tenths)} 学时"),
        ("统计人数", f"{summary.members} 人"), ("其中书记/班子成员", f"{summary.leaders} 人"),
        ("达标人数", f"{summary.met} 人"), ("未达标人数", f"{summary.short} 人"),
        ("达标率", summary.rate),
    ], columns=2)
    report.heading("各党组织完成情况（含下级党组织）", level=2)
    report.table([Column("党组织", 86), Column("党员数", 22, "right"), Column("达标", 22, "right"),
                  Column("未达标", 22, "right"), Column("达标率", 28, "right")],
                 [("　" * c.depth + c.org, c.members, c.met, c.short, c.rate) for c in completion],
                 sheet_name="各党组织")
    report.heading("党员学时明细", level=2)
    rows = training_stats.yearly_hours(session, year, org_id=org_id)
    report.table([Column("序号", 12, "center"), Column("姓名", 22), Column("所在党组织", 52),
                  Column("身份", 24, "center"), Column("要求", 16, "right"), Column("已获", 16, "right"),
                  Column("差额", 16, "right"), Column("达标", 22, "center")],
                 [(i, r.name, r.org, _role(r), format_hours(r.required_tenths), format_hours(r.achieved_tenths),
                   format_hours(r.shortfall_tenths) if r.shortfall_tenths else "", "是" if r.met else "否")
                  for i, r in enumerate(rows, start=1)],
                 bold_rows=[i for i, r in enumerate(rows) if not r.met], sheet_name="党员学时")
    report.signature_line()
    return report


@export_kind("hourscard", "年度学时卡", formats=("pdf",),
             description="每名党员一页的年度学时卡（参加的培训、学时与差额）；指定 --org 时打印该党组织（含下级）"
                         "全部党员，不指定时只打印全街道学时未达标的党员")
def hours_card_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    people = training_stats.yearly_hours(session, year, org_id=org_id, short_only=org_id is None)
    report = Report(f"{year}年度党员学时卡", unit_name=unit_name(session),
                    subtitle=org_name or "学时未达标党员", printed_on=options.today, sheet_name="学时卡")
    if not people:
        report.paragraph("没有需要打印的党员。")
    for index, person in enumerate(people):
        if index:
            report.page_break()
        report.heading(f"{person.name}　{year}年度学时卡", level=2)
        report.key_values([("姓名", person.name), ("所在党组织", person.org), ("身份", _role(person)),
                           ("要求学时", format_hours(person.required_tenths)),
                           ("已获学时", format_hours(person.achieved_tenths)),
                           ("差额", format_hours(person.shortfall_tenths) if person.shortfall_tenths else "已达标")])
        entries = training_stats.member_history(session, person.member_id, year)
        report.table([Column("日期", 26, "center"), Column("培训名称", 70), Column("类别", 34),
                      Column("出勤", 22, "center"), Column("学时", 28, "right")],
                     [(e.on, e.title, label(COURSE_TYPES, e.kind) if e.kind else "外部学时",
                       label(ATTENDANCE_STATUSES, e.status) if e.status else "—", format_hours(e.credited_tenths))
                      for e in sorted(entries, key=lambda e: e.on)] or [("", "本年度没有培训记录", "", "", "")])
        report.signature_line(("本人签字", "党组织审核", "日期"))
    return report
