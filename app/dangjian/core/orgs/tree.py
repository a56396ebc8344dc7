"""党组织设置: the organisation tree and how each org is set up (formation, units, host, 撤销/恢复).

Reads (find_org_by_name, subtree_ids, org_tree_rows) live in `queries.py` and are re-exported here;
committees, terms and elections live in `committees.py`. Every write validates first and raises a
Chinese `ValidationError` naming the field, so a refused change writes nothing; the caller owns the
transaction. Other domains use `find_org_by_name`, `subtree_ids` and `org_tree_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.labels import FORMATIONS, ORG_DOMAINS, ORG_KINDS, label
from ..common.uscc import validate_uscc
from ..models import Member, Organisation, OrgUnit
from ..system import audit, settings
from .queries import OrgRow as OrgRow
from .queries import find_org_by_name as find_org_by_name
from .queries import get_org, live_orgs, org_path, subtree_ids
from .queries import org_tree_rows as org_tree_rows
from .queries import roster_counts as roster_counts

ROOT_KIND = "street_committee"


@dataclass
class OrgFields:
    """What a user types into the 党组织 dialog; `create_org`/`update_org` validate it."""

    name: str
    kind: str
    parent_id: int | None
    domain: str = "community"
    code: str = ""
    formation: str = "single"
    host_org_id: int | None = None
    approved_on: date | None = None
    approval_doc_no: str = ""
    recorded_formal_count: int | None = None
    recorded_probationary_count: int | None = None
    address: str = ""
    contact_phone: str = ""
    note: str = ""

    @classmethod
    def of(cls, org: Organisation) -> OrgFields:
        return cls(**{name: getattr(org, name) for name in cls.__dataclass_fields__})


@dataclass
class UnitFields:
    """One 组建单位 of a 联合组建 branch."""

    name: str
    credit_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    formal_member_count: int | None = None


# --- validation -------------------------------------------------------------------------------


def _clean(fields: OrgFields) -> OrgFields:
    for name in ("name", "code", "approval_doc_no", "address", "contact_phone", "note"):
        setattr(fields, name, (getattr(fields, name) or "").strip())
    return fields


def _check_count(value: int | None, field_label: str) -> None:
    if value is not None and (not isinstance(value, int) or value < 0 or value > 100_000):
        raise ValidationError(field_label, "应为 0 到 100000 之间的整数")


def _validate(session: Session, fields: OrgFields, org: Organisation | None) -> None:
    """Raise the first problem, naming the field; checks the tree so that no cycle can be made."""
    _clean(fields)
    if not fields.name:
        raise ValidationError("名称", "不能为空")
    if len(fields.name) > 100:
        raise ValidationError("名称", "不能超过100个字")
    if fields.kind not in ORG_KINDS:
        raise ValidationError("类别", f"只能是：{'、'.join(ORG_KINDS.values())}")
    if fields.domain not in ORG_DOMAINS:
        raise ValidationError("领域", f"只能是：{'、'.join(ORG_DOMAINS.values())}")
    if fields.formation not in FORMATIONS:
        raise ValidationError("组建方式", f"只能是：{'、'.join(FORMATIONS.values())}")
    _check_count(fields.recorded_formal_count, "登记正式党员数")
    _check_count(fields.recorded_probationary_count, "登记预备党员数")
    if fields.kind == ROOT_KIND:
        if fields.parent_id is not None:
            raise ValidationError("上级党组织", "街道党工委是最上级党组织，不能设上级")
        other = session.scalars(live_orgs().where(Organisation.kind == ROOT_KIND)).first()
        if other is not None and (org is None or other.id != org.id):
            raise ValidationError("类别", f"已有街道党工委“{other.name}”，一个数据库只能有一个")
    else:
        if fields.parent_id is None:
            raise ValidationError("上级党组织", "请选择上级党组织")
        _check_parent(session, fields.parent_id, org)
    _check_unique_name(session, fields, org)
    if fields.code:
        clash = session.scalars(live_orgs().where(Organisation.code == fields.code)).first()
        if clash is not None and (org is None or clash.id != org.id):
            raise ValidationError("组织代码", f"“{fields.code}”已由“{clash.name}”使用")
    if fields.formation == "attached" and fields.host_org_id is not None:
        host = session.get(Organisation, fields.host_org_id)
        if host is None or host.deleted_at is not None:
            raise ValidationError("挂靠党组织", "所选党组织不存在")
        if org is not None and host.id == org.id:
            raise ValidationError("挂靠党组织", "不能挂靠在自己名下")
        if host.status != "active":
            raise ValidationError("挂靠党组织", f"“{host.name}”已撤销，不能作为挂靠党组织")
    if org is not None and fields.formation != "joint" and org.units:
        raise ValidationError("组建方式", f"还登记有{len(org.units)}个组建单位，请先在“组建单位”中删除，"
                                       "再改为" + FORMATIONS[fields.formation])
    if fields.approved_on is not None and fields.approved_on > date.today():
        raise ValidationError("批准日期", "不能晚于今天")


def _check_parent(session: Session, parent_id: int, org: Organisation | None) -> None:
    parent = session.get(Organisation, parent_id)
    if parent is None or parent.deleted_at is not None:
        raise ValidationError("上级党组织", "所选党组织不存在")
    if parent.status != "active":
        raise ValidationError("上级党组织", f"“{parent.name}”已撤销，不能作为上级党组织")
    if parent.kind == "group":
        raise ValidationError("上级党组织", "党小组下不能再设党组织")
    if org is not None and parent_id in subtree_ids(session, org.id):
        raise ValidationError("上级党组织", f"不能把“{org.name}”移到它自己或它的下级党组织之下")


def _check_unique_name(session: Session, fields: OrgFields, org: Organisation | None) -> None:
    clash = session.scalars(live_orgs().where(
        Organisation.name == fields.name,
        Organisation.parent_id.is_(None) if fields.parent_id is None
        else Organisation.parent_id == fields.parent_id)).first()
    if clash is not None and (org is None or clash.id != org.id):
        raise ValidationError("名称", f"同一上级党组织下已有“{fields.name}”")


def _apply(org: Organisation, fields: OrgFields) -> None:
    for name in OrgFields.__dataclass_fields__:
        setattr(org, name, getattr(fields, name))
    org.code = fields.code or None
    if fields.formation != "attached":
        org.host_org_id = None


# --- writes -----------------------------------------------------------------------------------


def create_org(session: Session, fields: OrgFields) -> Organisation:
    """Add an org under its parent (last among its siblings)."""
    _validate(session, fields, None)
    org = Organisation()
    _apply(org, fields)
    org.sort_order = (session.scalar(select(func.max(Organisation.sort_order)).where(
        Organisation.parent_id == fields.parent_id)) or 0) + 1
    session.add(org)
    session.flush()
    audit.record(session, "create", "organisation", org.id,
                 f"新建{label(ORG_KINDS, org.kind)}“{org.name}”（{label(FORMATIONS, org.formation)}）")
    return org


_AUDITED = {"name": "名称", "kind": "类别", "domain": "领域", "code": "组织代码", "formation": "组建方式",
            "parent_id": "上级党组织", "host_org_id": "挂靠党组织", "approved_on": "批准日期",
            "approval_doc_no": "批准文号", "recorded_formal_count": "登记正式党员数",
            "recorded_probationary_count": "登记预备党员数"}


def update_org(session: Session, org_id: int, fields: OrgFields) -> Organisation:
    """Change an org's fields (a parent change is a move and is checked for cycles)."""
    org = get_org(session, org_id)
    _validate(session, fields, org)
    before = OrgFields.of(org)
    _apply(org, fields)
    session.flush()
    changed = [lbl for name, lbl in _AUDITED.items() if getattr(before, name) != getattr(OrgFields.of(org), name)]
    audit.record(session, "update", "organisation", org.id,
                 f"修改党组织“{org.name}”" + (f"：{'、'.join(changed)}" if changed else ""))
    return org


