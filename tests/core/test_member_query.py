"""The 党员 list's SQL: keyset pages, filters incl. sub-orgs, search, sorting, counts."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.core.members import roster as svc
from dangjian.core.members.query import (
    SORT_KEYS,
    MemberFilter,
    MemberRow,
    Sort,
    count_members,
    fetch_page,
    member_counts_by_org,
    member_ids,
    org_tree,
    roster_rows,
)
from member_helpers import TODAY, make_id, make_orgs, member_input

PEOPLE = [  # name, org key, birth, category, flags
    ("张三", "first", date(1950, 1, 1), "formal", {}),
    ("张三丰", "first", date(1960, 6, 1), "formal", {"is_mobile": True}),
    ("李四", "second", date(1990, 3, 8), "probationary", {}),
    ("王五", "xihu", date(1985, 7, 1), "formal", {"is_lost_contact": True}),
    ("赵六", "xihu", date(2000, 12, 31), "probationary", {"is_hardship": True}),
    ("钱七", "donghu", date(1975, 5, 5), "formal", {}),
]


@pytest.fixture
def roster(db):
    with db.write() as session:
        orgs = make_orgs(session)
        ids = {}
        for seq, (name, org, birth, category, flags) in enumerate(PEOPLE, 1):
            probationary = category == "probationary"
            data = member_input(orgs[org], seq, name=name, id_number=make_id(seq, birth),
                                category=category, joined_on=date(2026, 1, 10) if probationary else date(2008, 7, 1),
                                confirmed_on=None if probationary else date(2009, 7, 1),
                                phone=f"1380000{seq:04d}", **flags)
            ids[name] = svc.add_member(session, data, today=TODAY).id
    return orgs, ids


def names(session, filt: MemberFilter, sort: Sort | None = None) -> list[str]:
    return [row.name for row in fetch_page(session, filt, sort or Sort(), limit=100).rows]


def test_rows_are_plain_named_tuples(db, roster):
    with db.read() as session:
        row = fetch_page(session, MemberFilter(), limit=1).rows[0]
    assert type(row) is MemberRow and isinstance(row, tuple)
    assert (row.name, row.org_name, row.category) == ("张三", "东湖社区第一党支部", "formal")


@pytest.mark.parametrize("sort", [Sort("name"), Sort("name", True), Sort("age"), Sort("age", True),
                                  Sort("org_name"), Sort("category", True), Sort("flags", True),
                                  Sort("confirmed_on"), Sort("party_years", True), Sort("id")])
def test_keyset_pages_visit_every_row_once_in_order(db, roster, sort):
    with db.read() as session:
        whole = fetch_page(session, MemberFilter(), sort, limit=100).rows
        paged, after = [], None
        while True:
            page = fetch_page(session, MemberFilter(), sort, after=after, limit=2)
            paged.extend(page.rows)
            if page.next_key is None:
                break
            after = page.next_key
    assert paged == whole
    assert sorted(row.id for row in paged) == sorted(roster[1].values())


def test_sorting_with_stable_tiebreak(db, roster):
    with db.read() as session:
        assert names(session, MemberFilter(), Sort("age")) == ["赵六", "李四", "王五", "钱七", "张三丰", "张三"]
        by_category = fetch_page(session, MemberFilter(), Sort("category"), limit=10).rows
    formal = [row.id for row in by_category if row.category == "formal"]
    assert formal == sorted(formal)  # equal values keep id order


def test_every_sort_key_runs(db, roster):
    with db.read() as session:
        for key in SORT_KEYS:
            assert len(fetch_page(session, MemberFilter(), Sort(key, True), limit=10).rows) == 6


def test_org_filter_includes_sub_orgs(db, roster):
    orgs, _ = roster
    with db.read() as session:
        assert sorted(names(session, MemberFilter(org_id=orgs["donghu"]))) == sorted(["张三", "张三丰", "李四", "钱七"])
        assert names(session, MemberFilter(org_id=orgs["second"])) == ["李四"]
        assert count_members(session, MemberFilter(org_id=orgs["root"])) == 6


def test_category_status_flag_and_age_filters(db, roster):
    with db.read() as session:
        assert names(session, MemberFilter(category="probationary")) == ["李四", "赵六"]
        assert names(session, MemberFilter(flag="is_mobile")) == ["张三丰"]
        assert names(session, MemberFilter(flag="is_lost_contact")) == ["王五"]
        assert names(session, MemberFilter(min_age=60, today=TODAY)) == ["张三", "张三丰"]
        # 赵六 turns 26 on 2026-12-31: still 25 on TODAY
        assert names(session, MemberFilter(max_age=25, today=TODAY)) == ["赵六"]
        assert names(session, MemberFilter(min_age=37, max_age=41, today=TODAY)) == ["王五"]
        assert names(session, MemberFilter(party_status="suspended")) == []


@pytest.mark.parametrize(("query", "expected"), [
    ("张三", ["张三", "张三丰"]),
    ("三丰", ["张三丰"]),
    ("zs", ["张三", "张三丰"]),
    ("ZSF", ["张三丰"]),
    ("00004", ["王五"]),  # phone digits
    ("%", []),
    ("_", []),
    ("", ["张三", "张三丰", "李四", "王五", "赵六", "钱七"]),
])
def test_search_box(db, roster, query, expected):
    with db.read() as session:
        assert names(session, MemberFilter(search=query)) == expected


@pytest.mark.parametrize("length", [4, 6, 18])
def test_search_by_id_tail(db, roster, length):
    tail = make_id(4, date(1985, 7, 1))[-length:]
    with db.read() as session:
        assert names(session, MemberFilter(search=tail.lower())) == ["王五"]
        assert count_members(session, MemberFilter(search=tail)) == 1


def test_id_tail_search_is_an_index_lookup(db, roster):
    """Not a scan of 100,000 IDs per keystroke: SQLite must recognise the indexed expression."""
    from sqlalchemy.dialects import sqlite

    from dangjian.core.members.query import ROW_COLUMNS, _base

    stmt = _base(MemberFilter(search="1234"), *ROW_COLUMNS)
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with db.read() as session:
        plan = [row[-1] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    assert any("USING INDEX ix_members_id_tail" in step for step in plan), plan


def test_recycle_bin_view(db, roster):
    _, ids = roster
    with db.write() as session:
        svc.delete_members(session, [ids["李四"]])
    with db.read() as session:
        assert names(session, MemberFilter(deleted=True)) == ["李四"]
        assert "李四" not in names(session, MemberFilter())
        assert member_ids(session, MemberFilter(deleted=True)) == [ids["李四"]]


def test_counts_by_org(db, roster):
    orgs, ids = roster
    with db.write() as session:
        svc.transfer_members(session, [ids["钱七"]], date(2026, 1, 1), outside_org_name="外地", today=TODAY)
    with db.read() as session:
        counts = member_counts_by_org(session)
    assert counts == {orgs["first"]: (2, 0), orgs["second"]: (0, 1), orgs["xihu"]: (1, 1)}
    assert counts[orgs["xihu"]].total == 2


def test_org_tree_and_roster_order(db, roster):
    orgs, _ = roster
    with db.read() as session:
        tree = org_tree(session)
        rows = roster_rows(session)
        only = roster_rows(session, orgs["donghu"])
    assert [(o.name, o.depth) for o in tree] == [
        ("湘龙街道党工委", 0), ("东湖社区党委", 1), ("东湖社区第一党支部", 2), ("东湖社区第二党支部", 2),
        ("西湖社区党支部", 1), ("原物业党支部", 1)]
    assert [r.name for r in rows] == ["钱七", "张三", "张三丰", "李四", "王五", "赵六"]
    assert [r.name for r in only] == ["钱七", "张三", "张三丰", "李四"]
