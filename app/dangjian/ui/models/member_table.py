"""Qt table model over the 党员 list: keyset pages from core.member_query, sorted and filtered in SQL.

Only the rows scrolled into view so far are held (plain tuples); `fetchMore` asks SQL for the next
page after the last (sort value, id). A new filter or sort resets the model with one page query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...core import idcard
from ...core.db import Database
from ...core.labels import EMPLOYMENT, MEMBER_CATEGORIES, PARTY_STATUSES, label
from ...core.member_query import MemberFilter, MemberRow, Sort, count_members, fetch_page
from ...core.members import age, flags_text, format_date, party_years, probation_ends_on

PAGE_SIZE = 200
_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class MemberColumn:
    key: str  # also the sort key in core.member_query.SORT_KEYS
    title: str
    text: Callable[[MemberRow, date], str]
    width: int = 90
    align: Qt.AlignmentFlag = _CENTER
    shown_by_default: bool = True


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _probation_end(row: MemberRow, _today: date) -> str:
    if row.category != "probationary":
        return ""
    return format_date(probation_ends_on(row.joined_on, row.probation_extension_months))


COLUMNS: list[MemberColumn] = [
    MemberColumn("name", "姓名", lambda r, t: r.name, 80, _LEFT),
    MemberColumn("gender", "性别", lambda r, t: r.gender, 44),
    MemberColumn("id_number", "公民身份号码", lambda r, t: r.id_number, 170),
    MemberColumn("age", "年龄", lambda r, t: _number(age(r.birth_date, t)), 44),
    MemberColumn("ethnicity", "民族", lambda r, t: r.ethnicity, 56, shown_by_default=False),
    MemberColumn("birth_date", "出生日期", lambda r, t: format_date(r.birth_date), 92, shown_by_default=False),
    MemberColumn("education", "学历", lambda r, t: r.education, 72),
    MemberColumn("category", "人员类别", lambda r, t: label(MEMBER_CATEGORIES, r.category), 72),
    MemberColumn("org_name", "所在党组织", lambda r, t: r.org_name, 180, _LEFT),
    MemberColumn("joined_on", "入党日期", lambda r, t: format_date(r.joined_on, r.joined_precision), 92),
    MemberColumn("confirmed_on", "转正日期", lambda r, t: format_date(r.confirmed_on, r.confirmed_precision), 92,
                 shown_by_default=False),
    MemberColumn("party_years", "党龄", lambda r, t: _number(party_years(
        r.category, r.joined_on, r.confirmed_on, r.probation_extension_months, t)), 44),
    MemberColumn("probation_ends_on", "预备期满", _probation_end, 92, shown_by_default=False),
    MemberColumn("party_status", "党籍状态", lambda r, t: label(PARTY_STATUSES, r.party_status), 68),
    MemberColumn("employment", "在职情况", lambda r, t: label(EMPLOYMENT, r.employment), 64,
                 shown_by_default=False),
    MemberColumn("job", "工作岗位", lambda r, t: r.job, 110, _LEFT, shown_by_default=False),
    MemberColumn("phone", "联系电话", lambda r, t: r.phone, 110),
    MemberColumn("address", "家庭住址", lambda r, t: r.address, 220, _LEFT, shown_by_default=False),
    MemberColumn("flags", "标记", lambda r, t: flags_text(r), 90, _LEFT),
    MemberColumn("note", "备注", lambda r, t: r.note.replace("\n", " "), 160, _LEFT, shown_by_default=False),
]
ID_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == "id_number")


class MemberTableModel(QAbstractTableModel):
    def __init__(self, db: Database, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.filter = MemberFilter(today=self.today)
        self.sort_order = Sort()
        self.masked = True
        self.total = 0
        self._rows: list[MemberRow] = []
        self._next_key: tuple | None = None

    # --- loading ----------------------------------------------------------------------------------

    def reload(self, filt: MemberFilter | None = None, sort: Sort | None = None) -> None:
        """Show the first page for a new filter/sort (one page query and one count)."""
        if filt is not None:
            self.filter = replace(filt, today=self.today)
        if sort is not None:
            self.sort_order = sort
        with self.db.read() as session:
            page = fetch_page(session, self.filter, self.sort_order, limit=PAGE_SIZE)
            self.total = count_members(session, self.filter)
        self.beginResetModel()
        self._rows, self._next_key = page.rows, page.next_key
        self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._next_key is not None

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next_key is None:
            return
        with self.db.read() as session:
            page = fetch_page(session, self.filter, self.sort_order, after=self._next_key, limit=PAGE_SIZE)
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._next_key = page.next_key

    def set_masked(self, masked: bool) -> None:
        self.masked = masked
        if self._rows:
            self.dataChanged.emit(self.index(0, ID_COLUMN), self.index(len(self._rows) - 1, ID_COLUMN))

    # --- access -----------------------------------------------------------------------------------

    def row_at(self, row: int) -> MemberRow:
        return self._rows[row]

    def member_id(self, row: int) -> int:
        return self._rows[row].id

    def loaded_count(self) -> int:
        return len(self._rows)

    # --- QAbstractTableModel ----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            row = self._rows[index.row()]
            if index.column() == ID_COLUMN and self.masked:
                return idcard.mask_id(row.id_number)
            return column.text(row, self.today)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self._rows[index.row()]
            if row.party_status != "normal" or row.is_lost_contact:
                return QColor("#9e9e9e") if row.party_status != "normal" else QColor("#b71c1c")
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()].id
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].title
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.reload(sort=Sort(COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder))
