"""Bad spreadsheets through `dangjian import members`: each is refused with one clear Chinese message
and the database does not change (compared by a checksum of every table)."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from dangjian.core.common import idcard
from dangjian.core.models import Organisation

from .bad_files import write_encrypted_xlsx, write_streamed_xlsx, write_zip_bomb
from .crash import fingerprint
from .sheets import HEADER, member_rows

BRANCH = "湘龙社区第一党支部"


@pytest.fixture
def target(db, db_path):
    from dangjian.core.spreadsheets.importing import IMPORTERS

    if "members" not in IMPORTERS:
        pytest.skip("the members importer is not in this build yet")
    with db.write() as session:
        session.add(Organisation(name=BRANCH, kind="branch"))
    db.dispose()
    return db_path


@pytest.fixture
def refused(target, cli):
    """Import `path`; assert exit 1, nothing written; return stderr lines."""

    def run(path: Path) -> list[str]:
        before = fingerprint(target)
        code, _out, err = cli("--db", target, "import", "members", path)
        assert code == 1, err
        assert "Traceback" not in err
        assert fingerprint(target) == before
        assert not list((target.parent / "backups").glob("*pre-import*"))
        return [line for line in err.splitlines() if line.strip()]

    return run


def _single(lines: list[str]) -> str:
    assert len(lines) == 1, lines
    return lines[0]


def test_not_an_xlsx(refused, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,公民身份号码\n张三,11010519491231002X\n", encoding="utf-8")
    assert "CSV 或文本文件" in _single(refused(path))


def test_html_export_named_xls(refused, tmp_path):
    path = tmp_path / "系统导出.xlsx"
    path.write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")
    assert "网页" in _single(refused(path))


def test_zip_bomb(refused, tmp_path):
    message = _single(refused(write_zip_bomb(tmp_path / "炸弹.xlsx")))
    assert "压缩比异常" in message


def test_more_than_200k_rows(refused, tmp_path):
    rows = member_rows(1000, [BRANCH])
    path = write_streamed_xlsx(tmp_path / "超大.xlsx", HEADER, (rows[i % 1000] for i in range(200_001)), 200_001)
    message = _single(refused(path))
    assert "200000" in message.replace(",", "") or "20万" in message


def test_fifteen_digit_ids(refused, tmp_path):
    rows = member_rows(3, [BRANCH])
    rows[1][3] = "430121800101123"  # 15-digit number of the 1980s
    path = write_streamed_xlsx(tmp_path / "旧号码.xlsx", HEADER, rows, len(rows))
    lines = refused(path)
    assert lines[0].startswith("导入被拒绝，数据库未改变")
    assert len(lines) == 2 and "第3行" in lines[1] and "15" in lines[1]


def test_ids_stored_as_numbers(refused, tmp_path):
    rows = member_rows(3, [BRANCH])
    rows[0][3] = float(rows[0][3][:-1] + "0")  # Excel keeps 15 significant digits: the tail is lost
    path = write_streamed_xlsx(tmp_path / "数字格式.xlsx", HEADER, rows, len(rows))
    lines = refused(path)
    assert len(lines) == 2 and "第2行" in lines[1] and "公民身份号码" in lines[1]


def test_empty_file(refused, tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert "文件是空的" in _single(refused(path))


def test_password_protected(refused, tmp_path):
    assert "已加密" in _single(refused(write_encrypted_xlsx(tmp_path / "加密.xlsx")))


def test_file_locked_by_another_program(refused, tmp_path, monkeypatch):
    """WPS/Excel hold an exclusive lock on Windows: opening fails with PermissionError (as root, chmod
    would not block us, so the lock is simulated at the open call)."""
    path = tmp_path / "正在编辑.xlsx"
    write_streamed_xlsx(path, HEADER, member_rows(3, [BRANCH]), 3)
    real_open = builtins.open

    def locked_open(file, *args, **kwargs):
        if Path(str(file)) == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", locked_open)
    assert "被其他程序占用" in _single(refused(path))


def test_a_good_file_still_imports(target, cli, tmp_path):
    """The control: the same machinery accepts a sound file."""
    path = write_streamed_xlsx(tmp_path / "正常.xlsx", HEADER, member_rows(5, [BRANCH]), 5)
    code, _out, err = cli("--db", target, "import", "members", path)
    assert code == 0, err
    assert idcard.is_valid_id(member_rows(1, [BRANCH])[0][3])
