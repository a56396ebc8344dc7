"""Reduced crash trials for the normal run (a dozen kills in all); the full run is run_crash_trials.py."""

from __future__ import annotations

import os

import pytest

from . import operations
from .crash import run_trials

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


@pytest.mark.parametrize(("operation", "trials"), [
    (operations.demo(members=1500), 4),
    (operations.restore(members=1500), 3),
    (operations.import_members(rows=2000), 3),
    (operations.generate_budgets(members=500), 2),
], ids=lambda value: getattr(value, "name", str(value)))
def test_killed_operation_leaves_before_or_after(tmp_path, operation, trials):
    from dangjian.core.spreadsheets.importing import IMPORTERS

    if operation.name == "import members" and "members" not in IMPORTERS:
        pytest.skip("the members importer is not in this build yet")
    report = run_trials(operation, tmp_path, trials, seed=trials)
    assert report.trials == trials
    assert report.integrity_failures == 0, report.problems
    assert report.foreign_key_failures == 0, report.problems
    assert report.rows_lost == 0, report.problems
    assert report.ended_before + report.ended_after == trials
