"""Helpers that damage database files the way bad disks and power cuts do."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from dangjian.core.models import AuditEntry
from dangjian.core.storage.db import Database


def fill_audit(db: Database, rows: int = 3000) -> None:
    """Enough rows to span many pages, so flipped bytes land in table data."""
    with db.write() as session:
        session.add_all(AuditEntry(at=datetime(2026, 1, 1), operator="测试", action="update", entity="member",
                                   entity_id=i, summary=f"第 {i} 条修改记录" * 3) for i in range(rows))


def flip_bytes(path: Path, *, seed: int = 7, pages: tuple[int, ...] = (2, 3, 5, 8), count: int = 400) -> None:
    """Overwrite bytes inside a few b-tree pages (not the header page, which a copy check would catch
    trivially)."""
    data = bytearray(Path(path).read_bytes())
    page_size = int.from_bytes(data[16:18], "big") or 65536
    rng = random.Random(seed)
    for page in pages:
        start = (page - 1) * page_size
        if start >= len(data):
            continue
        for _ in range(count):
            offset = start + rng.randrange(0, page_size)
            if offset < len(data):
                data[offset] ^= 0xFF
    Path(path).write_bytes(bytes(data))