def move_org(session: Session, org_id: int, new_parent_id: int) -> Organisation:
    """Put an org (with its whole subtree) under another parent; refuses cycles."""
    org = get_org(session, org_id)
    if org.kind == ROOT_KIND:
        raise ValidationError("上级党组织", "街道党工委是最上级党组织，不能移动")
    old_path = org_path(session, org.parent_id) if org.parent_id else ""
    fields = OrgFields.of(org)
    fields.parent_id = new_parent_id
    _validate(session, fields, org)
    org.parent_id = new_parent_id
    org.sort_order = (session.scalar(select(func.max(Organisation.sort_order)).where(
        Organisation.parent_id == new_parent_id)) or 0) + 1
    session.flush()
    session.refresh(org, ["parent"])
    audit.record(session, "move", "organisation", org.id,
                 f"移动党组织“{org.name}”：{old_path} → {org_path(session, new_parent_id)}")
    return org


def revoke_org(session: Session, org_id: int, revoked_on: date, doc_no: str, reason: str) -> Organisation:
    """撤销: keeps the record (and its history) with the date, 文号 and reason; `restore_org` undoes it."""
    org = get_org(session, org_id)
    if org.status == "revoked":
        raise UserError(f"“{org.name}”已于{org.revoked_on:%Y-%m-%d}撤销")
    if org.kind == ROOT_KIND:
        raise UserError("街道党工委不能撤销")
    if revoked_on is None:
        raise ValidationError("撤销日期", "不能为空")
    if org.approved_on is not None and revoked_on < org.approved_on:
        raise ValidationError("撤销日期", f"不能早于批准成立日期 {org.approved_on:%Y-%m-%d}")
    if revoked_on > date.today():
        raise ValidationError("撤销日期", "不能晚于今天")
    doc_no, reason = (doc_no or "").strip(), (reason or "").strip()
    if not reason:
        raise ValidationError("撤销原因", "不能为空")
    active_children = [o.name for o in session.scalars(live_orgs().where(
        Organisation.parent_id == org.id, Organisation.status == "active"))]
    if active_children:
        names = "、".join(active_children[:3])
        raise UserError(f"“{org.name}”下还有{len(active_children)}个未撤销的党组织（{names}），请先撤销或移出")
    members = session.scalar(select(func.count()).select_from(Member).where(
        Member.org_id == org.id, Member.deleted_at.is_(None)))
    if members:
        raise UserError(f"“{org.name}”还有{members}名党员，请先将组织关系转到其他党组织")
    hosted = [o.name for o in session.scalars(live_orgs().where(
        Organisation.host_org_id == org.id, Organisation.status == "active"))]
    if hosted:
        raise UserError(f"“{'、'.join(hosted[:3])}”挂靠在“{org.name}”，请先更改其挂靠党组织")
    org.status, org.revoked_on, org.revoked_doc_no, org.revoked_reason = "revoked", revoked_on, doc_no, reason
    audit.record(session, "revoke", "organisation", org.id,
                 f"撤销党组织“{org.name}”（{revoked_on:%Y-%m-%d}，{doc_no or '无文号'}）：{reason}")
    return org


