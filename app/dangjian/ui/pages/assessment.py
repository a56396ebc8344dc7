"""考核 page: 党建责任与考核 of a year, for the whole street or one org's subtree — 责任清单, 月调度, 问题清单,
整改清单, 考核清单 with the score grid, 述职评议 and 年度排名 — and printing the lists.

The tabs load, write and print through `ScopedTabsPage`; the page also reads the assessed orgs of the scope
(with their 书记) with every load, for the tabs' org choices."""

from __future__ import annotations

from ...core.assessment.scope import AssessedOrg, assessed_orgs
from .assessment_duties import DispatchTab, DutiesTab
from .assessment_problems import MeasuresTab, ProblemsTab
from .assessment_reviews import ReviewsTab
from .assessment_scores import IndicatorsTab, RankingTab
from .assessment_tab import Scope
from .scoped_tabs import ScopedTabsPage

CHANGES = {"assessment"}
PRINTS = (("assessment-lists", "四张清单"), ("rectification", "整改台账"), ("assessment-scores", "年底考核得分表"),
          ("review-ballot", "述职评议票"), ("review-results", "述职评议结果汇总"))  # labels as in reports.assessment


class AssessmentPage(ScopedTabsPage):
    # Computed indicators and rule findings read every other domain.
    domains = frozenset({"assessment", "orgs", "members", "activities", "training", "budgets", "dues", "settings"})
    heading = "考核"
    tab_kinds = (DutiesTab, DispatchTab, ProblemsTab, MeasuresTab, IndicatorsTab, ReviewsTab, RankingTab)
    prints = PRINTS
    print_tip = "打印本年度（所选党组织）的清单、得分和评议"
    changes = frozenset(CHANGES)

    def __init__(self, ctx, parent=None):
        self._assessed: list[AssessedOrg] = []
        super().__init__(ctx, parent)

    @property
    def assessed(self) -> list[AssessedOrg]:
        """The assessed orgs of the scope in tree order, with their 书记 (as of the last load)."""
        return self._assessed

    def shared_reader(self, scope: Scope):
        return lambda session: assessed_orgs(session, scope.day, scope.org_id)

    def shared_loaded(self, shared: list[AssessedOrg]) -> None:
        self._assessed = shared
