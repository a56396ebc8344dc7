"""The 党组织 tree: a light QAbstractItemModel over plain `OrgRow`s, plus a recursive filter proxy.

Nodes are the rows themselves, addressed by org id through `internalId`, so 2,000 orgs cost a few
dicts rather than 8,000 QStandardItems and as many setData calls. Parent indexes are cached and the proxy reads the rows
directly, because a recursive proxy asks for them tens of thousands of times per filter change.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from ...core.common.findings import Finding
from ...core.common.labels import FORMATIONS, ORG_KINDS, SEVERITIES, label
from ...core.orgs.tree import OrgRow

OrgIdRole = Qt.ItemDataRole.UserRole + 1
SearchRole = Qt.ItemDataRole.UserRole + 2
RevokedRole = Qt.ItemDataRole.UserRole + 3
BadgesRole = Qt.ItemDataRole.UserRole + 4  # [(severity, count)] for the badge delegate

COLUMNS = ("党组织", "正式", "预备", "提示")
BADGE_COLUMN = 3
SEVERITY_COLOURS = {"error": QColor("#c62828"), "warning": QColor("#ef6c00"), "info": QColor("#1565c0")}
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()  # Qt's invalid index; safe as a default, never mutated


class OrgTreeModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: dict[int, OrgRow] = {}
        self._children: dict[int, list[int]] = {0: []}  # 0 = invisible root
        self._position: dict[int, int] = {}
        self._search: dict[int, str] = {}
        self._parent_index: dict[int, QModelIndex] = {}
        self._badges: dict[int, list[tuple[str, int]]] = {}
        self._tips: dict[int, str] = {}

    def set_rows(self, rows: list[OrgRow], findings: dict[int, list[Finding]] | None = None) -> None:
        """Replace the whole tree (rows in tree order, as `org_tree_rows` returns them)."""
        self.beginResetModel()
        self._rows = {r.id: r for r in rows}
        self._children = {0: []}
        for r in rows:
            parent = r.parent_id if r.parent_id in self._rows else 0
            self._children.setdefault(parent, []).append(r.id)
        self._position = {org_id: i for kids in self._children.values() for i, org_id in enumerate(kids)}
        self._search = {r.id: f"{r.name}\n{r.code}\n{label(ORG_KINDS, r.kind)}".lower() for r in rows}
        # Proxies and views ask for parent() hundreds of thousands of times: answer from a cache.
        self._parent_index = {r.id: self.createIndex(self._position[r.parent_id], 0, r.parent_id)
                              for r in rows if r.parent_id in self._rows}
        self._badges, self._tips = {}, {}
        for org_id, found in (findings or {}).items():
            counts: dict[str, int] = {}
            for f in found:
                counts[f.severity] = counts.get(f.severity, 0) + 1
            self._badges[org_id] = [(s, counts[s]) for s in SEVERITIES if s in counts]
            self._tips[org_id] = "\n".join(f"{SEVERITIES.get(f.severity, '')}：{f.message}" for f in found)
        self.endResetModel()

    def org_count(self) -> int:
        return len(self._rows)

    def filter_fields(self, source_row: int, parent_id: int) -> tuple[str, bool]:
        """(lower-case search text, revoked) of a row, read straight from the rows for the proxy."""
        r = self._rows[self._children[parent_id][source_row]]
        return self._search[r.id], r.revoked

    def row_of(self, org_id: int) -> OrgRow | None:
        return self._rows.get(org_id)

    def index_of(self, org_id: int) -> QModelIndex:
        if org_id not in self._position:
            return QModelIndex()
        return self.createIndex(self._position[org_id], 0, org_id)

    # --- structure ------------------------------------------------------------------------------

    @staticmethod
    def _id(index: Index) -> int:
        return index.internalId()  # an invalid index reads 0: the invisible root (org ids start at 1)

    def index(self, row: int, column: int, parent: Index = NO_PARENT) -> QModelIndex:
        kids = self._children.get(self._id(parent), ())
        if 0 <= row < len(kids) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

    def parent(self, index: Index = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        return self._parent_index.get(index.internalId(), NO_PARENT)  # invalid index: id 0, no parent

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        if parent.column() > 0:
            return 0
        return len(self._children.get(parent.internalId(), ()))

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return len(COLUMNS)

    def hasChildren(self, parent: Index = NO_PARENT) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    # --- data -----------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[self._id(index)]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return r.name + ("（已撤销）" if r.revoked else "")
            if column == 1:
                return r.total_formal
            if column == 2:
                return r.total_probationary
            return None
        if role == OrgIdRole:
            return r.id
        if role == SearchRole:
            return self._search[r.id]
        if role == RevokedRole:
            return r.revoked
        if role == BadgesRole:
            return self._badges.get(r.id, [])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == BADGE_COLUMN:
                return self._tips.get(r.id) or "无提示"
            source = "花名册" if r.counts_from_roster else "登记人数"
            return (f"{r.name}\n{label(ORG_KINDS, r.kind)} · {label(FORMATIONS, r.formation)}\n"
                    f"本级党员：正式{r.formal}名，预备{r.probationary}名（{source}）")
        if role == Qt.ItemDataRole.ForegroundRole and r.revoked:
            return QColor("#8a8a8a")
        if role == Qt.ItemDataRole.FontRole and r.revoked and column == 0:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class OrgFilterProxy(QSortFilterProxyModel):
    """Text filter on name/code/kind (ancestors of a match stay visible) and the 显示已撤销 toggle."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(False)
        self.setFilterRole(SearchRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._show_revoked = False
        self._text = ""

    def set_text(self, text: str) -> None:
        self._change_filter("_text", text.strip().lower())

    def set_show_revoked(self, show: bool) -> None:
        self._change_filter("_show_revoked", show)

    def _change_filter(self, name: str, value) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt < 6.9
            setattr(self, name, value)
            self.invalidateFilter()
            return
        self.beginFilterChange()
        setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Asked thousands of times per keystroke: read the model's rows directly, not through data().
        text, revoked = self.sourceModel().filter_fields(source_row, source_parent.internalId())
        if revoked and not self._show_revoked:
            return False
        return not self._text or self._text in text


def show_default_levels(view: QTreeView, model: OrgTreeModel) -> None:
    """Communities open (and their branches too when the tree is small)."""
    view.expandToDepth(0 if model.org_count() > 200 else 1)


def apply_filter(view: QTreeView, proxy: OrgFilterProxy, text: str) -> None:
    """Filter and show every match. Collapsing first spares Qt from remapping thousands of expanded
    (persistent) indexes while the proxy changes — about ten times faster with 2,000 orgs."""
    view.collapseAll()
    proxy.set_text(text)
    if text.strip():
        view.expandAll()
    else:
        show_default_levels(view, proxy.sourceModel())


class BadgeDelegate(QStyledItemDelegate):
    """Paints a coloured pill per severity with its count (错误 red, 提醒 orange, 提示 blue)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        badges = index.data(BadgesRole) or []
        if not badges:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        x = option.rect.x() + 4
        height = min(option.rect.height() - 4, metrics.height() + 2)
        y = option.rect.y() + (option.rect.height() - height) // 2
        for severity, count in badges:
            text = f"{SEVERITIES[severity]} {count}"
            width = metrics.horizontalAdvance(text) + 12
            rect = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SEVERITY_COLOURS[severity])
            painter.drawRoundedRect(rect, height / 2, height / 2)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        badges = index.data(BadgesRole) or []
        width = sum(option.fontMetrics.horizontalAdvance(f"{SEVERITIES[s]} {c}") + 16 for s, c in badges)
        return QSize(max(size.width(), width + 4), size.height())
