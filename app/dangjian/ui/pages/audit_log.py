"""操作日志: who changed what and when, newest first, filtered by object kind and text."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout

from ...core.common.labels import AUDIT_ENTITIES
from ...core.system.audit_query import AuditFilter, audit_entities
from ..models.audit_log import AuditLogModel
from .base import Page


class AuditLogPage(Page):
    any_change = True

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        title = QLabel("操作日志")
        title.setObjectName("pageTitle")
        self.entity = QComboBox()
        self.entity.setMinimumWidth(120)
        self.entity.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找内容或操作员")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.search.returnPressed.connect(self.apply_filter)
        self.search.textChanged.connect(lambda text: None if text else self.apply_filter())

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel("对象"))
        top.addWidget(self.entity)
        top.addWidget(self.search)

        self.model = AuditLogModel(ctx.db, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column, width in enumerate([160, 90, 110, 90]):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        note = QLabel("每次新增、修改、删除、恢复、撤销和导出完整身份证号都记在这里，不能修改或删除。"
                      "操作员取自“设置 → 操作员”，未填写时为电脑的登录用户名。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)

    def on_first_show(self) -> None:
        self._fill_entities()
        self.apply_filter()

    def refresh(self, changes: set[str]) -> None:
        self._fill_entities()
        self.model.reload()

    def _fill_entities(self) -> None:
        current = self.entity.currentData()
        with self.ctx.db.read() as session:
            entities = audit_entities(session)
        self.entity.blockSignals(True)
        self.entity.clear()
        self.entity.addItem("全部", None)
        for code in entities:
            self.entity.addItem(AUDIT_ENTITIES.get(code, code), code)
        self.entity.setCurrentIndex(max(0, self.entity.findData(current)))
        self.entity.blockSignals(False)

    def apply_filter(self) -> None:
        self.model.set_filter(AuditFilter(self.entity.currentData(), self.search.text().strip()))
