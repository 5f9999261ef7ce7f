"""Errors a reader raises, each with a reason for users in Vietnamese and English.

>>> e = EncryptedFile()
>>> isinstance(e, ReadError), e.reason_en
(True, 'the file is password-protected')
>>> str(CorruptFile("không mở được", "cannot open"))
'không mở được (cannot open)'
"""
from __future__ import annotations

import re


class ReadError(Exception):
    """A file that cannot be read as a report.

    ``reason_vi`` and ``reason_en`` are whole messages for the people who run the
    tool (shown in ``documents.jsonl``); ``str(error)`` shows both.
    """

    reason_vi = "không đọc được tệp"
    reason_en = "the file cannot be read"
    transient = False  # True when another try may read it (a converter or OCR timed out or failed): not cached

    def __init__(self, reason_vi: str | None = None, reason_en: str | None = None):
        if reason_vi is not None:
            self.reason_vi = reason_vi
        if reason_en is not None:
            self.reason_en = reason_en
        super().__init__(f"{self.reason_vi} ({self.reason_en})")


def transient(error: ReadError) -> ReadError:
    """``error``, marked as one that another try may not meet (so its outcome is not cached).

    >>> transient(CorruptFile()).transient, CorruptFile().transient
    (True, False)
    """
    error.transient = True
    return error


class UnsupportedFormat(ReadError):
    """The file's extension has no reader."""

    reason_vi = "định dạng tệp không được hỗ trợ"
    reason_en = "this file format is not supported"


class CorruptFile(ReadError):
    """The file is damaged or is not what its extension says."""

    reason_vi = "tệp bị hỏng hoặc không đúng định dạng"
    reason_en = "the file is damaged or not in the format its name says"


class EncryptedFile(ReadError):
    """The file needs a password to open."""

    reason_vi = "tệp được đặt mật khẩu"
    reason_en = "the file is password-protected"


class EmptyDocument(ReadError):
    """The file opens but holds no text at all (no pages, or blank pages)."""

    reason_vi = "tệp không có nội dung"
    reason_en = "the file has no content"


class NoTextLayer(ReadError):
    """A PDF whose pages hold images but no text: a scan, to be OCR'd.

    ``format`` is the format the document would have (``pdf-scan``) and
    ``pages`` its page count, so that an OCR reader can take over.
    """

    reason_vi = "tệp PDF là bản quét (không có lớp chữ), cần nhận dạng ký tự (OCR)"
    reason_en = "the PDF is a scan without a text layer; it needs OCR"
    format = "pdf-scan"

    def __init__(self, reason_vi: str | None = None, reason_en: str | None = None, pages: int | None = None):
        super().__init__(reason_vi, reason_en)
        self.pages = pages


class TooLarge(ReadError):
    """The file would take more than its budget to open (a zip package that inflates too far)."""

    reason_vi = "tệp quá lớn để đọc"
    reason_en = "the file is too large to read"


MAX_INFLATED_MB = 400  # a DOCX or XLSX package may unpack to at most this
MAX_RATIO = 200  # nor any large member inflate more than this many times
MAX_PDF_PAGES = 2000  # a report with its annexes is far below; a 400-page scan is within
MAX_MERGED_CELLS = 200_000  # one merged range of a sheet (a title across a page: a few dozen)
MAX_SHEET_CELLS = 20_000_000  # the area a sheet declares (its <dimension>)
MAX_GRID_COLUMNS = 63  # Word's limit: a table cell spans at most this many columns
MAX_OCR_PIXELS = 60_000_000  # one page image for OCR (A4 at 300 dpi: 8.7 million)


def check_zip_budget(path: str, kind: str) -> None:
    """Refuse a zip package (DOCX, XLSX) that would unpack beyond the budget, before any
    parsing: a 5 KB sheet can declare 200 MB of XML.

    >>> import io, zipfile, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "bomb.xlsx")
    >>> with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 2**20))
    >>> check_zip_budget(p, "Excel")
    Traceback (most recent call last):
    ...
    extractor.readers.errors.TooLarge: tệp Excel giải nén ra quá lớn (một phần nén 60 MB gấp 1028 lần) (the Excel file unpacks too far: a member of 60 MB compressed 1028 times)
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFile(f"tệp {kind} bị hỏng", f"the {kind} file is damaged: {exc}") from exc
    total = sum(m.file_size for m in members)
    if total > MAX_INFLATED_MB * 2**20:
        raise TooLarge(f"tệp {kind} giải nén ra quá lớn ({total // 2**20} MB)",
                       f"the {kind} file unpacks to too much ({total // 2**20} MB)")
    for m in members:
        if m.file_size > 10 * 2**20 and m.file_size > MAX_RATIO * max(1, m.compress_size):
            mb, ratio = m.file_size // 2**20, m.file_size // max(1, m.compress_size)
            raise TooLarge(f"tệp {kind} giải nén ra quá lớn (một phần nén {mb} MB gấp {ratio} lần)",
                           f"the {kind} file unpacks too far: a member of {mb} MB compressed {ratio} times")


_REF = re.compile(rb'<(?:\w+:)?(mergeCell|dimension)\b[^>]*?\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def range_area(a: bytes, r1: bytes, b: bytes | None, r2: bytes | None) -> int:
    """Cells of ``A5:XFD1048576``-like ranges (as bytes).

    >>> range_area(b"A", b"5", b"XFD", b"1048576"), range_area(b"B", b"2", None, None)
    (17179803648, 1)
    """
    if b is None:
        return 1
    return (abs(_column(b) - _column(a)) + 1) * (abs(int(r2) - int(r1)) + 1)


def check_sheet_budget(path: str) -> None:
    """Refuse a workbook whose sheets declare a merged range or an area beyond the budget,
    before any parsing: a 5 KB sheet with the merged range ``A5:XFD1048576`` makes a
    spreadsheet library build 17 billion cells. Streams each sheet's XML.

    >>> import zipfile, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "merge.xlsx")
    >>> with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", b'<worksheet><mergeCells><mergeCell ref="A5:XFD1048576"/></mergeCells></worksheet>')
    >>> check_sheet_budget(p)
    Traceback (most recent call last):
    ...
    extractor.readers.errors.TooLarge: trang tính xl/worksheets/sheet1.xml có vùng ô gộp A5:XFD1048576 quá lớn (17.179.803.648 ô) (the sheet merges a range of 17,179,803,648 cells: A5:XFD1048576)
    """
    import zipfile

    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            tail = b""
            with z.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    data = tail + chunk
                    for m in _REF.finditer(data):
                        kind, a, r1, b, r2 = m.groups()
                        area = range_area(a, r1, b, r2)
                        limit = MAX_MERGED_CELLS if kind == b"mergeCell" else MAX_SHEET_CELLS
                        if area > limit:
                            ref = (a + r1 + (b":" + b + r2 if b else b"")).decode()
                            what_vi = "vùng ô gộp" if kind == b"mergeCell" else "vùng dữ liệu khai báo"
                            what_en = "merges a range" if kind == b"mergeCell" else "declares an area"
                            raise TooLarge(f"trang tính {info.filename} có {what_vi} {ref} quá lớn ({area:,} ô)".replace(",", "."),
                                           f"the sheet {what_en} of {area:,} cells: {ref}")
                    tail = data[-200:]
