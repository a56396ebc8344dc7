"""阵地 (党群服务中心, 党员活动室, 党群服务站) and 一社区一品牌 dialogs."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from ...core.cobuild.venues import BrandFields, BrandRow, VenueFields, VenueRow
from ...core.common.labels import VENUE_KINDS
from ..widgets.controls import code_combo, text_box, year_spin
from .assessment_common import chosen_org
from .budget_form import InputDialog
from .course_dialog import org_combo

Orgs = list[tuple[int, str, int]]


class VenueDialog(InputDialog):
    def __init__(self, parent: QWidget | None, orgs: Orgs, venue: VenueRow | None = None, org_id: int | None = None):
        super().__init__(parent, "修改阵地" if venue else "新增阵地")
        self.resize(500, 0)
        self.org = org_combo(orgs, "（请选择党组织）")
        self.org.setCurrentIndex(max(self.org.findData(venue.org_id if venue else org_id), 0))
        self.name = QLineEdit(venue.name if venue else "")
        self.name.setPlaceholderText("如 东湖社区党群服务中心")
        self.kind = code_combo(VENUE_KINDS)
        self.kind.setCurrentIndex(max(self.kind.findData(venue.kind if venue else "room"), 0))
        self.address = QLineEdit(venue.address if venue else "")
        self.area = QSpinBox()
        self.area.setRange(0, 100_000)
        self.area.setSuffix(" 平方米")
        self.area.setValue(venue.area_m2 if venue else 0)
        self.facilities = text_box(2, venue.facilities if venue else "")
        self.opening_hours = QLineEdit(venue.opening_hours if venue else "")
        self.opening_hours.setPlaceholderText("如 周一至周五 8:30—17:30")
        self.form.addRow("所属党组织", self.org)
        self.form.addRow("阵地名称", self.name)
        self.form.addRow("类型", self.kind)
        self.form.addRow("地址", self.address)
        self.form.addRow("面积", self.area)
        self.form.addRow("功能设施", self.facilities)
        self.form.addRow("开放时间", self.opening_hours)

    def values(self) -> VenueFields:
        return VenueFields(chosen_org(self.org), self.name.text(), self.kind.currentData(), self.address.text(),
                           self.area.value(), self.facilities.toPlainText(), self.opening_hours.text())


class BrandDialog(InputDialog):
    def __init__(self, parent: QWidget | None, orgs: Orgs, year: int, brand: BrandRow | None = None,
                 org_id: int | None = None):
        super().__init__(parent, "修改特色品牌" if brand else "新增特色品牌")
        self.resize(480, 0)
        self.org = org_combo(orgs, "（请选择党组织）")
        self.org.setCurrentIndex(max(self.org.findData(brand.org_id if brand else org_id), 0))
        self.name = QLineEdit(brand.name if brand else "")
        self.name.setPlaceholderText("如 “红色管家”")
        self.year = year_spin(year=brand.year if brand else min(year, date.today().year))
        self.description = text_box(4, brand.description if brand else "")
        self.form.addRow("所属党组织", self.org)
        self.form.addRow("品牌名称", self.name)
        self.form.addRow("创建年度", self.year)
        self.form.addRow("品牌简介", self.description)

    def values(self) -> BrandFields:
        return BrandFields(chosen_org(self.org), self.name.text(), self.year.value(), self.description.toPlainText())
