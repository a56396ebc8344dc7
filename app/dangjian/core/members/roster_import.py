"""`import members`: 党员 from the spreadsheets offices keep, all-or-nothing.

Every data row is parsed and validated before anything is written; any error row refuses the whole
file and each one is reported with its spreadsheet row number and a Chinese reason. A clean file is
backed up against, then written with Core executemany in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..common import idcard
from ..common.dates import parse_partial_date
from ..common.errors import UserError, ValidationError
from ..common.labels import EMPLOYMENT, MEMBER_CATEGORIES, MEMBER_FLAGS, PARTY_STATUSES, code_for, label
from ..models import Member, MemberTransfer, Organisation
from ..spreadsheets.importing import ImportOptions, ImportResult, Progress, RowProblem, source_digest
from ..spreadsheets.sheets import HeaderMatch, SheetRow, find_header, iter_data_rows, opened_workbook, pick_worksheet
from ..storage.backup import create_backup
from ..storage.db import Database, bulk_insert
from ..system import audit
from .fields import FIELD_LABELS, MemberInput, format_date, normalise, probation_ends_on
from .roster import bulk_update, duplicate_message, find_org_id, next_member_id

MAX_ROWS = 200_000
MAX_COLUMNS = 100

SYNONYMS: dict[str, list[str]] = {
    "seq": ["序号"],
    "name": ["姓名", "党员姓名"],
    "gender": ["性别"],
    "id_number": ["公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "公民身份证号", "证件号码"],
    "ethnicity": ["民族"],
    "birth_date": ["出生日期", "出生年月", "出生年月日"],
    "education": ["学历", "文化程度", "最高学历"],
    "category": ["人员类别", "党员类别", "类别", "党员类型"],
    "org": ["所在党组织", "所在支部", "所在党支部", "所属党组织", "所属支部", "党组织", "党支部"],
    "joined_on": ["入党日期", "入党时间", "入党年月"],
    "confirmed_on": ["转正日期", "转正时间", "转正年月"],
    "probation_extension_months": ["延长预备期", "延长预备期月"],
    "party_status": ["党籍状态", "党籍"],
    "employment": ["在职情况", "在职/离退休", "在职离退休", "是否离退休", "工作状态"],
    "job": ["工作岗位", "职业", "岗位", "工作单位及职务", "职务"],
    "phone": ["联系电话", "手机号码", "手机号", "手机", "电话", "联系方式"],
    "address": ["家庭住址", "住址", "家庭地址", "现居住地址", "居住地址", "现住址"],
    "is_mobile": ["流动党员", "是否流动党员"],
    "is_lost_contact": ["失联党员", "是否失联党员", "失联"],
    "is_hardship": ["困难党员", "是否困难党员"],
    "dual_registered": ["双报到", "是否双报到"],
    "note": ["备注"],
}
REQUIRED = ("name", "id_number")
_TEXT_FIELDS = ("ethnicity", "education", "job", "address", "note")
_YES = {"是", "√", "✓", "y", "yes", "true", "1", "有"}
_NO = {"否", "×", "x", "n", "no", "false", "0", "无", ""}
_EMPLOYMENT_WORDS = {"退休": "retired", "离休": "retired", "已退休": "retired", "在岗": "employed"}
_LABEL_KEYS = {text: key for key, text in FIELD_LABELS.items()}
_LABEL_KEYS.update({"延长预备期": "probation_extension_months", "在职情况": "employment"})
_CHUNK = 900  # SQLite host parameters per IN (...)
UPDATE_HINT = "；如需按表格更新已有党员，请选择“更新已存在的记录”（命令行用 --update）"
_INPUT_FIELDS = tuple(f.name for f in fields(MemberInput))
_FULL_ID = re.compile(r"\d{17}[\dXx]|\d{15}")  # shown masked in the preview; anything else as typed


@dataclass
class _OrgIndex:
    """Live orgs by name (names are unique only under one parent)."""

    by_name: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> _OrgIndex:
        index = cls()
        rows = session.execute(select(Organisation.id, Organisation.name, Organisation.status)
                               .where(Organisation.deleted_at.is_(None)))
        for org_id, name, status in rows:
            index.by_name.setdefault(name, []).append((org_id, status))
        return index

    def resolve(self, name: str) -> int:
        found = self.by_name.get(name, [])
        if not found:
            raise ValidationError("所在党组织", f"“{name}”不存在，请先在党组织页面添加或核对名称")
        if len(found) > 1:
            raise ValidationError("所在党组织", f"有{len(found)}个党组织都叫“{name}”，无法确定是哪一个")
        org_id, status = found[0]
        if status != "active":
            raise ValidationError("所在党组织", f"“{name}”已撤销，不能再接收党员")
        return org_id


@dataclass
class _Parsed:
    number: int
    data: MemberInput | None
    present: set[str]  # keys whose column is in the file (updates touch only these)
    preview: dict
    refused: bool = False  # already has an error, checked further only to report more
    card: idcard.IdCard | None = None


class _RowReader:
    """Turns one SheetRow into a MemberInput, collecting every problem instead of stopping at one."""

    def __init__(self, header: HeaderMatch, orgs: _OrgIndex, default_org: int | None, today: date,
                 result: ImportResult):
        self.header = header
        self.orgs = orgs
        self.default_org = default_org
        self.today = today
        self.result = result
        self.columns = set(header.columns)

    def column(self, key: str) -> str:
        if key in self.columns:
            return self.header.label(key)
        return "所在党组织" if key == "org" else FIELD_LABELS.get(key, key)

    def problem(self, row: SheetRow, key: str, message: str, *, warning: bool = False) -> None:
        target = self.result.warnings if warning else self.result.errors
        target.append(RowProblem(row.number, self.column(key), message))

    def read(self, row: SheetRow) -> _Parsed:
        errors_before = len(self.result.errors)
        values: dict = {}
        card = None
        if "*" in row.text("id_number"):
            self.problem(row, "id_number", "号码已脱敏（含*），请使用显示完整号码导出的表格，或填写完整号码")
        else:
            try:
                card = idcard.parse_id(row.get("id_number"), today=self.today)
                values["id_number"] = card.number
            except ValidationError as exc:
                self.problem(row, "id_number", exc.reason)
        values["name"] = row.text("name")
        errors_before_org = len(self.result.errors)
        values["org_id"] = self._org(row)
        org_failed = len(self.result.errors) > errors_before_org
        for key in ("joined_on", "confirmed_on"):
            if key in self.columns and row.text(key):
                try:
                    partial = parse_partial_date(row.get(key), self.column(key))
                    values[key], values[key.replace("_on", "_precision")] = partial.first_day(), partial.precision
                except ValidationError as exc:
                    self.problem(row, key, exc.reason)
            elif key in self.columns:
                values[key] = None
        if card is not None:
            self._cross_check(row, card)
        self._choices(row, values)
        for key in MEMBER_FLAGS:
            if key in self.columns:
                text = row.text(key).lower()
                if text in _YES or text in _NO:
                    values[key] = text in _YES
                else:
                    self.problem(row, key, f"“{row.text(key)}”只能填“是”或“否”")
        for key in (*_TEXT_FIELDS, "phone"):
            if key in self.columns:
                values[key] = row.text(key)
        if "probation_extension_months" in self.columns:
            text = row.text("probation_extension_months").removesuffix("个月").removesuffix("月") or "0"
            if text.isdigit():
                values["probation_extension_months"] = int(text)
            else:
                self.problem(row, "probation_extension_months", f"“{text}”应填月数（6至12，不延长填0）")
        present = {k for k in values if k != "org_id"} | ({"org_id"} if "org" in self.columns else set())
        preview = self._preview(row, values)
        if len(self.result.errors) > errors_before + org_failed:
            return _Parsed(row.number, None, present, preview)
        data = MemberInput(**{name: values[name] for name in _INPUT_FIELDS if name in values})
        # A row whose only problem is its org is still checked against the rules, so that the user
        # learns every reason at once.
        return _Parsed(row.number, data, present, preview, refused=org_failed, card=card)

    def _org(self, row: SheetRow) -> int | None:
        name = row.text("org") if "org" in self.columns else ""
        if not name:
            if self.default_org is None:
                self.problem(row, "org", "没有填写所在党组织（也可在导入时指定导入到哪个党组织）")
            return self.default_org
        try:
            return self.orgs.resolve(name)
        except ValidationError as exc:
            self.problem(row, "org", exc.reason)
            return None

    def _cross_check(self, row: SheetRow, card: idcard.IdCard) -> None:
        """性别/出生日期 that contradict the ID are warnings: the ID wins."""
        gender = row.text("gender").removesuffix("性") if "gender" in self.columns else ""
        if gender and gender != card.gender:
            self.problem(row, "gender", f"“{row.text('gender')}”与公民身份号码不符，按号码记为{card.gender}",
                         warning=True)
        if "birth_date" in self.columns and row.text("birth_date"):
            try:
                birth = parse_partial_date(row.get("birth_date"), self.column("birth_date"))
            except ValidationError as exc:
                self.problem(row, "birth_date", f"{exc.reason}，按号码记为{card.birth_date:%Y-%m-%d}", warning=True)
                return
            if not birth.first_day() <= card.birth_date <= birth.last_day():
                self.problem(row, "birth_date", f"“{birth}”与公民身份号码不符，按号码记为{card.birth_date:%Y-%m-%d}",
                             warning=True)

    def _choices(self, row: SheetRow, values: dict) -> None:
        for key, mapping, aliases in (("category", MEMBER_CATEGORIES, {"正式": "formal", "预备": "probationary"}),
                                      ("party_status", PARTY_STATUSES, {}),
                                      ("employment", EMPLOYMENT, _EMPLOYMENT_WORDS)):
            if key not in self.columns:
                continue
            text = row.text(key)
            if not text:
                continue
            code = code_for(mapping, text) or aliases.get(text)
            if code is None:
                self.problem(row, key, f"“{text}”不是有效的{FIELD_LABELS[key]}，可填：{'、'.join(mapping.values())}")
            else:
                values[key] = code
        if "category" not in values and values.get("joined_on") and not values.get("confirmed_on"):
            ends = probation_ends_on(values["joined_on"])
            if ends and ends > self.today:  # 预备期 still running: nobody can be formal yet
                values["category"] = "probationary"

    def _preview(self, row: SheetRow, values: dict) -> dict:
        raw_id = row.text("id_number")
        return {
            "row": row.number,
            "姓名": row.text("name"),
            "性别": row.text("gender") if "gender" in self.columns else "",
            "公民身份号码": idcard.mask_id(raw_id) if _FULL_ID.fullmatch(raw_id) else raw_id,
            "所在党组织": row.text("org") if "org" in self.columns and row.text("org") else "",
            "人员类别": label(MEMBER_CATEGORIES, values.get("category", "formal")),
            "入党日期": format_date(values.get("joined_on"), values.get("joined_precision", "day")),
            "转正日期": format_date(values.get("confirmed_on"), values.get("confirmed_precision", "day")),
            "联系电话": row.text("phone") if "phone" in self.columns else "",
            "处理": "",
        }


def _existing(session: Session, numbers: list[str]) -> dict[str, dict]:
    """DB rows (all columns) holding any of these 公民身份号码, live or in the 回收站."""
    found: dict[str, dict] = {}
    table = Member.__table__
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start:start + _CHUNK]
        for row in session.execute(select(table).where(table.c.id_number.in_(chunk))).mappings():
            found[row["id_number"]] = dict(row)
    return found


def _problem_for(exc: ValidationError, reader: _RowReader, number: int) -> RowProblem:
    key = _LABEL_KEYS.get(exc.field)
    column = reader.column(key) if key else exc.field
    return RowProblem(number, column, exc.reason)


@dataclass
class _Plan:
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    moves: list[tuple[int, int, int]] = field(default_factory=list)  # member id, from org, to org
    names: dict[int, str] = field(default_factory=dict)  # member id -> "姓名（masked ID）" for the log


def _plan(session: Session, parsed: list[_Parsed], reader: _RowReader, options: ImportOptions,
          result: ImportResult) -> _Plan:
    """Validate every parsed row against the rules and the DB; decide insert/update/unchanged."""
    plan = _Plan()
    seen: dict[str, int] = {}
    numbers = [p.data.id_number.strip().upper() for p in parsed if p.data is not None]
    existing = _existing(session, numbers)
    for item in parsed:
        if item.data is None:
            item.preview["处理"] = "错误"
            continue
        holder = existing.get(item.data.id_number)
        data = item.data
        if holder is not None and options.update_existing and holder["deleted_at"] is None:
            data = _merged(holder, item)
        try:
            values = normalise(data, reader.today, initials=not options.dry_run, card=item.card)
        except ValidationError as exc:
            result.errors.append(_problem_for(exc, reader, item.number))
            item.preview["处理"] = "错误"
            continue
        if item.refused:
            item.preview["处理"] = "错误"
            continue
        number = values["id_number"]
        if number in seen:
            result.errors.append(RowProblem(item.number, reader.column("id_number"),
                                            f"与第{seen[number]}行的公民身份号码重复"))
            item.preview["处理"] = "错误"
            continue
        seen[number] = item.number
        if holder is None:
            plan.inserts.append(values)
            item.preview["处理"] = "新增"
            continue
        if not options.update_existing or holder["deleted_at"] is not None:
            hint = "" if options.update_existing else UPDATE_HINT
            if holder["deleted_at"] is not None and options.update_existing:
                hint = "；请先从回收站恢复后再导入更新"
            result.errors.append(RowProblem(item.number, reader.column("id_number"),
                                            duplicate_message(_Holder(holder)) + hint))
            item.preview["处理"] = "错误"
            continue
        changed = {k: v for k, v in values.items()
                   if holder.get(k) != v and not (options.dry_run and k == "name_initials")}
        item.preview["处理"] = "更新" if changed else "不变"
        if changed:
            plan.updates.append({"id": holder["id"], **changed, "updated_at": datetime.now()})
            plan.names[holder["id"]] = f"{values['name']}（{idcard.mask_id(number)}）"
            if "org_id" in changed:
                plan.moves.append((holder["id"], holder["org_id"], values["org_id"]))
    return plan


class _Holder:
    """Just enough of a Member for duplicate_message."""

    def __init__(self, row: dict):
        self.name = row["name"]
        self.deleted_at = row["deleted_at"]


def _merged(holder: dict, item: _Parsed) -> MemberInput:
    """The stored member with the file's columns laid over it (absent columns stay as they are)."""
    base = {f.name: holder[f.name] for f in fields(MemberInput)}
    for f in fields(MemberInput):
        if f.name in item.present:
            base[f.name] = getattr(item.data, f.name)
    if "joined_on" in item.present:
        base["joined_precision"] = item.data.joined_precision
    if "confirmed_on" in item.present:
        base["confirmed_precision"] = item.data.confirmed_precision
    return MemberInput(**base)


