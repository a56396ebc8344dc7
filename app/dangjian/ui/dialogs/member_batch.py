"""Batch dialogs on the selected 党员: 组织关系转接 (转出/转入) and 转正."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.members.query import OrgChoice
from ...core.members.roster import confirm_members, transfer_members
from ..operations import describe_error, write_op
from ..widgets.controls import date_edit, date_of
from ..widgets.org_combo import OrgCombo


class _BatchDialog(QDialog):
    """Shared frame: a form, an error line, 确定/取消, and a write op that closes on success."""

    def __init__(self, parent: QWidget, ctx, title: str, intro: str):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro))
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.result_count = 0

    def write(self, session) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def save(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)

        def done(count: int) -> None:
            self.result_count = count
            self.accept()

        def failed(exc: BaseException) -> None:
            self.error.setText(describe_error(exc))
            ok.setEnabled(True)

        write_op(self, self.write, {"members", "orgs"}, undo_text=self.windowTitle()).success(done).failure(
            failed).run_in_background()


class TransferDialog(_BatchDialog):
    """转出 to another org (in the 街道 or outside), or 转入 into one of ours."""

    def __init__(self, parent: QWidget, ctx, member_ids: list[int], orgs: list[OrgChoice], *,
                 today: date | None = None):
        super().__init__(parent, ctx, "组织关系转接", f"已选择 {len(member_ids)} 名党员。")
        self.member_ids = list(member_ids)
        self.today = today or date.today()
        self.on = date_edit(self.today, latest=self.today)
        self.inside = QRadioButton("转到街道内党组织（转入）")
        self.outside = QRadioButton("转出到街道外")
        group = QButtonGroup(self)
        group.addButton(self.inside)
        group.addButton(self.outside)
        self.inside.setChecked(True)
        self.org = OrgCombo(orgs, all_label=None)
        self.outside_name = QLineEdit()
        self.outside_name.setPlaceholderText("街道外党组织名称；转入已转出的党员时填写原转往单位")
        self.note = QLineEdit()
        self.form.addRow("转接日期", self.on)
        self.form.addRow(self.inside)
        self.form.addRow("转入党组织", self.org)
        self.form.addRow(self.outside)
        self.form.addRow("街道外党组织", self.outside_name)
        self.form.addRow("备注", self.note)
        self.inside.toggled.connect(self.org.setEnabled)

    def write(self, session) -> int:
        to_org = self.org.org_id() if self.inside.isChecked() else None
        return transfer_members(session, self.member_ids, date_of(self.on), to_org_id=to_org,
                                outside_org_name=self.outside_name.text(), note=self.note.text(), today=self.today)


class ConfirmDialog(_BatchDialog):
    """Batch 转正 of probationary members on one date."""

    def __init__(self, parent: QWidget, ctx, member_ids: list[int], *, today: date | None = None):
        super().__init__(parent, ctx, "预备党员转正", f"将 {len(member_ids)} 名预备党员按期转正为正式党员。")
        self.member_ids = list(member_ids)
        self.today = today or date.today()
        self.on = date_edit(self.today, latest=self.today)
        self.form.addRow("转正日期", self.on)

    def write(self, session) -> int:
        return confirm_members(session, self.member_ids, date_of(self.on), today=self.today)
