"""经费标准 editor: one category's standard for one year (amounts, who qualifies, 县:街道 split, cut-off)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QSpinBox, QWidget

from ...core.budgets.standards import StandardInput, default_cutoff, set_standard
from ...core.common.labels import ORG_DOMAINS, ORG_KINDS
from ...core.common.money import format_plain
from ..widgets.controls import date_edit, date_of
from .budget_form import FormDialog


def _checks(mapping: dict[str, str], checked: list[str], columns: int = 4) -> tuple[QWidget, dict[str, QCheckBox]]:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for i, (code, name) in enumerate(mapping.items()):
        check = QCheckBox(name)
        check.setChecked(code in checked)
        grid.addWidget(check, i // columns, i % columns)
        boxes[code] = check
    return box, boxes


class StandardDialog(FormDialog):
    def __init__(self, parent: QWidget | None, ctx, *, year: int, category_name: str, data: StandardInput):
        super().__init__(parent, ctx, f"{year}年经费标准：{category_name}")
        self.year = year
        self.category_id = data.category_id
        self.per_org = QLineEdit(_money_text(data.per_org))
        self.per_org.setPlaceholderText("元/个组织，如 200000 或 20万；不按组织拨付填 0")
        self.per_member = QLineEdit(_money_text(data.per_member))
        self.per_member.setPlaceholderText("元/名党员，如 300；不按人数拨付填 0")
        self.county = QSpinBox()
        self.county.setRange(0, 100)
        self.county.setSuffix(" %")
        self.street = QSpinBox()
        self.street.setRange(0, 100)
        self.street.setSuffix(" %")
        self.county.setValue(int(data.county_share_pct))
        self.street.setValue(int(data.street_share_pct))
        # The two shares always add to 100: editing one sets the other.
        self.county.valueChanged.connect(lambda v: self.street.setValue(100 - v))
        self.street.valueChanged.connect(lambda v: self.county.setValue(100 - v))
        kinds = {k: v for k, v in ORG_KINDS.items() if k != "group"}
        kinds_box, self.kinds = _checks(kinds, data.qualifying_kinds)
        domains_box, self.domains = _checks(ORG_DOMAINS, data.qualifying_domains)
        self.cutoff = date_edit(data.member_cutoff_on or default_cutoff(year))
        self.note = QLineEdit(data.note)
        hint = QLabel("不勾选表示不限。符合条件的每个党组织得到：每个组织金额 + 每名党员金额 × 截止日党员数。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        for label, widget in [("每个组织金额（元）", self.per_org), ("每名党员金额（元）", self.per_member),
                              ("县级分担", self.county), ("街道分担", self.street), ("适用组织类型", kinds_box),
                              ("适用领域", domains_box), ("党员人数截止日期", self.cutoff), ("备注", self.note),
                              ("", hint)]:
            self.form.addRow(label, widget)
        self.resize(560, self.sizeHint().height())

    def data(self) -> StandardInput:
        return StandardInput(
            self.category_id, self.per_org.text() or "0", self.per_member.text() or "0", self.county.value(),
            self.street.value(), [c for c, box in self.kinds.items() if box.isChecked()],
            [c for c, box in self.domains.items() if box.isChecked()], date_of(self.cutoff), self.note.text())

    def save(self) -> None:
        year, data = self.year, self.data()
        self.run_write(lambda s: set_standard(s, year, data).id, {"budgets"})


def _money_text(value: str | int) -> str:
    return format_plain(value) if isinstance(value, int) else str(value)
