"""Import any kind in core.importing.IMPORTERS: choose a file, see a dry run, then import for real.

The dry run and the import both run on the background worker. The preview lists every row the
file holds, error rows in red and rows with warnings in yellow; 确定 stays disabled while any error
exists, because imports are all-or-nothing. Importers declare the options they honour with a
`user_options` attribute — "org", "update_existing", "course_id", "year" — and this dialog offers
exactly those (a caller may preset them through `options`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core import lookups
from ...core.members.query import org_tree
from ...core.spreadsheets.importing import (
    IMPORTERS,
    ImportOptions,
    ImportResult,
    RowProblem,
    SourceChanged,
    get_importer,
)
from ..operations import Op, describe_error
from ..widgets.controls import year_spin
from ..widgets.org_combo import OrgCombo

ERROR_COLOUR = QColor("#ffcdd2")
WARNING_COLOUR = QColor("#fff3c4")
ROW_KEY = "row"  # preview dicts carry the spreadsheet row number under this key


class PreviewModel(QAbstractTableModel):
    """The dry run's preview rows (dicts: column label -> value), highlighted by their problems."""

    def __init__(self, result: ImportResult | None = None, parent=None):
        super().__init__(parent)
        self.set_result(result)

    def set_result(self, result: ImportResult | None) -> None:
        self.beginResetModel()
        self.rows: list[dict] = list(result.preview) if result else []
        keys: dict[str, None] = {}
        for row in self.rows[:50]:
            keys.update(dict.fromkeys(k for k in row if k != ROW_KEY))
        self.columns = list(keys)
        self.errors = _by_row(result.errors if result else [])
        self.warnings = _by_row(result.warnings if result else [])
        self.endResetModel()

    def row_number(self, row: int) -> int | None:
        return self.rows[row].get(ROW_KEY)

    def position_of(self, number: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.get(ROW_KEY) == number), None)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        number = self.row_number(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.rows[index.row()].get(self.columns[index.column()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if number in self.errors:
                return ERROR_COLOUR
            if number in self.warnings:
                return WARNING_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and (number in self.errors or number in self.warnings):
            return "\n".join(self.errors.get(number, []) + self.warnings.get(number, []))
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        number = self.row_number(section)
        return f"第{number}行" if number else str(section + 1)


def _by_row(problems: list[RowProblem]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for problem in problems:
        result.setdefault(problem.row, []).append(str(problem))
    return result


class ImportPreviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx, kind: str, *, options: ImportOptions | None = None,
                 changes: set[str] | None = None, path: Path | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.label = IMPORTERS[kind].label
        self.importer = get_importer(kind)
        self.base_options = options or ImportOptions()
        self.changes = changes or set(IMPORTERS[kind].changes)
        self._source_changed = False  # the confirmed file had changed: say so over the new check
        self.path: Path | None = None
        self.result: ImportResult | None = None
        self.imported: ImportResult | None = None
        self.setWindowTitle(f"导入{self.label}")
        self.resize(1100, 700)
        offered = getattr(self.importer, "user_options", ())

        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText("请选择 WPS 或 Excel 保存的 .xlsx 文件")
        choose = QPushButton("选择文件…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("文件"))
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)

        options_row = QHBoxLayout()
        self.org: OrgCombo | None = None
        if "org" in offered:
            with ctx.db.read() as session:
                orgs = org_tree(session)
            self.org = OrgCombo(orgs, all_label="（按表格中的“所在党组织”列）")
            self.org.currentIndexChanged.connect(self.check)
            options_row.addWidget(QLabel("没有所在党组织列时导入到"))
            options_row.addWidget(self.org)
        self.course: QComboBox | None = None
        if "course_id" in offered and self.base_options.course_id is None:
            with ctx.db.read() as session:
                courses = lookups.course_choices(session)
            self.course = QComboBox()
            for ident, text in courses:
                self.course.addItem(text, ident)
            self.course.currentIndexChanged.connect(self.check)
            options_row.addWidget(QLabel("培训班"))
            options_row.addWidget(self.course)
        self.year: QSpinBox | None = None
        if "year" in offered and self.base_options.year is None:
            self.year = year_spin(lambda _y: self.check())
            options_row.addWidget(QLabel("年度"))
            options_row.addWidget(self.year)
        self.update_existing: QCheckBox | None = None
        if "update_existing" in offered:
            self.update_existing = QCheckBox("已存在的记录按表格内容更新（否则视为重复）")
            self.update_existing.toggled.connect(self.check)
            options_row.addWidget(self.update_existing)
        options_row.addStretch(1)

        self.summary = QLabel("选择文件后先检查全部行，检查通过才能导入；导入前会自动备份数据库。")
        self.summary.setWordWrap(True)
        self.model = PreviewModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.problems = QListWidget()
        self.problems.itemActivated.connect(self._jump_to)
        self.problems.itemClicked.connect(self._jump_to)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.problems)
        split.setSizes([480, 160])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setText("导入")
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(options_row)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        if path is not None:
            self.load_file(Path(path))

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def options(self, *, dry_run: bool) -> ImportOptions:
        options = replace(self.base_options, dry_run=dry_run)
        if self.org is not None:
            options = replace(options, org=self.org.org_name())
        if self.update_existing is not None:
            options = replace(options, update_existing=self.update_existing.isChecked())
        if self.course is not None:
            options = replace(options, course_id=self.course.currentData())
        if self.year is not None:
            options = replace(options, year=self.year.value())
        return options

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, f"选择要导入的{self.label}表格", str(Path.home()),
                                              "Excel 表格 (*.xlsx);;所有文件 (*)")
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        self.path = path
        self.file.setText(str(path))
        self.check()

    def check(self) -> Op | None:
        """Dry run in the background; the preview shows what an import would do."""
        if self.path is None:
            return None
        self.ok_button.setEnabled(False)
        self.result = None
        self.summary.setText("正在检查…")
        path, options, importer = self.path, self.options(dry_run=True), self.importer
        return (Op(self, lambda ctx: importer(ctx.db, path, options, ctx.progress))
                .with_progress(f"正在检查{path.name}…")
                .success(self._show)
                .failure(self._failed)
                .run_in_background())

    def _failed(self, exc: BaseException) -> None:
        self.model.set_result(None)
        self.problems.clear()
        self.summary.setText(f"无法导入：{describe_error(exc)}")
        self.ok_button.setEnabled(False)

    def _show(self, result: ImportResult) -> None:
        self.result = result
        self.model.set_result(result)
        self.table.resizeColumnsToContents()
        self.problems.clear()
        for problem, colour, prefix in [*((p, ERROR_COLOUR, "错误") for p in result.errors),
                                        *((p, WARNING_COLOUR, "提醒") for p in result.warnings)]:
            item = QListWidgetItem(f"{prefix}　{problem}")
            item.setBackground(colour)
            item.setData(Qt.ItemDataRole.UserRole, problem.row)
            self.problems.addItem(item)
        counts = f"共 {result.rows} 行：将新增 {result.created}，更新 {result.updated}"
        if result.errors:
            rows = len({p.row for p in result.errors})
            self.summary.setText(f"共 {result.rows} 行，其中 {rows} 行有错误（红色）。导入要么全部成功、"
                                 "要么什么都不写，请在表格中改正后重新选择文件。")
        else:
            warn = f"，另有 {len(result.warnings)} 条提醒（黄色）" if result.warnings else ""
            self.summary.setText(f"{counts}{warn}。检查通过，点“导入”写入数据库（导入前自动备份）。")
        if self._source_changed:
            self._source_changed = False
            self.summary.setText("文件在检查之后被修改过，未导入；以下是按新内容重新检查的结果。" + self.summary.text())
        self.ok_button.setEnabled(result.ok and result.rows > 0)

    def _jump_to(self, item: QListWidgetItem) -> None:
        position = self.model.position_of(item.data(Qt.ItemDataRole.UserRole))
        if position is not None:
            self.table.scrollTo(self.model.index(position, 0))
            self.table.selectRow(position)

    def run_import(self) -> Op | None:
        if self.path is None or self.result is None or not self.result.ok:
            return None
        self.ok_button.setEnabled(False)
        path, importer = self.path, self.importer
        options = replace(self.options(dry_run=False), expected_digest=self.result.digest)

        def done(result: ImportResult) -> None:
            self.imported = result
            if not result.ok:  # the database changed since the check (e.g. one of these members added)
                self._show(result)
                return
            window = self.parent().window() if self.parent() is not None else None
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                bar().showMessage(f"导入完成：新增 {result.created}，更新 {result.updated}", 10000)
            self.accept()

        return (Op(self, lambda ctx: importer(ctx.db, path, options, ctx.progress))
                .with_progress(f"正在导入{self.label}…")
                .changes(self.changes)
                .success(done)
                .failure(self._import_failed)
                .run_in_background())

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, SourceChanged):  # nothing written: show what the file says now instead
            self._source_changed = True
            self.check()
        else:
            self._failed(exc)
