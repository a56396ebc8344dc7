"""共建 page: 共建与服务 of a year, for the whole street or one org's subtree — 服务项目 (项目书, steps, spending
through the ledger, 节点, files), 双报到, 志愿服务 (teams, records, hours) and 阵地与品牌 — and printing them.

The tabs load, write (announcing "cobuild") and print through `ScopedTabsPage`."""

from __future__ import annotations

from dataclasses import fields, replace

from ...core.common.errors import UserError
from ...reports.engine.registry import ExportOptions
from .cobuild_projects import ProjectsTab
from .cobuild_venues import VenuesTab
from .cobuild_volunteers import RegistrationsTab, VolunteeringTab
from .scoped_tabs import ScopedTabsPage

CHANGES = {"cobuild"}
PRINTS = (("projects", "服务项目汇总表"), ("project", "所选项目的服务项目书"), ("volunteering", "双报到与志愿服务统计"),
          ("venues", "阵地与品牌一览"))


class CobuildPage(ScopedTabsPage):
    # Spending is ledger rows; venues count activities; members register and serve.
    domains = frozenset({"cobuild", "orgs", "members", "budgets", "activities"})
    heading = "共建"
    tab_kinds = (ProjectsTab, RegistrationsTab, VolunteeringTab, VenuesTab)
    prints = PRINTS
    print_tip = "打印本年度（所选党组织）的服务项目、双报到与志愿服务、阵地与品牌"
    changes = frozenset(CHANGES)

    def print_options(self, kind: str) -> ExportOptions:
        options = super().print_options(kind)
        if kind != "project":
            return options
        row = self.tab_of(ProjectsTab).selected()
        if row is None:
            raise UserError("请先在“服务项目”中选择要打印的项目")
        if "project_id" not in {f.name for f in fields(ExportOptions)}:
            raise UserError("报表模块还不能按单个项目打印服务项目书")
        return replace(options, project_id=row.id)
