"""A small streaming reader for the cell values of xlsx worksheets, on the standard library only.

It gives the values openpyxl's ``load_workbook(read_only=True, data_only=True)`` gives (shared and inline
strings, numbers as int or float, dates from the cell's number format, booleans, error codes as text;
tests/core/test_xlsx_reader.py compares the two cell by cell) at a fraction of the cost: openpyxl builds
an object per shared string and a dict per cell, so merely loading a 10,000-row roster took longer than
checking and writing it. Only what imports need is read: sheets in workbook order with their titles, the
active sheet, the recorded dimension and the values, row by row.

Strict OOXML files (purl.oclc.org namespaces) are read too; openpyxl finds no sheets in them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

_MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_ID_ATTRIBUTES = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
# Content types of the workbook part, in the order openpyxl looks for them (xltm, xltx, xlsm, xlsx).
_WORKBOOK_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STYLES_PART = "xl/styles.xml"
_CHUNK = 64 * 1024

WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)

# Element codes; the parsers see "namespace local-name" and look the code up in _TAGS.
_ROW, _CELL, _VALUE, _INLINE, _TEXT, _RUN, _PHONETIC, _STRING_ITEM, _DIMENSION, _SHEET_DATA = range(10)
_TAGS = {
    f"{namespace} {local}": code
    for namespace in _MAIN_NAMESPACES
    for code, local in enumerate(("row", "c", "v", "is", "t", "r", "rPh", "si", "dimension", "sheetData"))
}


class XlsxWorkbook:
    """An open xlsx: ``sheets`` (worksheets in workbook order), ``active`` and ``close()``.

    ``active`` is the sheet that was active when the file was saved, or None when that was a chart sheet
    or the recorded index points nowhere.
    """

    def __init__(self, source: IO[bytes] | str):
        self._archive = zipfile.ZipFile(source)
        try:
            self._load()
        except BaseException:
            self._archive.close()
            raise

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> XlsxWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load(self) -> None:
        names = set(self._archive.namelist())
        types = ElementTree.fromstring(self._archive.read("[Content_Types].xml"))
        overrides = {}  # content type -> first part name with it
        defaults = set()
        for element in types:
            kind = _local(element.tag)
            if kind == "Override":
                overrides.setdefault(element.get("ContentType"), element.get("PartName"))
            elif kind == "Default":
                defaults.add(element.get("ContentType"))
        part = next((overrides[t] for t in _WORKBOOK_TYPES if overrides.get(t)), None)
        if part is None:
            if not defaults.intersection(_WORKBOOK_TYPES):
                raise ValueError("no workbook part")
            part = "/xl/workbook.xml"
        self.strings: list[str] = []
        if overrides.get(_SHARED_STRINGS_TYPE):
            with self._archive.open(overrides[_SHARED_STRINGS_TYPE][1:]) as source:
                self.strings = _read_shared_strings(source)
        workbook_part = part[1:]
        workbook = ElementTree.fromstring(self._archive.read(workbook_part))
        self.epoch = WINDOWS_EPOCH
        active_index = 0
        listed: list[tuple[str, str]] = []  # (title, relationship id)
        for element in workbook:
            kind = _local(element.tag)
            if kind == "workbookPr" and _xml_bool(element.get("date1904")):
                self.epoch = MAC_EPOCH
            elif kind == "bookViews":
                tabs = [view.get("activeTab") for view in element]
                active_index = int(next((tab for tab in tabs if tab is not None), 0))
            elif kind == "sheets":
                for sheet in element:
                    if sheet.get("name") is None:
                        raise ValueError("a sheet without a name")
                    rel_id = next((sheet.get(a) for a in _REL_ID_ATTRIBUTES if sheet.get(a) is not None), None)
                    if rel_id:  # openpyxl drops sheets without an id
                        listed.append((sheet.get("name"), rel_id))
        self._date_styles, self._timedelta_styles = self._read_styles()
        every: list[XlsxSheet | None] = []  # chart sheets as None: the active index counts them
        if listed:
            targets = _relationships(self._archive, workbook_part)
            for title, rel_id in listed:
                target, is_chart = targets[rel_id]
                if target in names:
                    every.append(None if is_chart else XlsxSheet(self, title, target))
        self.sheets = [sheet for sheet in every if sheet is not None]
        try:
            self.active = every[active_index]
        except IndexError:
            self.active = None

    def _read_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """Indexes of the cell formats (``s`` attribute of a cell) that show dates and durations."""
        try:
            root = ElementTree.fromstring(self._archive.read(_STYLES_PART))
        except KeyError:
            return frozenset(), frozenset()
        custom: dict[int, str | None] = {}
        formats: list[int] = []
        for element in root:
            kind = _local(element.tag)
            if kind == "numFmts":
                for fmt in element:
                    custom[int(fmt.get("numFmtId"))] = fmt.get("formatCode")
            elif kind == "cellXfs":
                formats = [int(xf.get("numFmtId", 0)) for xf in element if _local(xf.tag) == "xf"]
        dates, durations = set(), set()
        for index, number_format in enumerate(formats):
            code = custom[number_format] if number_format in custom else BUILTIN_FORMATS.get(number_format)
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
        return frozenset(dates), frozenset(durations)

    def _style_kind(self, index: int) -> str | None:
        """ "date", "timedelta" or None for the cell format with this index."""
        if index not in self._date_styles:
            return None
        return "timedelta" if index in self._timedelta_styles else "date"


class XlsxSheet:
    """One worksheet: ``title``, the recorded ``max_row``/``max_column`` (None when not recorded) and
    ``rows()``."""

    def __init__(self, book: XlsxWorkbook, title: str, path: str):
        self.book = book
        self.title = title
        self._path = path
        self.max_row: int | None = None
        self.max_column: int | None = None
        with book._archive.open(path) as source:
            bounds = _read_dimension(source)
        if bounds is not None:
            self.max_column, self.max_row = bounds[2], bounds[3]

    def rows(self, first: int, last: int, width: int) -> Iterator[tuple]:
        """Value tuples of rows ``first``..``last``, each ``width`` long; missing rows come back as all
        None, and reading stops after the last row present (so ``last`` may lie far beyond the data).

        Raises what the parser finds (ExpatError, ValueError, IndexError, BadZipFile …) when the sheet
        is damaged, after yielding the rows before the damage.
        """
        book = self.book
        parser = _SheetParser(book, first, last, width)
        empty = (None,) * width
        expected = first
        with book._archive.open(self._path) as source:
            while True:
                chunk = source.read(_CHUNK)
                damage = None
                try:
                    parser.feed(chunk)
                except _Stop:
                    chunk = b""
                except Exception as exc:  # hand over the rows read so far first, as openpyxl does
                    damage = exc
                for number, values in parser.done:
                    while expected < number:
                        yield empty
                        expected += 1
                    if expected == number:  # a row repeated or out of order is skipped
                        yield values
                        expected += 1
                parser.done.clear()
                if damage is not None:
                    raise damage
                if not chunk:
                    break
        if parser.stopped_at > last:
            for _ in range(expected, last + 1):
                yield empty


class _Stop(Exception):
    """Raised from a parser callback: everything needed has been read."""


class _RichText:
    """Collects the text of an <si> or <is> element the way openpyxl does: the plain <t>, then the <t> of
    each rich-text run <r>; phonetic guides <rPh> are left out."""

    __slots__ = ("in_phonetic", "in_run", "plain", "run", "runs")

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self.plain, self.runs, self.run = "", [], ""
        self.in_run = self.in_phonetic = False

    def text(self, value: str) -> None:
        if self.in_phonetic:
            return
        if self.in_run:
            self.run = value
        else:
            self.plain = value

    def run_started(self) -> None:
        self.in_run, self.run = True, ""

    def run_ended(self) -> None:
        self.in_run = False
        self.runs.append(self.run)

    def content(self) -> str:
        return self.plain + "".join(self.runs)


def _new_parser(start: Callable, end: Callable, text: Callable) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    # No DTDs in xlsx parts: refusing them rules out entity expansion tricks.
    parser.StartDoctypeDeclHandler = _refuse_doctype
    return parser


def _refuse_doctype(*args: object) -> None:
    raise ValueError("DTD in an xlsx part")


def _read_shared_strings(source: IO[bytes]) -> list[str]:
    strings: list[str] = []
    buffer: list[str] = []
    rich = _RichText()
    inside = False  # in an <si>: only there do <t>, <r> and <rPh> count

    def start(tag: str, attrs: dict) -> None:
        nonlocal inside
        code = _TAGS.get(tag)
        if code == _STRING_ITEM:
            inside = True
            rich.start()
        elif inside:
            if code == _TEXT:
                buffer.clear()
            elif code == _RUN:
                rich.run_started()
            elif code == _PHONETIC:
                rich.in_phonetic = True

    def end(tag: str) -> None:
        nonlocal inside
        if not inside:
            return
        code = _TAGS.get(tag)
        if code == _TEXT:
            rich.text("".join(buffer))
        elif code == _RUN:
            rich.run_ended()
        elif code == _PHONETIC:
            rich.in_phonetic = False
        elif code == _STRING_ITEM:
            inside = False
            strings.append(rich.content().replace("x005F_", ""))  # openpyxl's only unescaping

    parser = _new_parser(start, end, buffer.append)
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return strings


def _read_dimension(source: IO[bytes]) -> tuple | None:
    """(min col, min row, max col, max row) from <dimension ref>, or None when the sheet has none."""
    found: list = []

    def start(tag: str, attrs: dict) -> None:
        code = _TAGS.get(tag)
        if code == _DIMENSION:
            found.append(range_boundaries(attrs.get("ref")))
            raise _Stop
        if code == _SHEET_DATA:
            raise _Stop

    parser = _new_parser(start, None, None)
    try:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    return found[0] if found else None


class _SheetParser:
    """expat callbacks turning <sheetData> into (row number, values) pairs, collected in ``done``.

    Rows and cells without an ``r`` attribute follow the previous one, as in openpyxl. Only cells up to
    column ``width`` of rows ``first``.. are converted; parsing stops at the first row past ``last``
    (``stopped_at``). The callbacks are closures over local state: they run for every element of the
    sheet, and this is where reading spends its time.
    """

    def __init__(self, book: XlsxWorkbook, first: int, last: int, width: int):
        self.done: list[tuple[int, tuple]] = []
        self.stopped_at = 0
        done, strings, epoch, tags, columns = self.done, book.strings, book.epoch, _TAGS, _column_cache
        # Value of a cell's s attribute -> None, "date" or "timedelta", filled in as styles appear.
        style_kinds: dict[str | None, str | None] = {None: None, "": None}
        buffer: list[str] = []
        join = "".join
        rich = _RichText()
        row_number = column = 0
        values: list | None = None  # the row being read, when it is wanted
        wanted = in_inline = False  # the current cell is wanted / inside its <is>
        cell_type = "n"
        style: str | None = None

        def start(tag: str, attrs: dict) -> None:
            nonlocal row_number, column, values, wanted, in_inline, cell_type, style
            buffer.clear()  # the text of a <v> or <t> is what follows its start
            code = tags.get(tag)
            if code == _CELL:
                reference = attrs.get("r")
                if reference:
                    letters = reference.rstrip("0123456789")
                    column = columns.get(letters, 0) if len(letters) < len(reference) else 0
                    if not column:
                        column = _column_of(reference)
                else:
                    column += 1
                wanted = values is not None and column <= width
                if wanted:
                    values[column - 1] = None  # a repeated cell replaces the first
                    cell_type = attrs.get("t", "n")
                    style = attrs.get("s")
                    if style not in style_kinds:
                        style_kinds[style] = book._style_kind(int(style))
                    in_inline = False
            elif code == _ROW:
                number = attrs.get("r")
                row_number = _row_number(number) if number else row_number + 1
                column = 0
                wanted = False
                if row_number > last:
                    self.stopped_at = row_number
                    raise _Stop
                values = [None] * width if row_number >= first else None
            elif code == _INLINE:
                if wanted and cell_type == "inlineStr":
                    in_inline = True
                    rich.start()
            elif in_inline:
                if code == _RUN:
                    rich.run_started()
                elif code == _PHONETIC:
                    rich.in_phonetic = True

        def end(tag: str) -> None:
            nonlocal values, in_inline, wanted
            code = tags.get(tag)
            if code == _CELL:
                return
            if code == _VALUE:
                if wanted and cell_type != "inlineStr":
                    text = join(buffer)
                    if not text:
                        return
                    if cell_type == "s":
                        values[column - 1] = strings[int(text)]
                    elif cell_type == "n":
                        number = float(text) if "." in text or "E" in text or "e" in text else int(text)
                        kind = style_kinds[style]
                        values[column - 1] = number if kind is None else _serial_date(number, epoch, kind)
                    else:
                        values[column - 1] = _typed_text(cell_type, text)
            elif in_inline:
                if code == _TEXT:
                    rich.text(join(buffer))
                elif code == _INLINE:
                    in_inline = wanted = False  # only the first <is> counts
                    values[column - 1] = rich.content()
                elif code == _RUN:
                    rich.run_ended()
                elif code == _PHONETIC:
                    rich.in_phonetic = False
            elif code == _ROW:
                if values is not None:
                    done.append((row_number, tuple(values)))
                    values = None
                wanted = False

        self.parser = _new_parser(start, end, buffer.append)

    def feed(self, chunk: bytes) -> None:
        self.parser.Parse(chunk, not chunk)


def _serial_date(number: int | float, epoch: datetime, kind: str) -> object:
    try:
        return from_excel(number, epoch, timedelta=kind == "timedelta")
    except (OverflowError, ValueError):
        return "#VALUE!"  # openpyxl's value for a date format on a number no date can have


def _typed_text(cell_type: str, text: str) -> object:
    if cell_type == "b":
        return bool(int(text))
    if cell_type == "d":
        return from_iso8601(text)
    return text  # "str" (a formula's text result), "e" (#N/A …) and unknown types


# ---------------------------------------------------------------------------------------------------
# Conversions, mirroring openpyxl's


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _xml_bool(value: str | None) -> bool:
    """openpyxl's Bool: "false", "f" and "0" are false, any other non-empty text is true."""
    return bool(value) and value not in ("false", "f", "0")


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, bool]]:
    """Relationship id -> (target path inside the zip, whether it is a chart sheet) for a part."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    parent = posixpath.split(posixpath.dirname(rels_path))[0]
    found = {}
    for element in ElementTree.fromstring(archive.read(rels_path)):
        if _local(element.tag) != "Relationship":
            continue
        target = element.get("Target") or ""
        if element.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
        found[element.get("Id")] = (target, "chartsheet" in (element.get("Type") or ""))
    return found


_column_cache: dict[str, int] = {}


def _column_of(reference: str) -> int:
    """Column number of a cell reference ("B12" -> 2); ValueError for anything else."""
    letters = reference.rstrip("0123456789")
    if len(letters) == len(reference):
        raise ValueError(f"invalid cell reference {reference!r}")
    column = _column_cache.get(letters)
    if column is None:
        column = _column_cache[letters] = column_index_from_string(letters)
    return column


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(value)


def column_index_from_string(letters: str) -> int:
    """ "A" -> 1, "AA" -> 27; up to "ZZZ" like openpyxl (ValueError otherwise)."""
    if not 0 < len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"'{letters}' is not a valid column name")
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    if index > 18278:
        raise ValueError(f"'{letters}' is not a valid column name")
    return index


_RANGE = re.compile(r"^[$]?([A-Za-z]{1,3})?[$]?(\d+)?(:[$]?([A-Za-z]{1,3})?[$]?(\d+)?)?$")


def range_boundaries(text: str | None) -> tuple:
    """ "A1:M30" -> (1, 1, 13, 30) as openpyxl's range_boundaries (a single cell is a one-cell range)."""
    match = _RANGE.match(text) if text is not None else None
    if not match:
        raise ValueError(f"{text} is not a valid coordinate or range")
    min_col, min_row, separator, max_col, max_row = match.groups()
    if separator:
        columns, rows = (min_col, max_col), (min_row, max_row)
        if not (all(columns + rows) or (all(columns) and not any(rows)) or (all(rows) and not any(columns))):
            raise ValueError(f"{text} is not a valid coordinate or range")
    min_col = column_index_from_string(min_col) if min_col is not None else None
    min_row = int(min_row) if min_row is not None else None
    max_col = column_index_from_string(max_col) if max_col is not None else min_col
    max_row = int(max_row) if max_row is not None else min_row
    return min_col, min_row, max_col, max_row


