"""Member spreadsheets for the crash and bad-input trials."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from dangjian.core.common.idcard import make_id

HEADER = ["序号", "姓名", "性别", "公民身份号码", "所在党组织", "入党日期", "人员类别", "联系电话"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def branch_names(db_path: Path) -> list[str]:
    """Live organisations that can hold members (branches), as the sheet names them."""
    conn = sqlite3.connect(db_path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM organisations WHERE deleted_at IS NULL AND status = 'active' "
            "AND kind LIKE '%branch%' AND name IN (SELECT name FROM organisations GROUP BY name "
            "HAVING count(*) = 1) ORDER BY id")]
    finally:
        conn.close()
    if not names:
        raise RuntimeError("the database has no branches to import members into")
    return names


def member_rows(count: int, orgs: list[str], *, start: int = 0) -> list[list]:
    rows = []
    for i in range(start, start + count):
        gender = "男" if i % 2 else "女"
        birth = date(1950, 1, 1) + timedelta(days=(i * 37) % 18000)
        number = make_id("430121", birth, i % 100, gender)
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 20) % len(GIVEN)] + GIVEN[(i // 7) % len(GIVEN)]
        joined = birth.replace(year=birth.year + 25)
        rows.append([i + 1, name, gender, number, orgs[i % len(orgs)], joined.strftime("%Y-%m-%d"), "正式党员",
                     f"138{i:08d}"])
    return rows


def write_member_sheet(path: Path, db_path: Path, count: int) -> Path:
    """A roster of `count` valid, distinct members spread over the database's branches."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("党员名册")
    sheet.append(HEADER)
    for row in member_rows(count, branch_names(db_path), start=50_000):
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
