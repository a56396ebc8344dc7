"""`import members`: real-world spreadsheets in, exact row numbers and reasons out, all-or-nothing."""

from __future__ import annotations

import zipfile
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from dangjian.core.common.errors import UserError
from dangjian.core.common.idcard import check_digit
from dangjian.core.members import roster as svc
from dangjian.core.members import roster_import as member_import
from dangjian.core.models import AuditEntry, Member, MemberTransfer
from dangjian.core.spreadsheets.importing import ImportOptions, get_importer
from dangjian.reports.engine.registry import ExportOptions, run_export
from member_helpers import make_id, make_orgs, member_input
from member_helpers import save_sheet as save

LOST = "号码已被表格软件转成数字而丢失精度，请将该列设置为文本格式后重新填写完整号码"
ID_1 = make_id(1, date(1985, 7, 1), "男")
ID_2 = make_id(2, date(1990, 3, 8), "女")
ID_3 = make_id(3, date(1962, 11, 20), "男")
ID_4 = make_id(4, date(1978, 1, 9), "女")


@pytest.fixture
def orgs(db):
    with db.write() as session:
        return make_orgs(session)


def run(db, path: Path, **options):
    return get_importer("members")(db, path, ImportOptions(**options), None)


def snapshot(db) -> tuple:
    """Everything an import could change."""
    with db.read() as session:
        members = session.execute(select(Member.__table__).order_by(Member.id)).all()
        audit_count = session.scalar(select(func.count()).select_from(AuditEntry))
        transfers = session.scalar(select(func.count()).select_from(MemberTransfer))
    return [tuple(row) for row in members], audit_count, transfers


def problems(items) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in items]


def test_registered_importer():
    assert get_importer("members") is member_import.import_members


def test_office_spreadsheet_with_titles_synonyms_and_every_date_form(db, orgs, tmp_path):
    path = save(tmp_path, [
        ["湘龙街道东湖社区党员花名册"],
        ["填报单位：东湖社区党委", None, None, None, "填报日期：2026年5月"],
        ["序号", "姓\u3000名", "性别", "身份证号\n（必填）", "所在支部", "入党时间", "转正时间", "手机号码",
         "家庭住址", "学历"],
        [1, " 张三\u3000", "男", ID_1, "东湖社区第一党支部", datetime(2008, 7, 1), "2009.07", 13812345678,
         "东湖1栋", "大学本科"],
        [],
        [2, "李四", "女", f" {ID_2.lower()} ", "东湖社区第二党支部", 40725, "2012年7月", "139 1234 5678", None, None],
        [3, "王五", None, ID_3, "西湖社区党支部", "1985/7/1", "1986-07-01", 13700000000.0, None, "高中"],
        [4, "赵六", "女", ID_4, "\u3000西湖社区党支部 ", "2000年7月1日", "2001.7.1", None, None, None],
        [None, "\u3000", None, None],
        ["制表人：钱七", None, None, "审核人：孙八"],
        [5, "不该读到", None, make_id(9)],
    ], merge="A1:J1")
    result = run(db, path)
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated, result.written) == (4, 4, 0, True)
    assert result.backup is not None and result.backup.exists()
    session = db.session()  # kept open: the assertions read ORM attributes
    rows = {m.name: m for m in session.scalars(select(Member))}
    assert set(rows) == {"张三", "李四", "王五", "赵六"}
    zhang, li, wang = rows["张三"], rows["李四"], rows["王五"]
    assert (zhang.joined_on, zhang.joined_precision) == (date(2008, 7, 1), "day")
    assert (zhang.confirmed_on, zhang.confirmed_precision) == (date(2009, 7, 1), "month")
    assert zhang.phone == "13812345678" and li.phone == "13912345678" and wang.phone == "13700000000"
    assert (li.joined_on, li.confirmed_on, li.confirmed_precision) == (date(2011, 7, 1), date(2012, 7, 1), "month")
    assert li.id_number == ID_2
    assert (wang.joined_on, wang.confirmed_on) == (date(1985, 7, 1), date(1986, 7, 1))
    assert rows["赵六"].org_id == orgs["xihu"]
    assert zhang.birth_date == date(1985, 7, 1) and zhang.name_initials == "zs"
    session.close()
    assert [p["row"] for p in result.preview] == [4, 6, 7, 8]
    with db.read() as session:
        log = session.execute(select(AuditEntry.entity_id, AuditEntry.summary, AuditEntry.at)
                              .order_by(AuditEntry.id)).all()
        ids = dict(session.execute(select(Member.name, Member.id)).all())
    assert [(entity_id, summary.split("（")[0]) for entity_id, summary, _ in log[:4]] == [
        (ids[name], f"导入新增党员 {name}") for name in ("张三", "李四", "王五", "赵六")]
    assert log[-1][1] == "从“党员.xlsx”导入党员：新增4名，更新0名" and log[-1][2].year >= 2026
    assert not any(number in summary for _, summary, _ in log for number in (ID_1, ID_2, ID_3, ID_4))