def _write(db: Database, plan: _Plan, path: Path, today: date, progress: Progress | None) -> None:
    with db.write() as session:
        operator = audit.current_operator(session)
        now = datetime.now()
        total = len(plan.inserts) + len(plan.updates)
        first_id = next_member_id(session)
        for offset, row in enumerate(plan.inserts):
            row["id"] = first_id + offset
        for start in range(0, len(plan.inserts), 5000):
            bulk_insert(session, plan.inserts[start:start + 5000], "members")
            if progress:
                progress(min(start + 5000, len(plan.inserts)), total)
        bulk_update(session, plan.updates)
        if plan.moves:
            session.execute(insert(MemberTransfer), [
                {"member_id": m, "transferred_on": today, "from_org_id": a, "to_org_id": b,
                 "outside_org_name": "", "note": "导入时调整"} for m, a, b in plan.moves])
        log = [(row["id"], f"导入新增党员 {row['name']}（{idcard.mask_id(row['id_number'])}）") for row in plan.inserts]
        log += [(member_id, f"导入更新党员 {name}") for member_id, name in plan.names.items()]
        log.append((None, f"从“{path.name}”导入党员：新增{len(plan.inserts)}名，更新{len(plan.updates)}名"))
        bulk_insert(session, [{"at": now, "operator": operator, "action": "import", "entity": "member",
                               "entity_id": entity_id, "summary": summary} for entity_id, summary in log],
                    table="audit_log")
        if progress:
            progress(total, total)


