"""Save a python-docx Document so that the same content gives the same bytes
(fixed zip timestamps and attributes); shared by the corpus scripts."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path


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
