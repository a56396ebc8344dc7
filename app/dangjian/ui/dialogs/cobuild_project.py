"""服务项目书 (新增/修改) with its 共建单位 and their 承诺, and the project steps: 开始实施, 验收 (with 成效), a
节点, and 登记支出 (booked in the ledger; a refusal beyond the budget shows under the form)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.cobuild.projects import PartnerFields, ProjectExpense, ProjectFields, ProjectRow
from ...core.common.errors import ValidationError
from ...core.common.labels import PROJECT_CHOICES, PROJECT_KINDS
from ...core.common.money import format_yuan, parse_yuan
from ..widgets.controls import code_combo, date_edit, date_of, push_button, text_box, year_spin
from .budget_form import InputDialog
from .course_dialog import org_combo

Orgs = list[tuple[int, str, int]]  # (id, name, depth) in tree order


@dataclass(frozen=True)
class ProjectChoices:
    orgs: Orgs
    categories: list[tuple[int, str]]  # fund categories
    brands: list[tuple[int, str]]


def _choice_combo(items: list[tuple[int, str]], first: str, current: int | None) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    for item_id, name in items:
        combo.addItem(name, item_id)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class PartnersTable(QWidget):
    """共建单位: each a party org of the 街道 (chosen) or a 驻区单位 (typed), with its 责任与承诺."""

    ORG, UNIT, COMMITMENT = range(3)

    def __init__(self, orgs: Orgs, partners: tuple[PartnerFields, ...] = ()):
        super().__init__()
        self.orgs = orgs
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["党组织", "或 驻区单位名称", "责任与承诺"])
        self.table.verticalHeader().hide()
        self.table.setColumnWidth(self.ORG, 170)
        self.table.setColumnWidth(self.UNIT, 150)
        self.table.horizontalHeader().setSectionResizeMode(self.COMMITMENT, QHeaderView.ResizeMode.Stretch)
        self.table.setFixedHeight(130)
        for partner in partners:
            self.add(partner)
        buttons = QHBoxLayout()
        buttons.addWidget(push_button("添加共建单位", self.add))
        buttons.addWidget(push_button("删除所选", self.remove))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add(self, partner: PartnerFields | None = None) -> int:
        partner = partner or PartnerFields()
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = org_combo(self.orgs, "（驻区单位）")
        combo.setCurrentIndex(max(combo.findData(partner.org_id), 0))
        self.table.setCellWidget(row, self.ORG, combo)
        self.table.setItem(row, self.UNIT, QTableWidgetItem(partner.unit_name))
        self.table.setItem(row, self.COMMITMENT, QTableWidgetItem(partner.commitment))
        return row

    def remove(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def partners(self) -> tuple[PartnerFields, ...]:
        rows = []
        for row in range(self.table.rowCount()):
            org_id = self.table.cellWidget(row, self.ORG).currentData()
            unit, commitment = self._text(row, self.UNIT), self._text(row, self.COMMITMENT)
            if org_id is None and not unit and not commitment:
                continue  # a blank row added by mistake
            rows.append(PartnerFields(org_id, "" if org_id is not None else unit, commitment))
        return tuple(rows)


class ProjectDialog(InputDialog):
    def __init__(self, parent: QWidget | None, choices: ProjectChoices, year: int, approved_on: date,
                 project: ProjectFields | None = None, org_id: int | None = None):
        super().__init__(parent, "修改服务项目" if project else "新增服务项目")
        self.resize(640, 0)
        p = project
        self.title = QLineEdit(p.title if p else "")
        self.title.setPlaceholderText("如 老旧小区加装扶手")
        self.kind = code_combo(PROJECT_KINDS)
        self.kind.setCurrentIndex(max(self.kind.findData(p.kind if p else "service"), 0))
        self.year = year_spin(year=p.year if p else year)
        self.lead = org_combo(choices.orgs, "（请选择牵头党组织）")
        self.lead.setCurrentIndex(max(self.lead.findData(p.lead_org_id if p else org_id), 0))
        self.approved_on = date_edit(p.approved_on if p else approved_on)
        self.content = text_box(3, p.content if p else "")
        self.beneficiaries = QLineEdit(p.beneficiaries if p else "")
        self.beneficiaries.setPlaceholderText("如 辖区60岁以上老人")
        self.category = _choice_combo(choices.categories, "（无经费）", p.category_id if p else None)
        self.budget = QLineEdit(f"{p.budget_fen / 100:.2f}" if p and p.budget_fen else "")
        self.budget.setPlaceholderText("元，如 10,000 或 1万")
        money = QHBoxLayout()
        money.addWidget(self.category, 1)
        money.addWidget(QLabel("预算"))
        money.addWidget(self.budget, 1)
        self.chosen_by = code_combo(PROJECT_CHOICES)
        self.chosen_by.setItemText(0, "（请选择）")
        self.chosen_by.setCurrentIndex(max(self.chosen_by.findData(p.chosen_by if p else ""), 0))
        self.votes = QSpinBox()
        self.votes.setRange(0, 1_000_000)
        self.votes.setSuffix(" 票")
        self.votes.setValue(p.votes or 0 if p else 0)
        self.council_on = date_edit(p.council_on if p and p.council_on else approved_on)
        self.brand = _choice_combo(choices.brands, "（无）", p.brand_id if p else None)
        self.partners = PartnersTable(choices.orgs, p.partners if p else ())
        self.form.addRow("项目名称", self.title)
        self.form.addRow("项目类别", self.kind)
        self.form.addRow("年度", self.year)
        self.form.addRow("牵头党组织", self.lead)
        self.form.addRow("立项日期", self.approved_on)
        self.form.addRow("服务内容", self.content)
        self.form.addRow("服务对象", self.beneficiaries)
        self.form.addRow("经费来源", money)
        self.form.addRow("确定方式", self.chosen_by)
        self.form.addRow("得票数", self.votes)
        self.form.addRow("议事会日期", self.council_on)
        self.form.addRow("特色品牌", self.brand)
        self.form.addRow("共建单位", self.partners)
        self.kind.currentIndexChanged.connect(self._shown)
        self.chosen_by.currentIndexChanged.connect(self._shown)
        self._shown()

    def _shown(self) -> None:
        """确定方式 and its 得票数 / 议事会日期 belong to 惠民项目 only."""
        livelihood = self.kind.currentData() == "livelihood"
        chosen = self.chosen_by.currentData()
        self.form.setRowVisible(self.chosen_by, livelihood)
        self.form.setRowVisible(self.votes, livelihood and chosen == "vote")
        self.form.setRowVisible(self.council_on, livelihood and chosen == "council")

    def values(self) -> ProjectFields:
        lead = self.lead.currentData()
        if lead is None:
            raise ValidationError("牵头党组织", "请选择牵头党组织")
        text = self.budget.text().strip()
        budget = parse_yuan(text, field="项目预算") if text else 0
        livelihood = self.kind.currentData() == "livelihood"
        chosen = self.chosen_by.currentData() if livelihood else ""
        return ProjectFields(
            self.title.text(), self.kind.currentData(), self.year.value(), lead, date_of(self.approved_on),
            self.content.toPlainText(), self.beneficiaries.text(), self.category.currentData(), budget, chosen,
            self.votes.value() if chosen == "vote" else None,
            date_of(self.council_on) if chosen == "council" else None, self.brand.currentData(),
            self.partners.partners())


def _project_line(row: ProjectRow) -> QLabel:
    label = QLabel(f"{row.title}（{row.lead_org}）")
    label.setWordWrap(True)
    return label


@dataclass(frozen=True)
class StepInput:
    project_id: int
    on: date
    outcome: str = ""


class StepDialog(InputDialog):
    """开始实施 (a date) or 验收 (a date and the 成效 achieved)."""

    def __init__(self, parent: QWidget | None, project: ProjectRow, today: date):
        accepting = project.status == "running"
        super().__init__(parent, "项目验收" if accepting else "开始实施")
        self.resize(480, 0)
        self.project_id = project.id
        self.on = date_edit(today, latest=today)
        self.outcome = text_box(4) if accepting else None
        self.form.addRow("服务项目", _project_line(project))
        self.form.addRow("验收日期" if accepting else "开始实施日期", self.on)
        if self.outcome is not None:
            self.outcome.setPlaceholderText("项目成效：做了什么、惠及多少群众")
            self.form.addRow("项目成效", self.outcome)

    def values(self) -> StepInput:
        return StepInput(self.project_id, date_of(self.on), self.outcome.toPlainText() if self.outcome else "")


@dataclass(frozen=True)
class MilestoneInput:
    project_id: int
    title: str
    due_on: date


class MilestoneDialog(InputDialog):
    def __init__(self, parent: QWidget | None, project: ProjectRow, due_on: date):
        super().__init__(parent, "新增项目节点")
        self.resize(440, 0)
        self.project_id = project.id
        self.title = QLineEdit()
        self.title.setPlaceholderText("如 完成材料采购")
        self.due_on = date_edit(due_on)
        self.form.addRow("服务项目", _project_line(project))
        self.form.addRow("节点", self.title)
        self.form.addRow("计划完成日期", self.due_on)

    def values(self) -> MilestoneInput:
        return MilestoneInput(self.project_id, self.title.text(), date_of(self.due_on))


class ExpenseDialog(InputDialog):
    """登记支出 of a project: a ledger row of its fund category, refused beyond the budget."""

    def __init__(self, parent: QWidget | None, project: ProjectRow, today: date):
        super().__init__(parent, "登记项目支出")
        self.resize(460, 0)
        self.project_id = project.id
        left = project.budget_fen - project.spent_fen
        self.spent_on = date_edit(today, latest=today)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("元，如 1,200")
        self.purpose, self.handler, self.voucher = QLineEdit(), QLineEdit(), QLineEdit()
        self.form.addRow("服务项目", _project_line(project))
        self.form.addRow("预算", QLabel(f"{format_yuan(project.budget_fen)}，已支出 {format_yuan(project.spent_fen)}，"
                                      f"尚可支出 {format_yuan(max(left, 0))}"))
        self.form.addRow("支出日期", self.spent_on)
        self.form.addRow("金额", self.amount)
        self.form.addRow("用途", self.purpose)
        self.form.addRow("经办人", self.handler)
        self.form.addRow("凭证号", self.voucher)

    def values(self) -> ProjectExpense:
        parse_yuan(self.amount.text(), field="金额")  # a typo shows here; the ledger parses it again
        return ProjectExpense(date_of(self.spent_on), self.amount.text(), self.purpose.text(), self.handler.text(),
                              self.voucher.text())
