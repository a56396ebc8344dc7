"""The 党员 page: list, search, masking, add dialog, batch 转正, import preview with error rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from dangjian.core.members import roster as svc
from dangjian.core.models import AuditEntry, Member
from dangjian.ui.dialogs.import_preview import ERROR_COLOUR, WARNING_COLOUR
from dangjian.ui.models.member_table import COLUMNS, ID_COLUMN
from dangjian.ui.operations import wait_for_idle
from member_helpers import make_id, make_orgs, member_input, save_sheet

TODAY = date.today()


@pytest.fixture
def roster(db):
    with db.write() as session:
        orgs = make_orgs(session)
        for seq, (name, org) in enumerate([("张三", "first"), ("张三丰", "first"), ("李四", "second"),
                                            ("王五", "xihu")], 1):
            svc.add_member(session, member_input(orgs[org], seq, name=name), today=TODAY)
        svc.add_member(session, member_input(orgs["xihu"], 9, name="预备甲", category="probationary",
                                             joined_on=TODAY - timedelta(days=100), confirmed_on=None),
                       today=TODAY)
    return orgs


@pytest.fixture
def page(qtbot, roster, window):
    members_page = window.show_page("members")
    qtbot.waitUntil(lambda: members_page.model.rowCount() == 5)
    return members_page


def cell(page, row: int, key: str) -> str:
    column = next(i for i, c in enumerate(COLUMNS) if c.key == key)
    return page.model.data(page.model.index(row, column))


def test_list_shows_members_with_masked_ids(qtbot, page):
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件的党员共 5 名")
    assert cell(page, 0, "name") == "张三"
    assert cell(page, 0, "id_number") == f"{make_id(1)[:6]}********{make_id(1)[-4:]}"
    assert cell(page, 0, "org_name") == "东湖社区第一党支部"


def test_unmask_toggle_shows_full_ids_and_is_audited(qtbot, page, db):
    page.unmask.setChecked(True)
    assert page.model.data(page.model.index(0, ID_COLUMN)) == make_id(1)
    wait_for_idle()

    def logged():
        with db.read() as session:
            return session.scalars(select(AuditEntry.summary).where(AuditEntry.action == "unmask")).all()

    qtbot.waitUntil(lambda: logged() == ["查看完整公民身份号码（党员列表）"])
    page.unmask.setChecked(False)
    assert "********" in page.model.data(page.model.index(0, ID_COLUMN))


@pytest.mark.parametrize("masked", [True, False])
def test_painting_path_answers_like_data(page, db, masked):
    """multiData (one call per painted cell) must give what data() gives, role by role."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    with db.write() as session:  # one member per foreground colour
        first, second = session.scalars(select(Member).order_by(Member.id).limit(2))
        first.is_lost_contact, second.party_status = True, "suspended"
    page.model.reload()
    page.model.masked = masked
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
             Qt.ItemDataRole.UserRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole]
    seen = set()
    for row in range(page.model.rowCount()):
        for column in range(page.model.columnCount()):
            index = page.model.index(row, column)
            for role in roles:
                slot = QModelRoleData(int(role))
                page.model.multiData(index, QModelRoleDataSpan(slot))
                assert slot.data() == page.model.data(index, role), (row, column, role)
                seen.add((role, type(slot.data()).__name__))
    assert {(Qt.ItemDataRole.ForegroundRole, "QColor"), (Qt.ItemDataRole.ForegroundRole, "NoneType"),
            (Qt.ItemDataRole.DisplayRole, "str"), (Qt.ItemDataRole.UserRole, "int")} <= seen


def test_search_and_filters(qtbot, page, roster):
    page.search.setText("zs")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件的党员共 2 名")
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == 5)
    page.org.set_org_id(roster["donghu"])
    assert page.model.rowCount() == 3
    page.category.setCurrentIndex(page.category.findData("probationary"))
    assert page.model.rowCount() == 0
    page.clear_filters()
    assert page.model.rowCount() == 5


def test_sorting_by_header(page):
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert cell(page, 0, "name") == "预备甲"


def test_column_chooser_is_remembered(page, ctx, window):
    phone = next(i for i, c in enumerate(COLUMNS) if c.key == "phone")
    assert not page.table.isColumnHidden(phone)
    page.set_column_shown(phone, False)
    assert "phone" in ctx.settings.value("members/hidden_columns")
    from dangjian.ui.pages.members import MembersPage

    again = MembersPage(ctx)
    assert again.table.isColumnHidden(phone)
    again.set_column_shown(phone, True)
    again.deleteLater()


