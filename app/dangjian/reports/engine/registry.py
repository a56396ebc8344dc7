"""Export kinds: each report module registers what it can print, the CLI and the 报表 page list them.

A kind builds a `Report` (content only) from a read session; the PDF and XLSX backends render it.
Kinds that need another format (e.g. .docx handouts) register a writer for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ...core.common.errors import UserError
from ...core.orgs.queries import find_org_by_name
from ...core.storage.db import Database
from ...core.system import settings
from .document import Report

Progress = Callable[[int, int], None]

# Report modules that register kinds; imported on first use so start-up never loads reportlab.
MODULES = [
    "dangjian.reports.settings",
    "dangjian.reports.orgs",
    "dangjian.reports.members",
    "dangjian.reports.budgets",
    "dangjian.reports.dues",
    "dangjian.reports.training",
    "dangjian.reports.activities",
    "dangjian.reports.activities_docx",
    "dangjian.reports.assessment",
    "dangjian.reports.cobuild",
]


@dataclass(frozen=True)
class ExportOptions:
    year: int | None = None
    org: str | None = None  # organisation name as typed by the user
    unmasked: bool = False  # full 公民身份号码 (audited)
    course_id: int | None = None
    activity_id: int | None = None
    month: int | None = None  # 1..12 (党费收缴明细); None: the whole year
    remittance_id: int | None = None  # 上缴凭证
    project_id: int | None = None  # 服务项目书
    today: date = field(default_factory=date.today)

    @property
    def year_or_current(self) -> int:
        return self.year or self.today.year


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str
    formats: tuple[str, ...]
    build: Callable[[Session, ExportOptions], Report] | None
    needs: tuple[str, ...] = ()  # option names that must be given, e.g. ("course_id",)
    accepts: tuple[str, ...] = ()  # optional option names besides year/org/unmasked, e.g. ("month",)
    writers: dict[str, Callable[[Session, ExportOptions, Path], None]] = field(default_factory=dict)
    description: str = ""


KINDS: dict[str, ExportKind] = {}
_NEEDS_LABELS = {"course_id": "培训班（命令行用 --course 编号）", "activity_id": "活动（命令行用 --activity 编号）",
                 "year": "年度（命令行用 --year）", "remittance_id": "上缴记录（命令行用 --remittance 编号）",
                 "project_id": "服务项目（命令行用 --project 编号）"}


def export_kind(name: str, label: str, *, formats: tuple[str, ...] = ("pdf", "xlsx"),
                needs: tuple[str, ...] = (), accepts: tuple[str, ...] = (), description: str = ""):
    """Decorator registering a Report builder as an export kind."""

    def register(build: Callable[[Session, ExportOptions], Report]):
        KINDS[name] = ExportKind(name, label, formats, build, needs, accepts, {}, description)
        return build

    return register


def register_writer(name: str, fmt: str, writer: Callable[[Session, ExportOptions, Path], None]) -> None:
    """Let kind `name` write format `fmt` itself (e.g. an editable .docx) instead of through a Report."""
    KINDS[name].writers[fmt] = writer


def unit_name(session: Session) -> str:
    """The office printed in every report's title block (设置 → 单位名称)."""
    return settings.get(session, "general.unit_name") or "（未设置单位名称）"


def org_scope(session: Session, options: ExportOptions) -> tuple[int | None, str]:
    """The org `--org` names (id and the name as typed), or (None, "") for every org."""
    if not options.org:
        return None, ""
    return find_org_by_name(session, options.org).id, options.org


def all_kinds() -> dict[str, ExportKind]:
    for module in MODULES:
        importlib.import_module(module)
    return KINDS


def get_kind(name: str) -> ExportKind:
    kinds = all_kinds()
    if name not in kinds:
        raise UserError(f"不支持的报表类型“{name}”，可选：{'、'.join(kinds)}")
    return kinds[name]


def output_format(path: Path, kind: ExportKind) -> str:
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in kind.formats:
        raise UserError(f"{kind.label}只能导出为 {' / '.join('.' + f for f in kind.formats)} 文件")
    return fmt


def run_export(db: Database, name: str, path: Path, options: ExportOptions,
               progress: Progress | None = None) -> Path:
    """Build and write one export. Unmasked exports are written to the audit log."""
    from ...core.system import audit
    from .pdf import write_pdf
    from .xlsx import write_xlsx

    kind = get_kind(name)
    fmt = output_format(path, kind)
    for need in kind.needs:
        if getattr(options, need) is None:
            raise UserError(f"导出{kind.label}需要指定{_NEEDS_LABELS.get(need, need)}")
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"保存位置不存在：{path.parent}")
    with db.read() as session:
        if fmt in kind.writers:
            kind.writers[fmt](session, options, path)
        else:
            assert kind.build is not None
            report = kind.build(session, options)
            if fmt == "pdf":
                write_pdf(report, path, progress=progress)
            else:
                write_xlsx(report, path)
    if options.unmasked:
        with db.write() as session:
            audit.record(session, "export_unmasked", "report", None,
                         f"导出{kind.label}（显示完整公民身份号码）到 {path.name}")
    return path
