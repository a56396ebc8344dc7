"""服务项目书: 项目化服务, 惠民项目 and 共建项目 of a lead org with its partners (party orgs or 驻区单位) and their
commitments, milestones, a budget of one fund category, and the status 立项 → 实施 → 验收 (with 成效).

Money is not kept here: spending is ordinary ledger rows carrying `project_id` (`book_expense`), so the 经费
page, its reports and the project read the same rows, and the ledger itself refuses any change that would
take a project past its budget. 惠民项目 record how residents chose them (居民投票 or 居民议事会)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..budgets.ledger import ExpenditureInput, record_expenditure, spent_total
from ..budgets.standards import get_category
from ..common.errors import UserError, ValidationError
from ..common.labels import PROJECT_CHOICES, PROJECT_KINDS, PROJECT_STATUSES
from ..common.money import format_yuan
from ..common.textnorm import bounded_text
from ..models import (
    Attachment,
    Expenditure,
    Organisation,
    ProjectMilestone,
    ProjectPartner,
    ServiceBrand,
    ServiceProject,
)
from ..orgs.queries import get_org, subtree_ids
from ..system import audit
from ..system.files import attach_file

STATUS_ORDER = tuple(PROJECT_STATUSES)  # approved → running → accepted


@dataclass(frozen=True)
class PartnerFields:
    org_id: int | None = None  # a party org of the 街道, or
    unit_name: str = ""  # a 驻区单位 named in text
    commitment: str = ""  # 责任与承诺


@dataclass(frozen=True)
class ProjectFields:
    title: str
    kind: str  # labels.PROJECT_KINDS
    year: int
    lead_org_id: int
    approved_on: date  # 立项日期
    content: str = ""
    beneficiaries: str = ""
    category_id: int | None = None
    budget_fen: int = 0
    chosen_by: str = ""  # 惠民项目: "vote" | "council"
    votes: int | None = None
    council_on: date | None = None
    brand_id: int | None = None
    partners: tuple[PartnerFields, ...] = field(default_factory=tuple)


def get_project(session: Session, project_id: int) -> ServiceProject:
    project = session.get(ServiceProject, project_id)
    if project is None or project.deleted_at is not None:
        raise UserError("服务项目不存在或已删除")
    return project


def project_spent(session: Session, project_id: int) -> int:
    return spent_total(session, Expenditure.project_id == project_id)


def _validate(session: Session, fields: ProjectFields, project: ServiceProject | None) -> dict:
    if fields.kind not in PROJECT_KINDS:
        raise ValidationError("项目类别", f"只能是：{'、'.join(PROJECT_KINDS.values())}")
    if not 2000 <= fields.year <= 2100:
        raise ValidationError("年度", f"“{fields.year}”不是有效的年度")
    lead = get_org(session, fields.lead_org_id)
    if lead.status == "revoked":
        raise ValidationError("牵头党组织", f"“{lead.name}”已撤销")
    if fields.budget_fen < 0:
        raise ValidationError("项目预算", "不能为负数")
    if fields.budget_fen and fields.category_id is None:
        raise ValidationError("经费来源", "有项目预算时请选择经费类别（如社区惠民项目资金）")
    if fields.category_id is not None:
        get_category(session, fields.category_id)
    if project is not None:
        spent = project_spent(session, project.id)
        if fields.budget_fen < spent:
            raise ValidationError("项目预算", f"不能少于已支出的 {format_yuan(spent)}")
        if fields.category_id != project.category_id and spent:
            raise ValidationError("经费来源", "项目已有支出，不能更换经费类别")
    if fields.chosen_by not in PROJECT_CHOICES:
        raise ValidationError("确定方式", f"只能是：{'、'.join(v for v in PROJECT_CHOICES.values() if v)}")
    if fields.kind == "livelihood" and not fields.chosen_by:
        raise ValidationError("确定方式", "惠民项目须由居民投票或居民议事会确定，请填写确定方式")
    if fields.chosen_by == "vote" and (fields.votes is None or fields.votes <= 0):
        raise ValidationError("得票数", "居民投票确定的项目请填写得票数")
    if fields.chosen_by == "council" and fields.council_on is None:
        raise ValidationError("议事会日期", "居民议事会确定的项目请填写议事会日期")
    if fields.brand_id is not None:
        brand = session.get(ServiceBrand, fields.brand_id)
        if brand is None or brand.deleted_at is not None:
            raise ValidationError("特色品牌", "不存在或已删除")
    for n, partner in enumerate(fields.partners, start=1):
        if partner.org_id is None and not partner.unit_name.strip():
            raise ValidationError(f"第{n}个共建单位", "请选择党组织或填写驻区单位名称")
        if partner.org_id is not None:
            get_org(session, partner.org_id)
    return dict(
        title=bounded_text(fields.title, "项目名称", 120, required=True), kind=fields.kind, year=fields.year,
        lead_org_id=lead.id, approved_on=fields.approved_on, content=bounded_text(fields.content, "服务内容", 4000),
        beneficiaries=bounded_text(fields.beneficiaries, "服务对象", 500), category_id=fields.category_id,
        budget_fen=fields.budget_fen, chosen_by=fields.chosen_by,
        votes=fields.votes if fields.chosen_by == "vote" else None,
        council_on=fields.council_on if fields.chosen_by == "council" else None, brand_id=fields.brand_id)


def _apply_partners(project: ServiceProject, partners: tuple[PartnerFields, ...], session: Session) -> None:
    session.execute(delete(ProjectPartner).where(ProjectPartner.project_id == project.id))
    for n, p in enumerate(partners):
        session.add(ProjectPartner(project_id=project.id, position=n, org_id=p.org_id,
                                   unit_name=bounded_text(p.unit_name, "驻区单位", 100),
                                   commitment=bounded_text(p.commitment, "责任与承诺", 1000)))


def add_project(session: Session, fields: ProjectFields) -> ServiceProject:
    project = ServiceProject(**_validate(session, fields, None), status="approved")
    session.add(project)
    session.flush()
    _apply_partners(project, fields.partners, session)
    session.flush()
    audit.record(session, "create", "project", project.id, f"立项：{project.title}（{PROJECT_KINDS[project.kind]}）")
    return project


def update_project(session: Session, project_id: int, fields: ProjectFields) -> ServiceProject:
    project = get_project(session, project_id)
    for key, value in _validate(session, fields, project).items():
        setattr(project, key, value)
    _apply_partners(project, fields.partners, session)
    session.flush()
    audit.record(session, "update", "project", project.id, f"修改服务项目：{project.title}")
    return project


def delete_project(session: Session, project_id: int) -> None:
    """To the 回收站. A project with live spending is refused: void or move the ledger rows first."""
    project = get_project(session, project_id)
    spent = project_spent(session, project.id)
    if spent:
        raise UserError(f"项目“{project.title}”已有支出 {format_yuan(spent)}，请先在经费台账中作废这些支出")
    project.deleted_at = datetime.now().replace(microsecond=0)
    audit.record(session, "delete", "project", project.id, f"删除服务项目：{project.title}（移入回收站）")


def advance(session: Session, project_id: int, on: date, outcome: str = "") -> ServiceProject:
    """立项 → 实施 (on = 开始实施日期) → 验收 (on = 验收日期, with the 成效 written)."""
    project = get_project(session, project_id)
    if project.status == "accepted":
        raise UserError("项目已验收")
    if on < project.approved_on:
        raise ValidationError("日期", "不能早于立项日期")
    if project.status == "approved":
        project.status, project.started_on = "running", on
    else:
        if on < project.started_on:
            raise ValidationError("验收日期", "不能早于开始实施日期")
        project.outcome = bounded_text(outcome, "项目成效", 4000, required=True)
        project.status, project.accepted_on = "accepted", on
    audit.record(session, "status", "project", project.id, f"{project.title}：{PROJECT_STATUSES[project.status]}")
    return project


def reopen(session: Session, project_id: int) -> ServiceProject:
    """Undo the last step (验收 → 实施 → 立项), e.g. a date entered wrongly."""
    project = get_project(session, project_id)
    if project.status == "approved":
        raise UserError("项目尚未开始实施")
    if project.status == "accepted":
        project.status, project.accepted_on = "running", None
    else:
        project.status, project.started_on = "approved", None
    audit.record(session, "status", "project", project.id, f"{project.title}退回为{PROJECT_STATUSES[project.status]}")
    return project


# --- milestones and files -------------------------------------------------------------------------


def add_milestone(session: Session, project_id: int, title: str, due_on: date) -> ProjectMilestone:
    project = get_project(session, project_id)
    row = ProjectMilestone(project_id=project.id, title=bounded_text(title, "节点", 120, required=True), due_on=due_on)
    session.add(row)
    session.flush()
    return row


def set_milestone_done(session: Session, milestone_id: int, done_on: date | None) -> ProjectMilestone:
    row = session.get(ProjectMilestone, milestone_id)
    if row is None:
        raise UserError("项目节点不存在")
    get_project(session, row.project_id)
    row.done_on = done_on
    return row


def delete_milestone(session: Session, milestone_id: int) -> None:
    row = session.get(ProjectMilestone, milestone_id)
    if row is None:
        raise UserError("项目节点不存在")
    session.delete(row)


def attach(session: Session, project_id: int, source: Path) -> Attachment:
    """A project document (项目书扫描件, 验收材料, 照片)."""
    project = get_project(session, project_id)
    row = attach_file(session, source, project_id=project.id)
    audit.record(session, "attach", "project", project.id, f"{project.title}添加附件{row.filename}")
    return row


# --- spending through the ledger ------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectExpense:
    spent_on: date | str
    amount: str | int
    purpose: str
    handler: str = ""
    voucher_no: str = ""
    org_id: int | None = None  # default: the lead org


def book_expense(session: Session, project_id: int, data: ProjectExpense) -> Expenditure:
    """A ledger row of the project's fund category; refused (by the ledger) beyond the project budget."""
    project = get_project(session, project_id)
    if project.category_id is None:
        raise UserError(f"项目“{project.title}”没有经费来源，请先在项目中选择经费类别并填写预算")
    if project.status == "accepted":
        raise UserError(f"项目“{project.title}”已验收，不能再登记支出")
    return record_expenditure(session, ExpenditureInput(
        spent_on=data.spent_on, org_id=data.org_id or project.lead_org_id, category_id=project.category_id,
        amount=data.amount, purpose=data.purpose, handler=data.handler, voucher_no=data.voucher_no,
        project_name=project.title[:120], links={"project_id": project.id}))


