"""活动与会议: 三会一课, 主题党日, 联席会议…: records, attendance, the 经费 request → approval → 报销 flow
through the budgets ledger, attachments, the meeting pack and missed-meeting findings.
"""