def import_members(db: Database, path: Path, options: ImportOptions,
                   progress: Progress | None = None) -> ImportResult:
    """Check every row of `path`; unless any is an error (or dry_run), back up and write them all."""
    path = Path(path)
    today = date.today()
    result = ImportResult()
    with opened_workbook(path, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS) as workbook:
        result.digest = source_digest(path, options)
        sheet = pick_worksheet(workbook)
        header = find_header(sheet, SYNONYMS, REQUIRED)
        with db.read() as session:
            default_org = find_org_id(session, options.org) if options.org else None
            if default_org is None and "org" not in header.columns:
                raise UserError("表格中没有“所在党组织”列，请指定导入到哪个党组织（命令行用 --org 名称）")
            reader = _RowReader(header, _OrgIndex.load(session), default_org, today, result)
            expected = max(0, (sheet.max_row or 0) - header.row)
            parsed: list[_Parsed] = []
            for row in iter_data_rows(sheet, header, max_rows=MAX_ROWS):
                parsed.append(reader.read(row))
                if progress and len(parsed) % 1000 == 0:
                    progress(len(parsed), max(expected, len(parsed)))
            plan = _plan(session, parsed, reader, options, result)
    result.rows = len(parsed)
    result.preview = [item.preview for item in parsed]
    result.errors.sort(key=lambda p: p.row)
    result.warnings.sort(key=lambda p: p.row)
    if not result.ok:  # refused: nothing will be created or updated
        return result
    result.created, result.updated = len(plan.inserts), len(plan.updates)
    if options.dry_run or not (plan.inserts or plan.updates):
        return result
    result.backup = create_backup(db.path, reason="pre-import")
    try:
        _write(db, plan, path, today, progress)
    except IntegrityError:
        raise UserError("导入期间数据库被其他操作修改（公民身份号码重复），没有写入任何数据，请重新导入") from None
    result.written = True
    return result


import_members.user_options = ("org", "update_existing")  # what the import dialog offers
