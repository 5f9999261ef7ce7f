"""Results cached per file, so that reading an unchanged folder again costs only the look-up.

An entry is what ``batch.process_one`` returns for one file (its ``Outcome``: document
record, figure records, findings, unattributed numbers; never the ``report`` object),
pickled under a key made of:

- the SHA-256 of the file's bytes and its extension (the extension chooses the reader);
- what reads it: the tool's version, a hash of every file of the ``extractor`` package
  (so that a changed line of code in a checkout is a new key too), the versions of
  Python and of the reading libraries, and whether LibreOffice and Tesseract (with its
  Vietnamese model) are installed (a scan reads differently with OCR than without);
- a hash of every file under ``patterns_dir()`` (computed once per process and folder);
- whether the audit runs (its findings are part of the entry).

The folder is ``$SOLIEU_CACHE``, else ``$XDG_CACHE_HOME/solieu``, else
``~/.cache/solieu`` (``%LOCALAPPDATA%\\solieu\\cache`` on Windows); ``SOLIEU_CACHE=off``
turns the cache off. Entries are written atomically (a temporary file, then
``os.replace``), so that two runs at once never see half an entry. A hit is served under
the file's current name: the same bytes may sit under another name. An entry that cannot
be read back (damaged, truncated, from another version) is a miss and is removed, never
an error. Outcomes that may differ on another run (a time or memory budget ran out, the
reading process died, a converter timed out, an internal error) are not stored
(``Outcome.transient``). Entries not used for ``MAX_AGE_DAYS`` are removed, looked for
at most once a day.

The cache folder must be the user's own: entries are Python pickles, and a pickle from
someone else can run code when it is loaded. The folders it creates are readable by
their owner only (an existing folder is left as it is).
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .patterns import patterns_dir

if TYPE_CHECKING:
    from .batch import Outcome

FORMAT = 1  # of an entry; a new format lives in a folder of its own
MAX_AGE_DAYS = 30  # an entry not used for this long is removed
OFF = {"off", "0", "no", "false", "none"}
LIBRARIES = ("python-docx", "pypdfium2", "pdfplumber", "openpyxl", "regex", "PyYAML")
_PRUNED = ".last-prune"


def default_folder() -> Path | None:
    """The cache folder the environment asks for, None when ``SOLIEU_CACHE=off``."""
    raw = os.environ.get("SOLIEU_CACHE", "").strip()
    if raw.lower() in OFF:
        return None
    if raw:
        return Path(raw).expanduser()
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "solieu" / "cache"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "solieu"


def open_cache(cache: "ResultCache | str | os.PathLike | bool | None", audit: bool) -> "ResultCache | None":
    """The cache ``process_many`` uses: None (the default) from the environment as
    ``default_folder``; False or ``"off"`` none; a folder; or a ``ResultCache`` as is."""
    if isinstance(cache, ResultCache) or hasattr(cache, "put"):  # a cache, or the store (store/runs.py)
        return cache
    if cache is False or (isinstance(cache, str) and cache.strip().lower() in OFF):
        return None
    folder = default_folder() if cache is None or cache is True else Path(cache)
    return None if folder is None else ResultCache(folder, audit)


def tree_hash(folder: Path) -> str:
    """SHA-256 over every file under ``folder`` (relative path and bytes), compiled
    Python left out; "" when the folder does not exist."""
    h = hashlib.sha256()
    if not folder.is_dir():
        return ""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if "__pycache__" in rel.parts or path.suffix in {".pyc", ".pyo"}:
            continue
        h.update(rel.as_posix().encode("utf-8") + b"\0")
        with open(path, "rb") as fh:
            h.update(hashlib.file_digest(fh, "sha256").digest())
    return h.hexdigest()


@functools.cache
def _patterns_hash(folder: Path) -> str:
    return tree_hash(folder)


def patterns_hash() -> str:
    """Hash of the data files in force (once per process for each patterns folder)."""
    return _patterns_hash(patterns_dir().resolve())


@functools.cache
def code_hash() -> str:
    """The tool's version, the hash of the ``extractor`` package's files, and the versions
    of Python and the reading libraries (once per process)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"python {sys.version_info[:3]}"]
    for name in ("solieu", *LIBRARIES):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} -")
    parts.append(tree_hash(Path(__file__).resolve().parent))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def tools() -> str:
    """Which outside programs the readers would use here (they change what is read)."""
    from .readers.doc_reader import soffice
    from .readers.ocr_reader import tesseract_binary

    return f"soffice={bool(soffice())} tesseract-vie={bool(tesseract_binary())}"


