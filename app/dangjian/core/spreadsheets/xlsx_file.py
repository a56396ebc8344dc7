"""Opening office xlsx files safely: refuse what is not a sound, reasonably sized xlsx before it is parsed
(zip bombs, encrypted workbooks, old .xls, renamed CSV/HTML), quickly and in little memory."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..common.errors import UserError
from ..common.textnorm import STRIP_CHARS
from .xlsx_reader import XlsxSheet, XlsxWorkbook

MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 100

_MB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Directory entry names inside an OLE compound file are UTF-16LE.
_ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
_XLS_MARKERS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_SCAN_CHUNK = 1 * _MB
_RATIO_CHECK_MIN_SIZE = 1 * _MB  # small parts (styles, tiny sheets) may compress extremely well

_NOT_XLSX = "不是有效的 xlsx 文件，请在 WPS/Excel 中另存为 .xlsx"
BLANK_FORMATTED_HINT = "如果实际数据没有这么多，可能是空白行或列带有格式，请删除多余的空行、空列后重试"


def open_workbook_safely(
    path: str | Path,
    *,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
) -> XlsxWorkbook:
    """Open an xlsx read-only (values of formulas, not formulas) after checking it is safe to parse.

    Raises UserError "无法读取“name”：<reason>" for a missing file, a folder, a locked/unreadable file,
    an encrypted workbook, old .xls / CSV / other files, a zip bomb or an oversized file, a workbook with
    no data, and sheets whose recorded size exceeds max_rows/max_columns. The caller must call
    ``wb.close()`` (or use opened_workbook) to release the file.
    """
    path = Path(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError:  # e.g. a folder on the way that we may not enter
        raise _refuse(path, "文件被其他程序占用或无权读取，请关闭后重试") from None
    if not exists:
        raise _refuse(path, f"文件不存在（{path}）")
    if is_dir:
        raise _refuse(path, "这是一个文件夹，请选择 xlsx 文件")
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the workbook's close(), see _load
    except PermissionError:
        raise _refuse(path, "文件被其他程序占用或无权读取，请关闭后重试") from None
    except OSError as exc:
        raise _refuse(path, f"文件无法打开（{exc.strerror or exc}）") from None
    try:
        _check_container(path, handle, max_uncompressed, max_ratio)
        workbook = _load(path, handle)
    except BaseException:
        handle.close()
        raise
    try:
        _check_sheets(path, workbook, max_rows, max_columns)
    except BaseException:
        workbook.close()
        raise
    return workbook


@contextmanager
def opened_workbook(path: str | Path, **limits: int) -> Iterator[XlsxWorkbook]:
    """open_workbook_safely as a context manager that always closes the file."""
    workbook = open_workbook_safely(path, **limits)
    try:
        yield workbook
    finally:
        workbook.close()


def pick_worksheet(workbook: XlsxWorkbook, name: str | None = None) -> XlsxSheet:
    """The named worksheet, or the one that was active when the file was saved (what the user saw).

    Raises UserError when the name does not exist, listing the sheets that do.
    """
    sheets = workbook.sheets
    if name is not None:
        for sheet in sheets:
            if sheet.title == name or sheet.title.strip() == name.strip():
                return sheet
        titles = "、".join(f"“{sheet.title}”" for sheet in sheets)
        raise UserError(f"工作簿中没有名为“{name}”的工作表（现有：{titles}）")
    active = workbook.active
    return active if active in sheets else sheets[0]


def _refuse(path: Path, reason: str) -> UserError:
    return UserError(f"无法读取“{path.name}”：{reason}")


def _check_container(path: Path, handle: IO[bytes], max_uncompressed: int, max_ratio: int) -> None:
    """Decide from the first bytes and the zip directory whether this file may be parsed."""
    try:
        size = path.stat().st_size
        head = handle.read(8)
    except PermissionError:
        raise _refuse(path, "文件被其他程序占用或无权读取，请关闭后重试") from None
    except OSError as exc:
        raise _refuse(path, f"文件无法读取（{exc.strerror or exc}）") from None
    if size == 0:
        raise _refuse(path, "文件是空的（0字节），" + _NOT_XLSX)
    if head.startswith(_OLE_MAGIC):
        raise _refuse(path, _ole_reason(handle))
    if not head.startswith(_ZIP_MAGICS):
        raise _refuse(path, _not_zip_reason(head + handle.read(4096)))
    if size > max_uncompressed:
        raise _refuse(path, f"文件过大（{size / _MB:.0f} MB，上限{max_uncompressed // _MB} MB）")
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _refuse(path, "文件已损坏或不完整，" + _NOT_XLSX) from None
    total = sum(info.file_size for info in infos)
    if total > max_uncompressed:
        raise _refuse(
            path, f"文件解压后过大（约{total / _MB:.0f} MB，上限{max_uncompressed // _MB} MB），可能已损坏"
        )
    for info in infos:
        # Declared sizes are binding: zipfile stops decompressing at file_size, so checking them suffices.
        if info.file_size > _RATIO_CHECK_MIN_SIZE and info.file_size > max_ratio * max(info.compress_size, 1):
            raise _refuse(path, f"文件压缩比异常（超过{max_ratio}倍），可能已损坏或是恶意文件，已拒绝打开")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        kind = "这是 Word 文档" if "word/document.xml" in names else "这是普通压缩包或其他文档"
        raise _refuse(path, f"{kind}，{_NOT_XLSX}")


def _ole_reason(handle: IO[bytes]) -> str:
    """OLE compound files are old .xls, or an encrypted xlsx (EncryptionInfo + EncryptedPackage)."""
    handle.seek(0)
    tail = b""
    found_xls = False
    while chunk := handle.read(_SCAN_CHUNK):
        window = tail + chunk
        if _ENCRYPTED_MARKER in window:
            return "文件已加密，请先取消密码（在 WPS/Excel 中打开，取消文档加密后保存为 .xlsx）"
        found_xls = found_xls or any(marker in window for marker in _XLS_MARKERS)
        tail = window[-len(_ENCRYPTED_MARKER) :]
    if found_xls:
        return "这是旧版 .xls 格式，" + _NOT_XLSX
    return "这是旧版 Office 格式或已加密的文件，请在 WPS/Excel 中取消密码并另存为 .xlsx"


def _not_zip_reason(head: bytes) -> str:
    """Name what it probably is: web systems often export HTML or CSV with an .xls/.xlsx name."""
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if sample[:1] == b"<":
        return "这是网页（HTML/XML）格式的导出文件，" + _NOT_XLSX
    if b"\x00" not in sample and _decodes_as_text(sample):
        return "这是 CSV 或文本文件，" + _NOT_XLSX
    return _NOT_XLSX


def _decodes_as_text(sample: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4:  # a multi-byte character cut off by the sample's end
                return True
            continue
        return True
    return False


def _load(path: Path, handle: IO[bytes]) -> XlsxWorkbook:
    """Read the workbook's parts; any parser failure on a file that passed the checks means a damaged file."""
    handle.seek(0)
    try:
        workbook = XlsxWorkbook(handle)
    except PermissionError:
        raise _refuse(path, "文件被其他程序占用或无权读取，请关闭后重试") from None
    except Exception:  # the parts may fail in many ways (KeyError, ValueError, ExpatError, …)
        raise _refuse(path, "文件内容已损坏或不是标准 xlsx 格式，" + _NOT_XLSX) from None
    original_close = workbook.close

    def close() -> None:
        # A ZipFile built on a file object does not close that object; do it with the workbook.
        original_close()
        handle.close()

    workbook.close = close  # type: ignore[method-assign]
    return workbook