def test_every_error_is_listed_with_row_and_reason_and_nothing_is_written(db, orgs, tmp_path):
    with db.write() as session:
        svc.add_member(session, member_input(orgs["first"], 50, name="已有人"), today=date(2026, 11, 25))
    before = snapshot(db)
    existing = make_id(50)
    bad_checksum = ID_2[:17] + ("0" if check_digit(ID_2[:17]) != "0" else "1")
    path = save(tmp_path, [
        ["党员名单"],
        ["姓名", "公民身份号码", "所在党组织", "入党日期", "转正日期"],
        ["张三", ID_1, "东湖社区第一党支部", "2008-07-01", "2009-07-01"],            # 3 ok
        ["李四", float(ID_3), "东湖社区第一党支部", "2008-07-01", "2009-07-01"],     # 4 number
        ["王五", "4.30121198507E+17", "东湖社区第一党支部", "2008-07-01", None],      # 5 number as text
        ["赵六", bad_checksum, "东湖社区第一党支部", "2008-07-01", None],            # 6 checksum
        ["张三", ID_1.lower(), "东湖社区第二党支部", "2008-07-01", None],             # 7 dup in file
        ["已有人", existing, "东湖社区第一党支部", "2005-07-01", "2006-07-01"],       # 8 dup in DB
        ["孙七", ID_4, "东湖社区第一党支部", "2010-07-01", "2010-06-30"],            # 9 转正 before 入党
        ["周八", make_id(8), "不存在的支部", "2010-07-01", "2010-01-01"],            # 10 unknown org, 转正
        ["吴九", make_id(10), "原物业党支部", "2010-07-01", None],                    # 11 revoked org
        ["郑十", make_id(11), "西湖社区党支部", "1985.13", None],                     # 12 bad date
    ])
    result = run(db, path)
    assert not result.ok and not result.written and result.backup is None
    assert problems(result.errors) == [
        (4, "公民身份号码", LOST),
        (5, "公民身份号码", LOST),
        (6, "公民身份号码", f"校验码错误（应为{check_digit(ID_2[:17])}）"),
        (7, "公民身份号码", "与第3行的公民身份号码重复"),
        (8, "公民身份号码",
         "已登记为党员“已有人”，同一号码不能重复登记；如需按表格更新已有党员，"
         "请选择“更新已存在的记录”（命令行用 --update）"),
        (9, "转正日期", "不能早于入党日期"),
        (10, "所在党组织", "“不存在的支部”不存在，请先在党组织页面添加或核对名称"),
        (10, "转正日期", "不能早于入党日期"),
        (11, "所在党组织", "“原物业党支部”已撤销，不能再接收党员"),
        (12, "入党日期", "“1985.13”的月份应为1至12"),
    ]
    assert result.rows == 10
    assert snapshot(db) == before


def test_gender_contradicting_the_id_is_a_warning(db, orgs, tmp_path):
    path = save(tmp_path, [["姓名", "性别", "身份证号", "出生年月", "所在党组织", "入党日期"],
                           ["张三", "女", ID_1, "1985.07", "西湖社区党支部", "2010-01-01"],
                           ["李四", "女", ID_2, "1990-03-09", "西湖社区党支部", "2012-01-01"]])
    result = run(db, path)
    assert result.ok and result.written
    assert problems(result.warnings) == [
        (2, "性别", "“女”与公民身份号码不符，按号码记为男"),
        (3, "出生年月", "“1990-03-09”与公民身份号码不符，按号码记为1990-03-08"),
    ]
    with db.read() as session:
        assert session.scalar(select(Member.gender).where(Member.name == "张三")) == "男"


