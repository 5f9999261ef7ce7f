"""The store: documents, figures, findings and staff decisions in a database.

SQLite (a file, the default) for one desk, PostgreSQL for a shared office; the same
code for both (SQLAlchemy Core), the tables made and updated by Alembic (``migrate.py``).
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, delete, event, func, insert, select, update

from ..compare.rounds import latest_ends
from . import schema as t
from .urls import public_url
from .decisions import (FIGURE_ACTIONS, FINDING_ACTIONS, CHANGEABLE, apply_figure_decision, apply_finding_decision,
                        decision_for, figure_key, finding_key, unit_key)


class StoreError(Exception):
    """A request the store cannot do: (Vietnamese, English), and the HTTP status it means."""

    def __init__(self, vi: str, en: str, status: int = 400):
        super().__init__(en)
        self.vi, self.en, self.status = vi, en, status


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


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def iso(value) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite keeps no zone: the store writes UTC
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.isoformat()


@dataclass(frozen=True)
class Conflict:
    """A decision whose figure or finding the unit's current report no longer states."""

    decision: dict
    document: str  # the report it was looked for in


class Store:
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
        return renamed(Outcome(DocumentRecord.from_dict(row["record"]), figs, None, finds, unatt), document)

    def record(self, outcome, sha256: str, content: bytes | None = None, audit: bool = False,
               modified: str | None = None) -> int:
        """Keep a file's reading (replacing an older reading of the same bytes); returns
        the document's id. Decisions are not touched: they name what a report says."""
        doc = outcome.record.as_dict() | {"modified": modified}
        figures = list(outcome.figures)
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
                                                   confidence=f.get("confidence"), record=f) for i, f in enumerate(figures)])
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
        return [_document(r) for r in rows]

    def document(self, name_or_id) -> dict:
        col = t.documents.c.id if isinstance(name_or_id, int) else t.documents.c.document
        with self.engine.connect() as c:
            row = c.execute(select(t.documents).where(col == name_or_id).order_by(t.documents.c.id.desc())).mappings().first()
        if row is None:
            raise StoreError(f"không có tài liệu này: {name_or_id}", f"no such document: {name_or_id}", 404)
        return _document(row)

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
                out.append(dict(d["change"], id=f"them-{d['id']}", decision=_public(d)))
        return out

    def findings(self, document: str | int) -> list[dict]:
        """A document's findings with ``id`` and ``decision``; one resting on a figure staff
        corrected or rejected is a warning that says so (``decisions.findings_on_changed_figures``)."""
        from .decisions import findings_on_changed_figures

        doc = self.document(document)
        decided = self.active_decisions()
        found = [dict(apply_finding_decision(rec, decision_for(decided, "finding", rec)[1]), id=fid)
                 for fid, rec in self._records(t.findings, doc["id"])]
        return findings_on_changed_figures(found, self.figures(doc["id"], decided))

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
    def active_decisions(self) -> dict[tuple[str, str, str], dict]:
        """(target, unit, match) → the newest decision on it ("added" figures by their id)."""
        with self.engine.connect() as c:
            rows = c.execute(select(t.decisions).where(t.decisions.c.replaced_by.is_(None))
                             .order_by(t.decisions.c.id)).mappings().all()
        out = {}
        for r in rows:
            d = _decision(r)
            key = (r["target"], r["unit"], r["match"] if r["target"] != "added" else f"{r['match']}#{r['id']}")
            out[key] = d
        return out

    def decision_history(self) -> list[dict]:
        with self.engine.connect() as c:
            return [_decision(r) for r in c.execute(select(t.decisions).order_by(t.decisions.c.id)).mappings()]

    def _decide(self, target: str, unit: str, match: str, doc: dict, action: str, body: dict,
                change: dict | None = None, original_value=None) -> dict:
        reviewer = str(body.get("reviewer") or "").strip()
        if not reviewer:
            raise StoreError("cần tên người quyết định (reviewer)", "a reviewer is required")
        with self.engine.begin() as c:
            new_id = c.execute(insert(t.decisions).values(
                target=target, unit=unit, match=match, document=doc["document"], sha256=doc["sha256"], action=action,
                change=change, original_value=original_value, reviewer=reviewer, note=(body.get("note") or None),
                at=now())).inserted_primary_key[0]
            if target != "added":
                c.execute(update(t.decisions).where(t.decisions.c.target == target, t.decisions.c.unit == unit,
                                                    t.decisions.c.match == match, t.decisions.c.id != new_id,
                                                    t.decisions.c.replaced_by.is_(None)).values(replaced_by=new_id))
        return {"id": new_id}

    def _row(self, table, row_id: int) -> tuple[dict, dict]:
        with self.engine.connect() as c:
            r = c.execute(select(table.c.record, table.c.document_id).where(table.c.id == row_id)).first()
        if r is None:
            what = "số liệu" if table is t.figures else "phát hiện"
            raise StoreError(f"không có {what} số {row_id}", f"no such {'figure' if table is t.figures else 'finding'}: {row_id}", 404)
        return r.record, self.document(r.document_id)

    def decide_figure(self, figure_id: int, body: dict) -> dict:
        """Accept, correct or reject a figure (the contract's body); returns the figure
        record with the decision applied."""
        rec, doc = self._row(t.figures, figure_id)
        action = body.get("action")
        if action not in FIGURE_ACTIONS:
            raise StoreError(f"hành động phải là một trong {', '.join(FIGURE_ACTIONS)}",
                             f"action must be one of {', '.join(FIGURE_ACTIONS)}")
        change = None
        if action == "correct":
            change = self._change(rec, body)
        self._decide("figure", unit_key(rec), figure_key(rec), doc, action, body, change, rec.get("value"))
        return next(f for f in self.figures(doc["id"]) if f["id"] == figure_id)

    def _change(self, rec: dict, body: dict) -> dict:
        from ..outline import load_outline

        change = {k: body[k] for k in CHANGEABLE if k in body}
        if not change:
            raise StoreError("sửa thì cần giá trị, chỉ tiêu, phân loại hoặc kỳ mới",
                             "a correction needs a new value, indicator, category or period")
        if "value" in change:
            try:
                change["value"] = _number(change["value"])
            except (TypeError, ValueError):
                raise StoreError(f"giá trị phải là một số không âm, viết như 1.243 hoặc 24,5: {change['value']!r}",
                                 f"the value must be a number, not negative, written as 1.243 or 24,5: {change['value']!r}")
        outline = load_outline()
        indicator = change.get("indicator", rec.get("indicator"))
        try:
            ind = outline.get(indicator)
        except KeyError:
            raise StoreError(f"không có chỉ tiêu {indicator!r} trong đề cương", f"no indicator {indicator!r} in the outline")
        category = change.get("category", rec.get("category"))
        if category not in (None, "") and category not in ind.categories:
            raise StoreError(f"chỉ tiêu {indicator} không có phân loại {category!r}",
                             f"indicator {indicator} has no category {category!r}")
        if "category" in change and change["category"] == "":
            change["category"] = None
        if "indicator" in change:
            change["label"], change["unit"] = ind.label, ind.unit
        for k in ("period_start", "period_end"):
            if change.get(k):
                try:
                    dt.date.fromisoformat(change[k])
                except (TypeError, ValueError):
                    raise StoreError(f"{k} phải là ngày dạng YYYY-MM-DD", f"{k} must be a date as YYYY-MM-DD")
        return change

    def add_figure(self, document: str | int, body: dict) -> dict:
        """A figure the reading missed, added by staff from text they selected: indicator,
        category, value, period, and the text and quote it rests on."""
        from ..outline import load_outline

        doc = self.document(document)
        for k in ("indicator", "value", "quote"):
            if body.get(k) in (None, ""):
                raise StoreError(f"thiếu {k}", f"{k} is required")
        change = self._change({"indicator": body["indicator"], "category": None}, body)
        ind = load_outline().get(body["indicator"])
        quote = str(body["quote"])
        text = str(body.get("text") or body["value"])
        start = quote.find(text)
        rec = {"document": doc["document"], "commune": doc["commune"], "level": doc["level"], "indicator": body["indicator"],
               "category": change.get("category"), "value": change["value"], "unit": ind.unit, "qualifier": None,
               "period_start": change.get("period_start"), "period_end": change.get("period_end"), "text": text,
               "quote": quote, "source": dict(body.get("source") or {}, start=max(start, 0), end=max(start, 0) + len(text)),
               "confidence": 1.0, "check": False, "label": ind.label, "unit_code": doc["unit_code"], "also": []}
        made = self._decide("added", unit_key(rec), figure_key(rec), doc, "add", body, rec)
        return next(f for f in self.figures(doc["id"]) if f["id"] == f"them-{made['id']}")

    def decide_finding(self, finding_id: int, body: dict) -> dict:
        rec, doc = self._row(t.findings, finding_id)
        action = body.get("action")
        if action not in FINDING_ACTIONS:
            raise StoreError(f"hành động phải là một trong {', '.join(FINDING_ACTIONS)}",
                             f"action must be one of {', '.join(FINDING_ACTIONS)}")
        if action == "waive" and not str(body.get("note") or "").strip():
            raise StoreError("bỏ qua một phát hiện thì cần ghi lý do (note)", "waiving a finding needs a reason (note)")
        self._decide("finding", unit_key(rec), finding_key(rec), doc, action, body)
        return next(f for f in self.findings(doc["id"]) if f["id"] == finding_id)

    def conflicts(self) -> list[Conflict]:
        """Decisions the unit's current report (the latest of its round) no longer matches:
        shown to staff, never dropped."""
        docs = [d for d in self.documents() if d["status"] == "ok"]
        current = current_documents(docs)
        by_sha = {d["sha256"]: d for d in docs}
        out = []
        keys_of: dict[int, tuple[set, set]] = {}
        for d in self.active_decisions().values():
            made_on = by_sha.get(d["sha256"])
            rnd = made_on["round"] if made_on else None
            cur = current.get((d["unit"], rnd))
            if cur is None:
                out.append(Conflict(d, d["document"]))
                continue
            if d["target"] == "added":
                if cur["sha256"] != d["sha256"]:
                    out.append(Conflict(d, cur["document"]))
                continue
            if cur["id"] not in keys_of:
                keys_of[cur["id"]] = ({figure_key(r) for _, r in self._records(t.figures, cur["id"])},
                                      {finding_key(r) for _, r in self._records(t.findings, cur["id"])})
            figs, finds = keys_of[cur["id"]]
            if d["match"] not in (figs if d["target"] == "figure" else finds):
                out.append(Conflict(d, cur["document"]))
        return out

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


