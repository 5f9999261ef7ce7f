"""Tesseract's answers cached by page image: a re-run, a renamed or re-saved scan, or a
scan whose other pages changed does not OCR a page it has read before.

The key is the SHA-256 of the rendered page (mode, size, pixels), its dpi, the language,
Tesseract's arguments and version; the entry is Tesseract's TSV, gzipped, in
``<cache folder>/ocr-v1/`` (the result cache's folder, ``cache.default_folder``; none when
``SOLIEU_CACHE=off``). Entries are written atomically; one that cannot be read is a miss.
Pruned with the result cache (entries unused for a month).
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

FOLDER = "ocr-v1"


@functools.lru_cache(maxsize=4)
def tesseract_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def page_key(image, dpi: int, binary: str, args: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    h.update(f"{image.mode} {image.size} {dpi} {' '.join(args)} {tesseract_version(binary)}\n".encode())
    h.update(image.tobytes())
    return h.hexdigest()


def _folder() -> Path | None:
    from ..cache import default_folder

    base = default_folder()
    return None if base is None else base / FOLDER


def get(key: str) -> str | None:
    folder = _folder()
    if folder is None:
        return None
    path = folder / key[:2] / f"{key}.tsv.gz"
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        os.utime(path)
        return text
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 (a damaged entry is a miss)
        try:
            path.unlink()
        except OSError:
            pass
        return None


def put(key: str, tsv: str) -> None:
    folder = _folder()
    if folder is None:
        return
    target = folder / key[:2]
    tmp = None
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ocr.", suffix=".tmp", dir=target)
        with os.fdopen(fd, "wb") as fh:
            fh.write(gzip.compress(tsv.encode("utf-8"), compresslevel=6))
        os.replace(tmp, target / f"{key}.tsv.gz")
    except OSError:  # a cache that cannot be written only costs time
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
