"""党组织设置: the organisation tree and how each org is set up (formation, units, host, 撤销/恢复).

Committees, terms and elections live in `org_committees.py`. Every write validates first and raises a
Chinese `ValidationError` naming the field, so a refused change writes nothing; the caller owns the
transaction. Other domains use `find_org_by_name`, `subtree_ids` and `org_tree_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from . import audit, settings
from .errors import UserError, ValidationError
from .labels import FORMATIONS, ORG_DOMAINS, ORG_KINDS, label
from .models import Member, Organisation, OrgUnit
from .uscc import validate_uscc

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


@dataclass(frozen=True)
class OrgRow:
    """One org for trees, lists and reports: plain values, member counts from the roster or as recorded.

    `formal`/`probationary` are the org's own members; `total_*` add every live descendant's.
    """

    id: int
    parent_id: int | None
    name: str
    kind: str
    domain: str
    formation: str
    status: str
    code: str
    host_org_id: int | None
    sort_order: int
    formal: int
    probationary: int
    counts_from_roster: bool
    total_formal: int = 0
    total_probationary: int = 0
    children: tuple[int, ...] = field(default=())

    @property
    def revoked(self) -> bool:
        return self.status == "revoked"

    @property
    def kind_label(self) -> str:
        return label(ORG_KINDS, self.kind)


def get_org(session: Session, org_id: int) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None or org.deleted_at is not None:
        raise UserError(f"党组织（编号 {org_id}）不存在或已删除")
    return org


def _live_orgs():
    return select(Organisation).where(Organisation.deleted_at.is_(None))


def org_path(session: Session, org_id: int) -> str:
    """'湘龙街道党工委 / 朝阳社区党委 / 第一小区党支部' — the name people use to tell namesakes apart."""
    names = []
    org: Organisation | None = get_org(session, org_id)
    while org is not None:
        names.append(org.name)
        org = org.parent
    return " / ".join(reversed(names))


def find_org_by_name(session: Session, name: str) -> Organisation:
    """The live org called `name` (or with that code). 'Parent/Child' tells namesakes apart.

    Raises a Chinese UserError when nothing or more than one org matches.
    """
    wanted = (name or "").strip()
    if not wanted:
        raise UserError("请填写党组织名称")
    parts = [p.strip() for p in wanted.replace("／", "/").split("/") if p.strip()]
    candidates = list(session.scalars(_live_orgs().where(
        (Organisation.name == parts[-1]) | (Organisation.code == wanted))))
    if len(parts) > 1:
        candidates = [o for o in candidates if _path_ends_with(o, parts)]
    if not candidates:
        raise UserError(f"找不到党组织“{wanted}”，请检查名称是否与党组织设置中的一致")
    if len(candidates) > 1:
        active = [o for o in candidates if o.status == "active"]
        if len(active) == 1:
            return active[0]
        paths = "；".join(org_path(session, o.id) for o in candidates[:5])
        raise UserError(f"有{len(candidates)}个党组织名为“{wanted}”（{paths}），请写成“上级党组织/名称”以区分")
    return candidates[0]


def _path_ends_with(org: Organisation, parts: list[str]) -> bool:
    node: Organisation | None = org
    for part in reversed(parts):
        if node is None or node.name != part:
            return False
        node = node.parent
    return True


def subtree_ids(session: Session, org_id: int) -> list[int]:
    """`org_id` and every live descendant's id (revoked ones included), parents before children."""
    rows = session.execute(text(
        "WITH RECURSIVE sub(id, depth) AS (SELECT :root, 0 UNION ALL "
        "SELECT o.id, sub.depth + 1 FROM organisations o JOIN sub ON o.parent_id = sub.id "
        "WHERE o.deleted_at IS NULL) SELECT id FROM sub ORDER BY depth, id"), {"root": org_id})
    return [row[0] for row in rows]


