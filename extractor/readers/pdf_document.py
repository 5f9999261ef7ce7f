"""A PDF into a Document: its text layer (``pdf_reader``), OCR for pages that are only
images (``ocr_reader``), then the shared layout (``layout.pages_to_blocks``). Neither
reader imports the other."""
from __future__ import annotations

from ..model import Document
from .errors import EmptyDocument
from .layout import pages_to_blocks
from .pdf_reader import PdfPages, check_text_layer, read_pages


def pdf_to_blocks(path: str, opened: PdfPages | None = None) -> Document:
    """Read a PDF with a text layer into a Document of paragraph and table Blocks
    (``opened``: the PDF already opened by the caller, who closes it).

    Raises EncryptedFile, CorruptFile, EmptyDocument, or NoTextLayer (a scan).
    """
    pages, warnings = read_pages(str(path), opened)
    from .ocr_reader import ocr_image_pages  # OCR: image-only pages, when Tesseract is installed (loaded then)

    scanned = ocr_image_pages(str(path), pages, warnings)
    check_text_layer(pages, warnings)
    blocks = pages_to_blocks(pages)
    if not blocks:
        raise EmptyDocument("tệp PDF không có chữ", "the PDF has no text")
    fmt = "pdf-scan" if scanned == len(pages) else "pdf"  # every page read by OCR
    return Document(path=str(path), format=fmt, blocks=blocks, pages=len(pages), warnings=tuple(warnings))
