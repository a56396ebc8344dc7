"""Generic undo: recorded row images, inverse applied in a new transaction, refusals on later edits."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, insert, select

from dangjian.core.common.errors import UserError
from dangjian.core.models import AuditEntry, Member, Organisation, OrgUnit
from dangjian.core.system import audit, settings, settings_edit
from dangjian.core.system.undo import recording


def _org(session, name="湘龙社区党委", **kw) -> Organisation:
    org = Organisation(name=name, kind="community_committee", **kw)
    session.add(org)
    session.flush()
    return org


def _snapshot(db) -> list:
    with db.read() as session:
        orgs = session.execute(select(Organisation.__table__)).all()
        units = session.execute(select(OrgUnit.__table__)).all()
        return [tuple(r) for r in orgs] + [tuple(r) for r in units]


def test_undo_and_redo_of_an_update(db):
    with db.write() as session:
        org_id = _org(session).id
    before = _snapshot(db)
    with db.write() as session, recording(session) as changes:
        org = session.get(Organisation, org_id)
        org.name = "湘龙社区党委（新）"
        org.address = "湘龙路1号"
        audit.record(session, "update", "org", org_id, "改名")
    assert changes.undoable and len(changes.changes) == 1
    after = _snapshot(db)
    with db.write() as session:
        changes.revert(session)
    assert _snapshot(db) == before
    with db.write() as session:
        changes.apply(session)  # redo
    assert _snapshot(db) == after


def test_undo_of_inserts_and_a_soft_delete(db):
    with db.write() as session:
        keep = _org(session, "保留的支部").id
    before = _snapshot(db)
    with db.write() as session, recording(session) as changes:
        parent = _org(session, "新社区")
        session.add(OrgUnit(org_id=parent.id, name="某物业公司"))
        session.add(Organisation(name="新支部", kind="branch", parent_id=parent.id))
        session.get(Organisation, keep).deleted_at = datetime(2026, 11, 25, 10, 0)
    assert {c.table for c in changes.changes} == {"organisations", "org_units"}
    with db.write() as session:
        changes.revert(session)
    assert _snapshot(db) == before
    with db.write() as session:
        changes.apply(session)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 3
        assert session.get(Organisation, keep).deleted_at == datetime(2026, 11, 25, 10, 0)


def test_undo_of_a_hard_delete_with_cascaded_children(db):
    with db.write() as session:
        org = _org(session)
        session.add_all([OrgUnit(org_id=org.id, name="甲公司"), OrgUnit(org_id=org.id, name="乙公司")])
        org_id = org.id
    before = _snapshot(db)
    with db.write() as session, recording(session) as changes:
        session.delete(session.get(Organisation, org_id))  # units go with it (ORM cascade)
    assert len(changes.changes) == 3
    with db.write() as session:
        changes.revert(session)
    assert _snapshot(db) == before


def test_undo_refused_when_the_row_changed_since(db):
    with db.write() as session:
        org_id = _org(session).id
    with db.write() as session, recording(session) as changes:
        session.get(Organisation, org_id).name = "第一次修改"
    with db.write() as session:
        session.get(Organisation, org_id).name = "后来又改了"
    with pytest.raises(UserError, match=r"无法撤销.*党组织.*之后又被修改"), db.write() as session:
        changes.revert(session)
    with db.read() as session:
        assert session.get(Organisation, org_id).name == "后来又改了"  # nothing overwritten


def test_failed_undo_changes_nothing(db):
    """Two rows; the second one conflicts: the first one must not stay reverted."""
    with db.write() as session:
        a, b = _org(session, "甲").id, _org(session, "乙").id
    with db.write() as session, recording(session) as changes:
        session.get(Organisation, a).note = "甲备注"
        session.get(Organisation, b).note = "乙备注"
    with db.write() as session:
        session.get(Organisation, b).note = "乙后来的备注"
    with pytest.raises(UserError), db.write() as session:
        changes.revert(session)
    with db.read() as session:
        assert session.get(Organisation, a).note == "甲备注"


def test_audit_log_is_not_undone(db):
    with db.write() as session, recording(session) as changes:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
    assert [c.table for c in changes.changes] == ["settings"]
    with db.write() as session:
        changes.revert(session)
        assert settings.get(session, "general.unit_name") == ""
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_bulk_statements_make_the_changeset_opaque(db):
    with db.write() as session:
        org_id = _org(session).id
    with db.write() as session, recording(session) as changes:
        session.execute(insert(Member), [{"name": "张三", "gender": "男", "id_number": "11010519491231002X",
                                          "org_id": org_id}])
    assert changes.opaque and not changes.undoable
    with pytest.raises(UserError, match=r"不能撤销.*备份"), db.write() as session:
        changes.revert(session)


def test_nothing_recorded_outside_the_block(db):
    with db.write() as session:
        with recording(session) as changes:
            pass
        _org(session)
    assert not changes


def test_undo_refused_when_later_rows_depend_on_it(db):
    with db.write() as session, recording(session) as changes:
        org_id = _org(session, "新建的支部").id
    with db.write() as session:
        session.add(Member(name="王五", gender="男", id_number="11010519491231002X", org_id=org_id))
    with pytest.raises(UserError, match="之后新增的党员记录仍在使用该党组织"), db.write() as session:
        changes.revert(session)
    with db.read() as session:
        assert session.get(Organisation, org_id) is not None


def test_delete_that_sqlite_would_cascade_is_not_undoable(db):
    """courses.target_org_id is ON DELETE SET NULL: deleting the org silently changes the course."""
    from datetime import date

    from dangjian.core.models import Course

    with db.write() as session:
        org_id = _org(session, "要删除的支部").id
        session.add(Course(title="轮训班", course_type="rotation", starts_on=date(2026, 5, 1),
                           ends_on=date(2026, 5, 1), hours_tenths=40, target_org_id=org_id))
    with db.write() as session, recording(session) as changes:
        session.delete(session.get(Organisation, org_id))
    assert changes.opaque and not changes.undoable
