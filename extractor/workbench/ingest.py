"""Files dropped on the workbench into the store: each read in a process of its own,
within the batch's budgets (``batch.process_many``), and kept with its bytes.

The name a browser sends is only a label: its last part, cleaned, becomes the
document's name; nothing a client sends is ever used as a path to write to."""
from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..batch import Input, process_many
from ..store.runs import StoreResults

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # the batch's own limit per file


@dataclass(frozen=True)
class Ingested:
    document: str
    status: str  # ok | skipped | error | known (already in the store)
    reason: str | None
    reason_en: str | None
    id: int | None
    figures: int

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def safe_name(raw: str | None) -> str:
    """A client's file name as a document name: the last part only, no control
    characters, no leading dots; NFC.

    >>> safe_name("../../etc/Báo cáo xã Kẻ Sặt.docx")
    'Báo cáo xã Kẻ Sặt.docx'
    >>> safe_name("C:\\\\Users\\\\lan\\\\.bao_cao.pdf")
    'bao_cao.pdf'
    >>> safe_name("")
    'tep'
    """
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").split("/")[-1])
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".-~$ ")
    return name[:180] or "tep"


def file_time(millis) -> str | None:
    """A browser's ``lastModified`` (milliseconds since 1970, local time of the clerk's
    machine as this one sees it) as ``documents.jsonl``'s ``modified``; None when absent.

    >>> file_time("not a time") is None, file_time(None) is None
    (True, True)
    """
    import datetime as dt

    try:
        return dt.datetime.fromtimestamp(int(millis) / 1000).replace(microsecond=0).isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def ingest_files(store, files: list[tuple[str, bytes]], workers: int | None = None,
                 modified: list | None = None) -> list[Ingested]:
    """Read uploaded files (name, bytes) into the store; one result per file, in order.
    ``modified``: each file's last change as the browser tells it (``lastModified``), so
    that of two reports of one day the later file is the revision."""
    results = []
    with tempfile.TemporaryDirectory(prefix="solieu-upload-") as tmp:
        inputs = []
        for i, (raw, content) in enumerate(files):
            name = safe_name(raw)
            folder = Path(tmp) / str(i)  # our own folder names: same-named files never collide
            folder.mkdir()
            path = folder / name
            path.write_bytes(content)
            inputs.append(Input(path, name))
        times = {inp.document: file_time(m) for inp, m in zip(inputs, modified or [])}
        results_cache = StoreResults(store, audit=True, modified=times)
        known = {}
        for inp in inputs:
            key = results_cache.key(inp.path)
            known[inp.document] = key is not None and store.stored(key, audit=True) is not None
        for inp, outcome in zip(inputs, process_many(inputs, workers, audit=True, cache=results_cache)):
            rec = outcome.record
            key = results_cache.key(inp.path)
            doc = store.stored(key) if key else None
            results.append(Ingested(rec.document, "known" if known[inp.document] else rec.status, rec.reason, rec.reason_en,
                                    doc["id"] if doc else None, rec.figures))
    store.refresh_rounds()
    return results
