"""党组织设置一览表 (orgs) and 换届提醒表 (terms)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..core.common.labels import SEVERITIES
from ..core.orgs.overview import org_lines, term_reminders
from ..core.orgs.tree import find_org_by_name
from .engine.document import Column, Report, chinese_date
from .engine.registry import ExportOptions, export_kind, unit_name

ORG_COLUMNS = [
    Column("党组织", 56), Column("类别", 16, "center"), Column("领域", 14, "center"),
    Column("组建方式", 16, "center"), Column("组建单位 / 挂靠", 40), Column("书记", 14, "center"),
    Column("正式", 10, "right"), Column("预备", 10, "right"), Column("届满日期", 20, "center"),
    Column("提示", 65),
]


@export_kind("orgs", "党组织设置一览表", description="各党组织的类别、组建方式、书记、党员人数、届满日期和提示")
def orgs_report(session: Session, options: ExportOptions) -> Report:
    root_id = find_org_by_name(session, options.org).id if options.org else None
    lines = org_lines(session, options.today, root_id=root_id)
    report = Report("党组织设置一览表", unit_name=unit_name(session), landscape=True, printed_on=options.today,
                    subtitle=f"截至{chinese_date(options.today)}" + (f" · {options.org}" if options.org else ""))
    rows, bold = [], []
    for index, line in enumerate(lines):
        r = line.row
        setup = "、".join(line.units) if line.units else (
            f"挂靠：{line.host or '（未登记）'}" if r.formation == "attached" else "")
        notes = "；".join(f"[{SEVERITIES.get(f.severity, f.severity)}]{f.message}" for f in line.findings)
        rows.append(["　" * line.depth + r.name, line.kind_label, line.domain_label, line.formation_label, setup,
                     line.secretary, r.total_formal, r.total_probationary, line.term_end, notes])
        if line.row.children:  # 街道党工委 and the 社区党组织 with their own branches stand out
            bold.append(index)
    report.table(ORG_COLUMNS, rows, bold_rows=bold, font_size=8, sheet_name="党组织设置")
    total = lines[0].row if lines else None
    errors = sum(1 for line in lines for f in line.findings if f.severity == "error")
    warnings = sum(1 for line in lines for f in line.findings if f.severity == "warning")
    report.paragraph(f"共{len(lines)}个党组织" + (f"，党员{total.total_formal + total.total_probationary}名"
                                              f"（正式{total.total_formal}名，预备{total.total_probationary}名）"
                                              if total else "")
                     + f"；错误{errors}条，提醒{warnings}条。"
                     "党员人数含下级党组织；花名册中尚无党员的党组织按登记人数计。")
    report.signature_line()
    return report


TERM_COLUMNS = [
    Column("序号", 12, "center"), Column("党组织", 85), Column("类别", 22, "center"), Column("届次", 16, "center"),
    Column("任期开始", 26, "center"), Column("届满日期", 26, "center"), Column("状态", 22, "center"),
    Column("距届满", 24, "center"), Column("书记", 24, "center"),
]


@export_kind("terms", "换届提醒表", formats=("pdf",), description="逾期未换届和即将到期的党组织")
def terms_report(session: Session, options: ExportOptions) -> Report:
    reminders = term_reminders(session, options.today)
    report = Report("换届提醒表", unit_name=unit_name(session), landscape=True, printed_on=options.today,
                    subtitle=f"截至{chinese_date(options.today)}")
    rows = [[index, r.path.split(" / ", 1)[-1], r.kind_label, f"第{r.number}届", r.started_on, r.planned_end_on,
             r.status_label, r.days_text(options.today), r.secretary] for index, r in enumerate(reminders, 1)]
    overdue = [i for i, r in enumerate(reminders) if r.status == "term.overdue"]
    if rows:
        report.table(TERM_COLUMNS, rows, bold_rows=overdue, font_size=9)
        report.paragraph(f"逾期未换届{len(overdue)}个，即将到期{len(rows) - len(overdue)}个。"
                         "请按规定提前做好换届准备，逾期未换届的应尽快报街道党工委批准后组织选举。")
    else:
        report.paragraph("目前没有逾期未换届或即将到期的党组织。")
    report.signature_line()
    return report
