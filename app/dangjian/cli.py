"""Command line: `dangjian [--db PATH] COMMAND ...`; with no command it opens the GUI.

Commands register themselves with @command; `import` and `export` dispatch through the importer and
report registries, so a new capability plugs in without touching this file. Qt is imported only when
the GUI is launched; alembic only when a migration runs; reportlab only for exports.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import APP_NAME, __version__
from .core.common.errors import UserError


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] | None


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, arguments: Callable[[argparse.ArgumentParser], None] | None = None):
    def register(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = Command(name, help, run, arguments)
        return run

    return register


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese section titles and usage errors (exit 2, as argparse does)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法:", 1)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def _json_out(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def db_path_of(args: argparse.Namespace) -> Path:
    from .paths import default_db_path

    return Path(args.db).expanduser() if args.db else default_db_path()


class DatabaseDamaged(UserError):
    """The corruption drill moved a damaged database aside; exit 1 with what to do next."""

    def __init__(self, damage):
        self.damage = damage
        command = damage.restore_command()
        text = damage.message() + (f"\n请运行以下命令恢复：\n  {command}" if command else "")
        super().__init__(text)


def checked_path(args: argparse.Namespace, *, must_exist: bool = True, always_check: bool = False) -> Path:
    """The DB path after the corruption drill (see core/storage/recovery.py); marks this session as running."""
    from .core.storage import recovery
    from .core.storage.sqlite_file import check_sqlite_file

    path = db_path_of(args)
    damage = recovery.check_on_open(path, always=always_check)
    if damage is not None:
        raise DatabaseDamaged(damage)
    check_sqlite_file(path, must_exist=must_exist)
    recovery.begin_session(path)
    _SESSIONS.append(path)
    return path


_SESSIONS: list[Path] = []


def open_database(args: argparse.Namespace, *, create: bool = False, always_check: bool = False):
    """Open the DB, upgrading its schema first (with a backup) when it is older than the app."""
    from .core.storage import migrate, revisions
    from .core.storage.db import Database
    from .core.storage.sqlite_file import open_mode

    path = checked_path(args, must_exist=not create, always_check=always_check)
    mode = open_mode(path)
    if mode != "rw":  # a read-only file or folder: reading commands work, writes fail with one message
        if revisions.needs_upgrade(path):
            raise UserError("数据库文件是只读的，且版本较旧需要升级，无法打开。请复制到可写的文件夹后再试。")
        return Database(path, mode=mode)
    result = migrate.upgrade(path)
    if result.changed and result.from_revision is not None:
        print(f"数据库已升级到版本 {result.to_revision}（升级前备份：{result.backup}）", file=sys.stderr)
    return Database(path)


# --- commands ---------------------------------------------------------------------------------


def _month(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError(f"月份只能是1至12，不是“{text}”")
    return int(text)


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 格式输出")


@command("info", "显示数据库版本和各类记录数", _json_flag)
def cmd_info(args: argparse.Namespace) -> int:
    from .core.info import record_counts
    from .core.storage import revisions
    from .core.storage.db import Database
    from .core.storage.sqlite_file import open_mode

    path = checked_path(args)
    revision = revisions.current_revision(path)
    if revision is not None and revision not in revisions.known_revisions():
        raise UserError(revisions.NEWER_SCHEMA)
    db = Database(path, mode=open_mode(path))
    try:
        with db.read() as session:
            counts = record_counts(session)
    finally:
        db.dispose()
    data = {"version": __version__, "revision": revision, "head": revisions.head_revision(),
            "db_path": str(path), **counts}
    if args.json:
        _json_out(data)
    else:
        print(f"{APP_NAME} {__version__}\n数据库：{path}\n版本：{revision}（最新 {data['head']}）")
        for key, label in [("orgs", "党组织"), ("members", "党员"), ("budget_lines", "预算项目"),
                           ("expenditures", "支出"), ("courses", "培训班"), ("attendance", "参训记录"),
                           ("activities", "活动")]:
            print(f"{label}：{counts[key]}")
    return 0


@command("check", "检查数据库完整性、外键和各项规则", _json_flag)
def cmd_check(args: argparse.Namespace) -> int:
    from .core.checks import run_checks
    from .core.common.labels import SEVERITIES

    try:
        db = open_database(args, always_check=True)
    except DatabaseDamaged as exc:
        if args.json:
            _json_out(_damage_json(exc.damage))
        raise
    try:
        with db.read() as session:
            result = run_checks(session)
    finally:
        db.dispose()
    if args.json:
        _json_out(result)
    else:
        print(f"完整性检查：{'正常' if result['integrity'] == 'ok' else result['integrity']}")
        problems = len(result["foreign_keys"])
        print(f"外键检查：{f'{problems} 处问题' if problems else '正常'}")
        for finding in result["findings"]:
            severity = SEVERITIES.get(finding["severity"], finding["severity"])
            print(f"[{severity}] {finding['org']}：{finding['message']}")
        print(f"共 {len(result['findings'])} 条提示")
    if result["integrity"] != "ok" or result["foreign_keys"]:
        print("数据库完整性检查未通过，请从备份恢复（dangjian restore 备份文件）。", file=sys.stderr)
        return 1
    return 0


def _damage_json(damage) -> dict:
    found = damage.backup
    return {"integrity": damage.problem, "foreign_keys": [], "findings": [],
            "damaged": {"kept_as": str(damage.kept_as) if damage.kept_as else None,
                        "backup": str(found.path) if found else None,
                        "backup_created": f"{found.created:%Y-%m-%d %H:%M:%S}" if found else None,
                        "restore_command": damage.restore_command()}}


@command("migrate", "升级数据库结构（升级前自动备份）")
def cmd_migrate(args: argparse.Namespace) -> int:
    from .core.storage import migrate
    from .core.storage.sqlite_file import check_sqlite_file

    path = db_path_of(args)
    check_sqlite_file(path, must_exist=False)
    result = migrate.upgrade(path)
    if result.changed:
        print(f"数据库已升级：{result.from_revision or '空'} → {result.to_revision}"
              + (f"（升级前备份：{result.backup}）" if result.backup else ""))
    else:
        print(f"数据库已是最新版本（{result.to_revision}）")
    return 0


def _backup_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", help="备份到指定文件（默认保存到数据目录的 backups 文件夹）")


@command("backup", "立即备份数据库", _backup_args)
def cmd_backup(args: argparse.Namespace) -> int:
    from .core.storage.backup import create_backup
    from .core.storage.sqlite_file import check_sqlite_file

    path = db_path_of(args)
    check_sqlite_file(path)
    target = create_backup(path, reason="manual", out=Path(args.out) if args.out else None)
    print(f"已备份到：{target}")
    return 0


def _restore_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="要恢复的备份文件")


@command("restore", "从备份文件恢复数据库（先备份当前数据库）", _restore_args)
def cmd_restore(args: argparse.Namespace) -> int:
    from .core.storage import migrate, recovery
    from .core.storage.backup import restore_backup
    from .core.storage.sqlite_file import check_sqlite_file

    path = db_path_of(args)
    check_sqlite_file(path, must_exist=False)
    problem = recovery.diagnose(path, always=True)
    if problem is not None:  # a damaged file cannot be backed up first: keep it aside instead
        kept = recovery.quarantine(path)
        print(f"当前数据库已损坏，已原样保留为：{kept}", file=sys.stderr)
    recovery.begin_session(path)
    _SESSIONS.append(path)
    safety = restore_backup(path, Path(args.file))
    result = migrate.upgrade(path)
    print(f"已从 {args.file} 恢复" + (f"；恢复前的数据库已备份到：{safety}" if safety else ""))
    if result.changed:
        print(f"恢复的数据库已升级到版本 {result.to_revision}")
    return 0


def _demo_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--members", type=int, default=800, metavar="N", help="生成的党员人数（默认 800）")


@command("demo", "生成演示数据（湘龙街道）", _demo_args)
def cmd_demo(args: argparse.Namespace) -> int:
    from .core.demo.build import build_demo

    db = open_database(args, create=True)
    try:
        with db.write() as session:
            summary = build_demo(session, members=args.members)
    finally:
        db.dispose()
    print(f"演示数据已写入：{db.path}")
    for key, value in summary.items():
        print(f"  {key}：{value}")
    return 0


def _budgets_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["generate"], help="generate：按该年度经费标准生成（或更新）预算")
    parser.add_argument("--year", type=int, required=True, metavar="Y", help="预算年度")
    parser.add_argument("--copy-from", type=int, metavar="Y",
                        help="该年度还没有经费标准时，先复制某一年的标准（同一步完成）")


@command("budgets", "按经费标准生成年度预算（与经费页面的“生成预算”相同，一步完成）", _budgets_args)
def cmd_budgets(args: argparse.Namespace) -> int:
    from .core.budgets.standards import copy_standards
    from .core.budgets.yearly import generate_budgets

    db = open_database(args)
    try:
        with db.write() as session:  # copying standards and generating commit together or not at all
            if args.copy_from is not None:
                copy_standards(session, args.copy_from, args.year)
            diff = generate_budgets(session, args.year)
    finally:
        db.dispose()
    print(diff.summary())
    return 0


def _import_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", metavar="KIND",
                        help="导入类型：members（党员）、attendance（培训签到）、dues-bases（党费基数）、"
                             "indicators（考核指标）、ballots（述职评议票数）")
    parser.add_argument("file", metavar="FILE", help="xlsx 文件")
    parser.add_argument("--org", metavar="NAME", help="文件中没有“所在党组织”列时，导入到该党组织")
    parser.add_argument("--course", type=int, metavar="ID", help="培训班编号（导入签到时）")
    parser.add_argument("--year", type=int, metavar="Y", help="年度（导入党费基数、考核指标、评议票数时，默认今年）")
    parser.add_argument("--update", action="store_true", help="已存在的记录按文件内容更新，而不是报错")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    _json_flag(parser)


@command("import", "从 xlsx 导入（全部通过才写入）", _import_args)
def cmd_import(args: argparse.Namespace) -> int:
    from .core.spreadsheets.importing import ImportOptions, get_importer

    importer = get_importer(args.kind)
    db = open_database(args)
    try:
        options = ImportOptions(org=args.org, course_id=args.course, year=args.year, dry_run=args.dry_run,
                                update_existing=args.update)
        result = importer(db, Path(args.file), options, None)
    finally:
        db.dispose()
    if args.json:
        _json_out(result.as_json())
    else:
        print(f"共 {result.rows} 行：新增 {result.created}，更新 {result.updated}"
              + ("（仅检查，未写入）" if args.dry_run and result.ok else ""))
        for warning in result.warnings:
            print(f"提醒：{warning}")
    if not result.ok:
        print(f"导入被拒绝，数据库未改变。共 {len(result.errors)} 处错误：", file=sys.stderr)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    return 0


def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", metavar="KIND",
                        help="报表类型：orgs terms roster budget training signin settings activities handout "
                             "dues dues-notice dues-remittance")
    parser.add_argument("file", metavar="FILE", help="输出文件（.pdf / .xlsx / .docx）")
    parser.add_argument("--year", type=int, metavar="Y", help="年度（默认今年）")
    parser.add_argument("--org", metavar="NAME", help="只导出该党组织（含下级）")
    parser.add_argument("--course", type=int, metavar="ID", help="培训班编号（签到表）")
    parser.add_argument("--activity", type=int, metavar="ID", help="活动编号（会议材料）")
    parser.add_argument("--month", type=_month, metavar="M", help="月份 1-12（党费收缴明细，默认全年）")
    parser.add_argument("--remittance", type=int, metavar="ID", help="上缴记录编号（上缴凭证）")
    parser.add_argument("--project", type=int, metavar="ID", help="服务项目编号（服务项目书）")
    parser.add_argument("--unmasked", action="store_true", help="显示完整公民身份号码（记入操作日志）")


@command("export", "导出报表为 PDF 或 xlsx", _export_args)
def cmd_export(args: argparse.Namespace) -> int:
    from .reports.engine.registry import ExportOptions, run_export

    db = open_database(args)
    try:
        options = ExportOptions(year=args.year, org=args.org, unmasked=args.unmasked,
                                course_id=args.course, activity_id=args.activity, month=args.month,
                                remittance_id=args.remittance, project_id=args.project)
        path = run_export(db, args.kind, Path(args.file), options)
    finally:
        db.dispose()
    print(f"已导出：{path}")
    return 0


# --- entry points -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="dangjian", description=f"{APP_NAME}：不带命令时打开图形界面。")
    parser.add_argument("--db", metavar="PATH",
                        help="数据库文件（默认：用户数据目录；或环境变量 DANGJIAN_DB）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", title="命令", metavar="COMMAND", parser_class=ChineseParser)
    for cmd in COMMANDS.values():
        child = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        if cmd.arguments:
            cmd.arguments(child)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        return gui_main(args)
    try:
        code = COMMANDS[args.command].run(args)
        _log_outcome(args.command, "完成")
        return code
    except UserError as exc:
        _log_outcome(args.command, f"被拒绝：{exc.message}")
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130
    except Exception as exc:
        from .core.storage.db import translate_db_error

        friendly = translate_db_error(exc) or _os_error_message(exc)
        if friendly is None:
            return _report_crash(args.command)
        print(friendly.message, file=sys.stderr)
        return 1
    finally:
        _end_sessions()


def _log_outcome(command_name: str, outcome: str) -> None:
    """One line per command in the shared log (masked like everything there)."""
    import logging

    from .core.common.logs import setup_logging

    if setup_logging() is not None:
        logging.getLogger("dangjian.cli").info("命令 %s %s", command_name, outcome)


def _report_crash(command_name: str) -> int:
    """An unexpected failure: the traceback goes to the log and stderr with every ID masked."""
    import logging
    import traceback

    from .core.common.logs import setup_logging
    from .core.common.redact import redact_ids

    report = redact_ids(traceback.format_exc())
    path = setup_logging()
    logging.getLogger("dangjian.cli").error("command %s failed:\n%s", command_name, report)
    print(report, file=sys.stderr)
    print(f"命令“{command_name}”因意外错误中止，数据没有改变。" + (f"详细信息已写入日志：{path}" if path else ""),
          file=sys.stderr)
    return 1


def _end_sessions() -> None:
    from .core.storage import recovery

    while _SESSIONS:
        recovery.end_session(_SESSIONS.pop())


def _os_error_message(exc: Exception) -> UserError | None:
    """File-system failures translate_db_error leaves alone (disk full, read-only and permissions it knows)."""
    if isinstance(exc, FileNotFoundError):
        return UserError(f"文件不存在：{exc.filename or ''}")
    return None


def gui_main(args: argparse.Namespace | None = None) -> int:
    if args is None:
        args = build_parser().parse_args([])
    from .ui.application import run

    return run(db_path_of(args))
