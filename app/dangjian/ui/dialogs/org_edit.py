"""新建/编辑, 移动 and 撤销 of a 党组织."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...core.common.errors import ValidationError
from ...core.common.labels import FORMATIONS, ORG_DOMAINS, ORG_KINDS
from ...core.orgs.overview import OrgDetail
from ...core.orgs.tree import OrgFields, OrgRow, create_org, move_org, revoke_org, update_org
from ..widgets.controls import code_combo
from .org_form import OptionalCountSpin, OptionalDateEdit, ServiceDialog, fill_org_combo, select_data


def _combo(mapping: dict[str, str], current: str) -> QComboBox:
    combo = code_combo(mapping)
    select_data(combo, current)
    return combo


def descendants(rows: list[OrgRow], org_id: int) -> set[int]:
    """org_id and everything below it (a move target must be outside this set)."""
    below, found = {org_id}, True
    while found:
        found = False
        for r in rows:
            if r.parent_id in below and r.id not in below:
                below.add(r.id)
                found = True
    return below


class OrgDialog(ServiceDialog):
    """Create an org under `parent_id`, or edit `detail`."""

    def __init__(self, parent: QWidget | None, rows: list[OrgRow], *, detail: OrgDetail | None = None,
                 parent_id: int | None = None):
        super().__init__(parent, "编辑党组织" if detail else "新建党组织")
        self.detail = detail
        self.name = QLineEdit(detail.name if detail else "")
        self.name.setMaxLength(100)
        self.name.setPlaceholderText("如：朝阳新村小区党支部")
        self.kind = _combo(ORG_KINDS, detail.kind if detail else "branch")
        self.domain = _combo(ORG_DOMAINS, detail.domain if detail else "residential")
        self.parent_org = QComboBox()
        fill_org_combo(self.parent_org, rows, exclude=descendants(rows, detail.id) if detail else set(),
                       empty="（无，街道党工委）")
        select_data(self.parent_org, detail.parent_id if detail else parent_id)
        self.code = QLineEdit(detail.code if detail else "")
        self.formation = _combo(FORMATIONS, detail.formation if detail else "single")
        self.host = QComboBox()
        fill_org_combo(self.host, rows, exclude={detail.id} if detail else set(), empty="（未登记）")
        select_data(self.host, detail.host_org_id if detail else None)
        self.approved_on = OptionalDateEdit(detail.approved_on if detail else None)
        self.approval_doc_no = QLineEdit(detail.approval_doc_no if detail else "")
        self.approval_doc_no.setPlaceholderText("如：湘龙党工发〔2024〕12号")
        self.formal = OptionalCountSpin(detail.recorded_formal_count if detail else None)
        self.probationary = OptionalCountSpin(detail.recorded_probationary_count if detail else None)
        self.address = QLineEdit(detail.address if detail else "")
        self.phone = QLineEdit(detail.contact_phone if detail else "")
        self.note = QPlainTextEdit(detail.note if detail else "")
        self.note.setFixedHeight(60)
        hint = QLabel("花名册中没有本组织党员时，规则按登记人数检查（只填本级党员，不含下级）。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        for text, widget in [("名称", self.name), ("类别", self.kind), ("领域", self.domain),
                             ("上级党组织", self.parent_org), ("组织代码", self.code),
                             ("组建方式", self.formation), ("挂靠党组织", self.host), ("批准日期", self.approved_on),
                             ("批准文号", self.approval_doc_no), ("登记正式党员数", self.formal),
                             ("登记预备党员数", self.probationary), ("", hint), ("地址", self.address),
                             ("联系电话", self.phone), ("备注", self.note)]:
            self.form.addRow(text, widget)
        self.formation.currentIndexChanged.connect(self._formation_changed)
        self._formation_changed()
        self.resize(520, self.sizeHint().height())

    def _formation_changed(self) -> None:
        self.host.setEnabled(self.formation.currentData() == "attached")

    def fields(self) -> OrgFields:
        name = self.name.text().strip()
        if not name:
            raise ValidationError("名称", "不能为空")
        formation = self.formation.currentData()
        return OrgFields(
            name=name, kind=self.kind.currentData(), parent_id=self.parent_org.currentData(),
            domain=self.domain.currentData(), code=self.code.text(), formation=formation,
            host_org_id=self.host.currentData() if formation == "attached" else None,
            approved_on=self.approved_on.value(), approval_doc_no=self.approval_doc_no.text(),
            recorded_formal_count=self.formal.count(), recorded_probationary_count=self.probationary.count(),
            address=self.address.text(), contact_phone=self.phone.text(), note=self.note.toPlainText())

    def build(self):
        fields = self.fields()
        if self.detail is None:
            return lambda session: create_org(session, fields).id
        org_id = self.detail.id
        return lambda session: update_org(session, org_id, fields).id


class MoveDialog(ServiceDialog):
    def __init__(self, parent: QWidget | None, rows: list[OrgRow], detail: OrgDetail):
        super().__init__(parent, f"移动“{detail.name}”")
        self.org_id = detail.id
        self.target = QComboBox()
        fill_org_combo(self.target, rows, exclude=descendants(rows, detail.id))
        select_data(self.target, detail.parent_id)
        self.form.addRow("现在的位置", QLabel(detail.path))
        self.form.addRow("移到", self.target)
        self.form.addRow("", QLabel("下级党组织随之移动。"))

    def build(self):
        target = self.target.currentData()
        if target is None:
            raise ValidationError("上级党组织", "请选择")
        org_id = self.org_id
        return lambda session: move_org(session, org_id, target).id


class RevokeDialog(ServiceDialog):
    def __init__(self, parent: QWidget | None, detail: OrgDetail):
        super().__init__(parent, f"撤销“{detail.name}”")
        self.org_id = detail.id
        self.revoked_on = OptionalDateEdit(date.today())
        self.doc_no = QLineEdit()
        self.doc_no.setPlaceholderText("如：湘龙党工发〔2026〕8号")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.form.addRow("撤销日期", self.revoked_on)
        self.form.addRow("撤销文号", self.doc_no)
        self.form.addRow("撤销原因", self.reason)
        note = QLabel("撤销后记录保留（可在“显示已撤销”中查看），需要时可以恢复。")
        note.setWordWrap(True)
        self.form.addRow("", note)

    def build(self):
        revoked_on = self.revoked_on.value()
        if revoked_on is None:
            raise ValidationError("撤销日期", "不能为空")
        doc_no, reason, org_id = self.doc_no.text(), self.reason.toPlainText(), self.org_id
        return lambda session: revoke_org(session, org_id, revoked_on, doc_no, reason).id