# --- lists ----------------------------------------------------------------------------------------


class ProjectRow(NamedTuple):
    id: int
    title: str
    kind: str
    year: int
    lead_org_id: int
    lead_org: str
    partners: str  # names joined with 、
    status: str
    budget_fen: int
    spent_fen: int
    approved_on: date
    accepted_on: date | None
    chosen_by: str
    milestones_due: int  # open milestones past their date
    brand: str


def project_rows(session: Session, year: int | None = None, org_id: int | None = None,
                 today: date | None = None) -> list[ProjectRow]:
    """Projects (of a year; led by an org of `org_id`'s subtree), newest first, with what was spent."""
    today = today or date.today()
    query = (select(ServiceProject, Organisation.name, ServiceBrand.name)
             .join(Organisation, Organisation.id == ServiceProject.lead_org_id)
             .outerjoin(ServiceBrand, ServiceBrand.id == ServiceProject.brand_id)
             .where(ServiceProject.deleted_at.is_(None)))
    if year is not None:
        query = query.where(ServiceProject.year == year)
    if org_id is not None:
        query = query.where(ServiceProject.lead_org_id.in_(subtree_ids(session, org_id)))
    projects = session.execute(query.order_by(ServiceProject.approved_on.desc(), ServiceProject.id.desc())).all()
    ids = [p.id for p, _, _ in projects]
    spent = dict(session.execute(select(Expenditure.project_id, func.sum(Expenditure.amount_fen))
                                 .where(Expenditure.project_id.in_(ids), Expenditure.voided_at.is_(None),
                                        Expenditure.deleted_at.is_(None)).group_by(Expenditure.project_id)).all())
    due = dict(session.execute(select(ProjectMilestone.project_id, func.count())
                               .where(ProjectMilestone.project_id.in_(ids), ProjectMilestone.done_on.is_(None),
                                      ProjectMilestone.due_on < today).group_by(ProjectMilestone.project_id)).all())
    names: dict[int, list[str]] = {}
    for project_id, org, unit in session.execute(
            select(ProjectPartner.project_id, Organisation.name, ProjectPartner.unit_name)
            .outerjoin(Organisation, Organisation.id == ProjectPartner.org_id)
            .where(ProjectPartner.project_id.in_(ids)).order_by(ProjectPartner.position)):
        names.setdefault(project_id, []).append(org or unit)
    return [ProjectRow(p.id, p.title, p.kind, p.year, p.lead_org_id, lead, "、".join(names.get(p.id, [])), p.status,
                       p.budget_fen, int(spent.get(p.id, 0)), p.approved_on, p.accepted_on, p.chosen_by,
                       due.get(p.id, 0), brand or "")
            for p, lead, brand in projects]


