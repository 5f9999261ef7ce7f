"""``solieu run --store``: the store as the batch's memory, and its decisions in every output.

- A file whose SHA-256 is in the store is not read again (``StoreResults`` serves it to
  ``batch.process_many`` as a cache would); a file read now is kept in the store, bytes
  included, as soon as it is read.
- Every outcome gets the decisions kept for its unit (``decided``) before any output is
  written: corrections applied, rejected figures left out, the findings worked out again
  from the figures as decided, each carrying its decision (a waived finding stays in
  ``findings.jsonl``, not in the workbooks).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..cache import file_digest
from .decisions import apply_decisions, kept, unit_key


class StoreResults:
    """The cache interface of ``process_many`` over the store: key = the file's SHA-256."""

    def __init__(self, store, audit: bool, modified: dict[str, str | None] | None = None, reread: bool = False,
                 digests: dict[Path, str | None] | None = None):
        self.store, self.audit, self.reread = store, audit, reread  # reread (--no-cache): read every file again
        self.modified = modified or {}
        self._paths: dict[str, Path] = {}
        self._digests: dict[Path, str | None] = {Path(p): d for p, d in (digests or {}).items()}  # hashed once a file
        self.hits = self.stored = 0

    def key(self, path: Path) -> str | None:
        path = Path(path)
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        digest = self._digests[path]
        if digest is not None:
            self._paths[digest] = path
        return digest

    def get(self, key: str, document: str):
        hit = None if self.reread else self.store.outcome(key, document, self.audit)
        self.hits += hit is not None
        return hit

    def put(self, key: str, outcome) -> bool:
        path = self._paths.get(key)
        try:
            content = path.read_bytes() if path is not None else None
        except OSError:
            content = None
        self.store.record(outcome, key, content, self.audit, self.modified.get(outcome.record.document))
        self.stored += 1
        return True

    def prune(self, *args, **kwargs) -> int:
        return 0


def decided(outcome, decisions: dict, sha256: str | None = None):
    """The outcome with the decisions on its unit applied: corrected and accepted figures
    changed and no longer to check, rejected ones left out, figures staff added put in
    (those made on this very file), findings worked out again from them (when the
    reading kept which figures the audit leaves out) with their ``decision``."""
    unit = unit_key({**outcome.record.as_dict()})
    added = [d for (target, u, _), d in decisions.items() if target == "added" and u == unit and d["sha256"] == sha256]
    left_out = None if outcome.left_out is None else frozenset(outcome.left_out)
    figures, findings, _ = apply_decisions(outcome.figures, outcome.findings, decisions, added, left_out,
                                           outcome.record.as_dict())
    for f in figures:
        if f.get("document") != outcome.record.document:
            f["document"] = outcome.record.document
    shown = tuple(f for f in figures if kept(f))
    return replace(outcome, figures=shown, findings=tuple(findings), record=replace(outcome.record, figures=len(shown)))
