"""A page of tabs over one scope — a year, and the whole street or one org's subtree — with the 党组织 and 年度
filters and a 打印… menu in its title bar (考核, 共建).

Each tab reads its data on the worker when it is shown, and again after a change. Dialogs only collect input;
the page's `write` runs each write in one transaction, announces the page's domains, reloads the visible tab
and marks the others for reloading when they are next shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout

from ...core.common.errors import UserError
from ...core.training.stats import org_tree
from ...reports.engine.registry import ExportOptions
from ..dialogs.course_dialog import org_combo
from ..dialogs.pdf_preview import preview_export
from ..operations import Op, OpContext, describe_error, write_op
from ..widgets.controls import menu_button, year_spin
from .assessment_tab import AssessmentTab, Scope
from .base import Page, title_bar


@dataclass(frozen=True)
class Loaded:
    scope: Scope
    tab: int
    params: tuple
    orgs: list[tuple[int, str, int]] | None  # the filter's org tree, when it was asked for
    shared: Any  # what `shared_reader` read for the whole page
    data: Any


class ScopedTabsPage(Page):
    heading = ""
    tab_kinds: tuple[type[AssessmentTab], ...] = ()
    prints: tuple[tuple[str, str], ...] = ()  # (report kind, menu label)
    print_tip = ""
    changes: frozenset[str] = frozenset()  # what the page's writes announce

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self._orgs_loaded = False
        self.org_choices: list[tuple[int, str, int]] = []  # the org tree (id, name, depth), for the dialogs
        self._quiet = False  # a write that reloads nothing itself (a score typed into the grid)
        self.org = org_combo([], "全部党组织")
        self.org.setMinimumContentsLength(14)
        self.org.activated.connect(lambda _i: self.reload())
        self.year = year_spin(lambda _y: self.reload())
        self.print_button = menu_button("打印…", [(text, lambda k=kind: self.print_report(k))
                                                  for kind, text in self.prints], f"{self.print_tip}（Ctrl+P）")
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        top = title_bar(self.heading, ("党组织", self.org), ("年度", self.year))
        top.addStretch(1)
        top.addWidget(self.print_button)

        self.tabs = QTabWidget()
        for kind in self.tab_kinds:
            tab = kind(self)
            self.tabs.addTab(tab, tab.title)
        self._stale = set(range(self.tabs.count()))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # --- what the tabs ask of the page ----------------------------------------------------------

    @property
    def scope(self) -> Scope:
        org_id = self.org.currentData()
        return Scope(self.year.value(), org_id, self.org.currentText().strip() if org_id is not None else None,
                     date.today())

    def tab_of(self, kind: type) -> Any:
        return next(self.tabs.widget(i) for i in range(self.tabs.count()) if isinstance(self.tabs.widget(i), kind))

    def write(self, fn: Callable[[Any], Any], done: str, *, then: Callable[[Any], None] | None = None,
              failed: Callable[[str], None] | None = None, reload: bool = True) -> Op:
        """Run `fn(session)` in one write transaction on the worker; then say `done` and reload (unless the
        tab already shows the change, e.g. a score typed into the grid). A refusal goes to `failed` (a dialog
        still open), else it is shown in a message box and the visible tab reloads."""
        def quiet(_result) -> None:
            self._quiet = not reload

        def finished(result) -> None:
            self._quiet = False
            if done:
                self.status(done)
            if then is not None:
                then(result)

        def refused(error: BaseException) -> None:
            if failed is not None:
                failed(describe_error(error))
                return
            QMessageBox.warning(self, "操作未完成", describe_error(error))
            self.load_current()  # e.g. put back a score the grid showed before it was refused

        return (write_op(self, fn, set(self.changes)).before_success(quiet).success(finished).failure(refused)
                .run_in_background())

    def written_elsewhere(self) -> None:
        """A load wrote (自动销号): tell the other pages, and reload the other tabs when next shown."""
        self._quiet = True
        try:
            self.ctx.notify(set(self.changes))
        finally:
            self._quiet = False

    def status(self, text: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    # --- loading --------------------------------------------------------------------------------

    def shared_reader(self, scope: Scope) -> Callable[[Any], Any] | None:
        """What every tab's load also reads for the page (e.g. the assessed orgs); None: nothing."""
        return None

    def shared_loaded(self, shared: Any) -> None:
        """The result of `shared_reader`, just before the tab shows its data."""

    def on_first_show(self) -> None:
        self.reload()

    def refresh(self, changes: set[str]) -> None:
        if "orgs" in changes or "all" in changes:
            self._orgs_loaded = False
        if self._quiet:
            self._stale = set(range(self.tabs.count())) - {self.tabs.currentIndex()}
            return
        self.reload()

    def reload(self) -> None:
        """The scope or the data changed: reload the visible tab, the others when they are shown."""
        self._stale = set(range(self.tabs.count()))
        self.load_current()

    def reload_tab(self, tab: AssessmentTab) -> None:
        index = self.tabs.indexOf(tab)
        self._stale.add(index)
        if index == self.tabs.currentIndex():
            self._load(index)

    def load_current(self) -> None:
        self._load(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        if index in self._stale:
            self._load(index)

    def _load(self, index: int) -> None:
        tab: AssessmentTab = self.tabs.widget(index)
        scope, with_orgs = self.scope, not self._orgs_loaded
        work = tab.loader(scope)  # before params(): a new year may move the tab's month
        params = tab.params()
        shared = self.shared_reader(scope)

        def run(ctx: OpContext) -> Loaded:
            data = work(ctx)
            with ctx.db.read() as session:
                return Loaded(scope, index, params, org_tree(session) if with_orgs else None,
                              shared(session) if shared is not None else None, data)

        Op(self, run).success(self._loaded).run_in_background()

    def _loaded(self, result: Loaded) -> None:
        if result.orgs is not None and not self._fill_orgs(result.orgs):
            self.reload()  # the chosen org is gone: show the whole street
            return
        tab: AssessmentTab = self.tabs.widget(result.tab)
        if (result.scope.year, result.scope.org_id) != (self.year.value(), self.org.currentData()) \
                or result.params != tab.params():
            return  # the user already moved on; that load is queued
        self.shared_loaded(result.shared)
        self._stale.discard(result.tab)
        tab.show_data(result.data)

    def _fill_orgs(self, orgs: list[tuple[int, str, int]]) -> bool:
        """Fill the filter; False when the org chosen before is no longer there."""
        current = self.org.currentData()
        self.org.blockSignals(True)
        self.org.clear()
        self.org.addItem("全部党组织", None)
        for org_id, name, depth in orgs:
            self.org.addItem("　" * depth + name, org_id)
        self.org.setCurrentIndex(max(self.org.findData(current), 0))
        self.org.blockSignals(False)
        self._orgs_loaded = True
        self.org_choices = list(orgs)
        return self.org.currentData() == current

    # --- printing -------------------------------------------------------------------------------

    def print_options(self, kind: str) -> ExportOptions:
        scope = self.scope
        return ExportOptions(year=scope.year, org=scope.org_name)

    def print_report(self, kind: str) -> None:
        """Preview report `kind`; a kind that is not (yet) registered, or options it refuses, say why."""
        try:
            preview_export(self, kind, self.print_options(kind))
        except UserError as error:
            QMessageBox.warning(self, "打印", error.message)
