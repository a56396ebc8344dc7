"""共建与服务 printouts: the 服务项目书 of one project (PDF, and .docx to fill in and stamp), the year's 项目台账,
the 双报到与志愿服务统计 and the 阵地与品牌 list.

Every row comes from core.cobuild: money is integer 分 (printed ¥1,234.50), service hours integer tenths (printed
"12.5", as 学时 are). No 公民身份号码 appears in any of them: people are named with their party org.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ..core.cobuild import projects, venues, volunteering
from ..core.common.labels import PROJECT_CHOICES, PROJECT_KINDS, PROJECT_STATUSES, VENUE_KINDS, label
from ..core.common.money import Money
from ..core.training.hours import format_hours  # tenths → "12.5", the same as 学时
from .engine.document import Cell, Column, Report
from .engine.registry import ExportOptions, export_kind, org_scope, register_writer, unit_name

TOP_MEMBERS = 20  # 党员服务时长排行 lists this many
LATE = "逾期未完成"  # a milestone past its date, printed in bold


def _numbered(rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    return [(n, *row) for n, row in enumerate(rows, start=1)]


# --- 服务项目书 ------------------------------------------------------------------------------------


def _chosen(project) -> str:
    """How residents chose a 惠民项目: 居民投票（128票） / 居民议事会（2026-02-20）."""
    if project.chosen_by == "vote":
        return f"{PROJECT_CHOICES['vote']}（{project.votes}票）"
    if project.chosen_by == "council" and project.council_on is not None:
        return f"{PROJECT_CHOICES['council']}（{project.council_on:%Y-%m-%d}）"
    return label(PROJECT_CHOICES, project.chosen_by) or "—"


def _milestone_state(milestone, today: date) -> str:
    if milestone.done_on is not None:
        return f"已完成（{milestone.done_on:%Y-%m-%d}）"
    return LATE if milestone.due_on < today else "未完成"


@export_kind("project", "服务项目书", formats=("pdf", "docx", "xlsx"), needs=("project_id",),
             description="服务项目书：一个服务项目的类别、牵头党组织、共建单位及其责任与承诺、服务内容和对象、"
                         "经费预算与支出、实施节点、状态与成效，末尾留盖章栏；.docx 可编辑后打印盖章（--project）")
def project_report(session: Session, options: ExportOptions) -> Report:
    assert options.project_id is not None
    detail = projects.project_detail(session, options.project_id)
    p = detail.project
    report = Report("服务项目书", unit_name=unit_name(session), subtitle=p.title, printed_on=options.today,
                    sheet_name="服务项目书")
    pairs: list[tuple[str, Cell]] = [
        ("项目名称", p.title), ("项目类别", label(PROJECT_KINDS, p.kind)), ("年度", f"{p.year}年"),
        ("牵头党组织", detail.lead_org), ("立项日期", p.approved_on), ("特色品牌", detail.brand or "—"),
        ("经费来源", detail.category or "—"), ("项目预算", Money(p.budget_fen)), ("已支出", Money(detail.spent_fen)),
        ("预算结余", Money(p.budget_fen - detail.spent_fen))]
    if p.kind == "livelihood" or p.chosen_by:
        pairs.append(("确定方式", _chosen(p)))
    report.key_values(pairs)
    report.table([Column("序号", 12, "center"), Column("共建单位", 60), Column("责任与承诺", 108)],
                 _numbered([(r.name, r.commitment) for r in detail.partners]), caption="一、共建单位",
                 sheet_name="共建单位")
    report.heading("二、服务内容", level=2)
    report.paragraph(p.content or "（未填写）")
    report.heading("三、服务对象", level=2)
    report.paragraph(p.beneficiaries or "（未填写）")
    report.table([Column("序号", 12, "center"), Column("实施节点", 98), Column("计划完成", 26, "center"),
                  Column("完成情况", 44, "center")],
                 _numbered([(m.title, m.due_on, _milestone_state(m, options.today)) for m in detail.milestones]),
                 caption="四、实施节点", sheet_name="实施节点",
                 bold_rows=[i for i, m in enumerate(detail.milestones) if _milestone_state(m, options.today) == LATE])
    report.heading("五、实施状态与成效", level=2)
    files = "、".join(name for _, name in detail.files) or "—"
    report.key_values([("项目状态", label(PROJECT_STATUSES, p.status)), ("开始实施", p.started_on or "—"),
                       ("验收日期", p.accepted_on or "—"), ("附件", files)])
    report.paragraph(f"项目成效：{p.outcome}" if p.outcome else "项目成效：（验收时填写）")
    report.signature_line(("牵头党组织（盖章）", "共建单位（盖章）", "日期"))
    return report


def write_project_docx(session: Session, options: ExportOptions, path: Path) -> None:
    from .engine.docx import write_docx  # python-docx only when a .docx is written

    write_docx(project_report(session, options), path)


register_writer("project", "docx", write_project_docx)


# --- 项目台账 --------------------------------------------------------------------------------------


def _rate(spent_fen: int, budget_fen: int) -> str:
    return f"{spent_fen * 100 / budget_fen:.1f}%" if budget_fen else "—"


@export_kind("projects", "服务项目台账",
             description="服务项目台账：本年度每个项目化服务、惠民项目和共建项目的类别、牵头党组织、共建单位、状态、"
                         "预算、已支出和执行率，有逾期实施节点的项目以粗体标出（--year，--org）")
def projects_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    rows = list(reversed(projects.project_rows(session, year, org_id, options.today)))  # oldest first
    report = Report(f"{year}年度服务项目台账", unit_name=unit_name(session), subtitle=org_name or "全部党组织",
                    landscape=True, printed_on=options.today, sheet_name="项目台账")
    kinds = Counter(r.kind for r in rows)
    report.key_values([("项目", f"{len(rows)} 个"),
                       *((name, f"{kinds[kind]} 个") for kind, name in PROJECT_KINDS.items()),
                       ("已验收", f"{sum(r.status == 'accepted' for r in rows)} 个"),
                       ("有逾期节点", f"{sum(r.milestones_due > 0 for r in rows)} 个")], columns=3)
    budget, spent = sum(r.budget_fen for r in rows), sum(r.spent_fen for r in rows)
    table = [(n, r.title, label(PROJECT_KINDS, r.kind), r.lead_org, r.partners, label(PROJECT_STATUSES, r.status),
              Money(r.budget_fen), Money(r.spent_fen), _rate(r.spent_fen, r.budget_fen), r.approved_on, r.accepted_on)
             for n, r in enumerate(rows, start=1)]
    table.append(("", "合计", "", "", "", "", Money(budget), Money(spent), _rate(spent, budget), None, None))
    report.table([Column("序号", 10, "center"), Column("项目名称", 44), Column("类别", 18, "center"),
                  Column("牵头党组织", 34), Column("共建单位", 44), Column("状态", 12, "center"),
                  Column("预算", 22, "right"), Column("已支出", 22, "right"), Column("执行率", 15, "right"),
                  Column("立项日期", 21, "center"), Column("验收日期", 21, "center")],
                 table, bold_rows=[*(i for i, r in enumerate(rows) if r.milestones_due), len(table) - 1],
                 font_size=8.5, sheet_name="项目台账")
    report.paragraph("执行率为已支出占预算的比例；已过计划完成日期仍未完成实施节点的项目以粗体标出。", indent=False)
    report.signature_line()
    return report


# --- 双报到与志愿服务统计 --------------------------------------------------------------------------


class _Hours:
    """Service hours by 驻区单位 and by member: the street's (core's hours_by) or, with --org, those of the
    members registered at a community of the subtree (hours_by has no org scope)."""

    def __init__(self, session: Session, year: int, scoped: bool,
                 registrations: list[volunteering.RegistrationRow]) -> None:
        if not scoped:
            self.units = [(h.name, h.people, format_hours(h.hours_tenths))
                          for h in volunteering.hours_by(session, year, "unit")]
            self.members = [(h.name, format_hours(h.hours_tenths))
                            for h in volunteering.hours_by(session, year, "member")]
            self.total = sum(h.hours_tenths for h in volunteering.hours_by(session, year, "community"))
            return
        served = [r for r in registrations if r.hours_tenths]
        units: defaultdict[str, list[int]] = defaultdict(list)
        for r in served:
            units[r.work_unit or "（未填写工作单位）"].append(r.hours_tenths)
        self.units = [(name, len(h), format_hours(sum(h)))
                      for name, h in sorted(units.items(), key=lambda kv: (-sum(kv[1]), kv[0]))]
        ranked = sorted(served, key=lambda r: (-r.hours_tenths, r.member))
        self.members = [(f"{r.member}（{r.member_org}）", format_hours(r.hours_tenths)) for r in ranked]
        self.total = sum(r.hours_tenths for r in served)


@export_kind("volunteering", "双报到与志愿服务统计",
             description="双报到与志愿服务统计：各社区报到的在职党员人数和名单、按驻区单位和按党员的本年志愿服务时长、"
                         "各志愿服务队的人数和服务时长（--year，--org 为报到社区或所属党组织）")
def volunteering_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    registrations = volunteering.registration_rows(session, year, org_id)
    teams = volunteering.team_rows(session, year, org_id)
    hours = _Hours(session, year, org_id is not None, registrations)
    report = Report(f"{year}年度在职党员双报到与志愿服务统计", unit_name=unit_name(session),
                    subtitle=org_name or "全部党组织", printed_on=options.today, sheet_name="双报到")
    communities = Counter(r.community for r in registrations)
    report.key_values([("报到党员", f"{len(registrations)} 人"), ("报到社区", f"{len(communities)} 个"),
                       ("本年服务时长", f"{format_hours(hours.total) or '0'} 小时"),
                       ("志愿服务队", f"{len(teams)} 支")], columns=2)
    report.table([Column("序号", 12, "center"), Column("报到社区", 110), Column("报到人数", 30, "right")],
                 [*_numbered([(name, n) for name, n in communities.items()]), ("", "合计", len(registrations))],
                 bold_rows=[len(communities)], caption="一、各社区双报到人数", sheet_name="各社区报到人数")
    report.table([Column("序号", 10, "center"), Column("姓名", 18), Column("所在党组织", 40), Column("报到社区", 34),
                  Column("工作单位", 36), Column("报到日期", 21, "center"), Column("本年服务时长", 21, "right")],
                 _numbered([(r.member, r.member_org, r.community, r.work_unit, r.registered_on,
                             format_hours(r.hours_tenths) or "0") for r in registrations]),
                 caption="二、双报到党员名单", font_size=8.5, sheet_name="报到名单")
    report.table([Column("序号", 12, "center"), Column("驻区单位（工作单位）", 100), Column("服务人数", 24, "right"),
                  Column("服务时长", 24, "right")],
                 _numbered(hours.units), caption="三、驻区单位党员服务时长", sheet_name="按驻区单位")
    report.table([Column("名次", 12, "center"), Column("党员（所在党组织）", 124), Column("服务时长", 24, "right")],
                 _numbered(hours.members[:TOP_MEMBERS]), caption=f"四、党员志愿服务时长（前{TOP_MEMBERS}名）",
                 sheet_name="按党员")
    report.table([Column("序号", 10, "center"), Column("志愿服务队", 50), Column("党组织", 46), Column("队长", 20),
                  Column("人数", 16, "right"), Column("服务时长", 22, "right")],
                 _numbered([(t.name, t.org, t.leader, t.members, format_hours(t.hours_tenths) or "0")
                            for t in teams]),
                 caption="五、志愿服务队", sheet_name="志愿服务队")
    scope_note = "按驻区单位和按党员的时长只计在所选党组织范围内社区报到的党员。" if org_id else ""
    report.paragraph(f"服务时长单位为小时，按服务日期计入年度；本年内结束报到的党员仍列入名单。{scope_note}",
                     indent=False)
    report.signature_line()
    return report


# --- 阵地与品牌 ------------------------------------------------------------------------------------


@export_kind("venues", "阵地与品牌",
             description="阵地与品牌：党群服务中心、党员活动室、党群服务站的类型、地址、面积、功能设施、开放时间和"
                         "本年活动次数，以及一社区一品牌的特色品牌及其关联项目（--year，--org）")
def venues_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    places = venues.venue_rows(session, year, org_id)
    brands = [b for b in venues.brand_rows(session, org_id) if b.year <= year]
    report = Report(f"{year}年度党建阵地与特色品牌", unit_name=unit_name(session), subtitle=org_name or "全部党组织",
                    landscape=True, printed_on=options.today, sheet_name="阵地")
    kinds = Counter(v.kind for v in places)
    report.key_values([("阵地", f"{len(places)} 处"), *((name, f"{kinds[k]} 处") for k, name in VENUE_KINDS.items()),
                       ("总面积", f"{sum(v.area_m2 for v in places)} ㎡"), ("特色品牌", f"{len(brands)} 个")],
                      columns=3)
    report.table([Column("序号", 10, "center"), Column("阵地名称", 40), Column("类型", 22, "center"),
                  Column("党组织", 32), Column("地址", 40), Column("面积㎡", 15, "right"), Column("功能设施", 50),
                  Column("开放时间", 36), Column("本年活动次数", 22, "right")],
                 _numbered([(v.name, label(VENUE_KINDS, v.kind), v.org, v.address, v.area_m2, v.facilities,
                             v.opening_hours, v.activities) for v in places]),
                 caption="一、党建阵地", font_size=8.5, sheet_name="阵地")
    report.table([Column("序号", 10, "center"), Column("特色品牌", 40), Column("党组织", 40),
                  Column("创建年度", 18, "center"), Column("品牌简介", 99), Column("关联项目", 60)],
                 _numbered([(b.name, b.org, b.year, b.description, b.projects) for b in brands]),
                 caption="二、特色品牌（一社区一品牌）", font_size=8.5, sheet_name="特色品牌")
    report.paragraph("本年活动次数为本年度在该阵地举行的组织生活和活动次数；特色品牌列出本年度及以前创建的。",
                     indent=False)
    return report

