"""Readers: turn a report file into a ``Document`` of Blocks in reading order.

One module per format, registered by extension in ``READERS``; adding a format
(``.doc``, ``.xlsx``, an OCR reader for scans) is one new module and one entry here.

>>> sorted(READERS)
['.doc', '.docx', '.pdf', '.xls', '.xlsx']
>>> read_document("report.odt")
Traceback (most recent call last):
...
extractor.readers.errors.UnsupportedFormat: định dạng tệp không được hỗ trợ: .odt (this file format is not supported: .odt)
"""
from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Callable

from ..model import Document
from .docx_reader import docx_to_blocks
from .errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    NoTextLayer,
    ReadError,
    UnsupportedFormat,
)
from .legacy import decode_legacy
from .pdf_document import pdf_to_blocks
from .pdf_reader import PdfPages
from .doc_reader import doc_to_blocks, xls_to_blocks
from .xlsx_reader import xlsx_to_blocks

Reader = Callable[[str], Document]

READERS: dict[str, Reader] = {
    ".docx": docx_to_blocks,
    ".pdf": pdf_to_blocks,
    ".doc": doc_to_blocks,
    ".xlsx": xlsx_to_blocks,
    ".xls": xls_to_blocks,
}


def reader_for(path: str | PathLike) -> Reader:
    """The reader registered for the file's extension (case-insensitive)."""
    suffix = Path(path).suffix.lower()
    try:
        return READERS[suffix]
    except KeyError:
        shown = suffix or "(không có đuôi tệp)"
        shown_en = suffix or "(no extension)"
        raise UnsupportedFormat(
            f"định dạng tệp không được hỗ trợ: {shown}",
            f"this file format is not supported: {shown_en}",
        ) from None


def read_document(path: str | PathLike, opened: PdfPages | None = None) -> Document:
    """Read any supported report file into a Document (raises a ``ReadError``).
    ``opened``: a PDF's pages already opened by the caller (who closes them), so that
    what comes after the reading finds them loaded."""
    reader = reader_for(path)
    if not Path(path).is_file():
        raise CorruptFile("không tìm thấy tệp", "the file does not exist")
    if opened is not None and reader is pdf_to_blocks:
        return decode_legacy(pdf_to_blocks(str(path), opened))
    return decode_legacy(reader(str(path)))  # text typed in TCVN3 fonts becomes Unicode


__all__ = [
    "READERS",
    "read_document",
    "reader_for",
    "docx_to_blocks",
    "pdf_to_blocks",
    "doc_to_blocks",
    "xlsx_to_blocks",
    "xls_to_blocks",
    "ReadError",
    "UnsupportedFormat",
    "CorruptFile",
    "EncryptedFile",
    "EmptyDocument",
    "NoTextLayer",
]
