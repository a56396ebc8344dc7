"""The right side of the 党组织 page: 基本信息 · 组建单位 · 班子成员 · 届次与选举 · 提示 for one org.

It only displays an `OrgDetail` and offers buttons; the page runs the dialogs and the writes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.common.labels import FORMATIONS, ORG_DOMAINS, ORG_KINDS, ORG_STATUSES, SEVERITIES, label
from ...core.orgs.overview import OrgDetail
from ...core.system import settings
from ..models.org_tree import SEVERITY_COLOURS

BASIC_FIELDS = ("名称", "所属", "类别", "领域", "组织代码", "组建方式", "挂靠党组织", "批准", "党员人数", "状态",
                "地址", "联系电话", "备注")


def _text(value: date | int | str | None) -> str:
    if value is None or value == "":
        return "—"
    return f"{value:%Y-%m-%d}" if isinstance(value, date) else str(value)


def read_only_table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list], ids: list[int] | None = None,
               grey: set[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(_text(value))
            if ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            if r in grey:
                item.setForeground(QBrush(Qt.GlobalColor.gray))
            table.setItem(r, c, item)


def selected_id(table: QTableWidget) -> int | None:
    items = table.selectedItems()
    return items[0].data(Qt.ItemDataRole.UserRole) if items else None


def _buttons(*texts: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    """A row of push buttons, left-aligned."""
    layout, buttons = QHBoxLayout(), []
    for text in texts:
        button = QPushButton(text)
        layout.addWidget(button)
        buttons.append(button)
    layout.addStretch(1)
    return layout, buttons


class OrgDetailTabs(QTabWidget):
    edit_units = Signal()
    add_seat = Signal()
    edit_seat = Signal(int)
    remove_seat = Signal(int)
    add_term = Signal()
    edit_term = Signal(int)
    add_election = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.detail: OrgDetail | None = None
        self.edit_buttons: list[QPushButton] = []
        # 基本信息
        basic = QWidget()
        form = QFormLayout(basic)
        self.values: dict[str, QLabel] = {}
        for name in BASIC_FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = value
            form.addRow(f"{name}：", value)
        self.addTab(basic, "基本信息")
        # 组建单位
        self.units = read_only_table(("单位名称", "统一社会信用代码", "联系人", "联系电话", "正式党员"))
        self.units_note = QLabel()
        row, (self.units_button,) = _buttons("编辑组建单位…")
        self.edit_buttons.append(self.units_button)
        self.units_button.clicked.connect(self.edit_units)
        self.addTab(self._page(self.units_note, self.units, row), "组建单位")
        # 班子成员
        self.seats = read_only_table(("职务", "姓名", "所在党组织 / 单位", "任职日期", "离任日期"))
        row, (add, edit, remove) = _buttons("添加…", "编辑…", "删除")
        self.edit_buttons += [add, edit, remove]
        add.clicked.connect(self.add_seat)
        edit.clicked.connect(lambda: self._with_id(self.seats, self.edit_seat))
        remove.clicked.connect(lambda: self._with_id(self.seats, self.remove_seat))
        self.seats.doubleClicked.connect(lambda _: edit.click())  # does nothing while the button is disabled
        self.addTab(self._page(self.seats, row), "班子成员")
        # 届次与选举
        self.terms = read_only_table(("届次", "任期开始", "届满日期", "选举日期", "备注"))
        self.elections = read_only_table(("选举日期", "应到", "实到", "应选", "候选人（得票）", "当选"))
        row, (add_term, edit_term, election) = _buttons("登记届次…", "编辑届次…", "登记换届选举…")
        self.edit_buttons += [add_term, edit_term, election]
        add_term.clicked.connect(self.add_term)
        edit_term.clicked.connect(lambda: self._with_id(self.terms, self.edit_term))
        election.clicked.connect(self.add_election)
        self.terms.doubleClicked.connect(lambda _: edit_term.click())
        self.addTab(self._page(QLabel("届次"), self.terms, QLabel("选举记录"), self.elections, row), "届次与选举")
        # 提示
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.addTab(self.findings, "提示")

    @staticmethod
    def _page(*parts) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        for part in parts:
            if isinstance(part, QHBoxLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part, 1 if isinstance(part, QTableWidget) else 0)
        return page

    @staticmethod
    def _with_id(table: QTableWidget, signal) -> None:
        value = selected_id(table)
        if value is not None:
            signal.emit(value)

    def set_editable(self, editable: bool) -> None:
        """A revoked org can be read but not changed (restore it first)."""
        for button in self.edit_buttons:
            button.setEnabled(editable and (button is not self.units_button or self._units_editable()))

    def _units_editable(self) -> bool:
        return self.detail is not None and (self.detail.formation == "joint" or bool(self.detail.units))

    def set_detail(self, d: OrgDetail | None) -> None:
        self.detail = d
        self.setEnabled(d is not None)
        if d is None:
            for value in self.values.values():
                value.clear()
            for table in (self.units, self.seats, self.terms, self.elections):
                table.setRowCount(0)
            self.findings.clear()
            return
        counts = d.counts
        members = "—"
        if counts is not None:
            source = "按花名册" if counts.counts_from_roster else "按登记人数"
            members = (f"本级正式{counts.formal}名、预备{counts.probationary}名（{source}）；"
                       f"含下级共正式{counts.total_formal}名、预备{counts.total_probationary}名")
        status = label(ORG_STATUSES, d.status)
        if d.status == "revoked":
            status += f"（{_text(d.revoked_on)}，{d.revoked_doc_no or '无文号'}）：{d.revoked_reason}"
        values = {"名称": d.name, "所属": d.path.rsplit(" / ", 1)[0] if " / " in d.path else "—",
                  "类别": label(ORG_KINDS, d.kind), "领域": label(ORG_DOMAINS, d.domain), "组织代码": d.code,
                  "组建方式": label(FORMATIONS, d.formation),
                  "挂靠党组织": d.host or ("（未登记）" if d.formation == "attached" else "—"),
                  "批准": " ".join(x for x in (_text(d.approved_on), d.approval_doc_no) if x and x != "—") or "—",
                  "党员人数": members, "状态": status, "地址": d.address, "联系电话": d.contact_phone, "备注": d.note}
        for name, value in values.items():
            self.values[name].setText(_text(value))
        joint = d.formation == "joint"
        self.units_note.setText("联合组建的党支部在此登记参加联建的单位。" if joint else
                                "本组织不是联合组建；改为联合组建后可登记组建单位。")
        fill_table(self.units, [[u.name, u.credit_code, u.contact_name, u.contact_phone, u.formal_member_count]
                           for u in d.units])
        fill_table(self.seats, [[s.role_label, s.person, s.unit, s.started_on, s.ended_on] for s in d.seats],
              [s.id for s in d.seats], {i for i, s in enumerate(d.seats) if s.ended_on is not None})
        fill_table(self.terms, [[f"第{t.number}届", t.started_on, t.planned_end_on, t.elected_on, t.note]
                                for t in d.terms], [t.id for t in d.terms])
        fill_table(self.elections, [[e.held_on, e.eligible, e.present, e.seats,
                                "、".join(f"{n}（{v}）" for n, v, _ in e.candidates),
                                "、".join(n for n, _, won in e.candidates if won)] for e in d.elections],
              [e.id for e in d.elections])
        self.findings.clear()
        for f in d.findings:
            basis = f"（依据：{settings.definition(f.setting_key).label}）" if f.setting_key else ""
            item = QListWidgetItem(f"【{SEVERITIES.get(f.severity, f.severity)}】{f.message}{basis}")
            item.setForeground(QBrush(SEVERITY_COLOURS.get(f.severity, Qt.GlobalColor.black)))
            self.findings.addItem(item)
        if not d.findings:
            self.findings.addItem("没有提示：设置符合现行规则。")
        self.setTabText(4, f"提示（{len(d.findings)}）" if d.findings else "提示")
