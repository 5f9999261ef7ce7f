"""Legacy Office files through LibreOffice: Word ``.doc`` read as DOCX, Excel ``.xls``
read as XLSX.

python-docx and openpyxl cannot read the old binary formats and no well-kept pure
Python reader exists for ``.doc``, so LibreOffice converts the file (``soffice
--headless --convert-to docx|xlsx``) into a temporary folder, with its own profile so
that a LibreOffice already running does not get in the way. Without LibreOffice the
file gets a clear error and the batch goes on.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..model import Document
from .docx_reader import docx_to_blocks
from .errors import CorruptFile, EmptyDocument, UnsupportedFormat, transient
from .xlsx_reader import xlsx_to_blocks

TIMEOUT = 120  # seconds for one conversion


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _read_converted(path: str, target: str, reader: Callable[[str], Document], fmt: str) -> Document:
    """Convert ``path`` to ``target`` (docx, xlsx) with LibreOffice and read that."""
    kind = "Word" if target == "docx" else "Excel"
    exe = soffice()
    if exe is None:
        raise UnsupportedFormat(f"cần cài LibreOffice để đọc tệp .{fmt}", f"reading .{fmt} files needs LibreOffice installed")
    if Path(path).stat().st_size == 0:
        raise EmptyDocument(f"tệp {kind} rỗng (0 byte)", f"the {kind} file is empty (0 bytes)")
    with tempfile.TemporaryDirectory(prefix=f"solieu-{fmt}-") as tmp:
        profile = Path(tmp) / "profile"
        # an absolute path: a file named "-x.doc" must not reach LibreOffice as an option
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
               "--outdir", tmp, str(Path(path).resolve())]
        said = _run_in_own_group(cmd, fmt)
        out = Path(tmp) / (Path(path).stem + "." + target)
        if not out.exists():
            detail = f" (LibreOffice: {said})" if said else ""
            # LibreOffice also fails for reasons of its own (a locked profile, a crash): try again next run
            raise transient(CorruptFile(f"tệp .{fmt} bị hỏng, không chuyển đổi được{detail}",
                                        f"the .{fmt} file is damaged: LibreOffice could not convert it{detail}"))
        doc = reader(str(out))
    return replace(doc, path=str(path), format=fmt)


def _run_in_own_group(cmd: list[str], fmt: str) -> str:
    """Run LibreOffice in a process group of its own, killed whole on timeout (its helper
    processes included); return what it wrote on stderr, shortened."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, process_group=0)
    try:
        _, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise transient(CorruptFile(f"chuyển đổi tệp .{fmt} quá lâu", f"converting the .{fmt} file timed out")) from exc
    return " ".join(err.decode("utf-8", "replace").split())[:300]


def doc_to_blocks(path: str) -> Document:
    """Read a ``.doc`` through a DOCX converted by LibreOffice (format stays ``doc``)."""
    return _read_converted(path, "docx", docx_to_blocks, "doc")


def xls_to_blocks(path: str) -> Document:
    """Read an old ``.xls`` annex workbook through an XLSX converted by LibreOffice."""
    return _read_converted(path, "xlsx", xlsx_to_blocks, "xls")
