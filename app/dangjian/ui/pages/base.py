"""Base class of the pages in the main window's stacked area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..context import AppContext


class Page(QWidget):
    """A navigation page. Loads lazily on first show; reloads when an op changed its domains."""

    domains: frozenset[str] = frozenset()  # changes that make this page reload
    any_change = False  # reload on every change (the 操作日志 lists what every domain writes)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._shown_once = False
        ctx.changed.connect(self._on_changed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.on_first_show()

    def on_first_show(self) -> None:
        """Load data the first time the page is shown (keeps start-up fast)."""

    def refresh(self, changes: set[str]) -> None:
        """Reload what `changes` affect. Called only after the page was shown once."""

    def _on_changed(self, changes: set[str]) -> None:
        if self._shown_once and (self.any_change or "all" in changes or changes & self.domains):
            self.refresh(changes)


def title_bar(title: str, *fields: tuple[str, QWidget]) -> QHBoxLayout:
    """The page title followed by labelled filter fields, e.g. ("党组织", combo), ("年度", spin)."""
    bar = QHBoxLayout()
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    bar.addWidget(heading)
    for text, widget in fields:
        bar.addWidget(QLabel(text))
        bar.addWidget(widget)
    return bar


class PlaceholderPage(Page):
    """Says what a capability will offer until it is built."""

    def __init__(self, ctx: AppContext, title: str, text: str, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(heading)
        layout.addWidget(body, 1)
