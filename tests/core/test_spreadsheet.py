"""Reading office xlsx files safely: refusals, header detection, data rows, cell text."""

from __future__ import annotations

import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from dangjian.core.common.dates import parse_partial_date
from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.common.idcard import make_id, parse_id
from dangjian.core.common.textnorm import normalise_text, pinyin_initials
from dangjian.core.spreadsheets import xlsx_file
from dangjian.core.spreadsheets.sheets import (
    HeaderMatch,
    SheetRow,
    cell_text,
    column_letter,
    find_header,
    iter_data_rows,
    normalise_header,
    open_workbook_safely,
    opened_workbook,
    pick_worksheet,
)
from member_helpers import save_sheet as save

SYNONYMS = {
    "seq": ["序号"],
    "name": ["姓名"],
    "id_number": ["公民身份号码", "身份证号", "身份证号码", "身份证"],
    "birth": ["出生日期", "出生年月"],
    "joined": ["入党日期", "入党时间"],
    "phone": ["联系电话", "手机号码", "电话"],
}
REQUIRED = ("name", "id_number")
ID_A = make_id("430121", date(1985, 7, 1), 12, "男")
ID_B = make_id("430121", date(1990, 3, 8), 7, "女")
NOT_XLSX = "不是有效的 xlsx 文件，请在 WPS/Excel 中另存为 .xlsx"


def refusal(path: Path, **limits: int) -> str:
    with pytest.raises(UserError) as info:
        open_workbook_safely(path, **limits)
    return str(info.value)


def read_all(path: Path, **kwargs: object) -> tuple[HeaderMatch, list[SheetRow]]:
    with opened_workbook(path) as workbook:
        sheet = pick_worksheet(workbook)
        header = find_header(sheet, SYNONYMS, REQUIRED)
        return header, list(iter_data_rows(sheet, header, **kwargs))  # type: ignore[arg-type]


