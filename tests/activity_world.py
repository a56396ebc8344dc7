"""A small 街道 for 活动 tests: two branches with members, a fund category, one activity factory.

Built on training_world (same tables, written directly) so the tests do not depend on other domains' steps.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dangjian.core.activities.records import ActivityData, create_activity
from dangjian.core.models import FundCategory
from training_world import World, add_member, add_org

DAY = date(2026, 3, 10)


def build(session: Session) -> World:
    world = World()
    add_org(session, world, "湘龙街道党工委", "street_committee", "community")
    add_org(session, world, "朝阳社区党委", "party_committee", "community", "湘龙街道党工委")
    add_org(session, world, "朝阳社区第一党支部", "branch", "community", "朝阳社区党委")
    add_org(session, world, "祥泰社区党支部", "branch", "community", "湘龙街道党工委")
    for name in ("王芳", "李建国", "张敏", "刘洋"):
        add_member(session, world, name, "朝阳社区第一党支部")
    add_member(session, world, "陈静", "祥泰社区党支部")
    return world


def education_id(session: Session) -> int:
    return session.scalar(select(FundCategory.id).where(FundCategory.code == "education"))


def lecture(world: World, **changes) -> ActivityData:
    data = ActivityData("party_lecture", "3月党课", [world.orgs["朝阳社区第一党支部"]],
                        datetime(2026, 3, 10, 9), datetime(2026, 3, 10, 11), place="党群服务中心",
                        host_name="王芳", recorder_name="张敏", agenda=["专题党课", "交流研讨"], hours="2")
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def make(session: Session, world: World, **changes) -> int:
    return create_activity(session, lecture(world, **changes)).id
