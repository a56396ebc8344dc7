"""经费类别 and yearly 经费标准: what each qualifying org receives per category and year.

Amounts given as text are what people type (元, parsed by money.parse_yuan); amounts given as int are 分.
Floats are refused: they cannot hold 分 exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.dates import parse_date
from ..common.errors import UserError, ValidationError
from ..common.labels import ORG_DOMAINS, ORG_KINDS, code_for
from ..common.money import format_yuan, parse_yuan
from ..models import BudgetLine, Expenditure, FundCategory, FundStandard
from ..system import audit, settings

MIN_YEAR, MAX_YEAR = 2000, 2100


def amount_fen(value: str | int | Decimal | None, field: str, *, allow_negative: bool = False) -> int:
    """分 from typed text (元) or an int (already 分); refuses floats, bools and empty values."""
    if value is None or isinstance(value, bool | float):
        raise ValidationError(field, "请填写金额，如 1,234.50")
    if isinstance(value, int):
        if value < 0 and not allow_negative:
            raise ValidationError(field, "金额不能为负数")
        return int(value)
    return parse_yuan(value, field=field, allow_negative=allow_negative)


def check_year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError("年度", f"应为 {MIN_YEAR}–{MAX_YEAR} 之间的年份")
    return year


def parse_day(value: date | str | None, field: str, *, required: bool = True) -> date | None:
    """A full date from a date object or typed text (core.dates rules); None for blank when optional."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, "不能为空")
        return None
    return parse_date(value, field)


# --- categories --------------------------------------------------------------------------------


def categories(session: Session, *, include_inactive: bool = False) -> list[FundCategory]:
    query = select(FundCategory).order_by(FundCategory.sort_order, FundCategory.id)
    if not include_inactive:
        query = query.where(FundCategory.active.is_(True))
    return list(session.scalars(query))


def get_category(session: Session, category_id: int) -> FundCategory:
    category = session.get(FundCategory, category_id)
    if category is None:
        raise UserError("经费类别不存在")
    return category


