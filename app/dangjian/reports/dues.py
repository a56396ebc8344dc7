"""党费 printouts: 党费收缴明细 (a month's list, or the year's month grid), 年度党费公示 per org, and the
上缴凭证 for one remittance.

Every figure comes from core.dues, so each total is the integer sum the 党费 page shows. The 公示 is
posted on a notice board: it shows masked 公民身份号码 (unless --unmasked, which is audited) and never
the income a member declared, only what they pay.
"""

from __future__ import annotations

from itertools import groupby

from sqlalchemy.orm import Session

from ..core.common.idcard import mask_id
from ..core.common.labels import DUES_BASES_SHORT, DUES_MONTH_STATES, PAYMENT_WAYS, label
from ..core.common.money import Money, format_yuan, uppercase_yuan
from ..core.dues import listing
from ..core.dues.status import MONTHS, MemberYear, last_due_month, member_years
from ..core.orgs.queries import get_org
from .engine.document import Column, Report
from .engine.registry import ExportOptions, export_kind, org_scope, unit_name


def _basis(row: MemberYear) -> str:
    return DUES_BASES_SHORT.get(row.basis, "未核定")


def _due(row: MemberYear, month: int) -> Money | str:
    due = row.due_fen(month)
    return "未核定" if due is None else Money(due)


@export_kind("dues", "党费收缴明细", accepts=("month",),
             description="党费收缴明细：指定 --month 时列出该月每名党员的应交、实交、交纳日期和方式；"
                         "不指定时为全年逐月收缴表（--year，--org）")
def dues_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    rows = member_years(session, year, org_id)
    if options.month is not None:
        return _month_report(session, options, year, options.month, org_name, rows)
    return _year_report(session, options, year, org_name, rows)


def _month_report(session: Session, options: ExportOptions, year: int, month: int, org_name: str,
                  rows: list[MemberYear]) -> Report:
    report = Report(f"{year}年{month}月党费收缴明细", unit_name=unit_name(session),
                    subtitle=org_name or "全部党组织", printed_on=options.today, sheet_name="收缴明细")
    payments = listing.month_payments(session, year, month, [r.member_id for r in rows])
    until = max(month, last_due_month(year, options.today))
    states = [r.state(year, month, until) for r in rows]
    due_total = sum(r.due_fen(month) or 0 for r, s in zip(rows, states, strict=True) if s in ("due", "paid"))
    paid_total = sum(r.paid.get(month, 0) for r in rows)
    report.key_values([("应交人数", f"{sum(s in ('due', 'paid') for s in states)} 人"),
                       ("已交人数", f"{states.count('paid')} 人"), ("未交人数", f"{states.count('due')} 人"),
                       ("免交人数", f"{states.count('waived')} 人"),
                       ("应交金额", format_yuan(due_total)), ("实交金额", format_yuan(paid_total))], columns=3)
    table_rows, bold = [], []
    for number, (row, state) in enumerate(zip(rows, states, strict=True), start=1):
        payment = payments.get(row.member_id)
        if state == "due":
            bold.append(number - 1)
        table_rows.append((number, row.name, row.org, _basis(row), _due(row, month) if state != "not_due" else "—",
                           Money(row.paid[month]) if state == "paid" else None,
                           payment.paid_on if payment else "", label(PAYMENT_WAYS, payment.way) if payment else "",
                           payment.receipt_no if payment else "", _state_note(state, payment)))
    table_rows.append(("", "合计", "", "", Money(due_total), Money(paid_total), "", "", "", ""))
    report.table([Column("序号", 10, "center"), Column("姓名", 17), Column("所在党组织", 33),
                  Column("类别", 13, "center"), Column("应交", 17, "right"), Column("实交", 17, "right"),
                  Column("交纳日期", 20, "center"), Column("方式", 14, "center"), Column("收据号", 15),
                  Column("状态", 24, "center")],
                 table_rows, bold_rows=[*bold, len(table_rows) - 1], font_size=8.5, sheet_name="收缴明细")
    report.paragraph("状态为“未交”的以粗体标出；一笔交纳多个月的，实交按月平均计入。", indent=False)
    report.signature_line(("收缴人", "党组织书记", "日期"))
    return report


def _state_note(state: str, payment: listing.PaymentRow | None) -> str:
    if payment is not None and payment.kind == "back_pay":
        return "补交"
    if payment is not None and payment.first_month != payment.last_month:
        return f"已交{payment.months}"
    return DUES_MONTH_STATES[state] if state != "not_due" else ""


