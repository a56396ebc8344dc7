"""Spreadsheet imports: one result shape for every kind, all-or-nothing with a dry run."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..common.errors import UserError
from .sheets import HeaderMatch, SheetRow, find_header, iter_data_rows, opened_workbook, pick_worksheet

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowProblem:
    row: int  # spreadsheet row number as the user sees it
    column: str  # column header as in the file ('' for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class ImportOptions:
    org: str | None = None  # --org NAME: where rows without an org column go
    course_id: int | None = None
    year: int | None = None  # --year: the year the rows are for (党费基数); default this year
    dry_run: bool = False
    update_existing: bool = False  # 更新 existing records instead of refusing duplicates
    expected_digest: str | None = None  # the file as checked in the preview: a changed file is refused


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    written: bool = False
    backup: Path | None = None
    preview: list[dict] = field(default_factory=list)  # parsed rows for the GUI preview table
    digest: str = ""  # SHA-256 of the file read, to confirm the import of exactly this file

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "written": self.written,
            "errors": [asdict(e) for e in self.errors],
            "warnings": [asdict(w) for w in self.warnings],
        }


class SourceChanged(UserError):
    """The file is no longer the one whose preview the user confirmed."""


def source_digest(path: Path, options: ImportOptions) -> str:
    """The file's SHA-256. When the user confirms a preview, the file must still be the one previewed:
    edited and saved again in WPS meanwhile, it could import rows nobody has seen."""
    try:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise UserError(f"无法读取“{Path(path).name}”：{exc.strerror or exc}") from None
    if options.expected_digest is not None and digest != options.expected_digest:
        raise SourceChanged(f"“{Path(path).name}”在检查之后被修改过，请重新检查，确认预览无误后再导入")
    return digest


@dataclass(frozen=True)
class ReadSheet:
    digest: str  # SHA-256 of the file, checked against a confirmed preview
    header: HeaderMatch
    rows: list[SheetRow]


def read_sheet(path: Path, options: ImportOptions, synonyms: Mapping[str, Sequence[str]],
               required: Sequence[str], max_rows: int) -> ReadSheet:
    """The active worksheet's header (with the `required` fields) and data rows of an import file."""
    with opened_workbook(Path(path), max_rows=max_rows) as workbook:
        digest = source_digest(Path(path), options)
        sheet = pick_worksheet(workbook)
        header = find_header(sheet, synonyms, tuple(required))
        return ReadSheet(digest, header, list(iter_data_rows(sheet, header, max_rows=max_rows)))


class Importer(NamedTuple):
    """`spec` is "module:function", the function having the signature
    (db: Database, path: Path, options: ImportOptions, progress: Progress | None) -> ImportResult.
    `changes` are the domains a finished import changed, so the pages showing them reload."""

    spec: str
    label: str  # Chinese, for menus and titles
    changes: frozenset[str]


IMPORTERS: dict[str, Importer] = {
    "members": Importer("dangjian.core.members.roster_import:import_members", "党员",
                        frozenset({"members", "orgs"})),
    "attendance": Importer("dangjian.core.training.attendance_import:import_attendance", "培训签到",
                           frozenset({"training"})),
    "dues-bases": Importer("dangjian.core.dues.base_import:import_dues_bases", "党费基数", frozenset({"dues"})),
    "indicators": Importer("dangjian.core.assessment.indicators:import_indicators", "考核指标",
                           frozenset({"assessment"})),
    "dual-registrations": Importer("dangjian.core.cobuild.volunteering:import_registrations", "双报到名单",
                                   frozenset({"cobuild", "members"})),
    "ballots": Importer("dangjian.core.assessment.reviews:import_ballots", "述职评议票数", frozenset({"assessment"})),
}


def get_importer(kind: str) -> Callable:
    if kind not in IMPORTERS:
        raise UserError(f"不支持导入“{kind}”，可选：{'、'.join(IMPORTERS) or '（无）'}")
    module, _, name = IMPORTERS[kind].spec.partition(":")
    return getattr(importlib.import_module(module), name)
