"""`dangjian check`: SQLite integrity, foreign keys, and every domain's rule findings."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from .common.findings import Finding, sort_findings

FindingProvider = Callable[[Session, date], list[Finding]]

# "module:function" of each domain's findings; each takes (session, today) and reads settings itself.
PROVIDERS: list[str] = [
    "dangjian.core.orgs.rules:org_findings",
    "dangjian.core.budgets.checks:budget_findings",
    "dangjian.core.training.stats:training_findings",
    "dangjian.core.activities.checks:activity_findings",
    "dangjian.core.dues.checks:dues_findings",
    "dangjian.core.assessment.problems:assessment_findings",
]


def _providers() -> list[FindingProvider]:
    result = []
    for spec in PROVIDERS:
        module, _, name = spec.partition(":")
        result.append(getattr(importlib.import_module(module), name))
    return result


def integrity(session: Session) -> tuple[str, list[list]]:
    """('ok' or SQLite's first complaint, rows of PRAGMA foreign_key_check)."""
    conn = session.connection()
    status = "; ".join(row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()[:5])
    foreign = [list(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()]
    return status, foreign


def all_findings(session: Session, today: date | None = None) -> list[Finding]:
    today = today or date.today()
    findings: list[Finding] = []
    for provider in _providers():
        findings.extend(provider(session, today))
    return sort_findings(findings)


def run_checks(session: Session, today: date | None = None) -> dict:
    status, foreign = integrity(session)
    findings = all_findings(session, today) if status == "ok" else []
    return {"integrity": status, "foreign_keys": foreign, "findings": [f.as_json() for f in findings]}
