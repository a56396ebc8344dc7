"""Text as it arrives from WPS/Excel, WeChat and web forms: full-width digits, odd spaces, invisible marks.

Only full-width ASCII letters/digits and the various spaces are folded; Chinese punctuation such as
“，”“。”“（）” is left alone on purpose, because NFKC would turn 地址 text like “长沙县，星沙街道” into
ASCII commas that look wrong in printed documents.
"""

from __future__ import annotations

import re
from functools import cache

from .errors import ValidationError

# Characters str.strip() does not remove but which users paste in from WeChat/web pages.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Everything str.isspace() knows (incl. U+3000 and NBSP) plus the invisible ones, for str.strip(chars).
STRIP_CHARS = "".join(chr(c) for c in range(0x3100) if chr(c).isspace()) + _INVISIBLE

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_INVISIBLE_MAP = {ord(c): None for c in _INVISIBLE}
_SPACE_MAP = {ord(c): " " for c in STRIP_CHARS if c not in _INVISIBLE and c != " "}
_TRANSLATE = {**_FULLWIDTH_ALNUM, **_INVISIBLE_MAP, **_SPACE_MAP}
_RUNS_OF_SPACES = re.compile(r" {2,}")


def halfwidth_alnum(text: str) -> str:
    """Fold full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII; nothing else changes."""
    return text.translate(_FULLWIDTH_ALNUM)


def strip_text(text: str) -> str:
    """Strip leading/trailing whitespace including U+3000, NBSP and zero-width characters."""
    return text.strip(STRIP_CHARS)


def normalise_text(text: str | None) -> str:
    """Clean one line of user text: ASCII digits/letters, ordinary spaces, no invisible marks, trimmed.

    Inner runs of spaces collapse to one; Chinese punctuation is kept as typed. ``None`` gives "".
    """
    if text is None:
        return ""
    cleaned = str(text).translate(_TRANSLATE).strip()
    return _RUNS_OF_SPACES.sub(" ", cleaned)


def remove_spaces(text: str) -> str:
    """Drop every kind of space and invisible mark, e.g. in "430121 19850701 123X"."""
    return "".join(str(text).translate(_TRANSLATE).split())


# pypinyin reads some surnames with their common-word sound (单 dan, 曾 ceng, 解 jie); fix the first
# character of a name so that searching "szm" finds 单志明.
# fmt: off
_SURNAME_INITIALS = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "区": "o", "查": "z", "朴": "p", "覃": "q",
    "盖": "g", "缪": "m", "翟": "z", "秘": "b", "种": "c", "繁": "p", "召": "s", "重": "c",
}
# fmt: on


def pinyin_initials(name: str) -> str:
    """Lower-case pinyin initials for quick search, e.g. 张三丰 -> "zsf", 单志明 -> "szm".

    Latin letters and digits are kept (lower-cased); other punctuation such as "·" is dropped.
    """
    text = normalise_text(name)
    if not text:
        return ""
    joined = "".join(_pinyin().initials(run) for run in _pinyin().runs(text)).lower()
    if text[0] in _SURNAME_INITIALS:
        joined = _SURNAME_INITIALS[text[0]] + joined[1:]
    return "".join(ch for ch in joined if ch.isascii() and ch.isalnum())


class _Pinyin:
    """pypinyin's lazy_pinyin(style=FIRST_LETTER, errors="default") taken apart to remember its work.

    pypinyin splits text into runs of Chinese and other characters (kept as they are), segments each
    Chinese run into words and converts every word on its own; the conversion (~15 µs a character) made
    the initials the slowest part of importing 10,000 members. Runs and words repeat a lot in a roster, so
    both are remembered. Built lazily: pypinyin loads large dictionaries and only search needs it.
    """

    MEMO_SIZE = 100_000  # entries; far more than the names and words of any roster

    def __init__(self) -> None:
        from pypinyin import Style
        from pypinyin.constants import RE_HANS
        from pypinyin.converter import UltimateConverter
        from pypinyin.core import Pinyin
        from pypinyin.seg.simpleseg import simple_seg

        memo_size = self.MEMO_SIZE

        class RememberingConverter(UltimateConverter):  # what pypinyin.lazy_pinyin uses, plus a memo
            def __init__(self) -> None:
                super().__init__()
                self.memo: dict[tuple, list[list[str]]] = {}

            def convert(self, words, style, heteronym, errors, strict, **kwargs):
                key = (words, style, heteronym, errors, strict, *kwargs.items())
                found = self.memo.get(key)
                if found is None:
                    if len(self.memo) > memo_size:
                        self.memo.clear()
                    found = self.memo[key] = super().convert(words, style, heteronym, errors, strict, **kwargs)
                return [list(item) for item in found]  # callers get lists of their own, as without the memo

        self.runs = simple_seg
        self._is_chinese = RE_HANS.match
        self._pinyin = Pinyin(RememberingConverter())
        self._style = Style.FIRST_LETTER
        self._runs: dict[str, str] = {}

    def initials(self, run: str) -> str:
        """First letters of one run from ``runs``; other characters come back as they are."""
        if not self._is_chinese(run):
            return run
        found = self._runs.get(run)
        if found is None:
            if len(self._runs) > self.MEMO_SIZE:
                self._runs.clear()
            letters = self._pinyin.lazy_pinyin(run, style=self._style, strict=False, errors="default")
            found = self._runs[run] = "".join(letters)
        return found


@cache
def _pinyin() -> _Pinyin:
    return _Pinyin()


def bounded_text(value: str | None, label: str, limit: int, *, required: bool = False) -> str:
    """A form field as typed, trimmed; refused (naming the field) when empty but required or too long."""
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(label, "不能为空")
    if len(text) > limit:
        raise ValidationError(label, f"不能超过{limit}个字")
    return text
