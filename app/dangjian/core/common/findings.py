"""A finding: something in the data that breaks or nears a rule. Shared by every domain's checks."""

from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning" | "info"
    rule: str  # stable code, e.g. "org.min_formal_members"
    message: str  # one Chinese sentence
    org_id: int | None = None
    org: str = ""  # org name, for people and JSON
    setting_key: str | None = None  # the setting that drives the rule, if any

    def as_json(self) -> dict:
        data = asdict(self)
        return {"severity": data["severity"], "org": data["org"], "rule": data["rule"],
                "message": data["message"], "setting": data["setting_key"]}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.org, f.rule))