def _category_name(session: Session, name: str, *, exclude_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError("类别名称", "不能为空")
    if len(name) > 40:
        raise ValidationError("类别名称", "不能超过40个字")
    clash = session.scalars(select(FundCategory.id).where(FundCategory.name == name)).first()
    if clash is not None and clash != exclude_id:
        raise ValidationError("类别名称", f"“{name}”已存在")
    return name


def add_category(session: Session, name: str) -> FundCategory:
    """A user-defined fund category, listed after the built-in four."""
    name = _category_name(session, name)
    next_order = (session.scalar(select(func.max(FundCategory.sort_order))) or 0) + 1
    category = FundCategory(code=f"custom_{next_order}", name=name, builtin=False, active=True,
                            sort_order=next_order)
    session.add(category)
    session.flush()
    audit.record(session, "create", "fund_category", category.id, f"新增经费类别：{name}")
    return category


def rename_category(session: Session, category_id: int, name: str) -> FundCategory:
    category = get_category(session, category_id)
    name = _category_name(session, name, exclude_id=category.id)
    old, category.name = category.name, name
    audit.record(session, "update", "fund_category", category.id, f"经费类别更名：{old} → {name}")
    return category


def set_category_active(session: Session, category_id: int, active: bool) -> FundCategory:
    """Stopping a category hides it from new standards and expenditures; its history stays."""
    category = get_category(session, category_id)
    category.active = bool(active)
    audit.record(session, "update", "fund_category", category.id,
                 f"{'启用' if active else '停用'}经费类别：{category.name}")
    return category


def delete_category(session: Session, category_id: int) -> None:
    """Only an unused user-defined category can be deleted; otherwise stop it instead."""
    category = get_category(session, category_id)
    if category.builtin:
        raise UserError(f"“{category.name}”是内置类别，不能删除，可以停用")
    for model in (FundStandard, BudgetLine, Expenditure):
        if session.scalar(select(func.count()).select_from(model).where(model.category_id == category.id)):
            raise UserError(f"“{category.name}”已有标准、预算或支出记录，不能删除，可以停用")
    session.delete(category)
    audit.record(session, "delete", "fund_category", category_id, f"删除经费类别：{category.name}")


# --- standards ---------------------------------------------------------------------------------


@dataclass
class StandardInput:
    """A standard as typed in the editor; amounts are text in 元 or int 分."""

    category_id: int
    per_org: str | int = 0
    per_member: str | int = 0
    county_share_pct: int | str = 50
    street_share_pct: int | str = 50
    qualifying_kinds: list[str] = field(default_factory=list)  # ORG_KINDS codes; empty = every kind
    qualifying_domains: list[str] = field(default_factory=list)  # ORG_DOMAINS codes; empty = every 领域
    member_cutoff_on: date | str | None = None  # default: 31 Dec of the year before
    note: str = ""


def _percent(value: int | str, field: str) -> int:
    text = str(value).strip().rstrip("%％")
    if isinstance(value, bool) or not re.fullmatch(r"\d{1,3}", text):
        raise ValidationError(field, f"“{value}”不是 0–100 的整数")
    number = int(text)
    if number > 100:
        raise ValidationError(field, "不能超过100%")
    return number


def _codes(values: list[str], mapping: dict[str, str], field: str) -> list[str]:
    result = []
    for value in values:
        code = code_for(mapping, value)
        if code is None:
            raise ValidationError(field, f"“{value}”不是可选项")
        if code not in result:
            result.append(code)
    return result


def default_cutoff(year: int) -> date:
    return date(year - 1, 12, 31)


def set_standard(session: Session, year: int, data: StandardInput) -> FundStandard:
    """Create or replace the year's standard for one category, validated as a whole before writing."""
    year = check_year(year)
    category = get_category(session, data.category_id)
    per_org = amount_fen(data.per_org, "每个组织金额")
    per_member = amount_fen(data.per_member, "每名党员金额")
    if per_org == 0 and per_member == 0:
        raise ValidationError("经费标准", "每个组织金额和每名党员金额不能都为零")
    county = _percent(data.county_share_pct, "县级分担比例")
    street = _percent(data.street_share_pct, "街道分担比例")
    if county + street != 100:
        raise ValidationError("分担比例", f"县级 {county}% 与街道 {street}% 之和应为100%")
    kinds = _codes(data.qualifying_kinds, ORG_KINDS, "适用组织类型")
    domains = _codes(data.qualifying_domains, ORG_DOMAINS, "适用领域")
    cutoff = parse_day(data.member_cutoff_on, "党员人数截止日期", required=False) or default_cutoff(year)
    if cutoff.year > year:
        raise ValidationError("党员人数截止日期", f"不能晚于{year}年")

    standard = session.scalars(
        select(FundStandard).where(FundStandard.year == year, FundStandard.category_id == category.id)
    ).first()
    action = "update" if standard else "create"
    if standard is None:
        if not category.active:
            raise UserError(f"经费类别“{category.name}”已停用，不能新增标准")
        standard = FundStandard(year=year, category_id=category.id)
        session.add(standard)
    standard.per_org_fen, standard.per_member_fen = per_org, per_member
    standard.county_share_pct, standard.street_share_pct = county, street
    standard.qualifying_kinds, standard.qualifying_domains = kinds, domains
    standard.member_cutoff_on, standard.note = cutoff, (data.note or "").strip()
    session.flush()
    audit.record(session, action, "fund_standard", standard.id,
                 f"{year}年{category.name}标准：{describe_standard(standard)}")
    return standard


def new_standard_defaults(session: Session, year: int, category_id: int) -> StandardInput:
    """What the editor shows for a category without a standard: last year's values or the settings."""
    previous = session.scalars(
        select(FundStandard).where(FundStandard.category_id == category_id, FundStandard.year < year)
        .order_by(FundStandard.year.desc())
    ).first()
    if previous is not None:
        return StandardInput(category_id, previous.per_org_fen, previous.per_member_fen,
                             previous.county_share_pct, previous.street_share_pct,
                             list(previous.qualifying_kinds), list(previous.qualifying_domains),
                             default_cutoff(year), previous.note)
    county = settings.get(session, "budget.default_county_share_pct")
    return StandardInput(category_id, 0, 0, county, 100 - county, member_cutoff_on=default_cutoff(year))


def delete_standard(session: Session, year: int, category_id: int) -> None:
    """Remove a standard; existing budget lines stay until the year is regenerated."""
    standard = session.scalars(
        select(FundStandard).where(FundStandard.year == year, FundStandard.category_id == category_id)
    ).first()
    if standard is None:
        raise UserError("该年度该类别没有经费标准")
    name = get_category(session, category_id).name
    session.delete(standard)
    audit.record(session, "delete", "fund_standard", standard.id, f"删除{year}年{name}标准")


def copy_standards(session: Session, from_year: int, to_year: int) -> int:
    """Copy a year's standards to another year that has none (cut-off moved along); returns the count."""
    check_year(to_year)
    if standards_for_year(session, to_year):
        raise UserError(f"{to_year}年已有经费标准，不能覆盖；请逐项修改")
    source = standards_for_year(session, from_year)
    if not source:
        raise UserError(f"{from_year}年没有经费标准可复制")
    for old in source:
        cutoff = old.member_cutoff_on or default_cutoff(from_year)
        set_standard(session, to_year, StandardInput(
            old.category_id, old.per_org_fen, old.per_member_fen, old.county_share_pct, old.street_share_pct,
            list(old.qualifying_kinds), list(old.qualifying_domains),
            _shift_year(cutoff, to_year - from_year), old.note))
    return len(source)


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def standards_for_year(session: Session, year: int) -> list[FundStandard]:
    return list(session.scalars(
        select(FundStandard).join(FundCategory).where(FundStandard.year == year)
        .order_by(FundCategory.sort_order, FundCategory.id)
    ))


def describe_standard(standard: FundStandard) -> str:
    """每个组织 ¥200,000.00 + 每名党员 ¥300.00；县:街道 50:50 — one line for logs and reports."""
    parts = []
    if standard.per_org_fen:
        parts.append(f"每个组织 {format_yuan(standard.per_org_fen)}")
    if standard.per_member_fen:
        parts.append(f"每名党员 {format_yuan(standard.per_member_fen)}")
    scope = "、".join(ORG_KINDS.get(k, k) for k in standard.qualifying_kinds) or "各类组织"
    if standard.qualifying_domains:
        scope += "（" + "、".join(ORG_DOMAINS.get(d, d) for d in standard.qualifying_domains) + "领域）"
    return (f"{' + '.join(parts) or '无'}；适用{scope}；"
            f"县:街道 {standard.county_share_pct}:{standard.street_share_pct}")