def file_digest(path: Path) -> str | None:
    """SHA-256 of the file's bytes (None when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def renamed(outcome: "Outcome", document: str) -> "Outcome":
    """The outcome under another file name: the document record and every figure,
    finding and unattributed record name ``document``."""
    if outcome.record.document == document and all(
            r.get("document") == document for r in (*outcome.figures, *outcome.findings, *outcome.unattributed)):
        return outcome

    def fix(records: tuple[dict, ...]) -> tuple[dict, ...]:
        return tuple({**r, "document": document} if "document" in r else r for r in records)

    return replace(outcome, record=replace(outcome.record, document=document), figures=fix(outcome.figures),
                   findings=fix(outcome.findings), unattributed=fix(outcome.unattributed))


class ResultCache:
    """One cache folder, for runs with or without the audit."""

    def __init__(self, folder: str | os.PathLike, audit: bool = False):
        self.folder = Path(folder)
        self.entries = self.folder / f"results-v{FORMAT}"
        self.audit = bool(audit)
        self._context: str | None = None
        self.hits = self.misses = self.stored = 0

    @property
    def context(self) -> str:
        """Everything of the key but the file: code, data, tools, audit (computed on first use)."""
        if self._context is None:
            self._context = "\n".join([f"format {FORMAT}", code_hash(), patterns_hash(), tools(), f"audit={self.audit}"])
        return self._context

    def key(self, path: Path) -> str | None:
        """The key of a file as it is now (None when it cannot be read)."""
        digest = file_digest(path)
        if digest is None:
            return None
        return hashlib.sha256(f"{self.context}\n{path.suffix.lower()}\n{digest}".encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.pickle"

    def get(self, key: str, document: str) -> "Outcome | None":
        """The stored outcome under the name ``document``; None on a miss (a damaged
        entry is a miss, and is removed)."""
        from .batch import Outcome

        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                fmt, stored_key, outcome = pickle.load(fh)
            if fmt != FORMAT or stored_key != key or not isinstance(outcome, Outcome) or outcome.transient:
                raise ValueError("not an entry of this cache")
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # noqa: BLE001 (whatever is wrong with an entry, it is only a miss)
            self.misses += 1
            _remove(path)
            return None
        try:
            os.utime(path)  # used now: not pruned for another MAX_AGE_DAYS
        except OSError:
            pass
        self.hits += 1
        return renamed(outcome, document)

    def put(self, key: str, outcome: "Outcome") -> bool:
        """Store an outcome (without its report); never one that may differ on another run.
        A cache that cannot be written is skipped silently: it only costs speed."""
        if outcome.transient:
            return False
        path = self._path(key)
        tmp = None
        try:
            for folder in (self.folder, self.entries, path.parent):  # new folders: the owner's only
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((FORMAT, key, replace(outcome, report=None)), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except Exception:  # noqa: BLE001 (a full disk or a read-only folder: no entry, no failure)
            if tmp:
                _remove(Path(tmp))
            return False
        self.stored += 1
        return True

    def prune(self, max_age_days: float = MAX_AGE_DAYS, force: bool = False) -> int:
        """Remove entries not used for ``max_age_days`` (and leftover temporary files);
        at most once a day unless ``force``. Returns how many were removed."""
        mark = self.entries / _PRUNED
        now = time.time()
        try:
            if not force and now - mark.stat().st_mtime < 86400:
                return 0
        except OSError:
            pass
        if not self.entries.is_dir():
            return 0
        removed = 0
        ocr_pages = self.folder / "ocr-v1"  # readers/ocr_cache.py: Tesseract's answers by page image
        for path in [*self.entries.glob("*/*"), *ocr_pages.glob("*/*")]:
            try:
                age = now - path.stat().st_mtime
            except OSError:
                continue
            stale_tmp = path.suffix == ".tmp" and age > 86400
            if stale_tmp or (path.suffix in (".pickle", ".gz") and age > max_age_days * 86400):
                removed += _remove(path)
        try:
            mark.touch()
        except OSError:
            pass
        return removed


def _remove(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0