def _check_sheets(path: Path, workbook: XlsxWorkbook, max_rows: int, max_columns: int) -> None:
    """Refuse workbooks without data and sheets whose recorded dimension is beyond the limits."""
    sheets = workbook.sheets
    if not sheets:
        raise _refuse(path, "工作簿中没有工作表")
    for sheet in sheets:
        # The <dimension> the writing program recorded may be absent (None) or wrong, which is why
        # iter_data_rows counts rows again while reading.
        rows, columns = sheet.max_row, sheet.max_column
        if rows is not None and rows > max_rows:
            raise _refuse(
                path, f"工作表“{sheet.title}”超过{max_rows}行（约{rows}行）；{BLANK_FORMATTED_HINT}"
            )
        if columns is not None and columns > max_columns:
            raise _refuse(
                path, f"工作表“{sheet.title}”超过{max_columns}列（约{columns}列）；{BLANK_FORMATTED_HINT}"
            )
    active = pick_worksheet(workbook)
    ordered = [active] + [sheet for sheet in sheets if sheet is not active]
    if not any(_has_any_value(sheet, max_rows, max_columns) for sheet in ordered):
        raise _refuse(path, "工作簿是空的，没有任何数据")


def _has_any_value(sheet: XlsxSheet, max_rows: int, max_columns: int) -> bool:
    """Stops at the first non-empty cell, so a normal sheet costs one row."""
    # max_rows rather than the recorded dimension, which may be too small; reading stops at the real end.
    for row in read_rows(sheet, 1, max_row=max_rows, max_col=max_columns):
        for value in row:
            if value is not None and (not isinstance(value, str) or value.strip(STRIP_CHARS)):
                return True
    return False


# ---------------------------------------------------------------------------------------------------
# Header


def read_rows(ws: XlsxSheet, first: int, *, max_row: int, max_col: int) -> Iterator[tuple]:
    """ws.rows(first, max_row, max_col), turning damage found while parsing into a UserError.

    Sheets are parsed as they are read, so a truncated or corrupt sheet (or a bad CRC) surfaces only here.
    """
    rows = ws.rows(first, max_row, max_col)
    number = first
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # ExpatError, BadZipFile, IndexError (shared string), ValueError, …
            raise UserError(
                f"工作表“{ws.title}”第{number}行附近的内容已损坏，请在 WPS/Excel 中打开后重新另存为 .xlsx"
            ) from exc
        yield row
        number += 1
