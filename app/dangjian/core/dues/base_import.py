"""Import a year's 党费基数 from xlsx: 姓名 plus 公民身份号码 or 身份证后四位, 月收入 (after tax, or the
pension), optionally 交纳类别 and 备注. All-or-nothing like every import: each row is checked first and
every error row is listed with its number; a backup is taken before anything is written. Incomes are
private: they go to the database only, never to the log or the audit text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..common.errors import ValidationError
from ..common.labels import DUES_BASES, label
from ..common.money import format_yuan, parse_yuan
from ..members.matching import MemberMatcher, NoMatch, read_people_sheet
from ..models import DuesBase, Member
from ..spreadsheets.importing import ImportOptions, ImportResult, Progress, RowProblem
from ..spreadsheets.sheets import SheetRow
from ..storage.backup import create_backup
from ..storage.db import Database
from . import ledger
from .rates import DuesRates, default_basis

MAX_ROWS = 100_000

SYNONYMS = {
    "name": ("姓名", "党员姓名", "名字"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码"),
    "id_tail": ("身份证后四位", "身份证尾号", "后四位"),
    "income": ("月收入", "税后月收入", "月工资收入", "工资收入", "月离退休费", "离退休费", "交纳基数", "基数"),
    "basis": ("交纳类别", "类别", "人员类别"),
    "note": ("备注", "说明"),
}
_BASIS_WORDS = {**{v: k for k, v in DUES_BASES.items()}, "在职": "working", "离退休": "retired", "退休": "retired",
                "定额": "fixed", "学生": "fixed", "困难": "fixed", "困难党员": "fixed", "下岗": "fixed",
                "下岗失业": "fixed", "失业": "fixed"}


def _basis(text: str) -> str | None:
    return _BASIS_WORDS.get(text) or (text if text in DUES_BASES else None)


def import_dues_bases(db: Database, path: Path, options: ImportOptions,
                      progress: Progress | None = None) -> ImportResult:
    """Check every row; unless any is an error (or dry_run), back up and record all bases in one transaction."""
    year = options.year or date.today().year
    sheet = read_people_sheet(path, options, SYNONYMS, MAX_ROWS)
    result, header, rows = ImportResult(digest=sheet.digest), sheet.header, sheet.rows

    def column(key: str) -> str:
        return header.label(key) if key in header.columns else SYNONYMS[key][0]

    def problem(row: SheetRow, key: str, message: str) -> None:
        result.errors.append(RowProblem(row.number, column(key), message))

    accepted: list[tuple[int, str, int, str]] = []  # member id, basis, income 分, note
    seen: dict[int, int] = {}
    with db.read() as session:
        rates = DuesRates.load(session, year)
        matcher = MemberMatcher(session, {r.text("name") for r in rows},
                                tail_column="id_tail" if "id_tail" in header.columns else "id_number")
        for done, row in enumerate(rows, start=1):
            before = len(result.errors)
            found = matcher.find(row.text("name"), row.text("id_number"), row.text("id_tail").upper())
            if isinstance(found, NoMatch):
                problem(row, found.column, found.message)
            elif found.member_id in seen:
                problem(row, "name", f"与第{seen[found.member_id]}行是同一人（{found.name}），请删除重复的一行")
            basis_text = row.text("basis")
            basis = _basis(basis_text) if basis_text else None
            if basis_text and basis is None:
                problem(row, "basis", f"“{basis_text}”不是有效的交纳类别，"
                                      "可填：在职、离退休、定额（留空按党员信息判断）")
            income = 0
            try:
                income = parse_yuan(row.text("income") or "0", field=column("income"))
            except ValidationError as exc:
                problem(row, "income", exc.reason)
            if len(result.errors) > before or isinstance(found, NoMatch):
                continue
            seen[found.member_id] = row.number
            if basis is None:
                member = session.get(Member, found.member_id)
                basis = default_basis(member.employment, member.is_hardship)
            if basis != "fixed" and not row.text("income"):
                problem(row, "income", "不能为空（定额交纳的请在“交纳类别”填写“定额”）")
                continue
            monthly = rates.monthly_fen(basis, income if basis != "fixed" else 0)
            result.preview.append({"row": row.number, "姓名": found.name, "所在党组织": found.org,
                                   "交纳类别": label(DUES_BASES, basis), "每月应交": format_yuan(monthly)})
            accepted.append((found.member_id, basis, income, row.text("note")))
            if progress and done % 500 == 0:
                progress(done, len(rows))
    result.rows = len(rows)
    result.errors.sort(key=lambda p: p.row)
    if not result.ok:
        return result
    with db.read() as session:
        existing = set(session.scalars(select(DuesBase.member_id).where(
            DuesBase.year == year, DuesBase.member_id.in_([a[0] for a in accepted]))))
    result.updated = len(existing)
    result.created = len(accepted) - result.updated
    if options.dry_run or not accepted:
        return result
    result.backup = create_backup(db.path, reason="pre-import")
    with db.write() as session:
        for member_id, basis, income, note in accepted:
            ledger.set_base(session, member_id, year, income_fen=income, basis=basis, note=note)
    result.written = True
    return result


import_dues_bases.user_options = ("year",)  # what the import dialog must ask for