def restore_org(session: Session, org_id: int) -> Organisation:
    """Undo a 撤销; the earlier 撤销 details stay in the audit log."""
    org = get_org(session, org_id)
    if org.status != "revoked":
        raise UserError(f"“{org.name}”未被撤销，无需恢复")
    if org.parent is not None and org.parent.status != "active":
        raise UserError(f"上级党组织“{org.parent.name}”已撤销，请先恢复上级党组织")
    summary = f"恢复党组织“{org.name}”（原撤销于{org.revoked_on:%Y-%m-%d}，{org.revoked_doc_no or '无文号'}）"
    org.status, org.revoked_on, org.revoked_doc_no, org.revoked_reason = "active", None, "", ""
    audit.record(session, "restore", "organisation", org.id, summary)
    return org


def set_units(session: Session, org_id: int, units: list[UnitFields]) -> list[OrgUnit]:
    """Replace the 组建单位 list of a 联合组建 branch (validated as a whole: all or nothing)."""
    org = get_org(session, org_id)
    if units and org.formation != "joint":
        raise ValidationError("组建单位", f"“{org.name}”不是联合组建，不能登记组建单位")
    limit = settings.get(session, "org.joint_max_units")
    if len(units) > limit:
        raise ValidationError("组建单位", f"联合组建一般不超过{limit}个单位，现填写了{len(units)}个")
    cleaned, seen = [], set()
    for number, unit in enumerate(units, start=1):
        name = (unit.name or "").strip()
        where = f"第{number}个单位"
        if not name:
            raise ValidationError("单位名称", f"{where}的名称不能为空")
        if name in seen:
            raise ValidationError("单位名称", f"“{name}”重复填写")
        seen.add(name)
        code = (unit.credit_code or "").strip().upper()
        if code:
            try:
                code = validate_uscc(code)
            except UserError as exc:
                raise ValidationError("统一社会信用代码", f"{name}：{getattr(exc, 'reason', exc.message)}") from None
        _check_count(unit.formal_member_count, "单位正式党员数")
        cleaned.append(OrgUnit(name=name, credit_code=code, contact_name=(unit.contact_name or "").strip(),
                               contact_phone=(unit.contact_phone or "").strip(),
                               formal_member_count=unit.formal_member_count, sort_order=number))
    before = [u.name for u in org.units]
    org.units[:] = cleaned
    session.flush()
    audit.record(session, "update", "organisation", org.id,
                 f"更新“{org.name}”组建单位：{'、'.join(before) or '无'} → {'、'.join(seen) or '无'}")
    return cleaned
