"""The one font every printed page uses: the bundled WenQuanYi Micro Hei, never a system font.

Bundling it makes output identical on every machine and keeps CJK glyphs from turning into boxes.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...core.common.errors import UserError
from ...paths import resource_path

FONT_NAME = "WQYMicroHei"
FONT_RESOURCE = "fonts/wqy-microhei.ttc"

_lock = threading.Lock()
_registered_path: Path | None = None


def register_font(font_path: str | Path | None = None) -> str:
    """Register the bundled font with reportlab (once per process) and return its reportlab name.

    reportlab's font registry is process-wide, so the first registration wins; later calls are no-ops.
    `font_path` defaults to the bundled resources/fonts/wqy-microhei.ttc.
    """
    global _registered_path
    with _lock:
        if _registered_path is None:
            path = Path(font_path) if font_path is not None else resource_path(FONT_RESOURCE)
            if not path.is_file():
                raise UserError(f"找不到报表字体文件 {path}，请重新安装本软件。")
            # subfontIndex 0 is the proportional face; TTFont subset-embeds by default.
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
            # There is no bold face: map <b>/<i> markup to the same font instead of failing or faking one.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            _registered_path = path
    return FONT_NAME


def registered_font_path() -> Path | None:
    """The file the font was registered from, or None before `register_font`."""
    return _registered_path


class TextMetrics:
    """Widths and PDF text fragments of strings in the registered font, cached per string.

    Rosters repeat many values and print tens of thousands of cells, so measuring and encoding each
    distinct string once matters. Use one instance per PDF being built.
    """

    def __init__(self) -> None:
        font = pdfmetrics.getFont(register_font())
        self._font = font
        default = font.face.defaultWidth / 1000
        self._char_widths: dict[str, float] = defaultdict(
            lambda: default, {chr(code): w / 1000 for code, w in font.face.charWidths.items()}
        )
        self._max_advance = max(self._char_widths.values(), default=1.0)
        self._widths: dict[str, float] = {}
        self._doc: object = None
        self._fragments: dict[str, list[tuple[str, str]]] = {}
        self._chars: dict[str, tuple[str, str]] = {}

    def width(self, text: str, size: float) -> float:
        """Advance width of `text` at `size` points."""
        unit = self._widths.get(text)
        if unit is None:
            # A per-character dict sum: several times faster than reportlab's pure-Python stringWidth.
            unit = self._widths[text] = sum(map(self._char_widths.__getitem__, text))
        return unit * size

    def fits(self, text: str, room: float, size: float) -> bool:
        """Whether `text` fits on one line `room` points wide; most short cells are decided unmeasured."""
        if "\n" in text:
            return False
        if len(text) * self._max_advance * size <= room:
            return True
        return self.width(text, size) <= room + 1e-6

    def fragments(self, text: str, doc: object) -> list[tuple[str, str]]:
        """[(font resource name, "(…) Tj" operator)] that show `text` in PDF document `doc`."""
        if doc is not self._doc:  # subset code assignments belong to one document
            self._doc, self._fragments, self._chars = doc, {}, {}
        hit = self._fragments.get(text)
        if hit is None:
            hit = self._fragments[text] = self._encode(text, doc)
        return hit

    def _encode(self, text: str, doc: object) -> list[tuple[str, str]]:
        # Encoding per character (cached) is several times faster than reportlab's splitString per string.
        chars = self._chars
        runs: list[tuple[str, list[str]]] = []
        for char in text:
            encoded = chars.get(char)
            if encoded is None:
                encoded = chars[char] = self._encode_char(char, doc)
            font_op, code = encoded
            if runs and runs[-1][0] == font_op:
                runs[-1][1].append(code)
            else:
                runs.append((font_op, [code]))
        return [(font_op, f"({''.join(codes)}) Tj") for font_op, codes in runs]

    def _encode_char(self, char: str, doc: object) -> tuple[str, str]:
        ((subset, code),) = self._font.splitString(char, doc)
        return self._font.getSubsetInternalName(subset, doc), escapePDF(code)
