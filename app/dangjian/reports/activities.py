"""活动 printouts: the meeting pack (会议材料: 通知, 议程, 签到表, 会议记录, 经费申请表/报销单) and the year's
组织生活台账. Content only; pdf/xlsx backends render it, `activities_docx` writes the editable .docx."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..core.activities.pack import MeetingPack, activity_ledger, meeting_pack
from ..core.common.labels import ACTIVITY_STATUSES, ACTIVITY_TYPES, APPROVAL_LEVELS
from ..core.common.money import format_yuan
from ..core.orgs.queries import find_org_by_name, subtree_ids
from ..core.training.hours import format_hours
from .engine.document import Column, Report, chinese_date
from .engine.registry import ExportOptions, export_kind, unit_name

SIGN_ROW_MM = 9.0  # a row a pen fits in (≥ 8 mm)
SIGN_COLUMN_MM = 50.0  # signature column (≥ 40 mm)
BLANK_SIGN_ROWS = 5  # for people not on the list
RULED_LINES = 14  # handwriting lines where the record is still empty
WEEKDAYS = "一二三四五六日"


def when_text(pack: MeetingPack) -> str:
    start, end = pack.actual_start or pack.planned_start, pack.actual_end or pack.planned_end
    same_day = start.date() == end.date()
    until = f"{end:%H:%M}" if same_day else f"{chinese_date(end.date())} {end:%H:%M}"
    return f"{chinese_date(start.date())}（星期{WEEKDAYS[start.weekday()]}）{start:%H:%M}—{until}"


def notice_text(pack: MeetingPack) -> list[str]:
    """会议通知 paragraphs, shared by the PDF and the .docx."""
    kind = ACTIVITY_TYPES.get(pack.activity_type, "")
    who = "各位委员" if pack.activity_type == "committee_meeting" else "各位党员、各有关单位"
    lines = [f"{who}：",
             f"经研究，定于{when_text(pack)}在{pack.place or '（地点待定）'}召开{pack.title}（{kind}），"
             "请准时参加。因故不能参加的，请提前向主持人请假。"]
    if pack.agenda:
        lines.append("会议议程：" + "；".join(f"{n}. {text}" for n, (text, _) in enumerate(pack.agenda, 1)) + "。")
    if pack.units:
        lines.append("参加单位：" + "、".join(unit for unit, _ in pack.units) + "。")
    lines.append(f"{'、'.join(pack.orgs)}\n{chinese_date(pack.planned_start.date())}")
    return lines


def record_pairs(pack: MeetingPack) -> list[tuple[str, str]]:
    """会议记录 header fields, shared by the PDF and the .docx."""
    c = pack.counts
    counts = (f"应到 {c.expected} 人，实到 {c.present} 人，请假 {c.leave} 人，缺席 {c.absent} 人"
              if c.expected else "应到 ___ 人，实到 ___ 人，请假 ___ 人")
    pairs = [("会议名称", pack.title), ("会议类型", ACTIVITY_TYPES.get(pack.activity_type, "")),
             ("时间", when_text(pack)), ("地点", pack.place), ("主持人", pack.host), ("记录人", pack.recorder),
             ("出席情况", counts), ("列席人员", pack.observers)]
    if pack.hours_tenths:
        pairs.append(("学时", f"{format_hours(pack.hours_tenths)} 学时"))
    return pairs


def _ruled(report: Report, caption: str, text: str) -> None:
    """The record's text, or ruled lines to write on by hand."""
    lines = [line for line in text.splitlines() if line.strip()] if text.strip() else []
    rows = [[line] for line in lines] or [[""] for _ in range(RULED_LINES)]
    report.table([Column(caption, 180)], rows, row_height_mm=SIGN_ROW_MM, repeat_header=True)


def sign_in_rows(pack: MeetingPack) -> list[list]:
    rows = [[n, a.name, a.org, "", ""] for n, a in enumerate(pack.attendees, 1)]
    start = len(rows)
    rows += [[start + n, delegate, f"{unit}（兼职委员）", "", ""] for n, (unit, delegate) in enumerate(pack.units, 1)]
    start = len(rows)
    rows += [[start + n, "", "", "", ""] for n in range(1, BLANK_SIGN_ROWS + 1)]
    return rows


SIGN_IN_COLUMNS = [Column("序号", 14, "center"), Column("姓名", 30), Column("所在党组织/单位", 56),
                   Column("签名", SIGN_COLUMN_MM), Column("备注", 30)]


