"""党组织 tree with 2,000 orgs: load rows, build the model, show it expanded, filter — against a plain
QStandardItemModel (4 items per row) behind a recursive QSortFilterProxyModel, in the same run. Both trees open with the
communities expanded; filtering expands every match.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_org_tree.py [--orgs 2000] [--runs 5]

Prints median milliseconds per step and the ratio ours / baseline (lower is better; < 1 means faster).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "app"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTreeView
from sqlalchemy import insert

from dangjian.core.models import Organisation
from dangjian.core.orgs.rules import findings_by_org
from dangjian.core.orgs.tree import org_tree_rows
from dangjian.core.storage import migrate
from dangjian.core.storage.db import Database
from dangjian.ui.models.org_tree import (
    OrgFilterProxy,
    OrgTreeModel,
    apply_filter,
    show_default_levels,
)

FILTER = "第7"


def build_db(path: Path, count: int) -> None:
    """A root, 40 communities, branches under them, groups under some branches: `count` orgs in all."""
    migrate.upgrade(path, backup=False)
    rows = [dict(id=1, name="湘龙街道党工委", kind="street_committee", parent_id=None)]
    communities = 40
    rows += [dict(id=2 + i, name=f"第{i + 1}社区党委", kind="party_committee", parent_id=1) for i in range(communities)]
    next_id = len(rows) + 1
    while next_id <= count:
        parent = 2 + (next_id % communities)
        kind, name = ("group", f"第{next_id}党小组") if next_id % 5 == 0 else ("branch", f"第{next_id}小区党支部")
        if kind == "group":
            parent = next_id - 1 if rows[-1]["kind"] == "branch" else parent
        rows.append(dict(id=next_id, name=name, kind=kind, parent_id=parent))
        next_id += 1
    for r in rows:
        r.update(domain="residential", formation="single", approval_doc_no="", status="active", revoked_doc_no="",
                 revoked_reason="", address="", contact_phone="", note="", sort_order=r["id"],
                 recorded_formal_count=r["id"] % 60, recorded_probationary_count=r["id"] % 3)
    db = Database(path)
    with db.write() as session:
        session.execute(insert(Organisation), rows)
    db.dispose()


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    QApplication.processEvents()
    return (time.perf_counter() - start) * 1000, result


def ours(rows, findings, view: QTreeView) -> dict[str, float]:
    model, proxy = OrgTreeModel(), OrgFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_show_revoked(True)
    build, _ = timed(lambda: (model.set_rows(rows, findings), view.setModel(proxy),
                              show_default_levels(view, model)))
    flt, _ = timed(lambda: apply_filter(view, proxy, FILTER))
    clear, _ = timed(lambda: apply_filter(view, proxy, ""))
    return {"build+expand": build, "filter": flt, "clear filter": clear, "visible": proxy.rowCount()}


def baseline(rows, view: QTreeView) -> dict[str, float]:
    def build():
        model = QStandardItemModel()
        model.setHorizontalHeaderLabels(["党组织", "正式", "预备", "提示"])
        items: dict[int, QStandardItem] = {}
        for r in rows:
            name = QStandardItem(r.name)
            items[r.id] = name
            line = [name, QStandardItem(str(r.total_formal)), QStandardItem(str(r.total_probationary)),
                    QStandardItem("")]
            (items[r.parent_id] if r.parent_id in items else model.invisibleRootItem()).appendRow(line)
        proxy = QSortFilterProxyModel()
        proxy.setRecursiveFilteringEnabled(True)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        proxy.setSourceModel(model)
        view.setModel(proxy)
        view.expandToDepth(0)
        return model, proxy

    build_ms, (_model, proxy) = timed(build)
    flt, _ = timed(lambda: (proxy.setFilterFixedString(FILTER), view.expandAll()))
    clear, _ = timed(lambda: (proxy.setFilterFixedString(""), view.collapseAll(), view.expandToDepth(0)))
    return {"build+expand": build_ms, "filter": flt, "clear filter": clear, "visible": proxy.rowCount()}


def make_view() -> QTreeView:
    view = QTreeView()
    view.setUniformRowHeights(True)  # as on the 党组织 page; the same for both models
    view.resize(600, 800)
    view.show()
    return view


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        build_db(path, args.orgs)
        db = Database(path)
        load_times, rule_times = [], []
        for _ in range(args.runs):
            with db.read() as session:
                ms, rows = timed(lambda s=session: org_tree_rows(s))
                load_times.append(ms)
                ms, findings = timed(lambda s=session: findings_by_org(s, date.today()))
                rule_times.append(ms)
        db.dispose()
    print(f"{len(rows)} orgs; org_tree_rows {statistics.median(load_times):.1f} ms, "
          f"findings_by_org {statistics.median(rule_times):.1f} ms (worker thread, not the GUI thread)")
    results = {"ours": [], "baseline": []}
    for _ in range(args.runs):
        view = make_view()
        results["ours"].append(ours(rows, findings, view))
        view.deleteLater()
        view = make_view()
        results["baseline"].append(baseline(rows, view))
        view.deleteLater()
        app.processEvents()
    print(f"{'step':<14}{'ours ms':>10}{'baseline ms':>14}{'ratio':>8}")
    for step in ("build+expand", "filter", "clear filter"):
        mine = statistics.median(r[step] for r in results["ours"])
        base = statistics.median(r[step] for r in results["baseline"])
        print(f"{step:<14}{mine:>10.1f}{base:>14.1f}{mine / base:>8.2f}")
    print(f"top-level rows after filtering “{FILTER}”: ours {results['ours'][0]['visible']}, "
          f"baseline {results['baseline'][0]['visible']}")


if __name__ == "__main__":
    main()
