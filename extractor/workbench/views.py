"""What the pages show, computed from the store (no Flask here: testable alone)."""
from __future__ import annotations



def current_reports(store, round_name: str) -> dict[str, dict]:
    """Unit → the report the round's comparison uses (``store.current_documents``: the
    comparison's own revision order)."""
    from ..store.store import current_documents

    docs = [d for d in store.documents() if d["status"] == "ok" and d["round"] == round_name]
    return {unit: d for (unit, _), d in current_documents(docs).items()}


def round_status(store, round_name: str) -> dict:
    """Which of the province's units have reported in a round, which have not (from the
    gazetteer), and the reports a later one replaced."""
    from ..gazetteer import load_gazetteer

    docs = [d for d in store.documents() if d["status"] == "ok" and d["round"] == round_name]
    current = current_reports(store, round_name)
    shown = {d["id"] for d in current.values()}
    units = load_gazetteer().units_in()
    missing = [{"unit_code": u.code, "unit": f"{u.level} {u.name}"} for u in units if u.code not in current]
    unknown = [d for k, d in current.items() if not d["unit_code"]]
    return {"reported": len([u for u in units if u.code in current]), "units": len(units), "missing": missing,
            "replaced": [{"document": d["document"], "id": d["id"], "unit": d["commune"]} for d in docs if d["id"] not in shown],
            "unknown_unit": [{"document": d["document"], "id": d["id"]} for d in unknown],
            "reports": sorted(current.values(), key=lambda d: d["commune"] or d["document"])}


def review_order(figures: list[dict]) -> list[dict]:
    """Figures to review: undecided first, then by confidence, lowest first.

    >>> [f["id"] for f in review_order([{"id": 1, "confidence": 0.9, "decision": None},
    ...                                 {"id": 2, "confidence": 0.5, "decision": {"action": "accept"}},
    ...                                 {"id": 3, "confidence": 0.7, "decision": None}])]
    [3, 1, 2]
    """
    return sorted(figures, key=lambda f: (f.get("decision") is not None, f.get("confidence") if f.get("confidence") is not None else 0))


def unit_history(store, unit: str, indicator: str | None = None) -> list[dict]:
    """A unit's figures (of one indicator, when named) across reporting rounds: for each
    round, the values its current report gives, decisions applied, rejected ones left out."""
    from ..store.decisions import kept

    out = []
    for rnd in sorted(store.rounds(), key=lambda r: r["first"] or ""):
        cur = current_reports(store, rnd["name"]).get(unit)
        if cur is None:
            continue
        for f in store.figures(cur["id"]):
            if (indicator is None or f["indicator"] == indicator) and kept(f):
                out.append({"round": rnd["name"], "document": cur["document"], "document_id": cur["id"], "figure_id": f["id"],
                            "indicator": f["indicator"], "label": f.get("label"), "category": f["category"],
                            "period_start": f["period_start"], "period_end": f["period_end"], "value": f["value"],
                            "decision": f.get("decision")})
    return out


def compare_table(store, round_name: str) -> dict:
    """The round's comparison on screen: one row per unit (its current report), one
    column per indicator and category (the latest period each report states), each cell
    with the figure it comes from."""
    from ..outline import load_outline
    from ..store.decisions import kept

    outline = load_outline()
    order = {ind.id: i for i, ind in enumerate(outline.indicators)}
    rows, columns = [], {}
    for unit, doc in sorted(current_reports(store, round_name).items(), key=lambda kv: kv[1]["commune"] or kv[0]):
        cells: dict[tuple, dict] = {}
        for f in store.figures(doc["id"]):
            if not kept(f):
                continue
            col = (f["indicator"], f["category"])
            best = cells.get(col)
            if best is None or (f["period_end"] or "") > (best["period_end"] or ""):
                cells[col] = f
            columns[col] = f.get("label") or f["indicator"]
        rows.append({"unit": unit, "name": doc["commune"] or doc["document"], "document_id": doc["id"],
                     "cells": {"|".join(map(str, k)): v for k, v in cells.items()}})
    cols = sorted(columns, key=lambda c: (order.get(c[0], 999), c[1] or ""))
    return {"columns": [{"key": "|".join(map(str, c)), "indicator": c[0], "category": c[1], "label": columns[c]} for c in cols],
            "rows": rows}
