"""Staff decisions in the store: on figures (accept, correct, reject, add a missed one)
and findings (confirm, waive), their history, and the decisions a unit's current report no
longer matches (conflicts). ``Deciding`` is a part of ``Store`` (its engine, documents and
records)."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from . import schema as t
from .decisions import FIGURE_ACTIONS, FINDING_ACTIONS, CHANGEABLE, figure_key, finding_key, unit_key
from .rows import StoreError, decision_row, now

NEW_FINDING = re.compile(r"moi-([0-9]{1,18})-[0-9a-f]{12}")  # a finding the decisions on a report's figures brought
ROW_ID = re.compile(r"[0-9]{1,18}")  # a row's id as a client writes it (ASCII digits, within a database integer)
_SOURCE_FIELDS = {"kind": (str,), "page": (int,), "block": (int,), "row": (int,), "col": (int,)}


def source_problem(source) -> str | None:
    """What is wrong with the place a client gives for a figure it adds, else None.

    >>> source_problem({"kind": "paragraph", "block": 4, "page": None}), source_problem({"block": "abc"})
    (None, 'source.block')
    """
    if source is None:
        return None
    if not isinstance(source, dict):
        return "source"
    for key, value in source.items():
        want = _SOURCE_FIELDS.get(key)
        if want is None or (value is not None and (isinstance(value, bool) or not isinstance(value, want))):
            return f"source.{key}"
        if key == "kind" and value not in (None, "paragraph", "table"):
            return "source.kind"
    return None


def new_finding_id(doc_id: int, key: str) -> str:
    """The id of a finding that only decisions brought: its document and what it says.

    >>> NEW_FINDING.fullmatch(new_finding_id(7, '["sum_mismatch", ["schools"], []]')).group(1)
    '7'
    """
    return f"moi-{doc_id}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Conflict:
    """A decision whose figure or finding the unit's current report no longer states."""

    decision: dict
    document: str  # the report it was looked for in


class Deciding:
    """The decision methods of ``Store``."""

    def active_decisions(self) -> dict[tuple[str, str, str], dict]:
        """(target, unit, match) → the newest decision on it ("added" figures by their id)."""
        with self.engine.connect() as c:
            rows = c.execute(select(t.decisions).where(t.decisions.c.replaced_by.is_(None))
                             .order_by(t.decisions.c.id)).mappings().all()
        out = {}
        for r in rows:
            d = decision_row(r)
            key = (r["target"], r["unit"], r["match"] if r["target"] != "added" else f"{r['match']}#{r['id']}")
            out[key] = d
        return out

    def decision_history(self) -> list[dict]:
        with self.engine.connect() as c:
            return [decision_row(r) for r in c.execute(select(t.decisions).order_by(t.decisions.c.id)).mappings()]

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
        r = None
        if 0 < row_id < 2**63:  # (a larger number is no database id)
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
        bad = source_problem(body.get("source"))
        if bad:
            raise StoreError(f"{bad} không hợp lệ (kind: paragraph hoặc table; page, block, row, col: số nguyên)",
                             f"{bad} is not valid (kind: paragraph or table; page, block, row, col: integers)")
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

    def decide_finding(self, finding_id: int | str, body: dict) -> dict:
        """Confirm or waive a finding: one as read (its row id) or one the decisions on the
        figures brought (``moi-<document>-<key>``)."""
        finding_id = int(finding_id) if ROW_ID.fullmatch(str(finding_id)) else finding_id
        doc = self._finding_document(finding_id)
        rec = next((f for f in self.findings(doc["id"]) if f["id"] == finding_id), None)  # as the decisions leave it
        if rec is None and isinstance(finding_id, int):
            raise StoreError("phát hiện này không còn đúng sau các quyết định về số liệu của báo cáo; tải lại trang",
                             "this finding no longer holds after the decisions on the report's figures; reload the page", 409)
        if rec is None:
            raise StoreError(f"không có phát hiện số {finding_id}", f"no such finding: {finding_id}", 404)
        action = body.get("action")
        if action not in FINDING_ACTIONS:
            raise StoreError(f"hành động phải là một trong {', '.join(FINDING_ACTIONS)}",
                             f"action must be one of {', '.join(FINDING_ACTIONS)}")
        if action == "waive" and not str(body.get("note") or "").strip():
            raise StoreError("bỏ qua một phát hiện thì cần ghi lý do (note)", "waiving a finding needs a reason (note)")
        self._decide("finding", unit_key(rec), finding_key(rec), doc, action, body)
        return next(f for f in self.findings(doc["id"]) if f["id"] == finding_id)

    def _finding_document(self, finding_id: int | str) -> dict:
        """The document of a finding: of its row, or named in its ``moi-`` id (404 else)."""
        if isinstance(finding_id, int):
            return self._row(t.findings, finding_id)[1]
        new = NEW_FINDING.fullmatch(finding_id)
        if new is None:
            raise StoreError(f"không có phát hiện số {finding_id}", f"no such finding: {finding_id}", 404)
        return self.document(int(new.group(1)))

    def conflicts(self) -> list[Conflict]:
        """Decisions the unit's current report (the latest of its round) no longer matches:
        shown to staff, never dropped."""
        docs = [d for d in self.documents() if d["status"] == "ok"]
        current = current_documents(docs)
        by_sha = {d["sha256"]: d for d in docs}
        out = []
        keys_of: dict[int, tuple[set, set, list]] = {}
        decided = self.active_decisions()
        for d in decided.values():
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
                                      {finding_key(r) for _, r in self._records(t.findings, cur["id"])}, [False])
            figs, finds, worked = keys_of[cur["id"]]
            if d["target"] == "finding" and d["match"] not in finds and not worked[0]:
                # perhaps a finding only the decisions on figures brought: worked out once a report, and only then
                finds |= {finding_key(r) for r in self.findings(cur["id"], decided)}
                worked[0] = True
            if d["match"] not in (figs if d["target"] == "figure" else finds):
                out.append(Conflict(d, cur["document"]))
        return out


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


def public_decision(d: dict) -> dict:
    from .decisions import decision_record

    return decision_record(d)


