"""Finding the member a spreadsheet row means: 姓名 plus the full 公民身份号码 or 身份证后四位, as offices
write them in sign-in lists and income sheets. One query for all the names of a sheet, then lookups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common import idcard
from ..common.errors import UserError, ValidationError
from ..models import Member, Organisation
from ..spreadsheets.importing import ImportOptions, ReadSheet, read_sheet


@dataclass(frozen=True)
class MatchedMember:
    member_id: int
    name: str
    id_number: str
    org: str


@dataclass(frozen=True)
class NoMatch:
    """Why a row names nobody (or nobody for sure): the column to blame ('name', 'id_number', 'id_tail')."""

    column: str
    message: str


class MemberMatcher:
    def __init__(self, session: Session, names: Iterable[str], *, tail_column: str = "id_tail") -> None:
        self.tail_column = tail_column
        self.by_name: dict[str, list[MatchedMember]] = defaultdict(list)
        query = (select(Member.id, Member.name, Member.id_number, Organisation.name)
                 .join(Organisation, Organisation.id == Member.org_id)
                 .where(Member.deleted_at.is_(None), Member.name.in_(set(names))))
        for row in session.execute(query):
            self.by_name[row[1]].append(MatchedMember(*row))

    def find(self, name: str, full_id: str, tail: str) -> MatchedMember | NoMatch:
        if not name:
            return NoMatch("name", "不能为空")
        candidates = self.by_name.get(name, [])
        if full_id:
            try:
                wanted = idcard.parse_id(full_id, allow_legacy=True).number
            except ValidationError as exc:
                return NoMatch("id_number", exc.reason)
            matches = [p for p in candidates if p.id_number == wanted]
            if not matches:
                return NoMatch("id_number",
                               f"党员名册中没有姓名为“{name}”、公民身份号码为{idcard.mask_id(wanted)}的党员")
            return matches[0]
        if not tail:
            return NoMatch(self.tail_column, "不能为空（用于区分同名党员），请填写身份证后四位或完整号码")
        if not candidates:
            return NoMatch("name", f"党员名册中没有“{name}”")
        matches = [p for p in candidates if p.id_number.endswith(tail)]
        if not matches:
            return NoMatch("id_tail", f"党员名册中没有姓名为“{name}”、身份证尾号为{tail}的党员")
        if len(matches) > 1:
            return NoMatch("id_tail",
                           f"有{len(matches)}名同名党员“{name}”的身份证尾号都是{tail}，请改填完整的公民身份号码")
        return matches[0]


def read_people_sheet(path: Path, options: ImportOptions, synonyms: Mapping[str, tuple[str, ...]],
                      max_rows: int) -> ReadSheet:
    """The rows of a sheet that names members by 姓名 plus 公民身份号码 or 身份证后四位 (a sheet without
    either column is refused: same-named members could not be told apart)."""
    sheet = read_sheet(path, options, synonyms, ("name",), max_rows)
    if "id_number" not in sheet.header.columns and "id_tail" not in sheet.header.columns:
        raise UserError(f"第{sheet.header.row}行表头缺少“身份证后四位”或“公民身份号码”列（用于区分同名党员）")
    return sheet
