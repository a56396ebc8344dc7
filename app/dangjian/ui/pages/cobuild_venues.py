"""阵地与品牌 tab of the 共建 page: the 党群服务中心, 党员活动室 and 党群服务站 with the activities held there
this year, and the 一社区一品牌 with the projects carrying each brand."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ...core.cobuild import venues
from ...core.cobuild.venues import BrandFields, BrandRow, VenueFields, VenueRow
from ..dialogs.cobuild_venue import BrandDialog, VenueDialog
from ..models.cobuild_lists import BrandModel, VenueModel
from ..widgets.row_table import RowTable
from .assessment_tab import AssessmentTab, Scope, TabHost


class VenuesData(NamedTuple):
    venues: list[VenueRow]
    brands: list[BrandRow]


class VenuesTab(AssessmentTab):
    title = "阵地与品牌"

    def __init__(self, host: TabHost):
        super().__init__(host)
        self.venue_model = VenueModel(self)
        self.venues = RowTable(self.venue_model, (200, 100, 160, 200, 70, 150, 64), stretch=7)
        self.venues.opened.connect(self.edit_venue)
        self.venues.deleted.connect(self.delete_venue)
        self.brand_model = BrandModel(self)
        self.brands = RowTable(self.brand_model, (160, 160, 70, 320), stretch=4)
        self.brands.opened.connect(self.edit_brand)
        self.brands.deleted.connect(self.delete_brand)
        upper, lower = QWidget(), QWidget()
        venue_buttons = [("新增阵地…", self.add_venue, "登记党群服务中心、活动室或服务站", "Ctrl+N"),
                         ("修改…", self.edit_venue, "修改所选阵地（也可双击或按回车）", None),
                         ("删除", self.delete_venue, "将所选阵地移入回收站", "Del")]
        brand_buttons = [("新增品牌…", self.add_brand, "新增特色党建品牌", "Ctrl+B"),
                         ("修改…", self.edit_brand, "修改所选品牌（也可双击或按回车）", None),
                         ("删除", self.delete_brand, "将所选品牌移入回收站", "Del")]
        for part, heading, table, buttons in ((upper, "阵地", self.venues, venue_buttons),
                                              (lower, "一社区一品牌", self.brands, brand_buttons)):
            layout = QVBoxLayout(part)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(heading))
            self.add_buttons(buttons, into=layout)
            layout.addWidget(table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setSizes([380, 260])
        self.layout_.addWidget(split, 1)
        self._brand_next = None  # key of the brand to select on the next load

    def reader(self, scope: Scope):
        return lambda session: VenuesData(venues.venue_rows(session, scope.year, scope.org_id),
                                          venues.brand_rows(session, scope.org_id))

    def show_data(self, data: VenuesData) -> None:
        self.show_rows(self.venues, data.venues)
        self.brands.set_rows(data.brands, self._brand_next)
        self._brand_next = None

    def add_venue(self) -> None:
        dialog = VenueDialog(self, self.host.org_choices, org_id=self.host.scope.org_id)
        self.open_form(dialog, lambda fields: lambda session: venues.save_venue(session, fields).id, "已新增阵地",
                       self.select_later)

    def edit_venue(self) -> None:
        def update(session, row: VenueRow, fields: VenueFields):
            return venues.save_venue(session, fields, row.id).id

        self.edit_current(self.venues, "阵地", lambda row: VenueDialog(self, self.host.org_choices, row), update,
                          "已修改阵地")

    def delete_venue(self) -> None:
        row: VenueRow | None = self.current_of(self.venues, "阵地")
        if row is None or not self.confirm("删除阵地", f"将阵地“{row.name}”（{row.org}）移入回收站？\n"
                                           "在此召开的活动仍保留地点，可从回收站恢复。"):
            return
        self.host.write(lambda session: venues.delete_venue(session, row.id), "已将该阵地移入回收站")

    def add_brand(self) -> None:
        scope = self.host.scope
        dialog = BrandDialog(self, self.host.org_choices, scope.year, org_id=scope.org_id)

        def select(brand_id: int) -> None:
            self._brand_next = brand_id

        self.open_form(dialog, lambda fields: lambda session: venues.save_brand(session, fields).id, "已新增特色品牌",
                       select)

    def edit_brand(self) -> None:
        def update(session, row: BrandRow, fields: BrandFields):
            return venues.save_brand(session, fields, row.id).id

        self.edit_current(self.brands, "特色品牌",
                          lambda row: BrandDialog(self, self.host.org_choices, self.host.scope.year, row), update,
                          "已修改特色品牌")

    def delete_brand(self) -> None:
        row: BrandRow | None = self.current_of(self.brands, "特色品牌")
        if row is None or not self.confirm("删除特色品牌", f"将品牌“{row.name}”移入回收站？\n"
                                           "带有该品牌的服务项目保留，可从回收站恢复。"):
            return
        self.host.write(lambda session: venues.delete_brand(session, row.id), "已将该品牌移入回收站")
