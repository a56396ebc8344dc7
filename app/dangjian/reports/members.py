"""党员花名册: the PDF on A4 landscape with a section per org, and a flat xlsx that imports back.

IDs are masked unless options.unmasked (the registry writes that to the audit log). Every cell is a
plain string so 10,000 members lay out in a few seconds; the xlsx keeps IDs and phones as text and
never writes anything as a formula.
"""

from __future__ import annotations

from itertools import chain, groupby
from pathlib import Path

from sqlalchemy.orm import Session

from ..core.common import idcard
from ..core.common.labels import EMPLOYMENT, MEMBER_CATEGORIES, MEMBER_FLAGS, PARTY_STATUSES, label
from ..core.members.fields import flags_text, format_date
from ..core.members.query import MemberRow, roster_rows
from ..core.members.roster import find_org_id
from .engine.document import Column, Report
from .engine.registry import KINDS, ExportOptions, export_kind, unit_name
from .engine.xlsx_text_sheet import STYLE_BOLD, STYLE_TITLE, write_text_sheet

PDF_COLUMNS = [
    Column("序号", 10, "center"), Column("姓名", 18), Column("性别", 9, "center"), Column("民族", 12, "center"),
    Column("公民身份号码", 38, "center"), Column("出生日期", 20, "center"), Column("学历", 17, "center"),
    Column("人员类别", 17, "center"), Column("入党日期", 20, "center"), Column("转正日期", 20, "center"),
    Column("党籍状态", 14, "center"), Column("工作岗位", 26), Column("联系电话", 25, "center"),
    Column("备注", 19),
]


def _selected(session: Session, options: ExportOptions) -> tuple[str, list[MemberRow]]:
    org_id = find_org_id(session, options.org) if options.org else None
    return (options.org or "全部党组织"), roster_rows(session, org_id)


def _counts(rows: list[MemberRow]) -> str:
    probationary = sum(1 for row in rows if row.category == "probationary")
    return f"共{len(rows)}名（正式党员{len(rows) - probationary}名，预备党员{probationary}名）"


def _pdf_row(number: int, row: MemberRow, unmasked: bool) -> list[str]:
    note = "、".join(part for part in (flags_text(row), row.note.replace("\n", " ")) if part)
    return [
        str(number), row.name, row.gender, row.ethnicity,
        row.id_number if unmasked else idcard.mask_id(row.id_number),
        format_date(row.birth_date), row.education, label(MEMBER_CATEGORIES, row.category),
        format_date(row.joined_on, row.joined_precision), format_date(row.confirmed_on, row.confirmed_precision),
        label(PARTY_STATUSES, row.party_status), row.job, row.phone, note,
    ]


@export_kind("roster", "党员花名册", description="按党组织分节列出党员，身份证号默认脱敏")
def roster_report(session: Session, options: ExportOptions) -> Report:
    scope, rows = _selected(session, options)
    report = Report("党员花名册", unit_name=unit_name(session), landscape=True, printed_on=options.today,
                    subtitle=f"{scope}　截至{options.today:%Y年%m月%d日}　{_counts(rows)}")
    if not rows:
        report.paragraph("没有符合条件的党员。")
    for org_name, group in groupby(rows, key=lambda row: row.org_name):
        members = list(group)
        # The org and its counts as the table's caption, repeated above the header on every page, so a
        # page torn from a long section still says whose members it lists.
        report.table(PDF_COLUMNS, [_pdf_row(n, row, options.unmasked) for n, row in enumerate(members, 1)],
                     repeat_header=True, font_size=8, caption=f"{org_name}　{_counts(members)}",
                     header_every_page_title=True, sheet_name=org_name)
    report.signature_line()
    return report


# --- xlsx: one flat sheet with every importable column ---------------------------------------------

XLSX_COLUMNS: list[tuple[str, float]] = [
    ("序号", 6), ("姓名", 10), ("性别", 6), ("公民身份号码", 21), ("民族", 8), ("出生日期", 12), ("学历", 10),
    ("人员类别", 10), ("所在党组织", 24), ("入党日期", 12), ("转正日期", 12), ("延长预备期（月）", 8),
    ("党籍状态", 10), ("在职情况", 8), ("工作岗位", 16), ("联系电话", 15), ("家庭住址", 32),
    *[(text, 8) for text in MEMBER_FLAGS.values()], ("备注", 20),
]


def xlsx_values(number: int, row: MemberRow, unmasked: bool) -> list[str]:
    yes_no = ["是" if getattr(row, key) else "否" for key in MEMBER_FLAGS]
    return [
        str(number), row.name, row.gender, row.id_number if unmasked else idcard.mask_id(row.id_number),
        row.ethnicity, format_date(row.birth_date), row.education, label(MEMBER_CATEGORIES, row.category),
        row.org_name, format_date(row.joined_on, row.joined_precision),
        format_date(row.confirmed_on, row.confirmed_precision), str(row.probation_extension_months or 0),
        label(PARTY_STATUSES, row.party_status), label(EMPLOYMENT, row.employment), row.job, row.phone,
        row.address, *yes_no, row.note,
    ]


def write_roster_xlsx(session: Session, options: ExportOptions, path: Path) -> None:
    scope, rows = _selected(session, options)
    head = [[f"{unit_name(session)}党员花名册"], [f"{scope}　截至{options.today:%Y-%m-%d}　{_counts(rows)}"],
            [text for text, _ in XLSX_COLUMNS]]
    body = (xlsx_values(number, row, options.unmasked) for number, row in enumerate(rows, 1))
    write_text_sheet(path, "党员花名册", chain(head, body), widths=[width for _, width in XLSX_COLUMNS],
                     frozen="C4",  # title, subtitle, header stay; 序号 and 姓名 too
                     styles={1: STYLE_TITLE, 3: STYLE_BOLD})


KINDS["roster"].writers["xlsx"] = write_roster_xlsx