def rewrite_sheet_xml(path: Path, change: Callable[[str], str]) -> None:
    """Edit xl/worksheets/sheet1.xml in place, to imitate what other programs write."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = change(parts[sheet].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# ---------------------------------------------------------------------------------------------------
# A realistic roster


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return save(
        tmp_path,
        [
            ["湘龙街道朝阳社区党员花名册"],  # row 1, merged over A1:G1
            ["填报单位：朝阳社区党委", None, None, None, "填报日期：2024年5月"],  # row 2
            # row 3: the header, spelled the way offices spell it
            ["序号", "姓\u3000名", "身份证号\n（必填）", "出生日期*", "入党时间", "联系电话", "籍贯"],
            [1, "张三\u3000", ID_A, datetime(1985, 7, 1), "1985.07", 13812345678, "湖南长沙"],  # row 4
            [],  # row 5 blank
            [2, "\xa0李四 ", 4.30121198507e17, 32940, 2010.1, "13912345678", None],  # row 6
            [None, "\u3000", None, None, None, "  "],  # row 7: only spaces
            [3, "王五", f" {ID_B} ", "1990年3月8日", "2012年7月", 13700000000.0, None],  # row 8
            [],  # row 9
            ["制表人：赵六", None, None, "审核人：钱七"],  # row 10
            [4, "不该读到", ID_A],  # row 11, after the footer
        ],
        merge="A1:G1",
    )


def test_header_found_below_title_rows(roster: Path) -> None:
    header, _ = read_all(roster)
    assert header.row == 3
    assert header.columns == {"seq": 0, "name": 1, "id_number": 2, "birth": 3, "joined": 4, "phone": 5}
    assert header.unknown == ((6, "籍贯"),)
    assert header.label("id_number") == "身份证号（必填）"
    assert header.letter("phone") == "F"
    assert header.width == 6


def test_rows_keep_user_visible_numbers_and_clean_values(roster: Path) -> None:
    _, rows = read_all(roster)
    assert [row.number for row in rows] == [4, 6, 8]
    first, second, third = rows
    assert first.values == {
        "seq": 1,
        "name": "张三",
        "id_number": ID_A,
        "birth": datetime(1985, 7, 1),
        "joined": "1985.07",
        "phone": 13812345678,
    }
    assert first.text("phone") == "13812345678"
    assert second.get("name") == "李四"
    assert second.get("birth") == 32940  # a serial number in a cell without date format
    assert second.get("joined") == 2010.1
    assert isinstance(second.get("id_number"), float)  # never turned into made-up digits
    assert third.get("id_number") == ID_B
    assert third.get("phone") == 13700000000  # whole float -> int
    assert third.text("phone") == "13700000000"


def test_values_feed_the_validators(roster: Path) -> None:
    _, rows = read_all(roster)
    first, second, third = rows
    assert parse_id(first.get("id_number")).birth_date == date(1985, 7, 1)
    with pytest.raises(ValidationError, match="号码已被表格软件转成数字而丢失精度"):
        parse_id(second.get("id_number"))
    with pytest.raises(ValidationError, match="号码已被表格软件转成数字而丢失精度"):
        parse_id(second.text("id_number"))  # "4.30121198507E+17"
    assert str(parse_partial_date(first.get("joined"), "入党日期")) == "1985-07"
    assert str(parse_partial_date(second.get("birth"), "出生日期")) == "1990-03-08"
    with pytest.raises(ValidationError, match="无法确定是2010年1月还是10月"):
        parse_partial_date(second.get("joined"), "入党日期")
    assert str(parse_partial_date(third.get("joined"), "入党日期")) == "2012-07"


def test_footer_prefixes_are_configurable(roster: Path) -> None:
    _, rows = read_all(roster, footer_prefixes=())
    assert [row.number for row in rows] == [4, 6, 8, 10, 11]
    assert rows[3].values["seq"] == "制表人：赵六"


@pytest.mark.parametrize(
    "footer", ["合计", "合 计：3人", "备注:以上信息已核对", "填表人：张三", "负责人：李四", "制 表 人"]
)
def test_footer_lines_end_the_data(tmp_path: Path, footer: str) -> None:
    path = save(tmp_path, [["姓名", "身份证号"], ["张三", ID_A], [footer], ["李四", ID_B]])
    _, rows = read_all(path)
    assert [row.number for row in rows] == [2]


def test_footer_in_a_later_column_when_the_first_cells_are_empty(tmp_path: Path) -> None:
    path = save(tmp_path, [["序号", "姓名", "身份证号"], [1, "张三", ID_A], [None, "\u3000", "合计：1人"]])
    _, rows = read_all(path)
    assert [row.number for row in rows] == [2]


def test_subtotal_rows_do_not_end_the_data(tmp_path: Path) -> None:
    path = save(tmp_path, [["姓名", "身份证号"], ["张三", ID_A], ["小计", None], ["李四", ID_B]])
    _, rows = read_all(path)
    assert [row.number for row in rows] == [2, 3, 4]


def test_header_on_first_row_and_rows_given_as_lists() -> None:
    rows = [["姓名", "公民身份号码", "联系电话"], ["张三", ID_A, "1"]]
    header = find_header(rows, SYNONYMS, REQUIRED)
    assert (header.row, header.columns) == (1, {"name": 0, "id_number": 1, "phone": 2})


@pytest.mark.parametrize(
    "written",
    [
        "身份证号",
        " 身份证号码 ",
        "*身份证号",
        "身份证号*",
        "身份证号＊",
        "身份证号(必填)",
        "身份证号（必填）",
        "身份\n证号",
        "身份证号：",
        "公民身份号码（18位）",
        "身份证号码(请以文本格式填写)",
    ],
)
def test_header_spellings(written: str) -> None:
    header = find_header([["姓名", written]], SYNONYMS, REQUIRED)
    assert header.columns["id_number"] == 1


def test_header_picks_the_row_with_most_matches() -> None:
    rows = [
        ["姓名登记表"],
        ["基本信息", None, None, "党员信息"],  # a grouping row above the real header
        ["姓名", "身份证号", "出生日期", "入党日期", "联系电话"],
    ]
    assert find_header(rows, SYNONYMS, REQUIRED).row == 3


def test_missing_required_columns_are_listed() -> None:
    with pytest.raises(UserError) as info:
        find_header([["标题"], ["序号", "姓名", "电话"]], SYNONYMS, REQUIRED)
    assert str(info.value) == (
        "第2行表头缺少必需的列：“公民身份号码”（也可写作：身份证号、身份证号码、身份证）"
    )


def test_no_header_at_all() -> None:
    with pytest.raises(UserError) as info:
        find_header([["某某表"], [1, 2, 3]], SYNONYMS, REQUIRED)
    assert str(info.value) == (
        "在前20行中没有找到表头（应包含“姓名”、“公民身份号码”等列），请确认选择了正确的工作表且表头在前20行内"
    )


def test_header_below_the_scanned_rows_is_not_found() -> None:
    rows: list[list[object]] = [[None]] * 25 + [["姓名", "身份证号"]]
    with pytest.raises(UserError, match="在前20行中没有找到表头"):
        find_header(rows, SYNONYMS, REQUIRED)
    assert find_header(rows, SYNONYMS, REQUIRED, scan_rows=30).row == 26


def test_a_field_in_two_columns_is_refused() -> None:
    with pytest.raises(UserError) as info:
        find_header([["姓名", "身份证号", "电话", "手机号码"]], SYNONYMS, REQUIRED)
    assert str(info.value) == "第1行表头中“联系电话”出现了多次（C列和D列），请删除或改名多余的列"


def test_conflicting_synonyms_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        find_header([["姓名"]], {"a": ["姓名"], "b": ["姓 名"]}, ["a"])


def test_missing_rows_and_a_wrong_dimension_do_not_lose_data(tmp_path: Path) -> None:
    path = save(tmp_path, [["姓名", "身份证号"], ["张三", ID_A], [], [], ["李四", ID_B]])
    # Some programs record a wrong <dimension>; openpyxl would stop reading at A1:B1.
    rewrite_sheet_xml(path, lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:B1"/>', xml))
    _, rows = read_all(path)
    assert [(row.number, row.get("name")) for row in rows] == [(2, "张三"), (5, "李四")]


# ---------------------------------------------------------------------------------------------------
# Size limits


def test_recorded_dimension_over_the_row_limit_is_refused_on_open(tmp_path: Path) -> None:
    path = save(tmp_path, [["姓名", "身份证号"]] + [["张三", ID_A]] * 30)
    assert refusal(path, max_rows=20) == (
        "无法读取“党员.xlsx”：工作表“花名册”超过20行（约31行）；"
        "如果实际数据没有这么多，可能是空白行或列带有格式，请删除多余的空行、空列后重试"
    )


def test_recorded_dimension_over_the_column_limit_is_refused_on_open(tmp_path: Path) -> None:
    path = save(tmp_path, [["姓名", "身份证号"] + [f"列{i}" for i in range(10)]])
    assert "工作表“花名册”超过5列（约12列）" in refusal(path, max_columns=5)


def test_rows_are_counted_while_reading_when_the_dimension_is_missing(tmp_path: Path) -> None:
    path = save(tmp_path, [["姓名", "身份证号"]] + [["张三", ID_A]] * 30)
    rewrite_sheet_xml(path, lambda xml: re.sub(r'<dimension ref="[^"]*"/>', "", xml))
    with opened_workbook(path, max_rows=20) as workbook:
        sheet = pick_worksheet(workbook)
        assert sheet.max_row is None
        header = find_header(sheet, SYNONYMS, REQUIRED)
        seen: list[int] = []
        with pytest.raises(UserError) as info:
            for row in iter_data_rows(sheet, header, max_rows=20):
                seen.append(row.number)
    assert seen == list(range(2, 21))
    assert str(info.value).startswith("工作表“花名册”超过20行，请分成几个文件导入；")


# ---------------------------------------------------------------------------------------------------
# Files that are not what they claim


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "没有这个文件.xlsx"
    assert refusal(path) == f"无法读取“没有这个文件.xlsx”：文件不存在（{path}）"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "名单.xlsx"
    folder.mkdir()
    assert refusal(folder) == "无法读取“名单.xlsx”：这是一个文件夹，请选择 xlsx 文件"


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,身份证号\n张三,43012119850701123X\n", encoding="gbk")
    assert refusal(path) == (
        "无法读取“名单.xlsx”：这是 CSV 或文本文件，不是有效的 xlsx 文件，请在 WPS/Excel 中另存为 .xlsx"
    )


def test_html_export_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "导出.xlsx"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    assert refusal(path) == (f"无法读取“导出.xlsx”：这是网页（HTML/XML）格式的导出文件，{NOT_XLSX}")


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "乱码.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    assert refusal(path) == "无法读取“乱码.xlsx”：不是有效的 xlsx 文件，请在 WPS/Excel 中另存为 .xlsx"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert refusal(path) == f"无法读取“空.xlsx”：文件是空的（0字节），{NOT_XLSX}"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def fake_ole(*stream_names: str) -> bytes:
    """An OLE compound file header plus directory names, which is all the sniffing looks at."""
    body = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in stream_names)
    return OLE_MAGIC + b"\0" * 504 + b"\0" * 3000 + body + b"\0" * 600


def test_encrypted_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(fake_ole("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    assert refusal(path) == (
        "无法读取“加密.xlsx”：文件已加密，请先取消密码（在 WPS/Excel 中打开，取消文档加密后保存为 .xlsx）"
    )


def test_encryption_marker_across_a_read_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_file, "_SCAN_CHUNK", 512)
    data = OLE_MAGIC + b"\0" * (1024 - 8 - 10) + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    path = tmp_path / "加密.xlsx"
    path.write_bytes(data)
    assert "文件已加密，请先取消密码" in refusal(path)


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "旧表.xls"
    path.write_bytes(fake_ole("Root Entry", "Workbook", "\x05SummaryInformation"))
    assert refusal(path) == f"无法读取“旧表.xls”：这是旧版 .xls 格式，{NOT_XLSX}"


def test_unknown_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "未知.xlsx"
    path.write_bytes(fake_ole())
    assert refusal(path) == (
        "无法读取“未知.xlsx”：这是旧版 Office 格式或已加密的文件，请在 WPS/Excel 中取消密码并另存为 .xlsx"
    )


def test_word_document_renamed(tmp_path: Path) -> None:
    path = tmp_path / "通知.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal(path) == f"无法读取“通知.xlsx”：这是 Word 文档，{NOT_XLSX}"


def test_truncated_zip(tmp_path: Path, roster: Path) -> None:
    path = tmp_path / "不完整.xlsx"
    path.write_bytes(roster.read_bytes()[:2000])
    assert refusal(path) == f"无法读取“不完整.xlsx”：文件已损坏或不完整，{NOT_XLSX}"


def test_damaged_workbook_part_is_refused_on_open(roster: Path) -> None:
    with zipfile.ZipFile(roster) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    parts["xl/workbook.xml"] = b"<not-xml"
    with zipfile.ZipFile(roster, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert refusal(roster) == (f"无法读取“党员.xlsx”：文件内容已损坏或不是标准 xlsx 格式，{NOT_XLSX}")


def test_sheet_damaged_after_the_header_is_reported_while_reading(tmp_path: Path) -> None:
    path = save(tmp_path, [["姓名", "身份证号"]] + [["张三", ID_A]] * 30)
    # openpyxl parses sheet XML lazily: cut the XML off in the middle of row 25.
    rewrite_sheet_xml(path, lambda xml: xml[: xml.index('<row r="25"')] + '<row r="25"><c r="A25"')
    with opened_workbook(path) as workbook:
        sheet = pick_worksheet(workbook)
        header = find_header(sheet, SYNONYMS, REQUIRED)
        numbers: list[int] = []
        with pytest.raises(UserError) as info:
            for row in iter_data_rows(sheet, header):
                numbers.append(row.number)
    assert numbers == list(range(2, 25))
    assert str(info.value) == "工作表“花名册”第25行附近的内容已损坏，请在 WPS/Excel 中打开后重新另存为 .xlsx"


def test_sheet_damaged_inside_the_header_rows(roster: Path) -> None:
    rewrite_sheet_xml(roster, lambda xml: xml[: xml.index('<row r="2"')] + "<row")
    with opened_workbook(roster) as workbook, pytest.raises(UserError, match="第2行附近的内容已损坏"):
        find_header(pick_worksheet(workbook), SYNONYMS, REQUIRED)


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A structurally plausible xlsx whose sheet part inflates from ~200 KB to ``megabytes`` of zeros."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(megabytes):
                sheet.write(chunk)
    return path


def test_zip_bomb_is_refused_quickly_and_without_memory(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "炸弹.xlsx", 200)
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    message = refusal(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert message == "无法读取“炸弹.xlsx”：文件压缩比异常（超过100倍），可能已损坏或是恶意文件，已拒绝打开"
    assert elapsed < 1.0
    assert peak < 5 * 1024 * 1024


def test_total_uncompressed_size_limit(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "大.xlsx", 3)
    assert refusal(path, max_uncompressed=2 * 1024 * 1024) == (
        "无法读取“大.xlsx”：文件解压后过大（约3 MB，上限2 MB），可能已损坏"
    )


def test_compressed_file_size_limit(tmp_path: Path, roster: Path) -> None:
    assert refusal(roster, max_uncompressed=1024) == "无法读取“党员.xlsx”：文件过大（0 MB，上限0 MB）"


def test_locked_file(tmp_path: Path, roster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Excel on Windows holds a lock; running as root here, chmod would not stop us, so imitate it.
    monkeypatch.setattr(xlsx_file, "open", locked, raising=False)
    assert refusal(roster) == "无法读取“党员.xlsx”：文件被其他程序占用或无权读取，请关闭后重试"


def test_empty_workbook(tmp_path: Path) -> None:
    assert refusal(save(tmp_path, [])) == "无法读取“党员.xlsx”：工作簿是空的，没有任何数据"
    assert refusal(save(tmp_path, [[None, "\u3000 "]], name="空格.xlsx")) == (
        "无法读取“空格.xlsx”：工作簿是空的，没有任何数据"
    )


def test_data_on_another_sheet_is_not_empty(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.create_sheet("党员").append(["姓名", "身份证号"])
    path = tmp_path / "两页.xlsx"
    workbook.save(path)
    with opened_workbook(path) as opened:
        assert pick_worksheet(opened, "党员").title == "党员"
        with pytest.raises(UserError) as info:
            pick_worksheet(opened, "花名册")
    assert str(info.value) == "工作簿中没有名为“花名册”的工作表（现有：“说明”、“党员”）"


def test_xlsx_content_with_another_extension_opens(tmp_path: Path, roster: Path) -> None:
    renamed = tmp_path / "名单"  # WPS users send files without extensions; the content decides
    renamed.write_bytes(roster.read_bytes())
    header, rows = read_all(renamed)
    assert header.row == 3 and len(rows) == 3


def test_close_releases_the_file(roster: Path) -> None:
    workbook = open_workbook_safely(roster)
    workbook.close()
    handle = workbook._archive.fp  # type: ignore[attr-defined]
    assert handle is None or handle.closed


# ---------------------------------------------------------------------------------------------------
# Cell text and normalisation


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  张三\u3000", "张三"),
        ("\xa0李四\u200b", "李四"),
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        (3.0, "3"),
        (0.1 + 0.2, "0.3"),
        (1985.07, "1985.07"),
        (4.30121198507e17, "4.30121198507E+17"),
        (True, "TRUE"),
        (datetime(1985, 7, 1), "1985-07-01"),
        (datetime(1985, 7, 1, 8, 30), "1985-07-01 08:30:00"),
        (date(1985, 7, 1), "1985-07-01"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_cell_text_never_invents_id_digits() -> None:
    as_float = float(ID_A)
    assert cell_text(as_float) != ID_A
    assert "E+" in cell_text(as_float)


def test_normalise_header() -> None:
    assert normalise_header("身份证号\n（必填）*") == "身份证号"
    assert normalise_header("\u3000Ｅｍａｉｌ\xa0") == "email"
    assert normalise_header(None) == ""


def test_column_letter() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA"]


def test_normalise_text_keeps_chinese_punctuation() -> None:
    assert normalise_text("\u3000 ＡＢ１２３\xa0 长沙县，星沙街道\u200b ") == "AB123 长沙县，星沙街道"
    assert normalise_text(None) == ""


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("张三丰", "zsf"),
        ("单志明", "szm"),
        ("曾国藩", "zgf"),
        ("欧阳修", "oyx"),
        ("买买提·艾力", "mmtal"),
        ("Tom张", "tomz"),
        ("", ""),
    ],
)
def test_pinyin_initials(name: str, initials: str) -> None:
    assert pinyin_initials(name) == initials


def test_pinyin_initials_remembering_words_changes_nothing() -> None:
    """pinyin_initials remembers each word's conversion; the result must stay pypinyin's own, phrases too."""
    from pypinyin import Style, lazy_pinyin

    from dangjian.core.common.textnorm import _SURNAME_INITIALS

    def plain(name: str) -> str:
        text = normalise_text(name)
        joined = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, strict=False, errors="default")).lower()
        if text[0] in _SURNAME_INITIALS:
            joined = _SURNAME_INITIALS[text[0]] + joined[1:]
        return "".join(ch for ch in joined if ch.isascii() and ch.isalnum())

    names = ["长春", "张长春", "银行行长", "行长", "音乐", "乐乐", "重庆", "重要", "朝阳", "李 四", "Tom张"]
    names += ["党员12", "党员13", "买买提·艾力"]
    for _ in range(2):  # the second round comes from the memo
        assert [pinyin_initials(name) for name in names] == [plain(name) for name in names]