def test_add_member_with_live_validation(qtbot, page, db, roster):
    dialog = page.add_member()
    dialog.name.setText("新党员")
    dialog.id_number.setText(make_id(20)[:-1] + ("0" if make_id(20)[-1] != "0" else "1"))
    assert not dialog.ok_button.isEnabled()
    assert dialog.error.text().startswith("公民身份号码：校验码错误")
    dialog.id_number.setText(make_id(20).lower())
    dialog.org.set_org_id(roster["xihu"])
    dialog.joined_on.setText("2010.07")
    dialog.confirmed_on.setText("2011-07-01")
    assert dialog.ok_button.isEnabled(), dialog.error.text()
    assert "性别：男" in dialog.derived.text()
    dialog.confirmed_on.setText("2009-07-01")
    assert dialog.error.text() == "转正日期：不能早于入党日期"
    dialog.confirmed_on.setText("2011-07-01")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_id is not None)
    with db.read() as session:
        member = session.get(Member, dialog.saved_id)
        assert (member.name, member.id_number, member.joined_precision) == ("新党员", make_id(20), "month")
    qtbot.waitUntil(lambda: page.model.rowCount() == 6)


def test_duplicate_id_is_reported_in_the_dialog(qtbot, page, roster):
    dialog = page.add_member()
    dialog.name.setText("重复")
    dialog.id_number.setText(make_id(1))
    dialog.org.set_org_id(roster["xihu"])
    assert dialog.ok_button.isEnabled()
    dialog.save()
    qtbot.waitUntil(lambda: "已登记为党员“张三”" in dialog.error.text())
    assert dialog.isVisible()
    dialog.reject()


def test_batch_confirm(qtbot, page, db):
    page.category.setCurrentIndex(page.category.findData("probationary"))
    page.table.selectAll()
    dialog = page.confirm_selected()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result_count == 1)
    with db.read() as session:
        assert session.scalar(select(Member.category).where(Member.name == "预备甲")) == "formal"
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)


def test_delete_goes_to_the_recycle_bin(qtbot, page, db, monkeypatch):
    monkeypatch.setattr(page, "_ask", lambda text: True)
    page.table.selectRow(0)
    page.delete_selected()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    page.bin.setChecked(True)
    assert page.model.rowCount() == 1 and page.restore_button.isVisible()
    page.table.selectRow(0)
    page.restore_selected()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)


def test_import_dialog_highlights_error_rows_and_blocks_confirm(qtbot, page, db, tmp_path):
    bad = save_sheet(tmp_path, [["党员花名册"], ["姓名", "性别", "身份证号", "所在支部"],
                            ["甲", "女", make_id(30), "西湖社区党支部"],
                            ["乙", "男", float(make_id(31)), "西湖社区党支部"]], "坏.xlsx")
    dialog = page.import_members()
    dialog.load_file(bad)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    model = dialog.model
    assert model.rowCount() == 2
    assert model.headerData(1, Qt.Orientation.Vertical) == "第4行"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) == ERROR_COLOUR
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) == WARNING_COLOUR
    assert not dialog.ok_button.isEnabled()
    assert "其中 1 行有错误" in dialog.summary.text()
    assert dialog.problems.item(0).text().startswith("错误　第4行“身份证号”：号码已被表格软件转成数字")

    good = save_sheet(tmp_path, [["姓名", "身份证号"], ["甲", make_id(30)], ["乙", make_id(31)]], "好.xlsx")
    dialog.org.set_org_id(next(o.id for o in page.orgs if o.name == "西湖社区党支部"))
    dialog.load_file(good)
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.ok, timeout=10_000)
    assert dialog.ok_button.isEnabled()
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    assert dialog.imported.created == 2
    qtbot.waitUntil(lambda: page.model.rowCount() == 7)


def test_import_refuses_a_file_changed_after_its_preview(qtbot, page, db, tmp_path):
    """The confirmed preview is what gets written: a file saved again meanwhile is refused whole."""
    path = save_sheet(tmp_path, [["姓名", "身份证号"], ["甲", make_id(30)]], "名单.xlsx")
    dialog = page.import_members()
    dialog.org.set_org_id(next(o.id for o in page.orgs if o.name == "西湖社区党支部"))
    dialog.load_file(path)
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.ok, timeout=10_000)
    save_sheet(tmp_path, [["姓名", "身份证号"], ["甲", make_id(30)], ["乙", make_id(31)]], "名单.xlsx")
    dialog.run_import()
    # Nothing written; the dialog checks the file again and shows what it says now.
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("文件在检查之后被修改过，未导入"), timeout=10_000)
    assert dialog.model.rowCount() == 2 and "将新增 2" in dialog.summary.text()
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 5  # the roster fixture's only
    dialog.run_import()  # confirming the new preview imports it
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    assert dialog.imported.created == 2


def test_large_list_pages_in_with_keyset_and_counts_in_the_background(qtbot, db, window):
    import random

    from dangjian.core.demo.build import DemoContext
    from dangjian.core.demo.members import build_members

    with db.write() as session:
        make_orgs(session)
        build_members(DemoContext(session, 450, TODAY, random.Random(3)))
    page = window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 200)
    assert page.model.canFetchMore()
    qtbot.waitUntil(lambda: page.count_label.text() == "符合条件的党员共 450 名")
    page.model.fetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 450 and not page.model.canFetchMore()
    ids = [page.model.member_id(r) for r in range(450)]
    assert ids == sorted(ids) and len(set(ids)) == 450