def test_dry_run_writes_nothing(db, orgs, tmp_path):
    before = snapshot(db)
    path = save(tmp_path, [["姓名", "身份证号", "入党日期"], ["张三", ID_1, "2010-01-01"]])
    result = run(db, path, org="西湖社区党支部", dry_run=True)
    assert (result.ok, result.created, result.written, result.backup) == (True, 1, False, None)
    assert result.preview[0]["处理"] == "新增"
    assert snapshot(db) == before


def test_confirming_a_preview_imports_only_the_file_previewed(db, orgs, tmp_path):
    import hashlib

    path = save(tmp_path, [["姓名", "身份证号"], ["张三", ID_1]])
    checked = run(db, path, org="西湖社区党支部", dry_run=True)
    assert checked.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    before = snapshot(db)
    save(tmp_path, [["姓名", "身份证号"], ["张三", ID_1], ["李四", make_id(2)]])  # saved again meanwhile
    with pytest.raises(UserError, match="在检查之后被修改过"):
        run(db, path, org="西湖社区党支部", expected_digest=checked.digest)
    assert snapshot(db) == before
    again = run(db, path, org="西湖社区党支部", dry_run=True)
    assert run(db, path, org="西湖社区党支部", expected_digest=again.digest).created == 2


def test_org_option_places_rows_of_a_file_without_an_org_column(db, orgs, tmp_path):
    path = save(tmp_path, [["姓名", "身份证号"], ["张三", ID_1]])
    with pytest.raises(UserError, match="表格中没有“所在党组织”列，请指定导入到哪个党组织"):
        run(db, path)
    with pytest.raises(UserError, match="找不到党组织“无此组织”"):
        run(db, path, org="无此组织")
    assert run(db, path, org="东湖社区第二党支部").created == 1
    with db.read() as session:
        assert session.scalar(select(Member.org_id)) == orgs["second"]


def test_update_existing_changes_only_what_differs_and_records_moves(db, orgs, tmp_path):
    with db.write() as session:
        member_id = svc.add_member(session, member_input(orgs["first"], 60, name="张三"),
                                   today=date(2026, 11, 25)).id
    path = save(tmp_path, [["姓名", "身份证号", "联系电话", "所在党组织"],
                           ["张三", make_id(60), "13999999999", "西湖社区党支部"],
                           ["李四", ID_2, "", "西湖社区党支部"]])
    refused = run(db, path)
    assert problems(refused.errors)[0][0] == 2
    result = run(db, path, update_existing=True)
    assert (result.ok, result.created, result.updated) == (True, 1, 1)
    assert [p["处理"] for p in result.preview] == ["更新", "新增"]
    with db.read() as session:
        member = session.get(Member, member_id)
        assert (member.phone, member.org_id, member.education) == ("13999999999", orgs["xihu"], "大学本科")
        last_move = svc.transfer_history(session, member_id)[-1]
        assert last_move[1:] == ("东湖社区第一党支部", "西湖社区党支部", "导入时调整")
    again = run(db, path, update_existing=True)
    assert (again.created, again.updated, again.written) == (0, 0, False)


def test_update_refuses_members_in_the_recycle_bin(db, orgs, tmp_path):
    with db.write() as session:
        member_id = svc.add_member(session, member_input(orgs["first"], 61), today=date(2026, 11, 25)).id
        svc.delete_members(session, [member_id])
    path = save(tmp_path, [["姓名", "身份证号", "所在党组织"], ["张伟", make_id(61), "西湖社区党支部"]])
    result = run(db, path, update_existing=True)
    assert problems(result.errors) == [
        (2, "身份证号", "已登记为党员“张伟”（在回收站中），同一号码不能重复登记；请先从回收站恢复后再导入更新")]


def test_probationary_inferred_while_probation_runs(db, orgs, tmp_path):
    recent = date.today().replace(day=1)
    path = save(tmp_path, [["姓名", "身份证号", "入党日期"], ["张三", ID_1, recent.strftime("%Y.%m")]])
    assert run(db, path, org="西湖社区党支部").created == 1
    with db.read() as session:
        assert session.scalar(select(Member.category)) == "probationary"


