"""Read side of the 党员花名册: keyset-paged, filtered, sorted SQL returning plain tuples.

The 党员 page shows 100,000 members through pages of a few hundred rows: each page continues after
the last (sort value, id) seen, so page N costs the same as page 1 and nothing is ever loaded whole.
Filters and sorting happen in SQL; org filters include every sub-org through a recursive CTE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from ..common.textnorm import normalise_text
from ..models import Member, Organisation
from ..models.members import ID_TAIL_LENGTH
from .roster import COUNTED_STATUSES

m = Member.__table__.c
o = Organisation.__table__.c

# Every row the list, the report and the exports see, in this order (see MemberRow for names).
ROW_COLUMNS = (m.id, m.name, m.gender, m.id_number, m.birth_date, m.ethnicity, m.education, m.category,
               m.org_id, o.name, m.joined_on, m.joined_precision, m.confirmed_on, m.confirmed_precision,
               m.probation_extension_months, m.party_status, m.employment, m.job, m.phone, m.address,
               m.is_mobile, m.is_lost_contact, m.is_hardship, m.dual_registered, m.note)


class MemberRow(NamedTuple):
    id: int
    name: str
    gender: str
    id_number: str
    birth_date: date | None
    ethnicity: str
    education: str
    category: str
    org_id: int
    org_name: str
    joined_on: date | None
    joined_precision: str
    confirmed_on: date | None
    confirmed_precision: str
    probation_extension_months: int
    party_status: str
    employment: str
    job: str
    phone: str
    address: str
    is_mobile: bool
    is_lost_contact: bool
    is_hardship: bool
    dual_registered: bool
    note: str


# Sort keys: column key -> (SQL expression never NULL, inverted). Inverted keys sort the other way
# round in SQL (a higher 年龄 is an earlier birth date).
_EMPTY = literal("")


def _text_or_empty(*columns):
    """Nullable dates as their stored text, NULL as '' (sorts first), so keyset comparisons never meet NULL."""
    return func.coalesce(*columns, _EMPTY, type_=String)


SORT_KEYS: dict[str, tuple[Any, bool]] = {
    "name": (m.name, False),
    "gender": (m.gender, False),
    "id_number": (m.id_number, False),
    "birth_date": (_text_or_empty(m.birth_date), False),
    "age": (_text_or_empty(m.birth_date), True),
    "ethnicity": (m.ethnicity, False),
    "education": (m.education, False),
    "category": (m.category, False),
    "org_name": (o.name, False),
    "joined_on": (_text_or_empty(m.joined_on), False),
    "confirmed_on": (_text_or_empty(m.confirmed_on), False),
    "party_years": (_text_or_empty(m.confirmed_on, m.joined_on), True),
    "probation_ends_on": (_text_or_empty(m.joined_on), False),
    "party_status": (m.party_status, False),
    "employment": (m.employment, False),
    "job": (m.job, False),
    "phone": (m.phone, False),
    "address": (m.address, False),
    "flags": (cast(m.is_mobile, Integer) * 4 + cast(m.is_lost_contact, Integer) * 2
              + cast(m.is_hardship, Integer), False),
    "note": (m.note, False),
    "id": (m.id, False),
}


@dataclass(frozen=True)
class MemberFilter:
    """What the filter bar and search box ask for. None means 'any'."""

    org_id: int | None = None  # this org and all its sub-orgs
    category: str | None = None
    party_status: str | None = None
    flag: str | None = None  # "is_mobile" | "is_lost_contact" | "is_hardship" | "dual_registered"
    min_age: int | None = None
    max_age: int | None = None
    search: str = ""
    deleted: bool = False  # the 回收站 instead of the roster
    today: date | None = None


@dataclass(frozen=True)
class Sort:
    key: str = "id"
    descending: bool = False


class Page(NamedTuple):
    rows: list[MemberRow]
    next_key: tuple | None  # pass as `after` for the following page; None when this was the last


def subtree_ids(org_id: int):
    """SELECT of the org and every descendant (recursive CTE on organisations)."""
    tree = select(o.id).where(o.id == org_id).cte("subtree", recursive=True)
    tree = tree.union_all(select(o.id).where(o.parent_id == tree.c.id))
    return select(tree.c.id)


_DIGITS = re.compile(r"^[0-9Xx]+$")
_LETTERS = re.compile(r"^[A-Za-z]+$")


def search_condition(raw: str) -> ColumnElement[bool] | None:
    """Search box: digits match the ID tail or phone, latin letters the 拼音首字母, else the 姓名.

    Written for 100,000 rows per keystroke. instr()/substr() instead of LIKE (no pattern matching, no
    wildcards to escape); initials as an index range; an ID tail of four or more characters as a lookup
    in the index on the ID's last four. Short queries match many rows, so scanning the table in id order
    stops after one page; longer ones match few, so they scan the narrow indexes on 姓名 / 联系电话
    instead of the wide rows (a subquery of ids).
    """
    query = normalise_text(raw).replace(" ", "")
    if not query:
        return None
    if _LETTERS.match(query):
        prefix = query.lower()
        following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return and_(m.name_initials >= prefix, m.name_initials < following)
    digits = bool(_DIGITS.match(query))
    if len(query) < (4 if digits else 2):
        return _matches(m, query, digits)
    inner = Member.__table__.alias("found")
    if not digits:
        return m.id.in_(select(inner.c.id).where(_matches(inner.c, query, digits=False)))
    tail, phone = _matches(inner.c, query, digits=True).clauses
    return m.id.in_(union_all(select(inner.c.id).where(tail), select(inner.c.id).where(phone)))


def _matches(columns, query: str, digits: bool) -> ColumnElement[bool]:
    if not digits:
        return func.instr(columns.name, query) > 0
    tail = query.upper()
    by_tail = func.substr(columns.id_number, -len(tail)) == tail
    if len(tail) >= ID_TAIL_LENGTH:  # spelled as in ix_members_id_tail, literal -4 included, to use it
        indexed = func.substr(columns.id_number, literal_column(str(-ID_TAIL_LENGTH)))
        by_tail = and_(indexed == tail[-ID_TAIL_LENGTH:], by_tail)
    by_phone = func.instr(columns.phone, query) > 0 if query.isdigit() else literal(False)
    return or_(by_tail, by_phone)


def _birth_bounds(min_age: int | None, max_age: int | None, today: date) -> list[ColumnElement[bool]]:
    """Age range as birth-date bounds, so the filter stays a plain comparison."""
    conditions = []
    if min_age is not None:  # born on or before today minus min_age years
        conditions.append(m.birth_date <= _years_before(today, min_age))
    if max_age is not None:  # younger than max_age + 1
        conditions.append(m.birth_date > _years_before(today, max_age + 1))
    return conditions


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# "+column" keeps SQLite from using ix_members_deleted_at: without statistics it would pick that index
# (nearly every row matches) and then sort all 100,000 rows instead of walking the rowid or 姓名 index.
_LIVE_NO_INDEX = text("+members.deleted_at IS NULL")


def where_clauses(filt: MemberFilter, *, for_count: bool = False) -> list[ColumnElement[bool]]:
    live = m.deleted_at.is_(None) if for_count else _LIVE_NO_INDEX
    clauses: list[ColumnElement[bool]] = [m.deleted_at.is_not(None) if filt.deleted else live]
    if filt.org_id is not None:
        clauses.append(m.org_id.in_(subtree_ids(filt.org_id)))
    if filt.category:
        clauses.append(m.category == filt.category)
    if filt.party_status:
        clauses.append(m.party_status == filt.party_status)
    if filt.flag:
        clauses.append(getattr(m, filt.flag).is_(True))
    clauses.extend(_birth_bounds(filt.min_age, filt.max_age, filt.today or date.today()))
    found = search_condition(filt.search)
    if found is not None:
        clauses.append(found)
    return clauses


def _base(filt: MemberFilter, *columns) -> Select:
    return select(*columns).select_from(Member.__table__.join(Organisation.__table__, o.id == m.org_id)) \
        .where(*where_clauses(filt))


def fetch_page(session: Session, filt: MemberFilter, sort: Sort = Sort(), *, after: tuple | None = None,
               limit: int = 200) -> Page:
    """One page of rows after the keyset `after` (from the previous Page.next_key)."""
    expr, inverted = SORT_KEYS[sort.key]
    descending = sort.descending != inverted
    stmt = _base(filt, *ROW_COLUMNS, expr.label("sort_value"))
    if after is not None:
        value, last_id = after
        if descending:
            stmt = stmt.where(or_(expr < value, and_(expr == value, m.id < last_id)))
        else:
            stmt = stmt.where(or_(expr > value, and_(expr == value, m.id > last_id)))
    order = (expr.desc(), m.id.desc()) if descending else (expr.asc(), m.id.asc())
    result = session.execute(stmt.order_by(*order).limit(limit)).all()
    rows = [MemberRow(*row[:-1]) for row in result]
    next_key = (result[-1][-1], result[-1][0]) if len(result) == limit else None
    return Page(rows, next_key)


def count_members(session: Session, filt: MemberFilter) -> int:
    """How many members match (the deleted_at index makes the unfiltered count an index scan)."""
    stmt = select(func.count()).select_from(Member.__table__).where(*where_clauses(filt, for_count=True))
    return session.execute(stmt).scalar_one()


def member_ids(session: Session, filt: MemberFilter) -> list[int]:
    """Ids of every member matching the filter (for 'select all' batch operations)."""
    return list(session.scalars(_base(filt, m.id).order_by(m.id)))


def member_row(session: Session, member_id: int) -> MemberRow | None:
    row = session.execute(select(*ROW_COLUMNS).join_from(Member, Organisation, o.id == m.org_id)
                          .where(m.id == member_id)).first()
    return MemberRow(*row) if row else None


class MemberCount(NamedTuple):
    formal: int
    probationary: int

    @property
    def total(self) -> int:
        return self.formal + self.probationary


def member_counts_by_org(session: Session) -> dict[int, MemberCount]:
    """正式/预备 counts of live members on each org's own roster (not including sub-orgs).

    Members with 党籍状态 other than 正常 (停止党籍, 已转出...) are not counted.
    """
    formal = func.sum(case((m.category == "formal", 1), else_=0))
    probationary = func.sum(case((m.category == "probationary", 1), else_=0))
    rows = session.execute(select(m.org_id, formal, probationary)
                           .where(m.deleted_at.is_(None), m.party_status.in_(COUNTED_STATUSES))
                           .group_by(m.org_id))
    return {org_id: MemberCount(f or 0, p or 0) for org_id, f, p in rows}


class OrgChoice(NamedTuple):
    id: int
    parent_id: int | None
    name: str
    depth: int
    status: str


_TREE_SQL = text("""
WITH RECURSIVE tree(id, parent_id, name, status, depth, path) AS (
    SELECT id, parent_id, name, status, 0, printf('%08d.%08d', sort_order, id)
    FROM organisations WHERE parent_id IS NULL AND deleted_at IS NULL
    UNION ALL
    SELECT c.id, c.parent_id, c.name, c.status, tree.depth + 1,
           tree.path || '/' || printf('%08d.%08d', c.sort_order, c.id)
    FROM organisations c JOIN tree ON c.parent_id = tree.id WHERE c.deleted_at IS NULL
)
SELECT id, parent_id, name, depth, status FROM tree ORDER BY path
""")


def org_tree(session: Session) -> list[OrgChoice]:
    """Live orgs in tree order (parents before children, siblings by sort order) with their depth."""
    return [OrgChoice(*row) for row in session.execute(_TREE_SQL)]


def roster_rows(session: Session, org_id: int | None = None) -> list[MemberRow]:
    """Live members of the roster (an org and its sub-orgs, or all), in org tree order then by 姓名.

    Members who left the 街道 (已转出) are not on the roster.
    """
    order = {org.id: index for index, org in enumerate(org_tree(session))}
    filt = MemberFilter(org_id=org_id)
    stmt = _base(filt, *ROW_COLUMNS).where(m.party_status != "transferred_out")
    rows = [MemberRow(*row) for row in session.execute(stmt.order_by(m.name_initials, m.name, m.id))]
    rows.sort(key=lambda row: order.get(row.org_id, len(order)))  # stable: keeps the name order inside
    return rows
