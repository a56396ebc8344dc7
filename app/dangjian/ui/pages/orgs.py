"""党组织 page: the org tree (filter, 显示已撤销, counts, finding badges) and the selected org's detail.

Reads run as background read ops; every change goes through a dialog or a confirmation into one write op
that announces {"orgs"}, after which the page reloads the tree and the detail it shows.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.orgs.committees import remove_seat
from ...core.orgs.overview import OrgDetail, org_detail, seat_candidates
from ...core.orgs.rules import findings_by_org
from ...core.orgs.tree import OrgRow, org_tree_rows, restore_org
from ...reports.engine.registry import ExportOptions
from ..dialogs.org_edit import MoveDialog, OrgDialog, RevokeDialog
from ..dialogs.org_reminders import TermRemindersDialog
from ..dialogs.org_seat import SeatDialog
from ..dialogs.org_term import ElectionDialog, TermDialog
from ..dialogs.org_units import UnitsDialog
from ..dialogs.pdf_preview import preview_export
from ..models.org_tree import (
    BADGE_COLUMN,
    BadgeDelegate,
    OrgFilterProxy,
    OrgIdRole,
    OrgTreeModel,
    apply_filter,
    show_default_levels,
)
from ..operations import read_op, write_op
from ..widgets.org_detail_tabs import OrgDetailTabs
from .base import Page


class OrgsPage(Page):
    domains = frozenset({"orgs", "members", "settings", "all"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.rows: list[OrgRow] = []
        self.findings: dict[int, list] = {}
        self.detail: OrgDetail | None = None
        self.current_id: int | None = None
        self.last_dialog = None

        self.toolbar = QToolBar()
        self.actions: dict[str, QAction] = {}
        for key, text, slot in [
            ("new", "新建…", self.new_org), ("edit", "编辑…", self.edit_org), ("move", "移动…", self.move_org),
            ("revoke", "撤销…", self.revoke_org), ("restore", "恢复", self.restore_org), (None, "", None),
            ("export", "导出一览表…", self.export_overview), ("reminders", "换届提醒…", self.show_reminders),
        ]:
            if key is None:
                self.toolbar.addSeparator()
                continue
            action = self.toolbar.addAction(text)
            action.triggered.connect(slot)
            self.actions[key] = action

        self.model = OrgTreeModel(self)
        self.proxy = OrgFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：名称、代码或类别")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)  # filter once typing pauses, not on every keystroke
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(200)
        self._filter_timer.timeout.connect(self.apply_filter_now)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.show_revoked = QCheckBox("显示已撤销")
        self.show_revoked.toggled.connect(self._revoked_toggled)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegateForColumn(BADGE_COLUMN, BadgeDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 46), (2, 46), (BADGE_COLUMN, 150)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.show_revoked)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.tree, 1)

        self.heading = QLabel("请在左侧选择党组织")
        self.heading.setObjectName("pageTitle")
        self.tabs = OrgDetailTabs()
        self.tabs.set_detail(None)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.tabs, 1)
        self._connect_tabs()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        self._update_actions()

    def _connect_tabs(self) -> None:
        tabs = self.tabs
        tabs.edit_units.connect(lambda: self._open(UnitsDialog(self, self.detail)))
        tabs.add_seat.connect(lambda: self._seat_dialog(None))
        tabs.edit_seat.connect(self._seat_dialog)
        tabs.remove_seat.connect(self.remove_seat)
        tabs.add_term.connect(lambda: self._open(TermDialog(self, self.detail.id, self.detail.name)))
        tabs.edit_term.connect(lambda term_id: self._open(TermDialog(
            self, self.detail.id, self.detail.name, next(t for t in self.detail.terms if t.id == term_id))))
        tabs.add_election.connect(lambda: self._open(ElectionDialog(
            self, self.detail.id, self.detail.name, self.detail.counts.total_formal if self.detail.counts else 0)))

    # --- loading --------------------------------------------------------------------------------

    def on_first_show(self) -> None:
        self.reload()

    def refresh(self, changes: set[str]) -> None:
        self.reload()

    def reload(self) -> None:
        today = date.today()
        read_op(self, lambda s: (org_tree_rows(s), findings_by_org(s, today))).success(self._loaded) \
            .run_in_background()

    def _loaded(self, result) -> None:
        rows, findings = result
        first_load = not self.rows
        self.rows, self.findings = rows, findings
        self.model.set_rows(rows, findings)
        if self.filter.text().strip():
            self.tree.expandAll()
        else:
            show_default_levels(self.tree, self.model)
        if self.current_id is None and first_load and rows:
            self.current_id = rows[0].id
        self.select_org(self.current_id)

    def select_org(self, org_id: int | None) -> None:
        """Select (and reveal) an org in the tree, or load its detail if the filter hides it."""
        self.current_id = org_id
        self._reselect()
        self.load_detail()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            org_id = indexes[0].data(OrgIdRole)
            if org_id != self.current_id or self.detail is None or self.detail.id != org_id:
                self.current_id = org_id
                self.load_detail()

    def load_detail(self) -> None:
        org_id = self.current_id
        if org_id is None or self.model.row_of(org_id) is None:
            self._show_detail(None)
            return
        today, counts, findings = date.today(), self.model.row_of(org_id), tuple(self.findings.get(org_id, ()))
        read_op(self, lambda s: org_detail(s, org_id, today, counts=counts, findings=findings)) \
            .success(self._show_detail).run_in_background()

    def _show_detail(self, detail: OrgDetail | None) -> None:
        if detail is not None and detail.id != self.current_id:
            return  # a newer selection is on its way
        self.detail = detail
        self.tabs.set_detail(detail)
        self.heading.setText(detail.name + ("（已撤销）" if detail.status == "revoked" else "") if detail
                             else "请在左侧选择党组织")
        self._update_actions()

    def _update_actions(self) -> None:
        d = self.detail
        revoked = d is not None and d.status == "revoked"
        self.actions["edit"].setEnabled(d is not None and not revoked)
        self.actions["move"].setEnabled(d is not None and not revoked and d.parent_id is not None)
        self.actions["revoke"].setEnabled(d is not None and not revoked and d.parent_id is not None)
        self.actions["restore"].setEnabled(revoked)
        self.tabs.set_editable(d is not None and not revoked)

    def apply_filter_now(self) -> None:
        self._filter_timer.stop()
        apply_filter(self.tree, self.proxy, self.filter.text())
        self._reselect()

    def _revoked_toggled(self, show: bool) -> None:
        self.proxy.set_show_revoked(show)
        self._reselect()

    def _reselect(self) -> None:
        """Keep the tree's selection on the org whose detail is shown, when it is visible."""
        source = self.model.index_of(self.current_id) if self.current_id is not None else None
        index = self.proxy.mapFromSource(source) if source is not None and source.isValid() else None
        if index is not None and index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.tree.clearSelection()

    # --- actions --------------------------------------------------------------------------------

    def _open(self, dialog):
        """Open a dialog window-modally; it deletes itself when closed. Returned for tests."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def new_org(self) -> OrgDialog:
        dialog = OrgDialog(self, self.rows, parent_id=self.current_id)
        dialog.saved.connect(lambda org_id: setattr(self, "current_id", org_id))
        return self._open(dialog)

    def edit_org(self) -> OrgDialog | None:
        return self._open(OrgDialog(self, self.rows, detail=self.detail)) if self.detail else None

    def move_org(self) -> MoveDialog | None:
        return self._open(MoveDialog(self, self.rows, self.detail)) if self.detail else None

    def revoke_org(self) -> RevokeDialog | None:
        return self._open(RevokeDialog(self, self.detail)) if self.detail else None

    def restore_org(self) -> None:
        d = self.detail
        if d is None or d.status != "revoked":
            return
        answer = QMessageBox.question(self, "恢复党组织", f"恢复“{d.name}”？撤销的日期、文号和原因会保留在操作日志中。")
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_now()

    def restore_now(self):
        org_id = self.detail.id
        return write_op(self, lambda s: restore_org(s, org_id).id, {"orgs"},
                        undo_text=f"恢复党组织 {self.detail.name}").run_in_background()

    def _seat_dialog(self, seat_id: int | None) -> None:
        d = self.detail
        if d is None:
            return
        seat = next((s for s in d.seats if s.id == seat_id), None)
        read_op(self, lambda s: seat_candidates(s, d.id)).success(
            lambda candidates: self._open(SeatDialog(self, d.id, d.name, candidates, seat))).run_in_background()

    def remove_seat(self, seat_id: int) -> None:
        seat = next((s for s in self.detail.seats if s.id == seat_id), None) if self.detail else None
        if seat is None:
            return
        answer = QMessageBox.question(
            self, "删除班子成员", f"删除{seat.role_label}{seat.person}的任职记录？\n"
            "正常离任请用“编辑”填写离任日期，以保留任职经历；只有录入错误时才删除。")
        if answer == QMessageBox.StandardButton.Yes:
            write_op(self, lambda s: remove_seat(s, seat_id), {"orgs"},
                     undo_text=f"删除班子成员 {seat.person}").run_in_background()

    def export_overview(self) -> None:
        preview_export(self, "orgs", ExportOptions())

    def show_reminders(self) -> TermRemindersDialog:
        dialog = TermRemindersDialog(self)
        dialog.open_org.connect(self._reveal)
        return self._open(dialog)

    def _reveal(self, org_id: int) -> None:
        self.filter.clear()
        self.apply_filter_now()
        self.select_org(org_id)