def from_excel(value: int | float, epoch: datetime = WINDOWS_EPOCH, timedelta: bool = False) -> object:
    """An Excel serial number as datetime (or time for 0 <= value < 1, timedelta for durations)."""
    if timedelta:
        duration = _timedelta(days=value)
        if duration.microseconds:  # round to milliseconds
            duration = _timedelta(seconds=duration.total_seconds() // 1, microseconds=round(duration.microseconds, -3))
        return duration
    day, fraction = divmod(value, 1)
    diff = _timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel counts a 29 February 1900 that never was
    return epoch + _timedelta(days=day) + diff


_timedelta = timedelta  # from_excel's parameter shadows the name

_ISO = re.compile(
    r"""
(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?""",
    re.VERBOSE,
)
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def from_iso8601(text: str) -> object:
    """A t="d" cell's ISO 8601 text as date, time, datetime or timedelta (openpyxl's from_ISO8601)."""
    match = _ISO.match(text)
    if match and any(match.groups()):
        parts = {
            key: int(value) if value and key not in ("date", "time", "microsecond") else value
            for key, value in match.groupdict(0).items()
        }
        microsecond = int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        if not parts["date"]:
            return time(parts["hour"], parts["minute"], parts["second"], microsecond)
        if not parts["time"]:
            return date(parts["year"], parts["month"], parts["day"])
        return datetime(
            parts["year"], parts["month"], parts["day"], parts["hour"], parts["minute"], parts["second"], microsecond
        )
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return _timedelta(**{key: float(value) if value else 0 for key, value in match.groupdict(0).items()})
    raise ValueError(f"Invalid datetime value {text}")


# Excel's built-in number formats that openpyxl knows (ids 27-36 and 50-58, East Asian dates, it does not).
# fmt: off
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy",
    16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yy h:mm", 37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)', 45: "mm:ss", 46: "[h]:mm:ss",
    47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
# fmt: on
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text, [Red], [$-804] …
_DATE_TOKEN = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or time (only its first section counts)."""
    if code is None:
        return False
    return _DATE_TOKEN.search(_FORMAT_NOISE.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    """Whether a number format shows a duration such as [h]:mm:ss."""
    return code is not None and _DURATION.search(code.split(";")[0]) is not None
