"""Shared page geometry, colours and progress accounting of the PDF backend."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm

Progress = Callable[[int, int], None]

MARGIN = 15 * mm
LINE_WIDTH = 0.5
HEADER_GREY = colors.Color(0.85, 0.85, 0.85)
TOTAL_GREY = colors.Color(0.92, 0.92, 0.92)
LABEL_GREY = colors.Color(0.94, 0.94, 0.94)
BODY_SIZE = 10.5  # 五号字
TABLE_SIZE = 9.0
PAD_X = 2.5
PAD_Y = 2.0
TABLE_SPACE_AFTER = 4 * mm
SIGNATURE_GAP = 8 * mm
PROGRESS_EVERY = 500
ALIGN_CODES = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}
ALIGN_ENUMS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}



def leading(size: float) -> float:
    return round(size * 1.3, 2)


class ProgressTracker:
    """Throttles the caller's progress callback to every PROGRESS_EVERY units."""

    def __init__(self, callback: Progress | None, total: int) -> None:
        self.callback = callback
        self.total = total
        self.done = 0
        self._reported = 0

    def advance(self, units: int) -> None:
        self.done = min(self.total, self.done + units)
        if self.done - self._reported >= PROGRESS_EVERY:
            self.report()

    def report(self) -> None:
        self._reported = self.done
        if self.callback is not None:
            self.callback(self.done, self.total)

    def finish(self) -> None:
        self.done = self.total
        self.report()


# --- pages -----------------------------------------------------------------------------------------
