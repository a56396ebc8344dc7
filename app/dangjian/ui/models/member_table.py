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

from ...core.common import idcard
from ...core.common.labels import EMPLOYMENT, MEMBER_CATEGORIES, PARTY_STATUSES, label
from ...core.members.fields import age, flags_text, format_date, party_years, probation_ends_on
from ...core.members.query import MemberFilter, MemberRow, Sort, count_members, fetch_page
from ...core.storage.db import Database

PAGE_SIZE = 200
# Looked up once: data() runs for every visible cell and role on each paint.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_USER = Qt.ItemDataRole.UserRole
_INACTIVE = QColor("#9e9e9e")
_LOST_CONTACT = QColor("#b71c1c")
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
_TITLES = [column.title for column in COLUMNS]
_HORIZONTAL = Qt.Orientation.Horizontal
ID_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == "id_number")


class MemberTableModel(QAbstractTableModel):
    def __init__(self, db: Database, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.filter = MemberFilter(today=self.today)
        self.sort_order = Sort()
        self.masked = True
        self.total: int | None = 0  # None until counted
        self._rows: list[MemberRow] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        self._alignments = [int(column.align) for column in COLUMNS]
        self._next_key: tuple | None = None

    # --- loading ----------------------------------------------------------------------------------

    def reload(self, filt: MemberFilter | None = None, sort: Sort | None = None) -> None:
        """Show the first page for a new filter/sort: one indexed page query, nothing else.

        The total is counted separately (see `count`), off the keystroke-to-repaint path.
        """
        if filt is not None:
            self.filter = replace(filt, today=self.today)
        if sort is not None:
            self.sort_order = sort
        with self.db.read() as session:
            page = fetch_page(session, self.filter, self.sort_order, limit=PAGE_SIZE)
        self.total = None if page.next_key is not None else len(page.rows)
        self.beginResetModel()
        self._rows, self._next_key = page.rows, page.next_key
        self._texts = {}
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

    def count(self, session) -> int:
        """Members matching the current filter (a full scan at worst: run it off the GUI thread)."""
        return count_members(session, self.filter)

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

    def texts(self, row: int) -> tuple[str, ...]:
        """The row's cells as shown (ID unmasked), formatted once and kept while the row is loaded."""
        found = self._texts.get(row)
        if found is None:
            record = self._rows[row]
            found = self._texts[row] = tuple(column.text(record, self.today) for column in COLUMNS)
        return found

    def _display(self, row: int, column: int) -> str:
        if column == ID_COLUMN and self.masked:
            return idcard.mask_id(self._rows[row].id_number)
        return self.texts(row)[column]

    def _foreground(self, row: int) -> QColor | None:
        record = self._rows[row]
        if record.party_status != "normal":
            return _INACTIVE  # 停止党籍, 已转出...
        return _LOST_CONTACT if record.is_lost_contact else None

    def data(self, index, role=_DISPLAY):
        if role == _DISPLAY:
            return self._display(index.row(), index.column())
        if role == _ALIGNMENT:
            return self._alignments[index.column()]
        if role == _FOREGROUND:
            return self._foreground(index.row())
        if role == _USER:
            return self._rows[index.row()].id
        return None

    def multiData(self, index, roles) -> None:
        """All roles a painted cell needs in one call: the delegate asks for about seven, and each call
        from C++ into Python costs more than the answer (a third of the repaint, measured)."""
        row, column = index.row(), index.column()
        for n in range(len(roles)):
            slot = roles[n]
            role = slot.role()
            if role == _DISPLAY:
                slot.setData(self._display(row, column))
            elif role == _ALIGNMENT:
                slot.setData(self._alignments[column])
            elif role == _FOREGROUND:
                colour = self._foreground(row)
                if colour is not None:
                    slot.setData(colour)
            elif role == _USER:
                slot.setData(self._rows[row].id)

    def headerData(self, section, orientation, role=_DISPLAY):
        if role != _DISPLAY:
            return None
        if orientation == _HORIZONTAL:
            return _TITLES[section]
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header click: SQL sorts (column -1, no indicator, is the roster order by id)."""
        key = COLUMNS[column].key if 0 <= column < len(COLUMNS) else "id"
        sort = Sort(key, order == Qt.SortOrder.DescendingOrder and key != "id")
        if sort != self.sort_order:
            self.reload(sort=sort)
