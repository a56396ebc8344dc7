"""Place-varying rules: one declarative registry (key, type, default, Chinese label, limits).

Defaults come from DOMAIN.md. Stored values live in the `settings` table as JSON; a yearly setting
may hold a value per year, and a year without its own value uses the latest earlier year's value,
then the all-years value, then the default. The 设置 page and the 现行标准 report are generated from
this registry, so adding a rule here is all it takes to make it editable and printable. Changing a value
(validated, audited) is `settings_edit`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.errors import ValidationError
from ..common.labels import DUES_ROUNDING
from ..models import Setting

FREQUENCIES = {"monthly": "每月", "quarterly": "每季度", "half_yearly": "每半年", "yearly": "每年", "none": "不要求"}


@dataclass(frozen=True)
class SettingDef:
    key: str
    label: str
    group: str
    kind: str  # "int" | "decimal" | "text" | "bool" | "choice" | "money"
    default: Any
    unit: str = ""
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    yearly: bool = False
    choices: dict[str, str] | None = None
    help: str = ""
    hidden: bool = False  # set by its own dialog; not on the 设置 page, not printed, not in the audit text

    def convert(self, raw: Any) -> Any:
        """Validate and normalise a value typed by a user or read from JSON."""
        if self.kind == "text":
            return "" if raw is None else str(raw).strip()
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            if str(raw).strip().lower() in {"1", "true", "是", "yes", "on"}:
                return True
            if str(raw).strip().lower() in {"0", "false", "否", "no", "off", ""}:
                return False
            raise ValidationError(self.label, "请填写“是”或“否”")
        if self.kind == "choice":
            assert self.choices is not None
            text = str(raw).strip()
            for code, name in self.choices.items():
                if text in (code, name):
                    return code
            raise ValidationError(self.label, f"只能是：{'、'.join(self.choices.values())}")
        if self.kind == "money":
            from ..common.money import parse_yuan

            value = raw if isinstance(raw, int) and not isinstance(raw, bool) else parse_yuan(raw, field=self.label)
            return self._check_range(value)
        if self.kind == "int":
            try:
                value = int(str(raw).strip()) if not isinstance(raw, int) or isinstance(raw, bool) else raw
            except ValueError:
                raise ValidationError(self.label, f"“{raw}”不是整数") from None
            return self._check_range(value)
        if self.kind == "decimal":
            try:
                value = Decimal(str(raw).strip())
            except InvalidOperation:
                raise ValidationError(self.label, f"“{raw}”不是数字") from None
            if value != value.quantize(Decimal("0.1")):
                raise ValidationError(self.label, "最多一位小数")
            return self._check_range(value)
        raise AssertionError(f"unknown setting kind {self.kind}")

    def _check_range(self, value):
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(self.label, f"不能小于 {self.display(self.minimum)}")
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(self.label, f"不能大于 {self.display(self.maximum)}")
        return value

    def to_json(self, value: Any) -> str:
        return json.dumps(str(value) if self.kind == "decimal" else value, ensure_ascii=False)

    def from_json(self, text: str) -> Any:
        return self.convert(json.loads(text))

    def display(self, value: Any) -> str:
        """How the value reads on screen and paper."""
        if self.kind == "bool":
            return "是" if value else "否"
        if self.kind == "choice":
            return (self.choices or {}).get(value, str(value))
        if self.kind == "money":
            from ..common.money import format_yuan

            return format_yuan(int(value))
        text = str(value)
        return f"{text} {self.unit}".strip() if self.unit and text else text


def _d(key, label, group, kind, default, **kw) -> SettingDef:
    return SettingDef(key, label, group, kind, default, **kw)


def _dues_settings() -> list[SettingDef]:
    """党费 rates (中组部 2008 规定 as defaults): income brackets in 元 per month, rates in %."""
    group, pct = "党费", {"unit": "%", "minimum": Decimal(0), "maximum": Decimal(10), "yearly": True}
    bound = {"minimum": 0, "yearly": True}
    return [
        _d("dues.working_bound_1", "在职党员月收入第一档上限", group, "money", 300_000, **bound,
           help="税后月收入不超过此数的按第一档比例交纳"),
        _d("dues.working_bound_2", "在职党员月收入第二档上限", group, "money", 500_000, **bound),
        _d("dues.working_bound_3", "在职党员月收入第三档上限", group, "money", 1_000_000, **bound,
           help="超过此数的按第四档比例交纳"),
        _d("dues.working_rate_1", "在职党员第一档交纳比例", group, "decimal", Decimal("0.5"), **pct),
        _d("dues.working_rate_2", "在职党员第二档交纳比例", group, "decimal", Decimal("1.0"), **pct),
        _d("dues.working_rate_3", "在职党员第三档交纳比例", group, "decimal", Decimal("1.5"), **pct),
        _d("dues.working_rate_4", "在职党员第四档交纳比例", group, "decimal", Decimal("2.0"), **pct),
        _d("dues.retired_bound", "离退休党员月离退休费分档线", group, "money", 500_000, **bound),
        _d("dues.retired_rate_1", "离退休党员分档线以下交纳比例", group, "decimal", Decimal("0.5"), **pct),
        _d("dues.retired_rate_2", "离退休党员分档线以上交纳比例", group, "decimal", Decimal("1.0"), **pct),
        _d("dues.fixed_amount", "定额交纳每月金额", group, "money", 20, **bound,
           help="学生党员、困难党员、下岗失业党员"),
        _d("dues.rounding", "党费金额取整方式", group, "choice", "fen", choices=DUES_ROUNDING, yearly=True),
        _d("dues.max_unpaid_months", "连续未交党费提醒月数", group, "int", 6, unit="个月", minimum=1, maximum=24,
           help="党章规定连续六个月不交纳党费的，视为自行脱党"),
    ]


def _review_settings() -> list[SettingDef]:
    """双述双评: each vote counts its points (差 counts 0); the average over the votes cast gives the grade."""
    group, points = "述职评议", {"unit": "分", "minimum": 0, "maximum": 100, "yearly": True}
    return [
        _d("review.points_excellent", "评议“好”每票计分", group, "int", 100, **points),
        _d("review.points_good", "评议“较好”每票计分", group, "int", 80, **points),
        _d("review.points_fair", "评议“一般”每票计分", group, "int", 60, **points,
           help="“差”每票计0分；综合得分为实投票的平均分"),
        _d("review.grade_excellent", "评定为“好”的综合得分下限", group, "int", 90, **points),
        _d("review.grade_good", "评定为“较好”的综合得分下限", group, "int", 80, **points),
        _d("review.grade_fair", "评定为“一般”的综合得分下限", group, "int", 60, **points,
           help="低于此分评定为“差”"),
        _d("review.min_turnout", "评议有效的投票比例（不低于）", group, "int", 50, unit="%", minimum=0, maximum=100,
           yearly=True, help="实投票数低于应到人数的该比例时，不评定等次"),
    ]


_MEETING_TYPES = {
    "party_congress": ("党员大会", "quarterly"),
    "committee_meeting": ("支委会", "monthly"),
    "group_meeting": ("党小组会", "monthly"),
    "party_lecture": ("党课", "quarterly"),
    "theme_day": ("主题党日", "monthly"),
    "life_meeting": ("组织生活会", "yearly"),
    "member_review": ("民主评议党员", "yearly"),
}

REGISTRY: dict[str, SettingDef] = {
    d.key: d
    for d in [
        _d("general.unit_name", "单位名称", "单位信息", "text", "", help="打印在报表抬头，如“湘龙街道党工委”"),
        _d("general.county_name", "上级县（区）", "单位信息", "text", ""),
        _d("general.operator", "操作员", "单位信息", "text", "", help="记入操作日志；留空则使用系统用户名"),
        _d("org.min_formal_members", "单独组建党支部的正式党员下限", "党组织设置", "int", 3, unit="名", minimum=1,
           maximum=50, help="正式党员不足时建议联合组建或挂靠组建；预备党员不计入"),
        _d("org.joint_max_units", "联合党支部的单位数上限", "党组织设置", "int", 5, unit="个", minimum=2, maximum=20),
        _d("org.branch_max_members", "党支部党员数上限", "党组织设置", "int", 50, unit="名", minimum=3,
           maximum=500, help="超过时建议分设党支部或成立党总支"),
        _d("org.general_branch_max_members", "党总支党员数上限", "党组织设置", "int", 100, unit="名", minimum=3,
           maximum=1000, help="超过时经批准可成立基层党委"),
        _d("org.committee_required_at", "设立支部委员会的正式党员数", "党组织设置", "int", 7, unit="名",
           minimum=2, maximum=50),
        _d("org.committee_min_size", "支部委员会最少委员数", "党组织设置", "int", 3, unit="名", minimum=1, maximum=15),
        _d("org.committee_max_size", "支部委员会最多委员数", "党组织设置", "int", 7, unit="名", minimum=1, maximum=15),
        _d("org.secretary_min_party_years", "书记最少党龄", "党组织设置", "int", 1, unit="年", minimum=0, maximum=20),
        _d("term.community_years", "社区党组织任期", "换届", "int", 5, unit="年", minimum=1, maximum=10),
        _d("term.branch_years", "党支部、党总支任期", "换届", "int", 3, unit="年", minimum=1, maximum=10),
        _d("term.party_committee_years", "基层党委任期", "换届", "int", 5, unit="年", minimum=1, maximum=10),
        _d("term.due_soon_months", "换届提前提醒", "换届", "int", 3, unit="个月", minimum=0, maximum=24),
        _d("election.quorum_percent", "选举有效的到会比例（须超过）", "选举", "int", 80, unit="%", minimum=50,
           maximum=100, help="实到须超过应到的该比例（默认五分之四）"),
        _d("election.win_percent", "当选所需得票比例（须超过）", "选举", "int", 50, unit="%", minimum=1, maximum=100),
        _d("election.surplus_percent", "差额选举最低差额比例", "选举", "int", 20, unit="%", minimum=0, maximum=100),
        _d("training.member_hours", "党员年度学时要求", "培训", "decimal", Decimal(32), unit="学时",
           minimum=Decimal(0), maximum=Decimal(500), yearly=True),
        _d("training.leader_hours", "书记及班子成员年度学时要求", "培训", "decimal", Decimal(56), unit="学时",
           minimum=Decimal(0), maximum=Decimal(500), yearly=True),
        _d("training.day_hours", "全天培训折算学时", "培训", "decimal", Decimal(8), unit="学时",
           minimum=Decimal(1), maximum=Decimal(24)),
        _d("training.half_day_hours", "半天培训折算学时", "培训", "decimal", Decimal(4), unit="学时",
           minimum=Decimal("0.5"), maximum=Decimal(12)),
        _d("budget.default_county_share_pct", "经费县级分担比例（默认）", "经费", "int", 50, unit="%", minimum=0,
           maximum=100, help="新建经费标准时的默认值，街道承担其余部分"),
        _d("budget.check_years", "经费检查的年度数", "经费", "int", 2, unit="年", minimum=1, maximum=10,
           help="超支、跨年度支出和缺凭证号的提醒只查看最近几个预算年度（含本年度）"),
        _d("activity.approval_threshold", "活动经费需街道审批的金额", "活动与会议", "money", 500_000, minimum=0,
           yearly=True, help="超过该金额的活动经费申请须街道党工委审批"),
        *[
            _d(f"activity.frequency.{code}", f"{name}频次", "活动与会议", "choice", freq, choices=FREQUENCIES,
               yearly=True)
            for code, (name, freq) in _MEETING_TYPES.items()
        ],
        _d("activity.attachment_max_mb", "活动附件大小上限", "活动与会议", "int", 20, unit="MB", minimum=1,
           maximum=500),
        _d("activity.attachment_types", "活动附件允许的类型", "活动与会议", "text",
           "pdf jpg jpeg png gif bmp tif tiff heic doc docx xls xlsx wps et txt zip",
           help="文件扩展名，以空格分隔"),
        *_dues_settings(),
        *_review_settings(),
        _d("backup.keep_daily", "保留每日备份", "数据安全", "int", 7, unit="份", minimum=1, maximum=60),
        _d("backup.keep_weekly", "保留每周备份", "数据安全", "int", 4, unit="份", minimum=0, maximum=52),
        _d("backup.keep_monthly", "保留每月备份", "数据安全", "int", 12, unit="份", minimum=0, maximum=120),
        _d("security.password_hash", "启动密码", "数据安全", "text", "", hidden=True,
           help="argon2id 散列，由“设置启动密码”对话框写入。只锁图形界面；命令行不受限制——"
                "能运行命令行的人也能直接复制数据库文件，密码并不能防止这种情况。"),
    ]
}


def definition(key: str) -> SettingDef:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown setting {key!r}") from None


def visible() -> list[SettingDef]:
    """Settings shown on the 设置 page and printed (hidden ones have their own dialog)."""
    return [item for item in REGISTRY.values() if not item.hidden]


def groups() -> dict[str, list[SettingDef]]:
    """Settings by group, in registry order, for the 设置 page and the 现行标准 report."""
    result: dict[str, list[SettingDef]] = {}
    for item in visible():
        result.setdefault(item.group, []).append(item)
    return result


def _stored_row(session: Session, key: str, year: int | None) -> Setting | None:
    query = select(Setting).where(Setting.key == key)
    if year is None:
        query = query.where(Setting.year.is_(None))
    else:
        # The year's own value, else the latest earlier year's, else the all-years value (year NULL → 0).
        query = query.where(func.coalesce(Setting.year, 0) <= year).order_by(
            func.coalesce(Setting.year, 0).desc()
        )
    return session.scalars(query.limit(1)).first()


def get(session: Session, key: str, year: int | None = None) -> Any:
    """Value in force for `year` (ignored for settings that are not yearly)."""
    item = definition(key)
    row = _stored_row(session, key, year if item.yearly else None)
    return item.default if row is None else item.from_json(row.value)


def values_in_force(session: Session, year: int | None = None) -> list[tuple[SettingDef, Any, bool]]:
    """(definition, value, is_default) for every visible setting, for display and print."""
    rows = []
    for item in visible():
        stored = _stored_row(session, item.key, year if item.yearly else None)
        value = item.default if stored is None else item.from_json(stored.value)
        rows.append((item, value, stored is None))
    return rows
