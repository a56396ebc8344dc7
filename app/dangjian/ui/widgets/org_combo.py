"""A combo box listing the 党组织 tree, indented by depth (filters include the chosen org's sub-orgs)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from ...core.members.query import OrgChoice


class OrgCombo(QComboBox):
    def __init__(self, orgs: list[OrgChoice], *, all_label: str | None = "全部党组织",
                 include_revoked: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._all_label = all_label
        self.setMinimumContentsLength(16)
        self.set_orgs(orgs, include_revoked=include_revoked)

    def set_orgs(self, orgs: list[OrgChoice], *, include_revoked: bool = False) -> None:
        current = self.org_id()
        self.blockSignals(True)
        self.clear()
        if self._all_label is not None:
            self.addItem(self._all_label, None)
        for org in orgs:
            if org.status != "active" and not include_revoked:
                continue
            suffix = "（已撤销）" if org.status != "active" else ""
            self.addItem("　" * org.depth + org.name + suffix, org.id)
        self.blockSignals(False)
        self.set_org_id(current)

    def org_id(self) -> int | None:
        return self.currentData()

    def org_name(self) -> str | None:
        return None if self.org_id() is None else self.currentText().strip().removesuffix("（已撤销）")

    def set_org_id(self, org_id: int | None) -> None:
        index = self.findData(org_id)
        self.setCurrentIndex(index if index >= 0 else (0 if self.count() and self._all_label is not None else -1))
