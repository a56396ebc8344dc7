"""现行标准: the report that proves the engine end to end through the CLI."""

from pypdf import PdfReader

from dangjian.core.storage.db import Database
from dangjian.core.system import settings_edit

A4 = (595.27, 841.89)


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
                else font["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), "font not embedded"
            names.add(str(font["/BaseFont"]))
    return names


def test_settings_pdf_is_a4_with_embedded_font_and_page_numbers(cli, db_path, tmp_path):
    db = Database(db_path)
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        settings_edit.set_value(session, "training.member_hours", "40", year=2026)
    db.dispose()
    target = tmp_path / "现行标准.pdf"
    code, _, _ = cli("--db", db_path, "export", "settings", target, "--year", "2026")
    assert code == 0 and target.exists()
    reader = PdfReader(target)
    pages = len(reader.pages)
    assert pages >= 2
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 0.5 and abs(float(box.height) - A4[1]) < 0.5
    first = reader.pages[0].extract_text()
    assert "现行标准一览表" in first and "湘龙街道党工委" in first
    assert f"第1页 共{pages}页" in first
    assert "40 学时（已修改）" in "".join(p.extract_text() for p in reader.pages)
    assert all(name.endswith("WenQuanYiMicroHei-0") and "+" in name for name in _fonts(reader))


def test_settings_xlsx_has_one_sheet_per_group(cli, db_path, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "standards.xlsx"
    code, _, _ = cli("--db", db_path, "export", "settings", target)
    assert code == 0
    book = load_workbook(target)
    assert {"党组织设置", "换届", "培训"} <= set(book.sheetnames)
