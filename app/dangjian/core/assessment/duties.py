"""责任清单 and 月调度: the tasks each org answers for in a year, and one progress report per task and month.

An item reported 已完成 drops out of the later rounds; every other live item of the year is expected in each
month's round, and `unreported` lists the ones still missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from ..common.errors import UserError, ValidationError
from ..common.labels import DUTY_SOURCES, DUTY_STATUSES, label
from ..common.textnorm import bounded_text
from ..models import DutyItem, DutyReport, Organisation
from ..system import audit
from .scope import assessed_org, in_tree_order, org_filter, secretaries


@dataclass(frozen=True)
class DutyFields:
    org_id: int
    year: int
    task: str
    owner: str
    source: str = "plan"  # labels.DUTY_SOURCES
    source_ref: str = ""  # 文号 of the 上级文件, or which 联席会议
    deadline: date | None = None


def _check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise ValidationError("年度", f"“{year}”不是有效的年度")
    return year


def _apply(session: Session, item: DutyItem, fields: DutyFields) -> None:
    assessed_org(session, fields.org_id)
    if fields.source not in DUTY_SOURCES:
        raise ValidationError("来源", f"只能是：{'、'.join(DUTY_SOURCES.values())}")
    year = _check_year(fields.year)
    if fields.deadline is not None and fields.deadline.year < year:
        raise ValidationError("完成时限", f"不能早于{year}年")
    item.org_id, item.year = fields.org_id, year
    item.task = bounded_text(fields.task, "责任内容", 500, required=True)
    item.owner = bounded_text(fields.owner, "责任人", 40, required=True)
    item.source = fields.source
    item.source_ref = bounded_text(fields.source_ref, "文号或会议", 100,
                                   required=fields.source in ("meeting", "document"))
    item.deadline = fields.deadline


def get_duty(session: Session, duty_id: int) -> DutyItem:
    item = session.get(DutyItem, duty_id)
    if item is None or item.deleted_at is not None:
        raise UserError("责任清单事项不存在或已删除")
    return item


def _title(item: DutyItem) -> str:
    return f"{item.year}年责任清单“{item.task[:30]}”"


def add_duty(session: Session, fields: DutyFields) -> DutyItem:
    item = DutyItem()
    _apply(session, item, fields)
    session.add(item)
    session.flush()
    audit.record(session, "create", "duty_item", item.id, f"新增{_title(item)}")
    return item


def update_duty(session: Session, duty_id: int, fields: DutyFields) -> DutyItem:
    item = get_duty(session, duty_id)
    _apply(session, item, fields)
    session.flush()
    audit.record(session, "update", "duty_item", item.id, f"修改{_title(item)}")
    return item


def delete_duty(session: Session, duty_id: int) -> None:
    """To the 回收站 (its 调度 records stay with it)."""
    item = get_duty(session, duty_id)
    item.deleted_at = datetime.now().replace(microsecond=0)
    audit.record(session, "delete", "duty_item", item.id, f"删除{_title(item)}（移入回收站）")


class DutyRow(NamedTuple):
    id: int
    org_id: int
    org: str
    first_owner: str  # the org's 书记 (第一责任人)
    task: str
    owner: str
    source: str
    source_ref: str
    deadline: date | None
    last_month: int  # 0: never reported
    last_status: str  # "" when never reported
    last_note: str
    overdue: bool  # past the deadline and not reported 已完成

    @property
    def source_text(self) -> str:
        """来源 as printed: "上级文件（长组通〔2026〕3号）"."""
        source = label(DUTY_SOURCES, self.source)
        return f"{source}（{self.source_ref}）" if self.source_ref else source

    @property
    def dispatch_text(self) -> str:
        """The latest 调度: "5月：推进中", or 未调度."""
        return f"{self.last_month}月：{label(DUTY_STATUSES, self.last_status)}" if self.last_month else "未调度"


def _live_duties(session: Session, year: int, org_id: int | None):
    query = (select(DutyItem, Organisation.name).join(Organisation, Organisation.id == DutyItem.org_id)
             .where(DutyItem.year == year, DutyItem.deleted_at.is_(None)))
    inside = org_filter(session, org_id)
    if inside is not None:
        query = query.where(DutyItem.org_id.in_(inside))
    return query.order_by(Organisation.sort_order, Organisation.name, DutyItem.id)


def duty_rows(session: Session, year: int, org_id: int | None = None, today: date | None = None) -> list[DutyRow]:
    today = today or date.today()
    latest: dict[int, DutyReport] = {}
    for report in session.scalars(select(DutyReport).join(DutyItem, DutyItem.id == DutyReport.duty_id)
                                  .where(DutyItem.year == year).order_by(DutyReport.year, DutyReport.month)):
        latest[report.duty_id] = report  # ordered by month: the last one wins
    names = secretaries(session, min(today, date(year, 12, 31)))
    rows = []
    for item, org in session.execute(_live_duties(session, year, org_id)):
        last = latest.get(item.id)
        done = last is not None and last.status == "done"
        rows.append(DutyRow(item.id, item.org_id, org, names.get(item.org_id, ""), item.task, item.owner,
                            item.source, item.source_ref, item.deadline, last.month if last else 0,
                            last.status if last else "", last.note if last else "",
                            item.deadline is not None and item.deadline < today and not done))
    return in_tree_order(session, rows)


def report_month(session: Session, duty_id: int, year: int, month: int, status: str, note: str = "",
                 reported_on: date | None = None) -> DutyReport:
    """Record (or correct) the month's 调度 of one item."""
    item = get_duty(session, duty_id)
    if not 1 <= month <= 12:
        raise ValidationError("月份", "应为1—12")
    if status not in DUTY_STATUSES:
        raise ValidationError("进展情况", f"只能是：{'、'.join(DUTY_STATUSES.values())}")
    if year != item.year:
        raise ValidationError("年度", f"该事项属于{item.year}年的责任清单")
    report = session.scalars(select(DutyReport).where(DutyReport.duty_id == duty_id, DutyReport.year == year,
                                                      DutyReport.month == month)).first()
    if report is None:
        report = DutyReport(duty_id=duty_id, year=year, month=month)
        session.add(report)
    report.status = status
    report.note = bounded_text(note, "进展说明", 1000)
    report.reported_on = reported_on or date.today()
    session.flush()
    audit.record(session, "dispatch", "duty_item", item.id,
                 f"{_title(item)}{month}月调度：{DUTY_STATUSES[status]}")
    return report


class DispatchRow(NamedTuple):
    duty_id: int
    org_id: int
    org: str
    task: str
    owner: str
    status: str  # "" = 未报送
    note: str
    reported_on: date | None


def dispatch_rows(session: Session, year: int, month: int, org_id: int | None = None) -> list[DispatchRow]:
    """The month's round: every live item of the year except those reported 已完成 in an earlier month."""
    earlier = aliased(DutyReport)
    done_before = (select(earlier.id).where(earlier.duty_id == DutyItem.id, earlier.status == "done",
                                            earlier.month < month).exists())
    query = (_live_duties(session, year, org_id).add_columns(DutyReport)
             .outerjoin(DutyReport, and_(DutyReport.duty_id == DutyItem.id, DutyReport.year == year,
                                         DutyReport.month == month))
             .where(~done_before))
    return in_tree_order(session, [
        DispatchRow(item.id, item.org_id, org, item.task, item.owner, report.status if report else "",
                    report.note if report else "", report.reported_on if report else None)
        for item, org, report in session.execute(query)])


def unreported(session: Session, year: int, month: int, org_id: int | None = None) -> list[DispatchRow]:
    return [row for row in dispatch_rows(session, year, month, org_id) if not row.status]
