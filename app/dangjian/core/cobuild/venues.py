"""阵地 and 品牌: the registry of 党群服务中心, 党员活动室 and 党群服务站 (where activities are held — an activity
names its venue), and 一社区一品牌 with the projects that carry each brand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.labels import VENUE_KINDS
from ..common.textnorm import bounded_text
from ..models import Activity, Organisation, ServiceBrand, ServiceProject, Venue
from ..orgs.queries import get_org, subtree_ids
from ..system import audit


@dataclass(frozen=True)
class VenueFields:
    org_id: int
    name: str
    kind: str = "room"  # labels.VENUE_KINDS
    address: str = ""
    area_m2: int = 0
    facilities: str = ""
    opening_hours: str = ""


def get_venue(session: Session, venue_id: int) -> Venue:
    venue = session.get(Venue, venue_id)
    if venue is None or venue.deleted_at is not None:
        raise UserError("阵地不存在或已删除")
    return venue


def save_venue(session: Session, fields: VenueFields, venue_id: int | None = None) -> Venue:
    get_org(session, fields.org_id)
    if fields.kind not in VENUE_KINDS:
        raise ValidationError("阵地类型", f"只能是：{'、'.join(VENUE_KINDS.values())}")
    if not 0 <= fields.area_m2 <= 100_000:
        raise ValidationError("面积", "应为0—100000平方米")
    venue = get_venue(session, venue_id) if venue_id is not None else Venue()
    venue.org_id, venue.kind, venue.area_m2 = fields.org_id, fields.kind, fields.area_m2
    venue.name = bounded_text(fields.name, "阵地名称", 60, required=True)
    venue.address = bounded_text(fields.address, "地址", 200)
    venue.facilities = bounded_text(fields.facilities, "功能设施", 1000)
    venue.opening_hours = bounded_text(fields.opening_hours, "开放时间", 100)
    session.add(venue)
    session.flush()
    audit.record(session, "update" if venue_id else "create", "venue", venue.id, f"阵地：{venue.name}")
    return venue


def delete_venue(session: Session, venue_id: int) -> None:
    """To the 回收站; activities held there keep their place text."""
    venue = get_venue(session, venue_id)
    venue.deleted_at = datetime.now().replace(microsecond=0)
    audit.record(session, "delete", "venue", venue.id, f"删除阵地：{venue.name}（移入回收站）")


class VenueRow(NamedTuple):
    id: int
    org_id: int
    org: str
    name: str
    kind: str
    address: str
    area_m2: int
    facilities: str
    opening_hours: str
    activities: int  # held there in the year asked for


def venue_rows(session: Session, year: int, org_id: int | None = None) -> list[VenueRow]:
    held = (select(func.count()).where(Activity.venue_id == Venue.id, Activity.deleted_at.is_(None),
                                       Activity.status == "held",
                                       func.coalesce(Activity.actual_start, Activity.planned_start)
                                       .between(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59)))
            .scalar_subquery())
    query = (select(Venue, Organisation.name, held).join(Organisation, Organisation.id == Venue.org_id)
             .where(Venue.deleted_at.is_(None)))
    if org_id is not None:
        query = query.where(Venue.org_id.in_(subtree_ids(session, org_id)))
    return [VenueRow(v.id, v.org_id, org, v.name, v.kind, v.address, v.area_m2, v.facilities, v.opening_hours, n)
            for v, org, n in session.execute(query.order_by(Organisation.sort_order, Organisation.name, Venue.name))]


def venue_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "name（org）") of every live venue, for the activity editor."""
    rows = session.execute(select(Venue.id, Venue.name, Organisation.name)
                           .join(Organisation, Organisation.id == Venue.org_id)
                           .where(Venue.deleted_at.is_(None)).order_by(Organisation.name, Venue.name))
    return [(vid, f"{name}（{org}）") for vid, name, org in rows]


# --- 一社区一品牌 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrandFields:
    org_id: int
    name: str
    year: int
    description: str = ""


def get_brand(session: Session, brand_id: int) -> ServiceBrand:
    brand = session.get(ServiceBrand, brand_id)
    if brand is None or brand.deleted_at is not None:
        raise UserError("特色品牌不存在或已删除")
    return brand


def save_brand(session: Session, fields: BrandFields, brand_id: int | None = None) -> ServiceBrand:
    get_org(session, fields.org_id)
    if not 2000 <= fields.year <= date.today().year + 1:
        raise ValidationError("创建年度", f"“{fields.year}”不是有效的年度")
    brand = get_brand(session, brand_id) if brand_id is not None else ServiceBrand()
    brand.org_id, brand.year = fields.org_id, fields.year
    brand.name = bounded_text(fields.name, "品牌名称", 60, required=True)
    brand.description = bounded_text(fields.description, "品牌简介", 2000)
    session.add(brand)
    session.flush()
    audit.record(session, "update" if brand_id else "create", "brand", brand.id, f"特色品牌：{brand.name}")
    return brand


def delete_brand(session: Session, brand_id: int) -> None:
    """To the 回收站; its projects stay, without the brand."""
    brand = get_brand(session, brand_id)
    brand.deleted_at = datetime.now().replace(microsecond=0)
    audit.record(session, "delete", "brand", brand.id, f"删除特色品牌：{brand.name}（移入回收站）")


class BrandRow(NamedTuple):
    id: int
    org_id: int
    org: str
    name: str
    year: int
    description: str
    projects: str  # titles of the live projects carrying the brand, joined with 、


def brand_rows(session: Session, org_id: int | None = None) -> list[BrandRow]:
    query = (select(ServiceBrand, Organisation.name).join(Organisation, Organisation.id == ServiceBrand.org_id)
             .where(ServiceBrand.deleted_at.is_(None)))
    if org_id is not None:
        query = query.where(ServiceBrand.org_id.in_(subtree_ids(session, org_id)))
    brands = session.execute(query.order_by(Organisation.sort_order, Organisation.name, ServiceBrand.name)).all()
    titles: dict[int, list[str]] = {}
    for brand_id, title in session.execute(
            select(ServiceProject.brand_id, ServiceProject.title)
            .where(ServiceProject.brand_id.in_([b.id for b, _ in brands]), ServiceProject.deleted_at.is_(None))
            .order_by(ServiceProject.approved_on)):
        titles.setdefault(brand_id, []).append(title)
    return [BrandRow(b.id, b.org_id, org, b.name, b.year, b.description, "、".join(titles.get(b.id, [])))
            for b, org in brands]