def current_documents(docs: list[dict]) -> dict[tuple[str, str | None], dict]:
    """(unit, round) → the report the comparison uses for it: the last in the
    comparison's own revision order (later date; a text layer over a scan; later file
    time; the DOCX over its PDF print; the larger number)."""
    from ..compare.align import revision_order

    out: dict[tuple[str, str | None], dict] = {}
    for d in sorted(docs, key=lambda d: (revision_order(dict(d["record"], document=d["document"])), d["id"])):
        out[(unit_key(d), d["round"])] = d
    return out


MAX_VALUE = 1e15  # no outline figure comes near it (a quadrillion đồng)


def _number(v):
    """A value from a form or JSON: a number, or digits written the Vietnamese way (a dot
    groups thousands, a comma starts the decimals: ``1.234``, ``24,67``, ``0,485``);
    finite, not negative, below ``MAX_VALUE`` (every outline figure is a count, an
    amount or a share).

    >>> _number("1.243"), _number("0,485"), _number("24,5"), _number(12)
    (1243, 0.485, 24.5, 12)
    >>> _number("1e400")
    Traceback (most recent call last):
    ...
    ValueError: 1e400
    """
    import math

    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, float)):
        out = v
    else:
        from ..numbers import parse_number

        text = str(v).strip()
        if not text or not all(c.isdigit() or c in ".,  " for c in text):
            raise ValueError(v)
        try:
            out = parse_number(text)
        except Exception as exc:  # noqa: BLE001 (the grammar's own errors: not a number)
            raise ValueError(v) from exc
    if isinstance(out, float) and not math.isfinite(out) or out < 0 or out >= MAX_VALUE:
        raise ValueError(v)
    return out


