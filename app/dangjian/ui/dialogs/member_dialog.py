"""新增/编辑党员: a form validated as the user types, by the same core rules the importer uses."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.common import idcard
from ...core.common.errors import UserError
from ...core.common.labels import EDUCATION_LEVELS, EMPLOYMENT, MEMBER_CATEGORIES, MEMBER_FLAGS, PARTY_STATUSES
from ...core.members.fields import (
    EXTENSION_CHOICES,
    MemberInput,
    age,
    format_date,
    normalise,
    parse_date_text,
    party_years,
    probation_ends_on,
)
from ...core.members.query import OrgChoice
from ...core.members.roster import add_member, transfer_history, update_member
from ...core.models import Member
from ..operations import describe_error, write_op
from ..widgets.controls import code_combo
from ..widgets.org_combo import OrgCombo


class MemberDialog(QDialog):
    def __init__(self, parent: QWidget, ctx, orgs: list[OrgChoice], *, member_id: int | None = None,
                 org_id: int | None = None, today: date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.today = today or date.today()
        self.saved_id: int | None = None
        self.setWindowTitle("编辑党员" if member_id else "新增党员")

        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("18位，末位可为X")
        self.id_number.setMaxLength(20)
        self.ethnicity = QLineEdit("汉族")
        self.education = QComboBox()
        self.education.setEditable(True)
        self.education.addItems(["", *EDUCATION_LEVELS])
        self.category = code_combo(MEMBER_CATEGORIES)
        self.org = OrgCombo(orgs, all_label=None)
        self.joined_on = QLineEdit()
        self.joined_on.setPlaceholderText("如 2005-07-01 或 2005.07")
        self.confirmed_on = QLineEdit()
        self.confirmed_on.setPlaceholderText("正式党员填写；预备党员留空")
        self.extension = QComboBox()
        for months in EXTENSION_CHOICES:
            self.extension.addItem("不延长" if months == 0 else f"{months}个月", months)
        self.party_status = code_combo(PARTY_STATUSES)
        self.employment = code_combo(EMPLOYMENT)
        self.job = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.flags = {key: QCheckBox(text) for key, text in MEMBER_FLAGS.items()}
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(54)
        self.derived = QLabel()
        self.derived.setObjectName("derived")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)

        left, right = QFormLayout(), QFormLayout()
        for form, rows in (
            (left, [("姓名", self.name), ("公民身份号码", self.id_number), ("民族", self.ethnicity),
                    ("学历", self.education), ("人员类别", self.category), ("所在党组织", self.org),
                    ("入党日期", self.joined_on), ("转正日期", self.confirmed_on), ("延长预备期", self.extension)]),
            (right, [("党籍状态", self.party_status), ("在职情况", self.employment), ("工作岗位", self.job),
                     ("联系电话", self.phone), ("家庭住址", self.address)]),
        ):
            for text, widget in rows:
                form.addRow(text, widget)
        flag_row = QHBoxLayout()
        for box in self.flags.values():
            flag_row.addWidget(box)
        right.addRow("标记", flag_row)
        right.addRow("备注", self.note)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setHorizontalSpacing(24)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.derived)
        self.history = QLabel()
        self.history.setWordWrap(True)
        layout.addWidget(self.history)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        if member_id is not None:
            self._load(member_id)
        elif org_id is not None:
            self.org.set_org_id(org_id)
        for widget in (self.name, self.id_number, self.ethnicity, self.joined_on, self.confirmed_on, self.job,
                       self.phone, self.address):
            widget.textChanged.connect(self.validate)
        for combo in (self.education, self.category, self.org, self.extension, self.party_status, self.employment):
            combo.currentIndexChanged.connect(self.validate)
        self.education.editTextChanged.connect(self.validate)
        self.validate()

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _load(self, member_id: int) -> None:
        with self.ctx.db.read() as session:
            data = MemberInput.from_member(session.get(Member, member_id))
            history = transfer_history(session, member_id)
        if history:
            lines = [f"{on:%Y-%m-%d}　{source} → {target}" + (f"（{note}）" if note else "")
                     for on, source, target, note in history[-5:]]
            self.history.setText("组织关系转接：\n" + "\n".join(lines))
        self.name.setText(data.name)
        self.id_number.setText(data.id_number)
        self.ethnicity.setText(data.ethnicity)
        self.education.setCurrentText(data.education)
        self.category.setCurrentIndex(self.category.findData(data.category))
        self.org.set_org_id(data.org_id)
        self.joined_on.setText(format_date(data.joined_on, data.joined_precision))
        self.confirmed_on.setText(format_date(data.confirmed_on, data.confirmed_precision))
        self.extension.setCurrentIndex(max(0, self.extension.findData(data.probation_extension_months)))
        self.party_status.setCurrentIndex(self.party_status.findData(data.party_status))
        self.employment.setCurrentIndex(self.employment.findData(data.employment))
        self.job.setText(data.job)
        self.phone.setText(data.phone)
        self.address.setText(data.address)
        for key, box in self.flags.items():
            box.setChecked(bool(getattr(data, key)))
        self.note.setPlainText(data.note)

    def collect(self) -> MemberInput:
        """The form as a MemberInput; raises ValidationError for a date that cannot be read."""
        joined, joined_precision = parse_date_text(self.joined_on.text(), "入党日期")
        confirmed, confirmed_precision = parse_date_text(self.confirmed_on.text(), "转正日期")
        return MemberInput(
            name=self.name.text(), id_number=self.id_number.text(), org_id=self.org.org_id(),
            category=self.category.currentData(), ethnicity=self.ethnicity.text(),
            education=self.education.currentText(), joined_on=joined, joined_precision=joined_precision,
            confirmed_on=confirmed, confirmed_precision=confirmed_precision,
            probation_extension_months=self.extension.currentData(), party_status=self.party_status.currentData(),
            employment=self.employment.currentData(), job=self.job.text(), phone=self.phone.text(),
            address=self.address.text(), note=self.note.toPlainText(),
            **{key: box.isChecked() for key, box in self.flags.items()},
        )

    def validate(self) -> bool:
        """Live check with the core rules (no SQL); 确定 stays disabled while anything is wrong."""
        self._show_derived()
        try:
            data = self.collect()
            normalise(data, self.today)
            if data.org_id is None:
                raise UserError("所在党组织：请选择一个党组织")
        except UserError as exc:
            self.error.setText(exc.message if self.name.text() or self.id_number.text() else "")
            self.ok_button.setEnabled(False)
            return False
        self.error.setText("")
        self.ok_button.setEnabled(True)
        return True

    def _show_derived(self) -> None:
        try:
            card = idcard.parse_id(self.id_number.text())
        except UserError:
            self.derived.setText("")
            return
        parts = [f"性别：{card.gender}", f"出生日期：{card.birth_date:%Y-%m-%d}",
                 f"年龄：{age(card.birth_date, self.today)}"]
        try:
            joined, _ = parse_date_text(self.joined_on.text(), "入党日期")
            confirmed, _ = parse_date_text(self.confirmed_on.text(), "转正日期")
        except UserError:
            joined = confirmed = None
        category, months = self.category.currentData(), self.extension.currentData() or 0
        if category == "probationary" and joined:
            parts.append(f"预备期满：{probation_ends_on(joined, months):%Y-%m-%d}")
        years = party_years(category, joined, confirmed, months, self.today)
        if category == "formal" and years is not None:
            parts.append(f"党龄：{years}年")
        self.derived.setText("　".join(parts))

    def save(self) -> None:
        if not self.validate():
            return
        data, today, member_id = self.collect(), self.today, self.member_id

        def write(session) -> int:
            if member_id is None:
                return add_member(session, data, today=today).id
            return update_member(session, member_id, data, today=today).id

        def done(saved_id: int) -> None:
            self.saved_id = saved_id
            self.accept()

        self.ok_button.setEnabled(False)
        (write_op(self, write, {"members"}, undo_text=f"{self.windowTitle()} {data.name}").success(done)
         .failure(lambda exc: (self.error.setText(describe_error(exc)), self.ok_button.setEnabled(True)))
         .run_in_background())
