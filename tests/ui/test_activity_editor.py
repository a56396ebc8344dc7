"""The 活动 form's 实际时间: blank means held as planned; set, it is kept; only a held activity has one."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime

from dangjian.core.activities.records import ActivityData
from dangjian.ui.widgets.activity_editor import ActivityEditor

PLANNED = (datetime(2026, 6, 5, 9, 0), datetime(2026, 6, 5, 10, 30))


def record(status: str = "held", actual: tuple[datetime, datetime] | None = None) -> ActivityData:
    start, end = actual or (PLANNED if status == "held" else (None, None))
    return ActivityData("theme_day", "6月主题党日", [1], *PLANNED, status=status, actual_start=start, actual_end=end)


@pytest.fixture
def editor(qtbot, app):
    form = ActivityEditor([(1, "朝阳社区第一党支部")])
    qtbot.addWidget(form)
    return form


def test_held_as_planned_shows_blank_and_stays_as_planned(editor):
    editor.load(record())
    assert editor.actual_start.text().strip() == "同计划" and editor.actual_start.isEnabled()
    moved = (datetime(2026, 6, 6, 14, 0), datetime(2026, 6, 6, 15, 30))
    editor.start.setDateTime(QDateTime(moved[0]))
    editor.end.setDateTime(QDateTime(moved[1]))
    data = editor.data()
    # Nothing stale: the service records the (new) planned times as the actual ones.
    assert (data.planned_start, data.planned_end, data.actual_start, data.actual_end) == (*moved, None, None)


def test_actual_times_are_shown_and_kept(editor):
    actual = (datetime(2026, 6, 5, 14, 0), datetime(2026, 6, 5, 16, 0))
    editor.load(record(actual=actual))
    assert editor.actual_start.dateTime().toPython() == actual[0]
    assert (editor.data().actual_start, editor.data().actual_end) == actual


def test_actual_start_alone_lasts_as_long_as_planned(editor):
    editor.load(record())
    editor.actual_start.setDateTime(QDateTime(datetime(2026, 6, 5, 14, 0)))
    assert (editor.data().actual_start, editor.data().actual_end) == (datetime(2026, 6, 5, 14, 0),
                                                                      datetime(2026, 6, 5, 15, 30))


def test_only_a_held_activity_has_actual_times(editor):
    editor.load(record(actual=(datetime(2026, 6, 5, 14, 0), datetime(2026, 6, 5, 16, 0))))
    editor.status.setCurrentIndex(editor.status.findData("cancelled"))
    assert not editor.actual_start.isEnabled()
    assert (editor.data().actual_start, editor.data().actual_end) == (None, None)
