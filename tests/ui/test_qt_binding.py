"""The Qt binding must keep Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 released one reference to None too many on every call of a C++ method
returning void (setText, processEvents, …): after some ten thousand such calls — an hour of ordinary
use — Python aborted with "deallocating None". pyproject.toml excludes that release; this test keeps a
future upgrade from bringing the bug back. (From Python 3.12 on None is immortal and its count fixed.)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

CALLS = 500  # few enough that a faulty binding fails the assertion before Python aborts


def _none_references_lost(call) -> int:
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(None)


def test_void_methods_do_not_release_none(qapp):
    label = QLabel()
    # A correct binding loses no reference (a few may come and go with unrelated objects).
    assert _none_references_lost(lambda: label.setText("党员")) < CALLS // 10
    assert _none_references_lost(QCoreApplication.processEvents) < CALLS // 10
