"""The scan around a figure, for audit.html: what OCR read is shown beside the part of
the page image it read it from, so staff can see what the scan says.

A figure of a scanned PDF (``format: pdf-scan``) whose ``source`` has a ``bbox`` gets
the page cut around that box (the line it stands on, a little wider), rendered with
pypdfium2 at 2× (144 dpi) as a PNG inside the page (``data:`` URI: the page stays one
file to read offline). At most ``MOST`` crops a run (about 5–15 kB each).
"""
from __future__ import annotations

import base64
import io
from pathlib import Path

MOST = 600
SCALE = 2.0
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_Y = 320.0, 120.0, 10.0  # points around the figure's box: its row's label, its line


class ScanCrops:
    def __init__(self, paths: dict[str, Path], scanned: set[str]):
        self.paths = {d: Path(p) for d, p in paths.items() if d in scanned}
        self.made = 0
        self._open: dict[str, object] = {}

    def __call__(self, ev: dict) -> str | None:
        """A ``data:image/png`` URI of the scan around ``ev``'s box, or None."""
        doc, page, box = ev.get("document"), ev.get("page"), ev.get("bbox")
        if doc not in self.paths or not page or not box or self.made >= MOST:
            return None
        try:
            png = self._crop(doc, int(page), box)
        except Exception:  # noqa: BLE001 (no picture is no failure: the quote is still there)
            return None
        self.made += 1
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

    def _crop(self, doc: str, page: int, box) -> bytes:
        import pypdfium2 as pdfium

        pdf = self._open.get(doc)
        if pdf is None:
            pdf = self._open[doc] = pdfium.PdfDocument(str(self.paths[doc]))
        p = pdf[page - 1]
        width, height = p.get_size()
        x0, top, x1, bottom = box
        left, right = max(0.0, x0 - MARGIN_LEFT), min(width, x1 + MARGIN_RIGHT)
        upper, lower = max(0.0, top - MARGIN_Y), min(height, bottom + MARGIN_Y)
        image = p.render(scale=SCALE, crop=(left, height - lower, width - right, upper), grayscale=True).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        return buf.getvalue()

    def close(self) -> None:
        for pdf in self._open.values():
            pdf.close()
        self._open.clear()
