"""Shared builders for the 党员 tests: a small org tree and valid members."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from dangjian.core.common import idcard
from dangjian.core.members.fields import MemberInput
from dangjian.core.models import Organisation

TODAY = date(2026, 11, 25)


def make_orgs(session) -> dict[str, int]:
    """湘龙街道党工委 → 东湖社区党委 → 第一/第二党支部; 西湖社区党支部; a revoked branch."""
    root = Organisation(name="湘龙街道党工委", kind="street_committee")
    session.add(root)
    session.flush()
    donghu = Organisation(name="东湖社区党委", kind="party_committee", parent_id=root.id, sort_order=1)
    xihu = Organisation(name="西湖社区党支部", kind="branch", parent_id=root.id, sort_order=2)
    session.add_all([donghu, xihu])
    session.flush()
    first = Organisation(name="东湖社区第一党支部", kind="branch", parent_id=donghu.id, sort_order=1)
    second = Organisation(name="东湖社区第二党支部", kind="branch", parent_id=donghu.id, sort_order=2)
    revoked = Organisation(name="原物业党支部", kind="branch", parent_id=root.id, status="revoked", sort_order=3)
    session.add_all([first, second, revoked])
    session.flush()
    return {"root": root.id, "donghu": donghu.id, "xihu": xihu.id, "first": first.id, "second": second.id,
            "revoked": revoked.id}


def make_id(seq: int = 1, birth: date = date(1980, 5, 17), gender: str = "男", region: str = "430121") -> str:
    return idcard.make_id(region, birth, seq, gender)


def member_input(org_id: int, seq: int = 1, **overrides) -> MemberInput:
    values = dict(name="张伟", id_number=make_id(seq), org_id=org_id, joined_on=date(2005, 7, 1),
                  confirmed_on=date(2006, 7, 1), phone="13800138000", education="大学本科")
    values.update(overrides)
    return MemberInput(**values)


def save_sheet(tmp_path: Path, rows: list[list], name: str = "党员.xlsx", merge: str | None = None) -> Path:
    """An xlsx with one sheet 花名册 holding `rows` (None cells are not written, like Excel)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / name
    book.save(path)
    return path
