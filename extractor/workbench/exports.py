"""The workbench's downloads: every output file built from the store, decisions applied,
through the same path as ``solieu run`` (``write_outputs.py``)."""
from __future__ import annotations

import tempfile
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


def store_to_outputs(store, folder: Path, round_name: str | None = None) -> Path:
    """Write every output of the stored reports (of one round, when named) into ``folder``."""
    docs = store.documents()
    if round_name:
        docs = [d for d in docs if d["round"] == round_name]
    decisions = store.active_decisions()
    modified = {d["document"]: d["record"].get("modified") for d in docs}
    outcomes = (decided(o, decisions, d["sha256"]) for d, o in zip(docs, store.outcomes(docs)))
    outcomes_to_outputs(Path(folder), outcomes, modified, audits=True, compares=True)
    return Path(folder)


def export_bytes(store, name: str, round_name: str | None = None) -> bytes:
    if name not in EXPORTS:
        raise KeyError(name)
    with tempfile.TemporaryDirectory(prefix="solieu-export-") as tmp:
        store_to_outputs(store, Path(tmp), round_name)
        return (Path(tmp) / name).read_bytes()
