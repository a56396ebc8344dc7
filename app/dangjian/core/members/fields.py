"""One member's fields: what a form or spreadsheet row may hold, validated without SQL, and the
values derived from them (年龄, 党龄, 预备期满) and shown (dates with their precision, flags).

The importer runs `normalise` on 10,000 rows, the dialog on every keystroke; services in
members/roster.py add the DB checks (org, unique 公民身份号码) and write.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, fields
from datetime import date

from ..common import idcard
from ..common.dates import add_months, parse_partial_date, years_between
from ..common.errors import ValidationError
from ..common.labels import EMPLOYMENT, MEMBER_CATEGORIES, MEMBER_FLAGS, PARTY_STATUSES, code_for
from ..common.textnorm import normalise_text, pinyin_initials

PROBATION_MONTHS = 12
EXTENSION_CHOICES = (0, *range(6, 13))  # 预备期 may be extended once by 6–12 months
MIN_JOIN_AGE = 18
_FLAGS = ("is_mobile", "is_lost_contact", "is_hardship", "dual_registered")


@dataclass
class MemberInput:
    """What a person types (dialog) or a spreadsheet row holds, before validation.

    Dates come with their precision ('day' | 'month' | 'year'); month/year dates are stored as their
    first day. `gender` and `birth_date` may be left out: they are derived from the 公民身份号码,
    and when given they must agree with it.
    """

    name: str
    id_number: str
    org_id: int
    category: str = "formal"
    gender: str | None = None
    birth_date: date | None = None
    ethnicity: str = "汉族"
    education: str = ""
    joined_on: date | None = None
    joined_precision: str = "day"
    confirmed_on: date | None = None
    confirmed_precision: str = "day"
    probation_extension_months: int = 0
    party_status: str = "normal"
    employment: str = "employed"
    job: str = ""
    phone: str = ""
    address: str = ""
    is_mobile: bool = False
    is_lost_contact: bool = False
    is_hardship: bool = False
    dual_registered: bool = False
    note: str = ""

    @classmethod
    def from_member(cls, member: object) -> MemberInput:
        """The stored values of a Member (or any object with these attributes), for editing."""
        return cls(**{f.name: getattr(member, f.name) for f in fields(cls)})


def _latest_day(value: date, precision: str) -> date:
    """Last day a partial date can stand for (checks must not refuse what may be true)."""
    if precision == "year":
        return date(value.year, 12, 31)
    if precision == "month":
        return value.replace(day=monthrange(value.year, value.month)[1])
    return value


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])")


def normalise_name(raw: str) -> str:
    """姓名 as typed in rosters: "张　伟" → "张伟" (spaces padding two-character names), Latin spacing kept."""
    return " ".join(_CJK_GAP.sub("", normalise_text(raw)).split())


def normalise_phone(raw: str) -> str:
    """Phones as people write them: spaces and full-width digits tolerated, +86 kept."""
    text = normalise_text(raw).replace(" ", "").replace("－", "-")
    if text.endswith(".0") and text[:-2].isdigit():  # a phone that Excel stored as a number
        text = text[:-2]
    if not text:
        return ""
    digits = text.lstrip("+").replace("-", "").replace("(", "").replace(")", "")
    if not digits.isdigit() or not 7 <= len(digits) <= 20:
        raise ValidationError("联系电话", f"“{raw}”不是有效的电话号码")
    if len(digits) == 11 and digits.startswith("1"):
        return digits
    return text


def normalise(data: MemberInput, today: date, *, initials: bool = True, card: idcard.IdCard | None = None) -> dict:
    """Validate one member's own fields (no SQL) and return the column values to store.

    Raises ValidationError naming the first bad field. `initials=False` skips the 拼音首字母 (the
    slowest part), for checks whose result is not stored. `card` is data.id_number already parsed.
    """
    name = normalise_name(data.name)
    if not name:
        raise ValidationError("姓名", "不能为空")
    if len(name) > 40:
        raise ValidationError("姓名", "不能超过40个字")
    if card is None or card.number != data.id_number:
        card = idcard.parse_id(data.id_number)
    if data.gender and data.gender != card.gender:
        raise ValidationError("性别", f"与公民身份号码不符（号码显示为{card.gender}）")
    if data.birth_date and data.birth_date != card.birth_date:
        raise ValidationError("出生日期", f"与公民身份号码不符（号码显示为{card.birth_date:%Y-%m-%d}）")
    category = code_for(MEMBER_CATEGORIES, data.category or "")
    if category is None:
        raise ValidationError("人员类别", "只能是正式党员或预备党员")
    status = code_for(PARTY_STATUSES, data.party_status or "")
    if status is None:
        raise ValidationError("党籍状态", f"只能是：{'、'.join(PARTY_STATUSES.values())}")
    employment = code_for(EMPLOYMENT, data.employment or "")
    if employment is None:
        raise ValidationError("在职情况", f"只能是：{'、'.join(EMPLOYMENT.values())}")
    extension = data.probation_extension_months or 0
    if extension not in EXTENSION_CHOICES:
        raise ValidationError("延长预备期", "只能延长6至12个月（不延长填0）")
    joined, confirmed = data.joined_on, data.confirmed_on
    if joined is not None:
        if joined > today:
            raise ValidationError("入党日期", "不能晚于今天")
        if years_between(card.birth_date, _latest_day(joined, data.joined_precision)) < MIN_JOIN_AGE:
            raise ValidationError("入党日期", f"入党时应年满{MIN_JOIN_AGE}周岁（出生于{card.birth_date:%Y-%m-%d}）")
    elif category == "probationary":
        raise ValidationError("入党日期", "预备党员必须填写入党日期（用于计算预备期满）")
    if confirmed is not None:
        if category == "probationary":
            raise ValidationError("转正日期", "预备党员不应有转正日期；转正请使用“转正”功能")
        if confirmed > today:
            raise ValidationError("转正日期", "不能晚于今天")
        if joined is not None and confirmed < joined:  # stored first days, as the DB CHECK compares them
            raise ValidationError("转正日期", "不能早于入党日期")
    if extension and category == "formal" and confirmed is None and joined is None:
        raise ValidationError("延长预备期", "没有入党日期时无法计算预备期")
    text = {key: normalise_text(getattr(data, key)) for key in ("ethnicity", "education", "job", "address")}
    limits = {"ethnicity": ("民族", 20), "education": ("学历", 20), "job": ("工作岗位", 100),
              "address": ("家庭住址", 200)}
    for key, (field_label, limit) in limits.items():
        if len(text[key]) > limit:
            raise ValidationError(field_label, f"不能超过{limit}个字")
    return {
        "name": name,
        "name_initials": pinyin_initials(name) if initials else "",
        "gender": card.gender,
        "id_number": card.number,
        "birth_date": card.birth_date,
        "ethnicity": text["ethnicity"] or "汉族",
        "education": text["education"],
        "category": category,
        "org_id": data.org_id,
        "joined_on": joined,
        "joined_precision": data.joined_precision if joined else "day",
        "confirmed_on": confirmed,
        "confirmed_precision": data.confirmed_precision if confirmed else "day",
        "probation_extension_months": extension,
        "party_status": status,
        "employment": employment,
        "job": text["job"],
        "phone": normalise_phone(data.phone or ""),
        "address": text["address"],
        **{flag: bool(getattr(data, flag)) for flag in _FLAGS},
        "note": (data.note or "").strip(),
    }


# --- derived values ---------------------------------------------------------------------------


def probation_ends_on(joined_on: date | None, extension_months: int = 0) -> date | None:
    """预备期满日: one year after 入党 plus any extension."""
    if joined_on is None:
        return None
    return add_months(joined_on, PROBATION_MONTHS + (extension_months or 0))


def age(birth_date: date | None, today: date) -> int | None:
    return None if birth_date is None else years_between(birth_date, today)


def party_years(category: str, joined_on: date | None, confirmed_on: date | None,
                extension_months: int, today: date) -> int | None:
    """党龄 counts from 转正 (预备期 not counted); for formal members without a recorded 转正日期,
    from the end of the 预备期. Probationary members have no 党龄 yet (0)."""
    if category == "probationary":
        return 0
    start = confirmed_on or probation_ends_on(joined_on, extension_months)
    if start is None:
        return None
    return max(0, years_between(start, today))


def parse_date_text(text: str, field: str) -> tuple[date | None, str]:
    """A typed date (2005-07-01, 2005.07, 2005年7月...) as (first day, precision); blank is (None, 'day')."""
    if not normalise_text(text):
        return None, "day"
    partial = parse_partial_date(text, field)
    return partial.first_day(), partial.precision


def format_date(value: date | None, precision: str = "day") -> str:
    """A stored date as people wrote it: 2005-07-01, or 2005-07 / 2005 when only that was known."""
    if value is None:
        return ""
    if precision == "month":
        return value.isoformat()[:7]  # isoformat is ~8x faster than strftime; lists format thousands
    if precision == "year":
        return str(value.year)
    return value.isoformat()


def flags_text(row) -> str:
    """流动、失联、困难、双报到 as one cell."""
    return "、".join(text.removesuffix("党员") for key, text in MEMBER_FLAGS.items() if getattr(row, key))


FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "id_number": "公民身份号码", "birth_date": "出生日期", "ethnicity": "民族",
    "education": "学历", "category": "人员类别", "org_id": "所在党组织", "joined_on": "入党日期",
    "joined_precision": "入党日期", "confirmed_on": "转正日期", "confirmed_precision": "转正日期",
    "probation_extension_months": "延长预备期", "party_status": "党籍状态", "employment": "在职情况",
    "job": "工作岗位", "phone": "联系电话", "address": "家庭住址", "is_mobile": "流动党员",
    "is_lost_contact": "失联党员", "is_hardship": "困难党员", "dual_registered": "双报到", "note": "备注",
}
