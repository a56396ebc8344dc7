"""What the tabs of the 考核 page share: the scope they show (year, org subtree, today), the page services they
call (load on the worker, write in one transaction, status bar), and a row of buttons with shortcuts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QMenu, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ...core.assessment.scope import AssessedOrg
from ...core.system.files import attachment_path
from ..dialogs.budget_form import InputDialog
from ..operations import OpContext
from ..operations.files import open_stored_file
from ..widgets.controls import push_button
from ..widgets.row_table import RowTable

Loader = Callable[[OpContext], Any]


@dataclass(frozen=True)
class Scope:
    year: int
    org_id: int | None  # None: the whole street
    org_name: str | None
    today: date

    @property
    def day(self) -> date:
        """The day whose 书记 counts for the year: today while the year runs, else its last day."""
        return min(self.today, date(self.year, 12, 31))

    @property
    def default_date(self) -> date:
        """A date inside the year for new records: today in the current year."""
        return min(max(self.today, date(self.year, 1, 1)), date(self.year, 12, 31))


class TabHost(Protocol):
    """The page as its tabs see it."""

    ctx: Any

    @property
    def scope(self) -> Scope: ...

    @property
    def assessed(self) -> list[AssessedOrg]: ...

    def write(self, fn: Callable[[Any], Any], done: str, *, then: Callable[[Any], None] | None = None,
              failed: Callable[[str], None] | None = None, reload: bool = True) -> Any: ...

    def status(self, text: str) -> None: ...

    def written_elsewhere(self) -> None: ...

    def print_report(self, kind: str) -> None: ...

    def reload_tab(self, tab: AssessmentTab) -> None: ...

    def tab_of(self, kind: type) -> Any: ...


class AssessmentTab(QWidget):
    """One tab: `loader(scope)` returns the work to run on the worker, `show_data` gets its result."""

    title = ""

    def __init__(self, host: TabHost):
        super().__init__()
        self.host = host
        self.dialog: QWidget | None = None  # the dialog last opened (tests look at it)
        self.select_next: Any = None  # key of the row to make current when the next load arrives
        self.layout_ = QVBoxLayout(self)

    def params(self) -> tuple:
        """GUI state besides the scope the data depends on (a result for other params is dropped)."""
        return ()

    def loader(self, scope: Scope) -> Loader:
        read = self.reader(scope)

        def work(ctx: OpContext):
            with ctx.db.read() as session:
                return read(session)

        return work

    def reader(self, scope: Scope) -> Callable[[Any], Any]:
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        raise NotImplementedError

    # --- helpers for the tabs -------------------------------------------------------------------

    def add_buttons(self, specs: Sequence[tuple[str, Callable[[], object], str, str | None]],
                    trailing: Sequence[QWidget] = (), leading: Sequence[QWidget] = (),
                    into: QBoxLayout | None = None) -> dict[str, QPushButton]:
        """A row of buttons (text, slot, tooltip, shortcut) at the end of the tab (or of `into`); the shortcut
        works while this tab is shown. "Del" is only named in the tooltip: the tab's table sends it
        (RowTable.deleted), so Delete in a field stays there."""
        row = QHBoxLayout()
        for widget in leading:
            row.addWidget(widget)
        buttons = {}
        for text, slot, tip, key in specs:
            button = push_button(text, slot, f"{tip}（{key}）" if key else tip)
            if key and key != "Del":
                button.setShortcut(QKeySequence(key))
            row.addWidget(button)
            buttons[text] = button
        row.addStretch(1)
        for widget in trailing:
            row.addWidget(widget)
        (into or self.layout_).addLayout(row)
        return buttons

    def show_rows(self, table: RowTable, rows: Sequence) -> None:
        table.set_rows(rows, self.select_next)
        self.select_next = None

    def select_later(self, key: Any) -> None:
        self.select_next = key

    def open_form(self, dialog: InputDialog, write: Callable[[Any], Callable[[Any], Any]], done: str,
                  then: Callable[[Any], None] | None = None) -> None:
        """Open `dialog`; its 确定 runs `write(values)(session)` through the page, and the dialog stays open
        with the reason under the form when the write is refused."""
        def succeeded(result) -> None:
            dialog.submitted()
            if then is not None:
                then(result)

        def submit(value) -> None:
            self.host.write(write(value), done, then=succeeded, failed=dialog.refused)

        dialog.submit = submit
        self.dialog = dialog
        dialog.open()

    def edit_current(self, table: RowTable, what: str, dialog_for: Callable[[Any], InputDialog],
                     update: Callable[[Any, Any, Any], Any], done: str) -> None:
        """修改: the dialog for the current row; 确定 runs `update(session, row, values)`."""
        row = self.current_of(table, what)
        if row is not None:
            self.open_form(dialog_for(row), lambda value: lambda session: update(session, row, value), done)

    def open_attached(self, table: RowTable, files: tuple[tuple[int, str], ...], title: str, empty: str) -> None:
        """Open one of the current row's files (a menu when there are several)."""
        if not files:
            QMessageBox.information(self, title, empty)
            return
        attachment_id = files[0][0] if len(files) == 1 else choose_file(table, files)
        if attachment_id is not None:
            open_stored_file(self, lambda session: attachment_path(session, attachment_id))

    def current_of(self, table: RowTable, what: str) -> Any | None:
        row = table.current()
        if row is None:
            QMessageBox.information(self, self.title, f"请先在表格中选择{what}。")
        return row

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes


def choose_file(table: RowTable, files: tuple[tuple[int, str], ...]) -> int | None:
    """A menu of several attached files under the current row; the chosen attachment's id."""
    menu = QMenu(table)
    for attachment_id, name in files:
        menu.addAction(name).setData(attachment_id)
    rect = table.visualRect(table.currentIndex())
    action = menu.exec(table.viewport().mapToGlobal(rect.bottomLeft()))
    return action.data() if action is not None else None
