"""Legacy Word files (``.doc``): converted to DOCX by LibreOffice, then read as DOCX.

python-docx cannot read the binary ``.doc`` format and no well-kept pure-Python
reader exists, so the conversion is LibreOffice's (``soffice --headless
--convert-to docx``) into a temporary folder; without LibreOffice the file gets a
clear error and the batch goes on.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ..model import Document
from .docx_reader import docx_to_blocks
from .errors import CorruptFile, EmptyDocument, UnsupportedFormat

TIMEOUT = 120  # seconds for one conversion


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_blocks(path: str) -> Document:
    """Read a ``.doc`` through a DOCX converted by LibreOffice (format stays ``doc``)."""
    exe = soffice()
    if exe is None:
        raise UnsupportedFormat("cần cài LibreOffice để đọc tệp .doc", "reading .doc files needs LibreOffice installed")
    if Path(path).stat().st_size == 0:
        raise EmptyDocument("tệp Word rỗng (0 byte)", "the Word file is empty (0 bytes)")
    with tempfile.TemporaryDirectory(prefix="solieu-doc-") as tmp:
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
               "--outdir", tmp, str(path)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise CorruptFile("chuyển đổi tệp .doc quá lâu", "converting the .doc file timed out") from exc
        out = Path(tmp) / (Path(path).stem + ".docx")
        if not out.exists():
            raise CorruptFile("tệp .doc bị hỏng, không chuyển đổi được", "the .doc file is damaged: LibreOffice could not convert it")
        doc = docx_to_blocks(str(out))
    return replace(doc, path=str(path), format="doc")
