"""A small 街道 for training tests, written straight into the tables (independent of other domains).

Tests import it as `from training_world import build_world` (tests/ is on sys.path via conftest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from dangjian.core.models import CommitteeSeat, Member, Organisation

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def make_id(serial: int, birth: date = date(1980, 1, 1), region: str = "430121") -> str:
    """A checksum-valid 18-digit 公民身份号码 (GB 11643) for test members."""
    body = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


@dataclass
class World:
    orgs: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # name -> 公民身份号码


def add_org(session: Session, world: World, name: str, kind: str, domain: str,
            parent: str | None = None) -> int:
    org = Organisation(name=name, kind=kind, domain=domain,
                       parent_id=world.orgs[parent] if parent else None, sort_order=len(world.orgs))
    session.add(org)
    session.flush()
    world.orgs[name] = org.id
    return org.id


def add_member(session: Session, world: World, name: str, org: str, *, serial: int | None = None,
               birth: date = date(1980, 1, 1), **extra) -> int:
    serial = len(world.members) + 1 if serial is None else serial
    id_number = make_id(serial, birth)
    member = Member(name=name, gender="男", id_number=id_number, org_id=world.orgs[org], birth_date=birth,
                    **extra)
    session.add(member)
    session.flush()
    world.members[name] = member.id
    world.ids[name] = id_number
    return member.id


def add_seat(session: Session, world: World, org: str, name: str, role: str, started: date,
             ended: date | None = None) -> None:
    session.add(CommitteeSeat(org_id=world.orgs[org], member_id=world.members[name], role=role,
                              started_on=started, ended_on=ended))
    session.flush()


def build_world(session: Session, year: int = 2025) -> World:
    """湘龙街道党工委 → 朝阳社区党委 (community) → 第一党支部; 星沙科技党支部 (enterprise).

    Members: 张书记 (朝阳 secretary all year), 李委员 (committee member), 王党员, 赵党员, 钱党员 (朝阳),
    孙党员, 周党员 (第一党支部), 吴书记 (星沙科技 secretary), 郑党员 (星沙科技).
    """
    world = World()
    add_org(session, world, "湘龙街道党工委", "street_committee", "other")
    add_org(session, world, "朝阳社区党委", "party_committee", "community", "湘龙街道党工委")
    add_org(session, world, "朝阳社区第一党支部", "branch", "residential", "朝阳社区党委")
    add_org(session, world, "星沙科技党支部", "branch", "enterprise", "湘龙街道党工委")
    for name in ["张书记", "李委员", "王党员", "赵党员", "钱党员"]:
        add_member(session, world, name, "朝阳社区党委")
    for name in ["孙党员", "周党员"]:
        add_member(session, world, name, "朝阳社区第一党支部")
    for name in ["吴书记", "郑党员"]:
        add_member(session, world, name, "星沙科技党支部")
    add_seat(session, world, "朝阳社区党委", "张书记", "secretary", date(year - 3, 5, 1))
    add_seat(session, world, "朝阳社区党委", "李委员", "organisation", date(year - 3, 5, 1))
    add_seat(session, world, "星沙科技党支部", "吴书记", "secretary", date(year - 1, 1, 1))
    return world
