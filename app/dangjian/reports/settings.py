"""现行标准: every place-varying rule in force, with its default, for the office's records."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..core.system import settings
from .engine.document import Column, Report
from .engine.registry import ExportOptions, export_kind, unit_name


@export_kind("settings", "现行标准", description="各项规则和标准的现行值")
def settings_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    report = Report("现行标准一览表", unit_name=unit_name(session), subtitle=f"{year}年度",
                    printed_on=options.today)
    values = {item.key: (value, is_default) for item, value, is_default in settings.values_in_force(session, year)}
    columns = [Column("项目", 70), Column("现行值", 35, "center"), Column("默认值", 30, "center"),
               Column("说明", 45)]
    for group, items in settings.groups().items():
        rows = []
        for item in items:
            value, is_default = values[item.key]
            note = item.help or ("按年度设置" if item.yearly else "")
            current = item.display(value) if value not in ("", None) else "（未填写）"
            rows.append([item.label, current if is_default else f"{current}（已修改）",
                         item.display(item.default) if item.default not in ("", None) else "—", note])
        report.heading(group, level=2)
        report.table(columns, rows, sheet_name=group)
    report.signature_line()
    return report
