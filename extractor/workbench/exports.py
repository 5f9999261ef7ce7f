"""The workbench's downloads: every output file built from the store, decisions applied,
through the same path as ``solieu run`` (``write_outputs.py``)."""
from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from ..store.runs import decided
from ..write_outputs import outcomes_to_outputs

EXPORTS = {  # name -> MIME type
    "comparison.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "comparison.csv": "text/csv; charset=utf-8",
    "comparison_long.csv": "text/csv; charset=utf-8",
    "figures.jsonl": "application/x-ndjson; charset=utf-8",
    "figures.csv": "text/csv; charset=utf-8",
    "figures.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "findings.jsonl": "application/x-ndjson; charset=utf-8",
    "documents.jsonl": "application/x-ndjson; charset=utf-8",
    "unattributed.jsonl": "application/x-ndjson; charset=utf-8",
    "audit.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "audit.html": "text/html; charset=utf-8",
}


def store_to_outputs(store, folder: Path, round_name: str | None = None, workbooks: bool = True) -> Path:
    """Write every output of the stored reports (of one round, when named) into ``folder``
    (the data files alone, JSON lines and CSV, when ``workbooks`` is False)."""
    docs = store.documents()
    if round_name:
        docs = [d for d in docs if d["round"] == round_name]
    decisions = store.active_decisions()
    modified = {d["document"]: d["record"].get("modified") for d in docs}
    outcomes = (decided(o, decisions, d["sha256"]) for d, o in zip(docs, store.outcomes(docs)))
    outcomes_to_outputs(Path(folder), outcomes, modified, audits=True, compares=True, workbooks=workbooks)
    return Path(folder)


_BUILD_LOCK = threading.Lock()
_BUILT: dict[tuple, Path] = {}  # (store, round, its version, workbooks) -> the folder of its outputs
WORKBOOKS = (".xlsx", ".html")  # the outputs that take most of a build (the data files alone: a quarter of the time)


def export_folder(store, round_name: str | None = None, name: str | None = None) -> Path:
    """The outputs of the store (of one round, when named), built once for the store as it
    is now: a download or the compare page after no change costs nothing; builds wait for
    each other rather than run at once. Asked for a data file (``name`` not a workbook,
    or none: the compare page), the data files alone are built when no full build is at
    hand: the compare page after a decision waits a quarter as long (2.7 s against 11.7 s
    for the 252 reports of the corpus)."""
    base = (store.url, round_name, store.version())
    light = name is None or not name.endswith(WORKBOOKS)
    with _BUILD_LOCK:
        for key in ((*base, True), (*base, False)) if light else ((*base, True),):
            folder = _BUILT.get(key)
            if folder is not None and folder.is_dir():
                return folder
        for old in [k for k in _BUILT if k[:2] == base[:2] and k[2] != base[2]]:  # the same outputs before a change
            shutil.rmtree(_BUILT.pop(old), ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix="solieu-export-"))
        store_to_outputs(store, folder, round_name, workbooks=not light)
        _BUILT[(*base, not light)] = folder
        return folder


def export_bytes(store, name: str, round_name: str | None = None) -> bytes:
    if name not in EXPORTS:
        raise KeyError(name)
    return (export_folder(store, round_name, name) / name).read_bytes()
