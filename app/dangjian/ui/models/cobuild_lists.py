"""Table models of the 共建 lists: 服务项目 with their 节点, 双报到, 志愿服务队, 服务记录 and hours totals, 阵地 and
品牌. Rows are the core's NamedTuples read on the worker; the models only format them."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ...core.cobuild.projects import ProjectRow
from ...core.common.labels import PROJECT_KINDS, PROJECT_STATUSES, VENUE_KINDS, label
from ...core.common.money import format_yuan
from ...core.training.hours import format_hours
from .assessment_lists import GREY, RED, day_text
from .rows import RowsTableModel


class MilestoneItem(NamedTuple):
    id: int
    title: str
    due_on: date
    done_on: date | None


class ProjectModel(RowsTableModel):
    columns = (
        ("项目名称", lambda r: r.title + (f"（{r.milestones_due}个节点逾期）" if r.milestones_due else "")),
        ("类别", lambda r: label(PROJECT_KINDS, r.kind)),
        ("牵头党组织", lambda r: r.lead_org),
        ("共建单位", lambda r: r.partners),
        ("状态", lambda r: label(PROJECT_STATUSES, r.status)),
        ("预算", lambda r: format_yuan(r.budget_fen) if r.budget_fen else ""),
        ("已支出", lambda r: format_yuan(r.spent_fen) if r.spent_fen else ""),
        ("立项日期", lambda r: day_text(r.approved_on)),
    )
    centred = frozenset({1, 4, 7})

    def foreground(self, row: ProjectRow, column: int):
        if column == 0 and row.milestones_due:
            return RED
        return GREY if row.status == "accepted" and column == 4 else None


class MilestoneModel(RowsTableModel):
    columns = (("节点", lambda r: r.title), ("计划完成", lambda r: day_text(r.due_on)),
               ("完成日期", lambda r: day_text(r.done_on) or "未完成"))
    centred = frozenset({1, 2})

    def foreground(self, row: MilestoneItem, column: int):
        if row.done_on is None and row.due_on < date.today():
            return RED
        return GREY if row.done_on is not None else None


class RegistrationModel(RowsTableModel):
    columns = (("姓名", lambda r: r.member), ("所在党组织", lambda r: r.member_org),
               ("报到社区", lambda r: r.community),
               ("工作单位", lambda r: r.work_unit), ("报到日期", lambda r: day_text(r.registered_on)),
               ("结束日期", lambda r: day_text(r.ended_on)), ("本年服务时长", lambda r: format_hours(r.hours_tenths)))
    centred = frozenset({4, 5, 6})

    def foreground(self, row, column: int):
        return GREY if row.ended_on is not None else None


class TeamModel(RowsTableModel):
    columns = (("服务队", lambda r: r.name), ("党组织", lambda r: r.org), ("队长", lambda r: r.leader),
               ("成立日期", lambda r: day_text(r.founded_on)), ("队员", lambda r: r.members),
               ("本年服务时长", lambda r: format_hours(r.hours_tenths)))
    centred = frozenset({3, 4, 5})


class ServiceModel(RowsTableModel):
    columns = (("日期", lambda r: day_text(r.served_on)), ("党员", lambda r: r.member),
               ("时长", lambda r: format_hours(r.hours_tenths)), ("服务内容", lambda r: r.content),
               ("项目/服务队", lambda r: r.where))
    centred = frozenset({0, 2})


class HoursModel(RowsTableModel):
    columns = (("工作单位", lambda r: r.name), ("人数", lambda r: r.people), ("次数", lambda r: r.records),
               ("时长", lambda r: format_hours(r.hours_tenths)))
    centred = frozenset({1, 2, 3})


class VenueModel(RowsTableModel):
    columns = (("阵地名称", lambda r: r.name), ("类型", lambda r: label(VENUE_KINDS, r.kind)),
               ("党组织", lambda r: r.org), ("地址", lambda r: r.address),
               ("面积", lambda r: f"{r.area_m2}㎡" if r.area_m2 else ""), ("开放时间", lambda r: r.opening_hours),
               ("本年活动", lambda r: r.activities), ("功能设施", lambda r: r.facilities))
    centred = frozenset({1, 4, 6})


class BrandModel(RowsTableModel):
    columns = (("品牌名称", lambda r: r.name), ("党组织", lambda r: r.org), ("创建年度", lambda r: r.year),
               ("品牌简介", lambda r: r.description.splitlines()[0] if r.description else ""),
               ("服务项目", lambda r: r.projects))
    centred = frozenset({2})
