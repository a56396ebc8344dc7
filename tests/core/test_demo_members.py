"""Demo step for 党员: valid, plausible members spread by the orgs step's plan."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from dangjian.core.common.dates import years_between
from dangjian.core.common.idcard import parse_id
from dangjian.core.common.textnorm import pinyin_initials
from dangjian.core.demo import build as demo
from dangjian.core.demo.members import INITIALS, REGIONS, build_members
from dangjian.core.members.fields import MIN_JOIN_AGE, probation_ends_on
from dangjian.core.members.query import member_counts_by_org
from dangjian.core.models import Member, MemberTransfer
from member_helpers import TODAY, make_orgs


def run_step(db, members: int, plan: dict | None = None) -> tuple[dict, dict]:
    with db.write() as session:
        orgs = make_orgs(session)
        ctx = demo.DemoContext(session, members, TODAY, random.Random(7))
        if plan is not None:
            ctx.extra["member_plan"] = {orgs[key]: value for key, value in plan.items()}
        build_members(ctx)
    return orgs, ctx.summary


def test_registered_after_the_orgs_step():
    assert "dangjian.core.demo.members:build_members" in demo.STEPS


def test_members_are_valid_and_plausible(db):
    orgs, summary = run_step(db, 400)
    with db.read() as session:
        rows = session.execute(select(Member.id_number, Member.gender, Member.birth_date, Member.category,
                                      Member.joined_on, Member.confirmed_on, Member.org_id, Member.name,
                                      Member.name_initials, Member.probation_extension_months)).all()
        transfers = session.execute(select(MemberTransfer.from_org_id, MemberTransfer.outside_org_name)).all()
    assert len(rows) == 400 == summary["党员"]
    regions = {code for code, _ in REGIONS}
    for number, gender, birth, category, joined, confirmed, org_id, name, initials, extension in rows:
        card = parse_id(number, today=TODAY)
        assert (card.gender, card.birth_date) == (gender, birth)
        assert card.region_code in regions
        assert org_id not in (orgs["root"], orgs["revoked"])
        assert years_between(birth, joined) >= MIN_JOIN_AGE
        assert 2 <= len(name) <= 3 and len(initials) == len(name)
        if category == "probationary":
            assert confirmed is None and joined <= TODAY
            assert probation_ends_on(joined, extension) > TODAY - (date(2001, 1, 1) - date(2000, 1, 1))
        else:
            assert confirmed is not None and joined <= confirmed <= TODAY
    assert len({r[0] for r in rows}) == 400
    assert 0 < summary["其中预备党员"] < 60 and summary["流动党员"] > 0
    assert all(source is None and outside for source, outside in transfers)


def test_plan_with_exact_counts_and_weights(db):
    orgs, _ = run_step(db, 50, {"first": {"formal": 2, "probationary": 1}, "xihu": {"weight": 3},
                                "second": {"weight": 1}})
    with db.read() as session:
        counts = member_counts_by_org(session)
    assert counts[orgs["first"]] == (2, 1)
    assert counts[orgs["xihu"]].total + counts[orgs["second"]].total == 47
    assert counts[orgs["xihu"]].total > 2 * counts[orgs["second"]].total
    assert orgs["donghu"] not in counts


def test_indexes_come_back_identical(db):
    def schema(session):
        return sorted(session.connection().exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all())

    with db.read() as session:
        before = schema(session)
    run_step(db, 50)
    with db.read() as session:
        assert schema(session) == before
        plan = session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM members WHERE name_initials = 'zw'").all()
    assert "ix_members_name_initials" in str(plan)


def test_every_id_is_valid_at_scale(db):
    """The step computes 公民身份号码 checksums its own fast way: every one must pass idcard's validation."""
    run_step(db, 5000)
    with db.read() as session:
        rows = session.execute(select(Member.id_number, Member.gender, Member.birth_date)).all()
    assert len(rows) == 5000 == len({number for number, _, _ in rows})
    for number, gender, birth in rows:
        card = parse_id(number, today=TODAY)
        assert (card.gender, card.birth_date) == (gender, birth)


def test_written_out_initials_are_pypinyins():
    assert all(pinyin_initials(ch) == initials for ch, initials in INITIALS.items())


def test_no_orgs_no_members(db):
    with db.write() as session:
        ctx = demo.DemoContext(session, 10, TODAY, random.Random(1))
        build_members(ctx)
        assert session.scalars(select(Member.id)).first() is None
