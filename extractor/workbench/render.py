"""A report's pages for the review screen: PDF pages as images (pypdfium2), DOCX and
other files as their paragraphs and tables (the readers' blocks)."""
from __future__ import annotations

import functools
import io
import tempfile
from pathlib import Path

MAX_SCALE = 3.0


@functools.lru_cache(maxsize=64)
def _page_png(content: bytes, page: int, scale: float) -> bytes | None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(content)
    try:
        if not 1 <= page <= len(pdf):
            return None
        image = pdf[page - 1].render(scale=scale).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        return buf.getvalue()
    finally:
        pdf.close()


def page_png(store, sha256: str, page: int, scale: float = 1.5) -> bytes | None:
    """Page ``page`` (1-based) of a stored PDF as PNG at ``scale`` × 72 dpi (None when
    the file is no PDF or has no such page). A PDF point × scale is a pixel."""
    content = store.blob(sha256)
    if content is None or not content.startswith(b"%PDF"):
        return None
    return _page_png(bytes(content), page, max(0.5, min(MAX_SCALE, scale)))


@functools.lru_cache(maxsize=32)
def _blocks(content: bytes, suffix: str) -> tuple[dict, ...]:
    from ..readers import read_document

    with tempfile.TemporaryDirectory(prefix="solieu-view-") as tmp:
        path = Path(tmp) / f"tep{suffix}"
        path.write_bytes(content)
        doc = read_document(path)
    return tuple({"index": b.index, "kind": b.kind, "text": b.text} for b in doc.blocks)


def document_blocks(store, doc: dict) -> tuple[dict, ...]:
    """The stored file's paragraphs and tables in reading order (empty when unreadable)."""
    content = store.blob(doc["sha256"])
    if content is None:
        return ()
    try:
        return _blocks(bytes(content), Path(doc["document"]).suffix.lower())
    except Exception:  # noqa: BLE001 (a file that cannot be shown again is shown as its figures only)
        return ()


def page_sizes(store, doc: dict) -> dict[int, tuple[float, float]]:
    """Each page's size in PDF points (page, 1-based → (width, height)); empty when the
    file is no PDF. The review page gives each lazily loaded page image its size, so that
    the pages are in place before their images come and the current figure's box can be
    scrolled to on a later page."""
    content = store.blob(doc["sha256"])
    if content is None or not bytes(content[:5]) == b"%PDF-":
        return {}
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(bytes(content))
    except Exception:  # noqa: BLE001 (a file that cannot be opened again: images without a size)
        return {}
    try:
        return {i + 1: tuple(pdf[i].get_size()) for i in range(len(pdf))}
    finally:
        pdf.close()
