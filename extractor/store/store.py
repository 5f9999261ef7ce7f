"""The store: documents, figures, findings and staff decisions in a database.

SQLite (a file, the default) for one desk, PostgreSQL for a shared office; the same
code for both (SQLAlchemy Core), the tables made and updated by Alembic (``migrate.py``).
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, delete, event, func, insert, select, update

from ..compare.rounds import latest_ends
from . import schema as t
from .deciding import Conflict, Deciding, current_documents, new_finding_id, public_decision
from .decisions import apply_decisions, apply_figure_decision, decision_for, finding_key
from .rows import StoreError, document_row, now
from .urls import public_url


def default_url() -> str:
    """``$SOLIEU_STORE``, else a SQLite file in the user's data folder."""
    env = os.environ.get("SOLIEU_STORE")
    if env:
        return env
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("solieu", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'solieu.db'}"


def engine_url(url: str) -> str:
    """The SQLAlchemy URL: ``postgresql://`` goes through psycopg (version 3).

    >>> engine_url("postgresql://u:p@localhost/solieu")
    'postgresql+psycopg://u:p@localhost/solieu'
    >>> engine_url("sqlite:///x.db")
    'sqlite:///x.db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def url_problem(url: str) -> str | None:
    """Why ``--store`` cannot be used (Vietnamese and English), else None."""
    if not url.startswith(("sqlite:///", "postgresql://", "postgres://", "postgresql+psycopg://")):
        return ("--store phải là sqlite:///đường/dẫn/tệp.db hoặc postgresql://người:mật-khẩu@máy/csdl "
                f"(--store must be sqlite:///path/file.db or postgresql://user:pass@host/db): {public_url(url)}")
    return None


class Store(Deciding):
    def __init__(self, url: str | None = None):
        from .migrate import upgrade

        self.url = url or default_url()
        real = engine_url(self.url)
        if real.startswith("sqlite:///"):
            Path(real[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(real, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # ---- reports in -------------------------------------------------------------------
    def stored(self, sha256: str, audit: bool = False) -> dict | None:
        """The document row of a file read before (None when it must be read: new, read
        without the audit when the audit is asked, or read under a passing trouble)."""
        with self.engine.connect() as c:
            row = c.execute(select(t.documents).where(t.documents.c.sha256 == sha256)).mappings().first()
        if row is None or row["transient"] or (audit and not row["audited"] and row["status"] == "ok"):
            return None
        return dict(row)

    def outcome(self, sha256: str, document: str, audit: bool = False):
        """The stored reading of a file as a batch ``Outcome`` under the name ``document``
        (decisions not applied), or None when the file must be read."""
        from ..batch import Outcome
        from ..cache import renamed
        from ..records import DocumentRecord

        row = self.stored(sha256, audit)
        if row is None:
            return None
        with self.engine.connect() as c:
            figs, finds, unatt = (tuple(r for (r,) in c.execute(select(tab.c.record).where(tab.c.document_id == row["id"])
                                                                .order_by(tab.c.seq)))
                                  for tab in (t.figures, t.findings, t.unattributed))
        return renamed(Outcome(DocumentRecord.from_dict(row["record"]), figs, None, finds, unatt,
                               left_out=self._left_out(row)), document)

    def _left_out(self, doc: dict) -> tuple[int, ...] | None:
        """Positions of a document's figures the audit leaves out; None when it was read
        without the audit or stored before the store kept this (its findings cannot be
        worked out again without reading it)."""
        if not doc["audited"]:
            return None
        with self.engine.connect() as c:
            flags = c.execute(select(t.figures.c.in_audit).where(t.figures.c.document_id == doc["id"])
                              .order_by(t.figures.c.seq)).scalars().all()
        if any(f is None for f in flags):
            return None
        return tuple(i for i, f in enumerate(flags) if not f)

    def record(self, outcome, sha256: str, content: bytes | None = None, audit: bool = False,
               modified: str | None = None) -> int:
        """Keep a file's reading (replacing an older reading of the same bytes); returns
        the document's id. Decisions are not touched: they name what a report says."""
        doc = outcome.record.as_dict() | {"modified": modified}
        figures = list(outcome.figures)
        left_out = None if outcome.left_out is None else set(outcome.left_out)
        ends = latest_ends(figures)
        with self.engine.begin() as c:
            if content is not None and c.execute(select(t.blobs.c.sha256).where(t.blobs.c.sha256 == sha256)).first() is None:
                c.execute(insert(t.blobs).values(sha256=sha256, size=len(content), content=content))
            old = c.execute(select(t.documents.c.id).where(t.documents.c.sha256 == sha256)).scalar()
            if old is not None:
                for tab in (t.figures, t.findings, t.unattributed):
                    c.execute(delete(tab).where(tab.c.document_id == old))
                c.execute(delete(t.documents).where(t.documents.c.id == old))
            doc_id = c.execute(insert(t.documents).values(
                sha256=sha256, document=doc["document"], format=doc["format"], status=doc["status"],
                commune=doc["commune"], level=doc["level"], unit_code=doc["unit_code"], date=doc["date"],
                usual_end=ends.get(doc["document"]), audited=bool(audit), transient=bool(outcome.transient),
                record=doc, ingested_at=now())).inserted_primary_key[0]
            if figures:
                c.execute(insert(t.figures), [dict(document_id=doc_id, seq=i, indicator=f["indicator"], category=f.get("category"),
                                                   confidence=f.get("confidence"), record=f,
                                                   in_audit=None if left_out is None else i not in left_out)
                                              for i, f in enumerate(figures)])
            if outcome.findings:
                c.execute(insert(t.findings), [dict(document_id=doc_id, seq=i, rule=f["rule"], severity=f["severity"], record=f)
                                               for i, f in enumerate(outcome.findings)])
            if outcome.unattributed:
                c.execute(insert(t.unattributed), [dict(document_id=doc_id, seq=i, record=u)
                                                   for i, u in enumerate(outcome.unattributed)])
        return doc_id

    def refresh_rounds(self) -> None:
        """Put every read report into its reporting round (``compare/rounds.py``: named
        windows, else report dates close together; an undated report by its usual period end)."""
        from ..compare.rounds import dates_to_rounds
        from ..compare.settings import load_compare_settings

        with self.engine.begin() as c:
            rows = c.execute(select(t.documents.c.id, t.documents.c.date, t.documents.c.usual_end)
                             .where(t.documents.c.status == "ok")).all()
            dates = {r.id: r.date or r.usual_end for r in rows}
            rounds = dates_to_rounds(dates, load_compare_settings().rounds)
            by_name = {}
            for doc_id, rnd in rounds.items():
                by_name[rnd.name] = rnd
                c.execute(update(t.documents).where(t.documents.c.id == doc_id).values(round=rnd.name))
            c.execute(delete(t.rounds))
            if by_name:
                c.execute(insert(t.rounds), [dict(name=r.name, first=r.first, last=r.last) for r in by_name.values()])

    # ---- reading back -------------------------------------------------------------------
    def documents(self) -> list[dict]:
        """Every stored file: ``id``, ``document``, ``sha256``, ``status``, ``commune``,
        ``unit_code``, ``round``, with its date, level, format, figures and reason."""
        with self.engine.connect() as c:
            rows = c.execute(select(t.documents).order_by(t.documents.c.document, t.documents.c.id)).mappings().all()
        return [document_row(r) for r in rows]

    def document(self, name_or_id) -> dict:
        col = t.documents.c.id if isinstance(name_or_id, int) else t.documents.c.document
        row = None
        if not isinstance(name_or_id, int) or 0 < name_or_id < 2**63:  # (a larger number is no database id)
            with self.engine.connect() as c:
                row = c.execute(select(t.documents).where(col == name_or_id).order_by(t.documents.c.id.desc())).mappings().first()
        if row is None:
            raise StoreError(f"không có tài liệu này: {name_or_id}", f"no such document: {name_or_id}", 404)
        return document_row(row)

    def blob(self, sha256: str) -> bytes | None:
        with self.engine.connect() as c:
            return c.execute(select(t.blobs.c.content).where(t.blobs.c.sha256 == sha256)).scalar()

    def rounds(self) -> list[dict]:
        with self.engine.connect() as c:
            return [dict(r) for r in c.execute(select(t.rounds).order_by(t.rounds.c.first.desc())).mappings()]

    def _records(self, table, doc_id: int) -> list[tuple[int, dict]]:
        """(row id, record) of one document's rows of ``table``, in order."""
        with self.engine.connect() as c:
            return [(r.id, r.record) for r in c.execute(select(table.c.id, table.c.record)
                                                        .where(table.c.document_id == doc_id).order_by(table.c.seq))]

    def figures(self, document: str | int, decided: dict | None = None) -> list[dict]:
        """A document's figure records with ``id`` and ``decision`` (applied), the
        figures staff added to it after them (``decided``: ``active_decisions()``, when the
        caller has them already)."""
        doc = self.document(document)
        decided = self.active_decisions() if decided is None else decided
        out = [dict(apply_figure_decision(rec, decision_for(decided, "figure", rec)[1]), id=fid)
               for fid, rec in self._records(t.figures, doc["id"])]
        for d in decided.values():
            if d["target"] == "added" and d["sha256"] == doc["sha256"]:
                out.append(dict(d["change"], id=f"them-{d['id']}", decision=public_decision(d)))
        return out

    def findings(self, document: str | int, decided: dict | None = None) -> list[dict]:
        """A document's findings with ``id`` and ``decision``. Once staff decided one of its
        figures they are worked out again from the figures as decided
        (``decisions.apply_decisions``): a finding as read keeps its row id, one that only the
        decisions brought has the id ``moi-<document>-<key>``."""
        doc = self.document(document)
        decided = self.active_decisions() if decided is None else decided
        raw = self._records(t.findings, doc["id"])
        added = [d for d in decided.values() if d["target"] == "added" and d["sha256"] == doc["sha256"]]
        with self.engine.connect() as c:
            row = c.execute(select(t.documents).where(t.documents.c.id == doc["id"])).mappings().first()
        _, found, _ = apply_decisions([r for _, r in self._records(t.figures, doc["id"])], [r for _, r in raw], decided,
                                      added, self._left_out(row), dict(doc["record"], document=doc["document"]))
        ids: dict[str, list[int]] = {}
        for fid, rec in raw:
            ids.setdefault(finding_key(rec), []).append(fid)
        out = []
        for f in found:
            key = finding_key(f)
            same = ids.get(key)
            fid = same.pop(0) if same else new_finding_id(doc["id"], key)
            out.append(dict(f, id=fid))
        return out

    def unattributed(self, document: str | int) -> list[dict]:
        return [dict(rec, id=uid) for uid, rec in self._records(t.unattributed, self.document(document)["id"])]

    def outcomes(self, documents: list[dict] | None = None):
        """The stored readings (decisions not applied) of ``documents`` (default: all)."""
        for d in documents if documents is not None else self.documents():
            o = self.outcome(d["sha256"], d["document"])
            if o is None:  # a reading that may differ next time: still shown as it was
                o = self._outcome_anyway(d)
            yield o

    def _outcome_anyway(self, d: dict):
        from ..batch import Outcome
        from ..records import DocumentRecord

        return Outcome(DocumentRecord.from_dict(d["record"]), (), transient=True)

    # ---- decisions ----------------------------------------------------------------------
    def version(self) -> str:
        """Changes whenever a file is read in or a decision made (the outputs' cache key)."""
        with self.engine.connect() as c:
            n, top, last = c.execute(select(func.count(), func.max(t.documents.c.id),
                                            func.max(t.documents.c.ingested_at))).first()
        return f"{n}-{top}-{last}-{self.decisions_version()}"

    def decisions_version(self) -> str:
        """Changes whenever a decision is made: the newest decision's id and the count."""
        with self.engine.connect() as c:
            n, top = c.execute(select(func.count(), func.max(t.decisions.c.id))).first()
        return f"{n}-{top or 0}"

    def stats(self) -> dict:
        with self.engine.connect() as c:
            return {tab.name: c.execute(select(func.count()).select_from(tab)).scalar()
                    for tab in (t.documents, t.figures, t.findings, t.decisions)}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # pages read while a run writes
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_store(url: str | None = None) -> Store:
    return Store(url)


__all__ = ["Store", "StoreError", "Conflict", "current_documents", "open_store", "default_url", "url_problem"]
