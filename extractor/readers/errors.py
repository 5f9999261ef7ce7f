"""Errors a reader raises, each with a reason for users in Vietnamese and English.

>>> e = EncryptedFile()
>>> isinstance(e, ReadError), e.reason_en
(True, 'the file is password-protected')
>>> str(CorruptFile("không mở được", "cannot open"))
'không mở được (cannot open)'
"""
from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read as a report.

    ``reason_vi`` and ``reason_en`` are whole messages for the people who run the
    tool (shown in ``documents.jsonl``); ``str(error)`` shows both.
    """

    reason_vi = "không đọc được tệp"
    reason_en = "the file cannot be read"

    def __init__(self, reason_vi: str | None = None, reason_en: str | None = None):
        if reason_vi is not None:
            self.reason_vi = reason_vi
        if reason_en is not None:
            self.reason_en = reason_en
        super().__init__(f"{self.reason_vi} ({self.reason_en})")


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
