"""Spreadsheets offices really receive, built byte by byte (fast, and exactly the shape we want)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '</Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" '
             'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="党员名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" '
                 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                 'Target="worksheets/sheet1.xml"/></Relationships>')
COLUMNS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _cell(column: int, row: int, value) -> str:
    ref = f"{COLUMNS[column]}{row}"
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def write_streamed_xlsx(path: Path, header: list[str], rows, row_count: int) -> Path:
    """A minimal valid xlsx whose sheet XML is streamed row by row (200k rows in a few seconds)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        last = f"{COLUMNS[len(header) - 1]}{row_count + 1}"
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         f'<dimension ref="A1:{last}"/><sheetData>').encode())
            buffer = ['<row r="1">' + "".join(_cell(c, 1, v) for c, v in enumerate(header)) + "</row>"]
            for number, values in enumerate(rows, start=2):
                buffer.append(f'<row r="{number}">' + "".join(_cell(c, number, v) for c, v in enumerate(values))
                              + "</row>")
                if len(buffer) >= 5000:
                    sheet.write("".join(buffer).encode())
                    buffer = []
            sheet.write(("".join(buffer) + "</sheetData></worksheet>").encode())
    return path


def write_zip_bomb(path: Path, megabytes: int = 64) -> Path:
    """An 'xlsx' whose sheet inflates from a few dozen KB to `megabytes` MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(chunk)
    return path


def write_encrypted_xlsx(path: Path) -> Path:
    """What WPS/Excel save for a password-protected workbook: an OLE compound file holding
    EncryptionInfo and EncryptedPackage streams (enough of one for any reader to recognise it)."""
    sector = 512
    header = bytearray(sector)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")
    header[26:28] = (3).to_bytes(2, "little")
    header[28:30] = b"\xfe\xff"
    header[30:32] = (9).to_bytes(2, "little")
    directory = bytearray(sector)
    for index, name in enumerate(["Root Entry", "EncryptionInfo", "EncryptedPackage"]):
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry = index * 128
        directory[entry:entry + len(encoded)] = encoded
        directory[entry + 64:entry + 66] = len(encoded).to_bytes(2, "little")
    path.write_bytes(bytes(header) + bytes(directory) + b"\x5a" * 4096)
    return path
