"""述职评议 (录入/修改): the 书记 (the org's current one unless typed), 述职日期 and the counted votes, checked as
they are typed — 好、较好、一般、差 together may not exceed 应到 (确定 stays disabled, the reason in red)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QSpinBox, QWidget

from ...core.assessment.reviews import COUNTS, ReviewFields, ReviewRow, check_counts
from ...core.assessment.scope import AssessedOrg
from ...core.common.errors import ValidationError
from ..widgets.controls import text_box
from .assessment_common import assessed_combo, chosen_org
from .budget_form import InputDialog
from .org_form import OptionalDateEdit


def _count_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 9999)
    spin.setSuffix(" 票")
    return spin


class ReviewDialog(InputDialog):
    def __init__(self, parent: QWidget | None, orgs: list[AssessedOrg], year: int, reviews: list[ReviewRow],
                 reported_on: date, review: ReviewRow | None = None, org_id: int | None = None):
        super().__init__(parent, "修改述职评议" if review else "录入述职评议")
        self.resize(460, 0)
        self.year, self.default_date = year, reported_on
        self.secretaries = {org.id: org.secretary for org in orgs}
        self.reviews = {row.org_id: row for row in reviews}
        self.org = assessed_combo(orgs, review.org_id if review else org_id)
        self.org.setEnabled(review is None)
        self.secretary = QLineEdit()
        self.reported_on = OptionalDateEdit()
        self.expected = _count_spin()
        self.expected.setSuffix(" 人")
        self.counts = {key: _count_spin() for key in COUNTS}
        self.note = text_box(2)
        self.check = QLabel()
        self.check.setWordWrap(True)
        self.form.addRow("年度", QLabel(f"{year}年"))
        self.form.addRow("党组织", self.org)
        self.form.addRow("书记", self.secretary)
        self.form.addRow("述职日期", self.reported_on)
        self.form.addRow("应到评议人数", self.expected)
        for key, text in COUNTS.items():
            self.form.addRow(f"评“{text}”", self.counts[key])
        self.form.addRow("", self.check)
        self.form.addRow("备注", self.note)
        self.org.currentIndexChanged.connect(lambda _i: self._fill())
        for spin in (self.expected, *self.counts.values()):
            spin.valueChanged.connect(lambda _v: self._check())
        self._fill()

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _fill(self) -> None:
        """An org that already has this year's review shows it (saving corrects it); else its 书记 and zeros."""
        org_id = self.org.currentData()
        row = self.reviews.get(org_id)
        self.secretary.setText(row.secretary if row else self.secretaries.get(org_id, ""))
        self.secretary.setPlaceholderText("" if self.secretary.text() else "该党组织目前没有书记，请填写述职人")
        self.reported_on.set_value(row.reported_on if row else self.default_date)
        self.expected.setValue(row.expected if row else 0)
        for key, spin in self.counts.items():
            spin.setValue(getattr(row, key) if row else 0)
        self.note.setPlainText(getattr(row, "note", "") if row else "")  # ReviewRow has no note yet
        if row is not None and self.org.isEnabled():
            self.setWindowTitle("修改述职评议（该党组织本年度已录入）")
        self._check()

    def _fields(self, org_id: int) -> ReviewFields:
        return ReviewFields(org_id, self.year, self.secretary.text(), self.reported_on.value(), self.expected.value(),
                            **{key: spin.value() for key, spin in self.counts.items()}, note=self.note.toPlainText())

    def _check(self) -> None:
        cast = sum(spin.value() for spin in self.counts.values())
        try:
            check_counts(self._fields(0))
        except ValidationError as error:
            self.check.setText(error.reason)
            self.check.setStyleSheet("color: #b3261e; font-weight: bold")
            self.ok_button.setEnabled(False)
            return
        self.check.setText(f"实投 {cast} 票")
        self.check.setStyleSheet("color: #666")
        self.ok_button.setEnabled(True)

    def values(self) -> ReviewFields:
        fields = self._fields(chosen_org(self.org))
        check_counts(fields)
        return fields
