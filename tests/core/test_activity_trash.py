"""活动 in the 回收站: listed with its date, restored by its own service, never purged from under ledger rows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from activity_world import DAY, build, education_id, make
from dangjian.core.activities.funds import ExpenseInput, book_expense, request_funds
from dangjian.core.activities.records import delete_activity
from dangjian.core.common.errors import UserError
from dangjian.core.models import Activity, Expenditure
from dangjian.core.system import trash


def test_deleted_activity_is_in_the_recycle_bin_and_comes_back(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world)
        delete_activity(s, activity_id)
        listed = [(i.kind, i.id, i.title) for i in trash.items(s, "activity")]
        assert listed == [("activity", activity_id, "3月党课（2026-03-10）")]
        trash.restore(s, "activity", activity_id)
    with db.read() as s:
        assert s.get(Activity, activity_id).deleted_at is None


def test_purge_is_refused_while_ledger_rows_refer_to_it(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world)
        request_funds(s, activity_id, category_id=education_id(s), amount="100", plan="资料")
        book_expense(s, activity_id, ExpenseInput(DAY, "50", "资料"))
        delete_activity(s, activity_id)
    with pytest.raises(UserError, match="仍被其他记录引用"), db.write() as s:
        trash.purge(s, "activity", activity_id)
    with db.read() as s:
        assert s.scalar(select(func.count()).where(Expenditure.activity_id == activity_id)) == 1
        assert s.get(Activity, activity_id) is not None
