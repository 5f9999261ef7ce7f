"""python-docx helpers shared by the corpus scripts: a run's font set everywhere Word
looks for it, and a Document saved so that the same content gives the same bytes
(fixed zip timestamps and attributes)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt


def set_run_font(run, font: str, size: float | None = None, bold=None, italic=None) -> None:
    """``font`` for every script slot (ascii, hAnsi, cs, eastAsia), so Vietnamese text
    keeps it; size, bold and italic when given."""
    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def save_stable(doc, path: Path, date_time: tuple[int, int, int, int, int, int]) -> None:
    """Write ``doc`` to ``path`` with every zip member dated ``date_time``."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            zout.writestr(zi, zin.read(info.filename))
    Path(path).write_bytes(out.getvalue())