def test_refuses_files_that_are_not_xlsx_and_oversized_sheets(db, orgs, tmp_path, monkeypatch):
    csv = tmp_path / "名单.xlsx"
    csv.write_text("姓名,身份证号\n张三,1\n", encoding="gbk")
    with pytest.raises(UserError, match="这是 CSV 或文本文件"):
        run(db, csv, org="西湖社区党支部")
    wide = save(tmp_path, [["姓名", "身份证号", *[f"列{i}" for i in range(100)]]], name="宽.xlsx")
    with pytest.raises(UserError, match="超过100列"):
        run(db, wide, org="西湖社区党支部")
    monkeypatch.setattr(member_import, "MAX_ROWS", 3)
    long = save(tmp_path, [["姓名", "身份证号"], *[["张三", make_id(i)] for i in range(1, 6)]], name="长.xlsx")
    with pytest.raises(UserError, match="超过3行"):
        run(db, long, org="西湖社区党支部")


def test_zip_bomb_is_refused(db, orgs, tmp_path):
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(UserError, match="压缩比异常"):
        run(db, path, org="西湖社区党支部")


def test_formula_text_is_stored_and_exported_as_literal_text(db, orgs, tmp_path):
    formula = '=HYPERLINK("http://example.com","点我")'
    path = save(tmp_path, [["姓名", "身份证号", "家庭住址", "备注"], ["张三", ID_1, formula, "+1 @备注"]])
    book = openpyxl.load_workbook(path)
    book.active["C2"].data_type = "s"  # typed as text (as our own export writes it), not a live formula
    book.save(path)
    assert run(db, path, org="西湖社区党支部").written
    with db.read() as session:
        assert session.scalar(select(Member.address)) == formula
    out = tmp_path / "花名册.xlsx"
    run_export(db, "roster", out, ExportOptions())
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[3]]
    cell = sheet.cell(row=4, column=header.index("家庭住址") + 1)
    assert (cell.value, cell.data_type) == (formula, "s")
    assert sheet.cell(row=4, column=header.index("备注") + 1).data_type == "s"


def test_round_trip_export_import_changes_nothing(db, orgs, tmp_path, db_path):
    today = date(2026, 11, 25)
    with db.write() as session:
        svc.add_member(session, member_input(orgs["first"], 70, name="张三", address="东湖1栋"), today=today)
        svc.add_member(session, member_input(orgs["second"], 71, name="李四", category="probationary",
                                             joined_on=date(2026, 3, 1), confirmed_on=None,
                                             probation_extension_months=6, is_mobile=True), today=today)
        svc.add_member(session, member_input(orgs["xihu"], 72, name="王五", id_number=make_id(72, date(1960, 1, 1)),
                                             joined_on=date(1990, 7, 1),
                                             joined_precision="month", confirmed_on=date(1991, 7, 1),
                                             employment="retired", is_hardship=True, note="老党员"), today=today)
    out = tmp_path / "导出.xlsx"
    run_export(db, "roster", out, ExportOptions(unmasked=True))
    before = snapshot(db)
    refused = run(db, out)
    assert [p.row for p in refused.errors] == [4, 5, 6]
    assert snapshot(db) == before
    result = run(db, out, update_existing=True)
    assert (result.ok, result.created, result.updated, result.written) == (True, 0, 0, False)
    assert snapshot(db) == before


def test_masked_ids_are_refused_with_a_hint(db, orgs, tmp_path):
    with db.write() as session:
        svc.add_member(session, member_input(orgs["first"], 80), today=date(2026, 11, 25))
    out = tmp_path / "脱敏.xlsx"
    run_export(db, "roster", out, ExportOptions())
    result = run(db, out, update_existing=True)
    assert len(result.errors) == 1 and result.errors[0].row == 4
    assert result.errors[0].message == "号码已脱敏（含*），请使用显示完整号码导出的表格，或填写完整号码"


def test_json_shape_of_a_result(db, orgs, tmp_path):
    path = save(tmp_path, [["姓名", "身份证号"], ["张三", "123"]])
    data = run(db, path, org="西湖社区党支部").as_json()
    assert data["errors"] == [asdict(e) for e in run(db, path, org="西湖社区党支部").errors]
    assert data["errors"][0]["row"] == 2 and data["ok"] is False
