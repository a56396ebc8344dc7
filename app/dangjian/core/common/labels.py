"""Chinese labels for stored codes — one Qt-free place used by the UI, reports and CLI alike.

Codes in the database are English and stable; what people read lives here.
"""

ORG_KINDS = {
    "street_committee": "街道党工委",
    "party_committee": "党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "group": "党小组",
}

ORG_DOMAINS = {
    "community": "社区",
    "residential": "小区",
    "building": "楼宇",
    "enterprise": "非公企业",
    "social_org": "社会组织",
    "institution": "机关事业单位",
    "other": "其他",
}

FORMATIONS = {"single": "单独组建", "joint": "联合组建", "attached": "挂靠组建"}

ORG_STATUSES = {"active": "正常", "revoked": "已撤销"}

SEAT_ROLES = {
    "secretary": "书记",
    "deputy_secretary": "副书记",
    "organisation": "组织委员",
    "publicity": "宣传委员",
    "discipline": "纪检委员",
    "member": "委员",
    "part_time": "兼职委员",
}

MEMBER_CATEGORIES = {"formal": "正式党员", "probationary": "预备党员"}

PARTY_STATUSES = {
    "normal": "正常",
    "suspended": "停止党籍",
    "expelled": "出党",
    "deceased": "死亡",
    "transferred_out": "已转出",
}

EDUCATION_LEVELS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学及以下")

MEMBER_FLAGS = {"is_mobile": "流动党员", "is_lost_contact": "失联党员", "is_hardship": "困难党员",
                "dual_registered": "双报到"}

EMPLOYMENT = {"employed": "在职", "retired": "离退休", "other": "其他"}

DUES_BASES = {"working": "在职（按月收入）", "retired": "离退休（按离退休费）", "fixed": "定额（学生、困难、下岗失业）"}
DUES_BASES_SHORT = {"working": "在职", "retired": "离退休", "fixed": "定额"}  # grid cells and printed tables
PAYMENT_WAYS = {"cash": "现金", "transfer": "银行转账", "wechat": "微信", "alipay": "支付宝", "other": "其他"}
DUES_PAYMENT_KINDS = {"regular": "按月交纳", "back_pay": "补交"}
DUES_MONTH_STATES = {"paid": "已交", "waived": "免交", "due": "未交", "not_due": "—"}
DUES_ROUNDING = {"fen": "四舍五入到分", "jiao": "四舍五入到角", "yuan": "四舍五入到元"}

COURSE_TYPES = {
    "rotation": "集中轮训班",
    "seminar": "高级研修班",
    "study_tour": "学习考察",
    "community_secretary": "社区书记集中培训班",
    "two_new_secretary": "两新组织书记培训班",
    "winter": "党员冬训",
    "online": "网络学习",
    "other": "其他",
}

ATTENDANCE_STATUSES = {"pending": "未登记", "present": "出勤", "leave": "请假", "absent": "缺勤"}

# Who a course is meant for (courses.target_group); narrowed further by courses.target_org_id.
TRAINING_TARGETS = {
    "all": "全体党员",
    "leaders": "书记和班子成员",
    "secretaries": "党组织书记",
    "community_secretaries": "社区书记",
    "two_new_secretaries": "两新组织书记",
}

# 学时统计 role filter: the yearly requirement a member falls under.
TRAINING_ROLES = {"leader": "书记及班子成员", "member": "党员"}

ACTIVITY_TYPES = {
    "party_congress": "党员大会",
    "committee_meeting": "支委会",
    "group_meeting": "党小组会",
    "party_lecture": "党课",
    "theme_day": "主题党日",
    "life_meeting": "组织生活会",
    "member_review": "民主评议",
    "joint_meeting": "联席会议",
    "volunteer": "志愿服务/共建活动",
    "other": "其他",
}

ACTIVITY_STATUSES = {"planned": "计划", "held": "已召开", "cancelled": "已取消"}

# 活动 attendance reads 出席/缺席 where training reads 出勤/缺勤; the stored codes are the same.
ACTIVITY_ATTENDANCE = {"pending": "未登记", "present": "出席", "leave": "请假", "absent": "缺席"}

APPROVAL_LEVELS = {"": "未审批", "branch": "党组织审批", "street": "街道党工委审批"}

ATTACHMENT_KINDS = {"plan": "方案", "signin": "签到册", "photo": "照片", "receipt": "票据", "other": "其他"}

BUDGET_DIFF_STATUSES = {"new": "新增", "changed": "变更", "unchanged": "不变", "removed": "取消"}

SEVERITIES = {"error": "错误", "warning": "提醒", "info": "提示"}


def label(mapping: dict[str, str], code: str | None) -> str:
    """Label of a code, or the code itself when unknown (never hide data behind a KeyError)."""
    if code is None:
        return ""
    return mapping.get(code, code)


def code_for(mapping: dict[str, str], text: str) -> str | None:
    """Reverse lookup: accepts either the code or its Chinese label."""
    text = text.strip()
    if text in mapping:
        return text
    for code, name in mapping.items():
        if name == text:
            return code
    return None

# 操作日志: audit actions and entities as people read them (unknown codes are shown as stored).
AUDIT_ACTIONS = {
    "create": "新增", "update": "修改", "delete": "删除", "restore": "恢复", "purge": "彻底删除",
    "undo": "撤销", "redo": "重做", "reset": "恢复默认", "move": "移动", "revoke": "撤销组织", "transfer": "转接",
    "confirm": "转正", "enrol": "报名", "unenrol": "取消报名", "attendance": "签到", "generate": "生成",
    "void": "作废", "unvoid": "取消作废", "import": "导入", "export_unmasked": "不脱敏导出",
    "unmask": "查看完整号码", "backup": "备份",
}
AUDIT_ENTITIES = {
    "organisation": "党组织", "member": "党员", "committee_seat": "班子成员", "term": "届次", "election": "选举",
    "course": "培训班", "external_hours": "外部学时", "budget": "预算", "budget_adjustment": "预算调整",
    "fund_category": "经费类别", "fund_standard": "经费标准", "expenditure": "经费支出", "setting": "设置",
    "report": "报表", "edit": "编辑", "activity": "活动",
}

# --- 党建责任与考核 -----------------------------------------------------------------------------------

DUTY_SOURCES = {"meeting": "联席会议决定", "document": "上级文件", "plan": "年度计划", "other": "其他"}
DUTY_STATUSES = {"not_started": "未启动", "on_track": "推进中", "delayed": "滞后", "done": "已完成"}
PROBLEM_SOURCES = {"inspection": "半年督查", "observation": "观摩点评", "dispatch": "月调度", "finding": "规则检查",
                   "other": "其他"}
PROBLEM_CLOSINGS = {"rectified": "整改销号", "cleared": "规则检查已通过，自动销号"}
INDICATOR_METHODS = {
    "manual": "手工评分",
    "meetings": "三会一课完成率",
    "training": "学时达标率",
    "budget": "经费执行率",
    "terms": "按期换届",
    "rectification": "整改按期销号率",
}
REVIEW_GRADES = {"excellent": "好", "good": "较好", "fair": "一般", "poor": "差"}

# --- 共建与服务 ---------------------------------------------------------------------------------------

PROJECT_KINDS = {"service": "项目化服务", "livelihood": "惠民项目", "cobuild": "共建项目"}
PROJECT_STATUSES = {"approved": "立项", "running": "实施", "accepted": "验收"}
PROJECT_CHOICES = {"": "", "vote": "居民投票", "council": "居民议事会"}
VENUE_KINDS = {"center": "党群服务中心", "room": "党员活动室", "station": "党群服务站"}
