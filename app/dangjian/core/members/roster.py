"""党员花名册 services: add/edit, 转正, transfers, 回收站, bulk writes.

Every function takes a session and never commits; every write records an audit entry whose summary
names the member with a masked 公民身份号码. A member's own fields are validated without SQL in
members/fields.py (`normalise`); the DB checks (org, unique 公民身份号码) are `check_in_db`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..common import idcard
from ..common.errors import UserError, ValidationError
from ..common.labels import PARTY_STATUSES, label
from ..common.textnorm import normalise_text
from ..models import CommitteeSeat, Member, MemberTransfer, Organisation
from ..system import audit
from .fields import FIELD_LABELS, MemberInput, normalise

COUNTED_STATUSES = ("normal",)  # 党籍状态 that keep a member in an org's 正式/预备 counts


def describe(member: Member | dict) -> str:
    """Name and masked 公民身份号码 for audit summaries."""
    name = member["name"] if isinstance(member, dict) else member.name
    number = member["id_number"] if isinstance(member, dict) else member.id_number
    return f"{name}（{idcard.mask_id(number)}）"


# --- DB checks --------------------------------------------------------------------------------


def find_org_id(session: Session, name: str) -> int:
    """Id of the live org called `name` (as typed for --org or in a 所在党组织 column)."""
    wanted = normalise_text(name)
    ids = list(session.scalars(select(Organisation.id).where(Organisation.name == wanted,
                                                             Organisation.deleted_at.is_(None))))
    if not ids:
        raise UserError(f"找不到党组织“{wanted}”")
    if len(ids) > 1:
        raise UserError(f"有{len(ids)}个党组织都叫“{wanted}”，请先在党组织页面改名区分")
    return ids[0]


def check_org(session: Session, org_id: int | None) -> Organisation:
    org = session.get(Organisation, org_id) if org_id is not None else None
    if org is None or org.deleted_at is not None:
        raise ValidationError("所在党组织", "请选择一个党组织")
    if org.status != "active":
        raise ValidationError("所在党组织", f"“{org.name}”已撤销，不能再接收党员")
    return org


def holder_of_id(session: Session, id_number: str) -> Member | None:
    """The member, live or in the 回收站, who has this 公民身份号码."""
    return session.scalars(select(Member).where(Member.id_number == id_number)).first()


def duplicate_message(holder: Member) -> str:
    where = "（在回收站中）" if holder.deleted_at is not None else ""
    return f"已登记为党员“{holder.name}”{where}，同一号码不能重复登记"


def check_in_db(session: Session, values: dict, member_id: int | None = None) -> None:
    check_org(session, values["org_id"])
    holder = holder_of_id(session, values["id_number"])
    if holder is not None and holder.id != member_id:
        raise ValidationError("公民身份号码", duplicate_message(holder))


# --- writes -----------------------------------------------------------------------------------


def add_member(session: Session, data: MemberInput, *, today: date | None = None) -> Member:
    """Validate and add one member. Returns the new (flushed) Member."""
    values = normalise(data, today or date.today())
    check_in_db(session, values)
    member = Member(**values)
    session.add(member)
    session.flush()
    audit.record(session, "create", "member", member.id, f"新增党员 {describe(member)}")
    return member


def live_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise UserError("该党员不存在或已删除")
    return member


def update_member(session: Session, member_id: int, data: MemberInput, *, today: date | None = None) -> Member:
    """Validate and save an edit; the audit summary lists the changed fields."""
    member = live_member(session, member_id)
    values = normalise(data, today or date.today())
    check_in_db(session, values, member_id)
    changed = [key for key, value in values.items() if getattr(member, key) != value]
    if values["org_id"] != member.org_id:
        session.add(MemberTransfer(member_id=member.id, transferred_on=today or date.today(),
                                   from_org_id=member.org_id, to_org_id=values["org_id"], note="编辑时调整"))
    for key in changed:
        setattr(member, key, values[key])
    session.flush()
    if changed:
        names = "、".join(FIELD_LABELS.get(key, key) for key in changed if key != "name_initials")
        audit.record(session, "update", "member", member.id, f"修改党员 {describe(member)}：{names}")
    return member




def _live_members(session: Session, member_ids: Iterable[int]) -> list[Member]:
    ids = sorted(set(member_ids))
    if not ids:
        raise UserError("请先选择党员")
    found = list(session.scalars(select(Member).where(Member.id.in_(ids), Member.deleted_at.is_(None))))
    if len(found) != len(ids):
        raise UserError("所选党员中有人不存在或已删除，请刷新后重试")
    return found


def confirm_members(session: Session, member_ids: Sequence[int], confirmed_on: date,
                    *, today: date | None = None) -> int:
    """Batch 转正: probationary → formal on `confirmed_on`. All or none; returns the count."""
    today = today or date.today()
    if confirmed_on > today:
        raise ValidationError("转正日期", "不能晚于今天")
    members = _live_members(session, member_ids)
    for member in members:
        if member.category != "probationary":
            raise UserError(f"{member.name}已是正式党员，无需转正")
        if member.joined_on is not None and confirmed_on < member.joined_on:
            raise ValidationError("转正日期", f"早于{member.name}的入党日期{member.joined_on:%Y-%m-%d}")
    for member in members:
        member.category = "formal"
        member.confirmed_on = confirmed_on
        member.confirmed_precision = "day"
        audit.record(session, "confirm", "member", member.id,
                     f"党员 {describe(member)} 转正，转正日期 {confirmed_on:%Y-%m-%d}")
    session.flush()
    return len(members)


def transfer_members(session: Session, member_ids: Sequence[int], transferred_on: date, *,
                     to_org_id: int | None = None, outside_org_name: str = "", note: str = "",
                     today: date | None = None) -> int:
    """组织关系转接 for a batch, with history.

    With `to_org_id`, members move into that org (转入; from a member 已转出 this records a 转入 from
    `outside_org_name`). Without it they leave the 街道 to `outside_org_name` (转出): they stay on file
    with 党籍状态 已转出 and no longer count. Returns the count.
    """
    if transferred_on > (today or date.today()):
        raise ValidationError("转接日期", "不能晚于今天")
    outside = normalise_text(outside_org_name)
    target = check_org(session, to_org_id) if to_org_id is not None else None
    if target is None and not outside:
        raise ValidationError("转往党组织", "请选择街道内的党组织或填写街道外党组织名称")
    members = _live_members(session, member_ids)
    for member in members:
        leaving = member.party_status == "transferred_out"
        if target is not None and member.org_id == target.id and not leaving:
            raise UserError(f"{member.name}已在“{target.name}”")
        if target is None and leaving:
            raise UserError(f"{member.name}已转出，不能重复转出")
    for member in members:
        from_org = None if member.party_status == "transferred_out" else member.org_id
        session.add(MemberTransfer(member_id=member.id, transferred_on=transferred_on, from_org_id=from_org,
                                   to_org_id=target.id if target else None, outside_org_name=outside,
                                   note=note.strip()))
        if target is not None:
            member.org_id = target.id
            if member.party_status == "transferred_out":
                member.party_status = "normal"
            where = f"转入“{target.name}”" + (f"（自{outside}）" if outside and from_org is None else "")
        else:
            member.party_status = "transferred_out"
            where = f"转出至“{outside}”"
        audit.record(session, "transfer", "member", member.id,
                     f"党员 {describe(member)} {where}，{transferred_on:%Y-%m-%d}")
    session.flush()
    return len(members)


def transfer_history(session: Session, member_id: int) -> list[tuple[date, str, str, str]]:
    """(date, from, to, note) rows, oldest first, with org names filled in."""
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    rows = session.scalars(select(MemberTransfer).where(MemberTransfer.member_id == member_id)
                           .order_by(MemberTransfer.transferred_on, MemberTransfer.id))
    result = []
    for row in rows:
        outside = row.outside_org_name or "街道外"
        source = names.get(row.from_org_id, "") if row.from_org_id else outside
        target = names.get(row.to_org_id, "") if row.to_org_id else outside
        result.append((row.transferred_on, source, target, row.note))
    return result


# --- 回收站 -----------------------------------------------------------------------------------


def delete_members(session: Session, member_ids: Sequence[int]) -> int:
    """Move members to the 回收站 (restorable). Returns the count."""
    members = _live_members(session, member_ids)
    now = datetime.now()
    for member in members:
        member.deleted_at = now
        audit.record(session, "delete", "member", member.id, f"党员 {describe(member)} 移入回收站")
    session.flush()
    return len(members)


def _binned(session: Session, member_ids: Iterable[int]) -> list[Member]:
    ids = sorted(set(member_ids))
    if not ids:
        raise UserError("请先选择回收站中的党员")
    found = list(session.scalars(select(Member).where(Member.id.in_(ids), Member.deleted_at.is_not(None))))
    if len(found) != len(ids):
        raise UserError("所选党员不在回收站中，请刷新后重试")
    return found


def restore_members(session: Session, member_ids: Sequence[int]) -> int:
    """Bring members back from the 回收站 (into their old org, which must still be active)."""
    members = _binned(session, member_ids)
    for member in members:
        org = session.get(Organisation, member.org_id)
        if org is None or org.deleted_at is not None:
            raise UserError(f"{member.name}原所在党组织已删除，请先恢复该党组织")
        member.deleted_at = None
        audit.record(session, "restore", "member", member.id, f"党员 {describe(member)} 从回收站恢复")
    session.flush()
    return len(members)


def purge_members(session: Session, member_ids: Sequence[int], *, confirmed: bool = False) -> int:
    """彻底删除 members that are in the 回收站. Needs the user's explicit confirmation."""
    if not confirmed:
        raise UserError("彻底删除后无法恢复，请确认后再操作")
    members = _binned(session, member_ids)
    ids = [m.id for m in members]
    seated = session.scalars(select(Member.name).join(CommitteeSeat, CommitteeSeat.member_id == Member.id)
                             .where(Member.id.in_(ids))).first()
    if seated:
        raise UserError(f"{seated}在党组织委员会任职记录中，不能彻底删除（可保留在回收站）")
    for member in members:
        audit.record(session, "purge", "member", member.id, f"彻底删除党员 {describe(member)}")
        session.delete(member)
    session.flush()
    return len(members)


def binned_member_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Member.id).where(Member.deleted_at.is_not(None))))


def record_unmasked_view(session: Session, context: str) -> None:
    """显示完整号码 was switched on somewhere: that is logged."""
    audit.record(session, "unmask", "member", None, f"查看完整公民身份号码（{context}）")


# --- bulk paths (importer, demo) --------------------------------------------------------------


def next_member_id(session: Session) -> int:
    """The id the next inserted member gets (bulk writers assign ids themselves to avoid re-reading)."""
    return (session.scalar(select(func.max(Member.id))) or 0) + 1


def bulk_update(session: Session, rows: list[dict]) -> None:
    """Update existing members by id from validated value dicts (each with an "id")."""
    if rows:
        session.execute(update(Member), rows)  # ORM bulk UPDATE by primary key


def live_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Member).where(Member.deleted_at.is_(None))) or 0


def status_label(code: str) -> str:
    return label(PARTY_STATUSES, code)