def _year_report(session: Session, options: ExportOptions, year: int, org_name: str,
                 rows: list[MemberYear]) -> Report:
    report = Report(f"{year}年度党费收缴明细", unit_name=unit_name(session), subtitle=org_name or "全部党组织",
                    landscape=True, printed_on=options.today, sheet_name="逐月收缴")
    until = last_due_month(year, options.today)
    expected = sum(r.expected_fen(year, until) for r in rows)
    paid = sum(r.paid_fen for r in rows)
    behind = [r for r in rows if r.unpaid_months(year, until)]
    report.key_values([("党员人数", f"{len(rows)} 人"), ("统计至", f"{year}年{until}月" if until else "尚未开始"),
                       ("应交合计", format_yuan(expected)), ("实交合计", format_yuan(paid)),
                       ("其中补交", format_yuan(sum(r.back_paid_fen for r in rows))),
                       ("有欠交的党员", f"{len(behind)} 人")], columns=3)
    table_rows, bold = [], []
    for number, row in enumerate(rows, start=1):
        cells = []
        for month in MONTHS:
            state = row.state(year, month, until)
            cells.append(Money(row.paid[month]) if state == "paid" else DUES_MONTH_STATES[state])
        unpaid = len(row.unpaid_months(year, until))
        if unpaid:
            bold.append(number - 1)
        monthly = "未核定" if row.base_monthly_fen is None else Money(row.base_monthly_fen)
        table_rows.append((number, row.name, row.org, monthly, *cells, Money(row.paid_fen), unpaid or ""))
    by_month = [Money(sum(r.paid.get(m, 0) for r in rows)) for m in MONTHS]
    table_rows.append(("", "合计", "", "", *by_month, Money(paid), ""))
    report.table([Column("序号", 9, "center"), Column("姓名", 16), Column("所在党组织", 34),
                  Column("月应交", 15, "right"), *(Column(f"{m}月", 14, "right") for m in MONTHS),
                  Column("已交合计", 18, "right"), Column("欠交月数", 12, "center")],
                 table_rows, bold_rows=[*bold, len(table_rows) - 1], font_size=7, sheet_name="逐月收缴")
    report.paragraph("已交的月份印金额（元）；“未交”为已到交纳月份而未交；“—”为未到交纳月份或尚未入党；"
                     "有欠交月份的党员以粗体标出。", indent=False)
    report.signature_line(("制表人", "党组织书记", "日期"))
    return report


@export_kind("dues-notice", "年度党费公示",
             description="年度党费交纳情况公示：每个党组织一页，列出党员的交纳类别、月交纳额、应交和实交金额，"
                         "公民身份号码打码（--year，--org；不公开收入）")
def dues_notice_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_id, org_name = org_scope(session, options)
    until = last_due_month(year, options.today)
    report = Report(f"{year}年度党费交纳情况公示", unit_name=unit_name(session), subtitle=org_name,
                    printed_on=options.today, sheet_name="党费公示")
    rows = member_years(session, year, org_id)
    if not rows:
        report.paragraph("没有需要公示的党员。")
    for index, (org, members) in enumerate(groupby(rows, key=lambda r: (r.org_id, r.org))):
        members = list(members)
        if index:
            report.page_break()
        expected = sum(m.expected_fen(year, until) for m in members)
        paid = sum(m.paid_fen for m in members)
        body = [(n, m.name, m.id_number if options.unmasked else mask_id(m.id_number), _basis(m),
                 "未核定" if m.base_monthly_fen is None else Money(m.base_monthly_fen),
                 Money(m.expected_fen(year, until)), Money(m.paid_fen),
                 len(m.unpaid_months(year, until)) or "") for n, m in enumerate(members, start=1)]
        body.append(("", "合计", "", "", "", Money(expected), Money(paid), ""))
        report.table([Column("序号", 10, "center"), Column("姓名", 20), Column("公民身份号码", 40, "center"),
                      Column("交纳类别", 18, "center"), Column("月交纳额", 20, "right"),
                      Column("应交", 22, "right"), Column("实交", 22, "right"), Column("欠交月数", 16, "center")],
                     body, bold_rows=[len(body) - 1], font_size=9, sheet_name=org[1],
                     caption=f"{org[1]}（统计期间：{year}年1月至{until}月）" if until else org[1])
        report.paragraph(f"以上为本支部党员{year}年度党费交纳情况，公示期五个工作日。如有疑问，"
                         "请向党支部书记或组织委员反映。", indent=True)
        report.signature_line(("党支部（盖章）", "公示日期"))
    return report


@export_kind("dues-remittance", "党费上缴凭证", formats=("pdf",), needs=("remittance_id",),
             description="一次党费上缴的凭证：上缴党组织、接收单位、金额（大写）和按党组织、年度的明细（--remittance）")
def dues_remittance_report(session: Session, options: ExportOptions) -> Report:
    assert options.remittance_id is not None
    remittance = listing.get_remittance(session, options.remittance_id)
    org = get_org(session, remittance.org_id)
    report = Report("党费上缴凭证", unit_name=unit_name(session), subtitle=f"编号 {remittance.id}",
                    printed_on=options.today)
    report.key_values([("上缴党组织", org.name), ("接收单位", remittance.receiver),
                       ("上缴日期", remittance.remitted_on), ("收缴截止", remittance.collected_until),
                       ("金额（小写）", format_yuan(remittance.amount_fen)),
                       ("金额（大写）", "人民币" + uppercase_yuan(remittance.amount_fen)),
                       ("笔数", f"{remittance.payments} 笔"), ("收据号", remittance.receipt_no or "—"),
                       ("经手人", remittance.handled_by or "—"), ("备注", remittance.note or "—")], columns=2)
    groups = listing.remittance_breakdown(session, remittance.id)
    rows = [(g.org, f"{g.year}年", f"{g.first_month}—{g.last_month}月" if g.first_month != g.last_month
             else f"{g.first_month}月", g.members, g.payments, Money(g.amount_fen)) for g in groups]
    rows.append(("合计", "", "", sum(g.members for g in groups), sum(g.payments for g in groups),
                 Money(sum(g.amount_fen for g in groups))))
    report.table([Column("党组织", 64), Column("年度", 18, "center"), Column("所属月份", 28, "center"),
                  Column("人数", 18, "right"), Column("笔数", 18, "right"), Column("金额", 34, "right")],
                 rows, bold_rows=[len(rows) - 1], caption="上缴明细")
    report.signature_line(("上缴经手人", "接收人", "日期"))
    return report
