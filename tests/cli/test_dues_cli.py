"""`dangjian import dues-bases FILE --year Y` and `export dues … --month M | dues-remittance --remittance ID`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dangjian.core.dues import ledger
from dangjian.core.dues.status import member_years
from dangjian.core.members.roster import add_member
from dangjian.core.storage.db import Database
from member_helpers import make_id, make_orgs, member_input, save_sheet

YEAR = 2025


@pytest.fixture
def world(db_path):
    db = Database(db_path)
    with db.write() as session:
        orgs = make_orgs(session)
        member = add_member(session, member_input(orgs["first"], 1, name="张伟"), today=date(YEAR, 1, 1)).id
    db.dispose()
    return orgs, member


def test_import_bases_for_the_year_given_then_export_the_month(cli, db_path, world, tmp_path):
    _, member = world
    path = save_sheet(tmp_path, [["姓名", "公民身份号码", "月收入"], ["张伟", make_id(1), "4000"]])
    code, out, err = cli("--db", db_path, "import", "dues-bases", path, "--year", YEAR, "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 1
    db = Database(db_path)
    with db.write() as session:
        assert [r.base_monthly_fen for r in member_years(session, YEAR, member_ids=[member])] == [4_000]
        ledger.record_payment(session, ledger.PaymentInput(member, YEAR, 1, 1, 4_000, date(YEAR, 1, 9)))
    db.dispose()

    code, _, err = cli("--db", db_path, "export", "dues", tmp_path / "一月.xlsx", "--year", YEAR, "--month", 1)
    assert code == 0, err
    sheet = load_workbook(tmp_path / "一月.xlsx")["收缴明细"]
    rows = [row for row in sheet.iter_rows(values_only=True) if "张伟" in row]
    assert len(rows) == 1 and 40 in rows[0] and "已交" in rows[0]


def test_month_out_of_range_is_a_usage_error(cli, db_path, world, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        cli("--db", db_path, "export", "dues", tmp_path / "x.pdf", "--month", 13)
    assert exit_info.value.code == 2


def test_remittance_voucher_needs_its_id_and_prints_it(cli, db_path, world, tmp_path):
    orgs, member = world
    code, _, err = cli("--db", db_path, "export", "dues-remittance", tmp_path / "v.pdf")
    assert code == 1 and "--remittance" in err
    db = Database(db_path)
    with db.write() as session:
        ledger.record_payment(session, ledger.PaymentInput(member, YEAR, 1, 3, 12_345, date(YEAR, 1, 9)))
        remittance = ledger.remit(session, ledger.RemittanceInput(orgs["root"], date(YEAR, 3, 31),
                                                                  date(YEAR, 4, 2), "长沙县委组织部")).id
    db.dispose()
    code, _, err = cli("--db", db_path, "export", "dues-remittance", tmp_path / "v.pdf", "--remittance", remittance)
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "v.pdf").pages)
    assert "人民币壹佰贰拾叁元肆角伍分" in text and "长沙县委组织部" in text
