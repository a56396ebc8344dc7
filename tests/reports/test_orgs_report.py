"""党组织设置一览表 and 换届提醒表 from the demo: A4 landscape, embedded font, the right text."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader

from .test_settings_report import _fonts as embedded_fonts


def pdf_text(path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (841.9, 595.3)
    return reader, "".join(page.extract_text() for page in reader.pages)


def test_orgs_overview_pdf(cli, demo_db_path, tmp_path):
    target = tmp_path / "一览表.pdf"
    code, _, err = cli("--db", demo_db_path, "export", "orgs", target)
    assert code == 0, err
    reader, text = pdf_text(target)
    assert all(name.endswith("WenQuanYiMicroHei-0") and "+" in name for name in embedded_fonts(reader))
    for expected in ("党组织设置一览表", "湘龙街道党工委", "祥泰社区党总支", "祥泰商圈两新组织联合党支部", "联合组建",
                     "挂靠：朝阳社区党委", "挂靠组建未登记挂靠的党组织", f"第1页 共{len(reader.pages)}页"):
        assert expected in text.replace("\n", ""), expected


def test_orgs_overview_for_one_community(cli, demo_db_path, tmp_path):
    target = tmp_path / "朝阳.pdf"
    assert cli("--db", demo_db_path, "export", "orgs", target, "--org", "汇金大厦楼宇党支部")[0] == 0
    _, text = pdf_text(target)
    assert "挂靠：朝阳社区党委" in text and "南市社区党委" not in text and "朝阳新村小区党支部" not in text


def test_orgs_overview_xlsx(cli, demo_db_path, tmp_path):
    target = tmp_path / "一览表.xlsx"
    assert cli("--db", demo_db_path, "export", "orgs", target)[0] == 0
    sheet = load_workbook(target)["党组织设置"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in values if row and row[0] == "党组织")
    assert header[:4] == ["党组织", "类别", "领域", "组建方式"]
    joint = next(row for row in values if row[0] and str(row[0]).strip() == "祥泰商圈两新组织联合党支部")
    assert joint[3] == "联合组建" and "湖南湘龙电子科技有限公司" in joint[4]


def test_term_reminders_pdf(cli, demo_db_path, tmp_path):
    target = tmp_path / "换届提醒.pdf"
    assert cli("--db", demo_db_path, "export", "terms", target)[0] == 0
    _, text = pdf_text(target)
    assert "换届提醒表" in text
    assert "南市社区第一党支部" in text and "逾期未换届" in text
    assert "朝阳社区党委" in text and "即将到期" in text


def test_term_reminders_are_pdf_only(cli, demo_db_path, tmp_path):
    code, _, err = cli("--db", demo_db_path, "export", "terms", tmp_path / "x.xlsx")
    assert code == 1
    assert "换届提醒表只能导出为 .pdf 文件" in err