def roster_counts(session: Session) -> dict[int, tuple[int, int]]:
    """org id -> (正式, 预备) members in the roster (live, 党籍正常)."""
    rows = session.execute(
        select(Member.org_id, func.sum(case((Member.category == "formal", 1), else_=0)),
               func.sum(case((Member.category == "probationary", 1), else_=0)))
        .where(Member.deleted_at.is_(None), Member.party_status == "normal")
        .group_by(Member.org_id))
    return {org_id: (int(formal or 0), int(prob or 0)) for org_id, formal, prob in rows}


def org_tree_rows(session: Session) -> list[OrgRow]:
    """Every live org (revoked included) in tree order, with own and subtree member counts.

    Counts come from the roster when it holds any member of the org, else from the recorded counts.
    Subtree totals leave out revoked descendants.
    """
    counts = roster_counts(session)
    query = _live_orgs().with_only_columns(
        Organisation.id, Organisation.parent_id, Organisation.name, Organisation.kind, Organisation.domain,
        Organisation.formation, Organisation.status, Organisation.code, Organisation.host_org_id,
        Organisation.sort_order, Organisation.recorded_formal_count, Organisation.recorded_probationary_count,
    ).order_by(Organisation.sort_order, Organisation.id)
    raw = session.execute(query).all()
    own: dict[int, tuple[int, int, bool]] = {}
    children: dict[int | None, list[int]] = {}
    by_id = {}
    for r in raw:
        by_id[r.id] = r
        children.setdefault(r.parent_id, []).append(r.id)
        if r.id in counts:
            own[r.id] = (*counts[r.id], True)
        else:
            own[r.id] = (r.recorded_formal_count or 0, r.recorded_probationary_count or 0, False)

    result: list[OrgRow] = []
    roots = [i for i in children.get(None, [])] + [
        r.id for r in raw if r.parent_id is not None and r.parent_id not in by_id]

    def visit(org_id: int) -> tuple[int, int]:
        r = by_id[org_id]
        index = len(result)
        result.append(None)  # type: ignore[arg-type]  # placeholder keeps parents before children
        formal, prob, from_roster = own[org_id]
        total_f, total_p = formal, prob
        for child in children.get(org_id, []):
            f, p = visit(child)
            if by_id[child].status == "active":
                total_f, total_p = total_f + f, total_p + p
        result[index] = OrgRow(
            r.id, r.parent_id, r.name, r.kind, r.domain, r.formation, r.status, r.code or "",
            r.host_org_id, r.sort_order, formal, prob, from_roster, total_f, total_p,
            tuple(children.get(org_id, [])))
        return total_f, total_p

    for root in roots:
        visit(root)
    return result


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
        other = session.scalars(_live_orgs().where(Organisation.kind == ROOT_KIND)).first()
        if other is not None and (org is None or other.id != org.id):
            raise ValidationError("类别", f"已有街道党工委“{other.name}”，一个数据库只能有一个")
    else:
        if fields.parent_id is None:
            raise ValidationError("上级党组织", "请选择上级党组织")
        _check_parent(session, fields.parent_id, org)
    _check_unique_name(session, fields, org)
    if fields.code:
        clash = session.scalars(_live_orgs().where(Organisation.code == fields.code)).first()
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
    clash = session.scalars(_live_orgs().where(
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
    active_children = [o.name for o in session.scalars(_live_orgs().where(
        Organisation.parent_id == org.id, Organisation.status == "active"))]
    if active_children:
        names = "、".join(active_children[:3])
        raise UserError(f"“{org.name}”下还有{len(active_children)}个未撤销的党组织（{names}），请先撤销或移出")
    members = session.scalar(select(func.count()).select_from(Member).where(
        Member.org_id == org.id, Member.deleted_at.is_(None)))
    if members:
        raise UserError(f"“{org.name}”还有{members}名党员，请先将组织关系转到其他党组织")
    hosted = [o.name for o in session.scalars(_live_orgs().where(
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