def _funds(report: Report, pack: MeetingPack) -> None:
    funds = pack.funds
    assert funds is not None
    report.page_break()
    report.heading("活动经费申请表")
    report.key_values([("活动名称", pack.title), ("申请单位", "、".join(pack.orgs)), ("经费类别", funds.category),
                       ("申请金额", funds.requested), ("活动时间", when_text(pack)), ("活动地点", pack.place)])
    report.heading("活动方案及预算", level=2)
    report.paragraph(funds.plan or "（未填写）")
    report.heading("审批意见", level=2)
    report.key_values([("审批层级", APPROVAL_LEVELS.get(funds.level, "")), ("批准金额", funds.approved),
                       ("审批人", funds.approver), ("审批日期", funds.approved_on),
                       ("意见", funds.opinion)])
    if funds.needs_street:
        report.paragraph(f"申请金额超过审批限额 {format_yuan(funds.threshold)}，须经街道党工委审批。")
    report.signature_line(("经办人", "支部书记", "街道党工委审批"))
    report.page_break()
    report.heading("活动经费报销单")
    rows = [[r.spent_on, r.purpose, r.voucher_no, r.handler, r.amount] for r in pack.expenses]
    struck = [n for n, r in enumerate(pack.expenses) if r.voided]
    rows.append(["合计", "", "", "", funds.spent])
    report.table([Column("日期", 24, "center"), Column("用途", 70), Column("凭证号", 30), Column("经办人", 22),
                  Column("金额", 34, "right")], rows, struck_rows=struck, bold_rows=[len(rows) - 1],
                 row_height_mm=SIGN_ROW_MM)
    report.key_values([("申请金额", funds.requested), ("批准金额", funds.approved), ("已报销", funds.spent),
                       ("结余", funds.balance)], columns=4)
    report.paragraph("附：活动方案、预算、签到册、简报、照片、票据")
    report.signature_line(("经办人", "支部书记", "街道党工委审批"))


def handout_report(pack: MeetingPack, *, unit: str, today) -> Report:
    report = Report(pack.title, unit_name=unit, subtitle=f"{ACTIVITY_TYPES.get(pack.activity_type, '')}会议材料",
                    printed_on=today)
    report.heading("会议通知")
    salutation, *body, closing = notice_text(pack)
    report.paragraph(salutation, indent=False)
    for line in body:
        report.paragraph(line)
    report.paragraph(closing, align="right")
    report.heading("议程", level=2)
    report.table([Column("序号", 14, "center"), Column("议题", 126), Column("落实人/单位", 40)],
                 [[n, text, who] for n, (text, who) in enumerate(pack.agenda, 1)] or [[1, "", ""]],
                 row_height_mm=SIGN_ROW_MM)
    report.page_break()
    report.heading("签到表")
    report.key_values([("会议", pack.title), ("时间", when_text(pack)), ("地点", pack.place),
                       ("应到", f"{len(pack.attendees) + len(pack.units)} 人")])
    report.table(SIGN_IN_COLUMNS, sign_in_rows(pack), row_height_mm=SIGN_ROW_MM)
    report.page_break()
    report.heading("会议记录")
    report.key_values(record_pairs(pack), columns=1)
    report.heading("议题", level=2)
    report.paragraph("\n".join(f"{n}. {text}" for n, (text, _) in enumerate(pack.agenda, 1)) or "（未填写）")
    _ruled(report, "会议内容", pack.content)
    _ruled(report, "决议", pack.resolution)
    report.signature_line(("主持人", "记录人", "日期"))
    if pack.funds is not None:
        _funds(report, pack)
    return report


@export_kind("handout", "会议材料", formats=("pdf", "docx"), needs=("activity_id",),
             description="会议通知、议程、签到表、会议记录（有经费的含经费申请表和报销单）")
def handout(session: Session, options: ExportOptions) -> Report:
    assert options.activity_id is not None
    return handout_report(meeting_pack(session, options.activity_id), unit=unit_name(session), today=options.today)


def _org_filter(session: Session, name: str | None) -> list[int] | None:
    if not name:
        return None
    return subtree_ids(session, find_org_by_name(session, name).id)


@export_kind("activities", "组织生活台账", description="全年各党组织三会一课等活动次数及活动清单")
def activities_ledger(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    ledger = activity_ledger(session, year, _org_filter(session, options.org))
    report = Report("组织生活台账", unit_name=unit_name(session), subtitle=f"{year}年度" +
                    (f"（{options.org}）" if options.org else ""), landscape=True, printed_on=options.today)
    kinds = list(ACTIVITY_TYPES)
    short = {"volunteer": "志愿/共建", "member_review": "民主评议"}
    columns = [Column("党组织", 62)] + [Column(short.get(k, ACTIVITY_TYPES[k]), 19, "center") for k in kinds]
    columns.append(Column("合计", 15, "center"))
    rows, totals = [], [0] * len(kinds)
    for org_id, name in ledger.orgs:
        counts = [ledger.counts.get((org_id, k), 0) for k in kinds]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append([name, *counts, sum(counts)])
    rows.append(["合计", *totals, sum(totals)])
    # Captions rather than headings: a heading keeps with its whole (long) table and would leave page 1 empty.
    report.table(columns, rows, bold_rows=[len(rows) - 1], sheet_name="次数统计", caption="各党组织已召开活动次数")
    # 应到/实到/请假 in one cell: a year of 500 orgs is ~12,000 rows and each cell costs print time.
    report.table([Column("日期", 24, "center"), Column("党组织", 64), Column("类型", 32), Column("活动名称", 93),
                  Column("状态", 18, "center"), Column("应到/实到/请假", 36, "center")],
                 ([a.held_on, a.org, ACTIVITY_TYPES.get(a.activity_type, a.activity_type), a.title,
                   ACTIVITY_STATUSES.get(a.status, a.status), f"{a.expected}/{a.present}/{a.leave}"]
                  for a in ledger.activities), sheet_name="活动清单", caption="活动清单")
    report.signature_line()
    return report
