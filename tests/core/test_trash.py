"""回收站: listing soft-deleted rows of every kind, restore and final removal, both audited."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from dangjian.core.common.errors import UserError
from dangjian.core.models import AuditEntry, Course, Member, Organisation
from dangjian.core.system import trash


@pytest.fixture
def deleted(db):
    with db.write() as session:
        org = Organisation(name="已撤销的支部", kind="branch", deleted_at=datetime(2026, 11, 20, 9, 0))
        live = Organisation(name="湘龙社区党委", kind="community_committee")
        session.add_all([org, live])
        session.flush()
        member = Member(name="李四", gender="女", id_number="11010519491231002X", org_id=live.id,
                        deleted_at=datetime(2026, 11, 24, 16, 30))
        course = Course(title="2026年党员轮训班", course_type="rotation", starts_on=date(2026, 5, 1),
                        ends_on=date(2026, 5, 2), hours_tenths=160, deleted_at=datetime(2026, 11, 22, 8, 0))
        session.add_all([member, course])
        session.flush()
        return {"org": org.id, "live": live.id, "member": member.id, "course": course.id}


def test_items_newest_first_with_labels(db, deleted):
    with db.read() as session:
        found = trash.items(session)
    assert [(i.label, i.title) for i in found] == [("党员", "李四"), ("培训班", "2026年党员轮训班"),
                                                   ("党组织", "已撤销的支部")]
    assert found[0].deleted_at == datetime(2026, 11, 24, 16, 30)
    with db.read() as session:
        assert [i.title for i in trash.items(session, "organisation")] == ["已撤销的支部"]
        assert [i.title for i in trash.items(session, search="轮训")] == ["2026年党员轮训班"]
        assert trash.counts(session) == {"organisation": 1, "member": 1, "course": 1, "expenditure": 0,
                                         "activity": 0, "duty_item": 0, "problem": 0, "project": 0, "volunteer_team": 0,
                                         "venue": 0, "brand": 0}


def test_restore_clears_deleted_at_and_is_audited(db, deleted):
    with db.write() as session:
        assert trash.restore(session, "organisation", deleted["org"]) == "已撤销的支部"
    with db.read() as session:
        assert session.get(Organisation, deleted["org"]).deleted_at is None
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.entity, entry.summary) == ("restore", "organisation",
                                                               "从回收站恢复党组织：已撤销的支部")
        assert trash.items(session, "organisation") == []


def test_restoring_a_member_goes_through_the_roster_rules(db, deleted):
    with db.write() as session:
        trash.restore(session, "member", deleted["member"])
    with db.read() as session:
        assert session.get(Member, deleted["member"]).deleted_at is None
        assert session.scalars(select(AuditEntry.action)).all() == ["restore"]  # one entry, not two


def test_purge_removes_for_good_and_is_audited(db, deleted):
    with db.write() as session:
        trash.purge(session, "course", deleted["course"])
    with db.read() as session:
        assert session.get(Course, deleted["course"]) is None
        assert session.scalars(select(AuditEntry.summary)).all() == ["彻底删除培训班：2026年党员轮训班"]


def test_purge_refused_while_referenced_and_nothing_changes(db, deleted):
    with db.write() as session:
        session.get(Organisation, deleted["live"]).deleted_at = datetime(2026, 11, 25, 8, 0)
    with pytest.raises(UserError, match=r"湘龙社区党委.*仍被其他记录引用"), db.write() as session:
        trash.purge(session, "organisation", deleted["live"])
    with db.read() as session:
        assert session.get(Organisation, deleted["live"]) is not None
        assert session.scalars(select(AuditEntry)).all() == []


def test_live_or_unknown_records_are_refused(db, deleted):
    with pytest.raises(UserError, match="回收站中没有该党组织记录"), db.write() as session:
        trash.restore(session, "organisation", deleted["live"])
    with pytest.raises(UserError, match="未知的回收站类别"), db.write() as session:
        trash.restore(session, "spaceship", 1)


def test_a_new_kind_is_one_registration(db, deleted, monkeypatch):
    monkeypatch.setitem(trash.KINDS, "branch", trash.TrashKind("branch", "党支部", "organisations",
                                                                "name || '（支部）'"))
    monkeypatch.setitem(trash.KINDS, "unit", trash.TrashKind("unit", "单位", "org_units", "name"))
    with db.read() as session:
        counts = trash.counts(session)
        assert counts["branch"] == 1 and "unit" not in counts  # org_units has no deleted_at
        assert "已撤销的支部（支部）" in [i.title for i in trash.items(session)]


def test_domain_functions_do_the_work_with_their_own_checks(db, deleted, monkeypatch):
    calls = []

    def restore_many(session, ids):
        calls.append(("restore", ids))
        session.get(Member, ids[0]).deleted_at = None

    def purge_many(session, ids, *, confirmed=False):
        calls.append(("purge", ids, confirmed))
        session.delete(session.get(Member, ids[0]))

    import types

    module = types.ModuleType("fake_members")
    module.restore_many, module.purge_many = restore_many, purge_many
    monkeypatch.setitem(__import__("sys").modules, "fake_members", module)
    monkeypatch.setitem(trash.KINDS, "member", trash.TrashKind(
        "member", "党员", "members", "name", restore="fake_members:restore_many",
        purge="fake_members:purge_many", batch=True))
    with db.write() as session:
        trash.restore(session, "member", deleted["member"])
        session.get(Member, deleted["member"]).deleted_at = datetime(2026, 11, 25)
        session.flush()
        trash.purge(session, "member", deleted["member"])
    assert calls == [("restore", [deleted["member"]]), ("purge", [deleted["member"]], True)]