def _whole(v):
    """A float column's value as the record had it: 4.0 → 4."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _document(r) -> dict:
    rec = r["record"]
    return {"id": r["id"], "document": r["document"], "sha256": r["sha256"], "status": r["status"],
            "commune": r["commune"], "unit_code": r["unit_code"], "round": r["round"], "level": r["level"],
            "date": r["date"], "format": r["format"], "figures": rec.get("figures"), "reason": rec.get("reason"),
            "reason_en": rec.get("reason_en"), "pages": rec.get("pages"), "ingested_at": iso(r["ingested_at"]),
            "record": rec}


def _decision(r) -> dict:
    return {"id": r["id"], "target": r["target"], "unit": r["unit"], "match": r["match"], "document": r["document"],
            "sha256": r["sha256"], "action": r["action"], "change": r["change"], "original_value": _whole(r["original_value"]),
            "reviewer": r["reviewer"], "note": r["note"], "at": iso(r["at"]), "replaced_by": r["replaced_by"]}


def _public(d: dict) -> dict:
    from .decisions import decision_record

    return decision_record(d)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # pages read while a run writes
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_store(url: str | None = None) -> Store:
    return Store(url)


def json_default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    raise TypeError(type(o))


__all__ = ["Store", "StoreError", "Conflict", "open_store", "default_url", "url_problem", "json_default", "json"]
