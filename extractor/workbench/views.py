"""What the pages show, computed from the store (no Flask here: testable alone)."""
from __future__ import annotations


def round_documents(store, round_name: str, documents: list[dict] | None = None) -> list[dict]:
    """The reports read in a round (of ``documents`` when given, else of the store)."""
    return [d for d in (store.documents() if documents is None else documents) if d["status"] == "ok" and d["round"] == round_name]


def current_reports(store, round_name: str, documents: list[dict] | None = None) -> dict[str, dict]:
    """Unit → the report the round's comparison uses (``store.current_documents``: the
    comparison's own revision order)."""
    from ..store.deciding import current_documents

    return {unit: d for (unit, _), d in current_documents(round_documents(store, round_name, documents)).items()}


def round_status(store, round_name: str) -> dict:
    """Which of the province's units have reported in a round, which have not (from the
    gazetteer), and the reports a later one replaced."""
    from ..gazetteer import load_gazetteer

    docs = round_documents(store, round_name)
    current = current_reports(store, round_name, docs)
    shown = {d["id"] for d in current.values()}
    units = load_gazetteer().units_in()
    missing = [{"unit_code": u.code, "unit": f"{u.level} {u.name}"}
               for u in sorted(units, key=lambda u: vietnamese_order(u.name)) if u.code not in current]
    unknown = [d for k, d in current.items() if not d["unit_code"]]
    return {"reported": len([u for u in units if u.code in current]), "units": len(units), "missing": missing,
            "replaced": [{"document": d["document"], "id": d["id"], "unit": d["commune"]} for d in docs if d["id"] not in shown],
            "unknown_unit": [{"document": d["document"], "id": d["id"]} for d in unknown],
            "reports": sorted(current.values(), key=lambda d: vietnamese_order(d["commune"] or d["document"]))}


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
    documents, decided = store.documents(), store.active_decisions()
    for rnd in sorted(store.rounds(), key=lambda r: r["first"] or ""):
        cur = current_reports(store, rnd["name"], documents).get(unit)
        if cur is None:
            continue
        for f in store.figures(cur["id"], decided):
            if (indicator is None or _names(indicator, f)) and kept(f):
                out.append({"round": rnd["name"], "document": cur["document"], "document_id": cur["id"], "figure_id": f["id"],
                            "indicator": f["indicator"], "label": f.get("label"), "category": f["category"],
                            "period_start": f["period_start"], "period_end": f["period_end"], "value": f["value"],
                            "decision": f.get("decision")})
    return out


def _names(wanted: str, fig: dict) -> bool:
    """Whether a clerk's words name a figure's indicator: its id, or words of its label.

    >>> _names("trường học", {"indicator": "schools", "label": "Số trường học"}), _names("schools", {"indicator": "schools"})
    (True, True)
    """
    from ..textnorm import fold

    wanted = wanted.strip()
    return wanted == fig.get("indicator") or fold(wanted) in fold(fig.get("label") or "")


def compare_table(store, round_name: str) -> dict:
    """The round's comparison on screen, exactly the values of its comparison.xlsx (read
    from ``comparison_long.csv`` of the round's outputs, decisions applied): one row per
    unit, one column per column of the wide table, each cell linked to the figure it
    comes from (corrected and to-check cells marked)."""
    import csv

    from .exports import export_folder

    folder = export_folder(store, round_name)
    with open(folder / "comparison_long.csv", encoding="utf-8", newline="") as fh:
        long = list(csv.DictReader(fh))
    docs = {d["document"]: d for d in store.documents()}
    decided = store.active_decisions()
    figures: dict[str, dict] = {}  # document -> (indicator, category, start, end, value) -> figure
    columns: dict[str, dict] = {}
    rows: dict[str, dict] = {}
    for r in long:
        col = r["column"] or f"{r['indicator']}|{r['category']}"
        columns.setdefault(col, {"key": col, "indicator": r["indicator"], "category": r["category"] or None,
                                 "label": col})
        row = rows.setdefault(r["unit_code"] or r["unit"], {"unit": r["unit_code"] or r["unit"], "name": r["unit"],
                                                             "document_id": None, "cells": {}})
        doc = docs.get(r["document"])
        fig = None
        if doc is not None:
            row["document_id"] = row["document_id"] or doc["id"]
            if r["document"] not in figures:
                figures[r["document"]] = {(f["indicator"], f["category"], f["period_start"], f["period_end"],
                                           round(float(f["value"]), 6)): f for f in store.figures(doc["id"], decided)}
            fig = figures[r["document"]].get((r["indicator"], r["category"] or None, r["period_start"] or None,
                                              r["period_end"] or None, round(float(r["value"]), 6)))
        row["cells"][col] = dict(fig or {}, value=float(r["value"]), document_id=doc["id"] if doc else None,
                                 id=(fig or {}).get("id"), decision=(fig or {}).get("decision"),
                                 check=(fig or {}).get("check"), quote=(fig or {}).get("quote") or r["document"])
    return {"columns": list(columns.values()), "rows": sorted(rows.values(), key=lambda r: vietnamese_order(r["name"]))}


def vietnamese_order(name: str | None) -> tuple:
    """A sort key in Vietnamese alphabetical order, near enough: letters without their
    marks first (Ái Quốc with A, Đông Hải with D), then the marks.

    >>> sorted(["Yết Kiêu", "Ái Quốc", "Bạch Long Vĩ", "Bình Giang", "Đông Hải"], key=vietnamese_order)
    ['Ái Quốc', 'Bạch Long Vĩ', 'Bình Giang', 'Đông Hải', 'Yết Kiêu']
    """
    import unicodedata

    text = (name or "").lower().replace("đ", "d\uffff")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare, text