class PartnerRow(NamedTuple):
    org_id: int | None
    name: str
    commitment: str


class ProjectDetail(NamedTuple):
    project: ServiceProject
    lead_org: str
    category: str
    brand: str
    partners: list[PartnerRow]
    milestones: list[ProjectMilestone]
    spent_fen: int
    files: list[tuple[int, str]]


def project_detail(session: Session, project_id: int) -> ProjectDetail:
    """Everything the 服务项目书 prints and the project dialog edits."""
    project = get_project(session, project_id)
    partners = [PartnerRow(p.org_id, org or p.unit_name, p.commitment) for p, org in session.execute(
        select(ProjectPartner, Organisation.name).outerjoin(Organisation, Organisation.id == ProjectPartner.org_id)
        .where(ProjectPartner.project_id == project.id).order_by(ProjectPartner.position))]
    milestones = list(session.scalars(select(ProjectMilestone).where(ProjectMilestone.project_id == project.id)
                                      .order_by(ProjectMilestone.due_on, ProjectMilestone.id)))
    files = [(a.id, a.filename) for a in session.scalars(select(Attachment).where(Attachment.project_id == project.id)
                                                          .order_by(Attachment.id))]
    brand = session.get(ServiceBrand, project.brand_id).name if project.brand_id else ""
    category = get_category(session, project.category_id).name if project.category_id else ""
    return ProjectDetail(project, get_org(session, project.lead_org_id).name, category, brand, partners, milestones,
                         project_spent(session, project.id), files)


def fields_of(detail: ProjectDetail) -> ProjectFields:
    """The editable form of a stored project."""
    p = detail.project
    return ProjectFields(p.title, p.kind, p.year, p.lead_org_id, p.approved_on, p.content, p.beneficiaries,
                         p.category_id, p.budget_fen, p.chosen_by, p.votes, p.council_on, p.brand_id,
                         tuple(PartnerFields(r.org_id, "" if r.org_id else r.name, r.commitment)
                               for r in detail.partners))
