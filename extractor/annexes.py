"""Annex workbooks sent beside a report: an ``.xlsx``/``.xls`` in the same folder as a
report (DOCX, PDF, .doc) that names the same unit, or whose file name starts with the
report's, is that report's annex. Its figures belong to the report (they fill the
report's row of the comparison where the narrative is silent), the two are linked in
``documents.jsonl`` (``annex_of`` / ``annexes``), and where narrative and workbook state
the same figure with different values an ``annex_mismatch`` finding says so. A
workbook that matches no report, or more than one, is a document of its own.
"""
from __future__ import annotations

from pathlib import PurePosixPath

from .records import figure_evidence
from .wording import period_text, vn_number, where

WORKBOOKS = {"xlsx", "xls"}
REPORTS = {"docx", "pdf", "pdf-scan", "doc"}


def _folder_and_stem(name: str) -> tuple[str, str]:
    p = PurePosixPath(name)
    return str(p.parent), p.stem.lower()


def link_annexes(documents: list[dict]) -> dict[str, str]:
    """{workbook: report} for the workbooks that belong to one report.

    >>> docs = [{"document": "a/xa_an.docx", "status": "ok", "format": "docx", "unit_code": "1"},
    ...         {"document": "a/xa_an.pdf", "status": "ok", "format": "pdf", "unit_code": "1"},
    ...         {"document": "a/xa_an_phu_luc.xlsx", "status": "ok", "format": "xlsx", "unit_code": None},
    ...         {"document": "a/bieu.xlsx", "status": "ok", "format": "xlsx", "unit_code": "2"},
    ...         {"document": "a/xa_binh.docx", "status": "ok", "format": "docx", "unit_code": "2"}]
    >>> link_annexes(docs)
    {'a/xa_an_phu_luc.xlsx': 'a/xa_an.docx', 'a/bieu.xlsx': 'a/xa_binh.docx'}
    """
    ok = [d for d in documents if d.get("status", "ok") == "ok"]
    reports = [d for d in ok if d.get("format") in REPORTS]
    links = {}
    for wb in (d for d in ok if d.get("format") in WORKBOOKS):
        folder, stem = _folder_and_stem(wb["document"])
        here = [r for r in reports if _folder_and_stem(r["document"])[0] == folder]
        by_name = [r for r in here if stem.startswith(_folder_and_stem(r["document"])[1])]
        by_unit = [r for r in here if wb.get("unit_code") and r.get("unit_code") == wb.get("unit_code")]
        candidates = by_name or by_unit
        if not candidates:
            continue
        # the same report as DOCX and PDF: the DOCX (the file it was typed in)
        stems = {_folder_and_stem(r["document"])[1] for r in candidates}
        if len(stems) == 1:
            links[wb["document"]] = sorted(candidates, key=lambda r: (r.get("format") != "docx", r["document"]))[0]["document"]
    return links


def annex_records(documents: list[dict], links: dict[str, str]) -> list[dict]:
    """The document records with ``annex_of`` on each linked workbook and ``annexes`` on its report."""
    annexes: dict[str, list[str]] = {}
    for wb, report in links.items():
        annexes.setdefault(report, []).append(wb)
    out = []
    for d in documents:
        d = dict(d)
        if d["document"] in links:
            d["annex_of"] = links[d["document"]]
        if d["document"] in annexes:
            d["annexes"] = sorted(annexes[d["document"]])
        out.append(d)
    return out


def _key(f: dict) -> tuple:
    return (f["indicator"], f.get("category"), f.get("period_start"), f.get("period_end"))


def annex_findings(links: dict[str, str], figures: list[dict], documents: list[dict]) -> list[dict]:
    """An ``annex_mismatch`` finding for each figure the report and its workbook state
    with different values (an error only when neither figure is marked for checking)."""
    info = {d["document"]: d for d in documents}
    by_doc: dict[str, dict[tuple, dict]] = {}
    for f in figures:
        by_doc.setdefault(f["document"], {}).setdefault(_key(f), f)
    out = []
    for wb, report in sorted(links.items()):
        narrative, annex = by_doc.get(report, {}), by_doc.get(wb, {})
        for key in sorted(set(narrative) & set(annex), key=str):
            a, b = narrative[key], annex[key]
            if a.get("value") == b.get("value"):
                continue
            label = a.get("label") or a["indicator"]
            what = label + (f" ({a['category']})" if a.get("category") else "")
            period = period_text(key[2], key[3])
            when = "" if period == "không nêu kỳ" else f", kỳ {period}"
            doubt = a.get("check") or b.get("check")
            d = info.get(report, {})
            message = (f"{what}{when}: báo cáo nêu {vn_number(a['value'])} ({where(a.get('source'))}), phụ lục {wb} nêu "
                       f"{vn_number(b['value'])} ({where(b.get('source'))}). Đề nghị kiểm tra lại."
                       + (" Chưa kết luận là lỗi: có số liệu cần kiểm tra." if doubt else ""))
            message_en = (f"{a['indicator']}{'[' + a['category'] + ']' if a.get('category') else ''}: the report states "
                          f"{a['value']} ({where(a.get('source'), 'en')}), the annex workbook {wb} states {b['value']} "
                          f"({where(b.get('source'), 'en')}).")
            out.append({
                "document": report, "rule": "annex_mismatch", "severity": "warning" if doubt else "error",
                "indicators": [a["indicator"]],
                "values": [{"indicator": a["indicator"], "category": a.get("category"), "value": a["value"], "text": a.get("text")},
                           {"indicator": b["indicator"], "category": b.get("category"), "value": b["value"], "text": b.get("text")}],
                "expected": b["value"], "message": message, "evidence": [figure_evidence(a), figure_evidence(b)], "suggestion": None,
                "commune": d.get("commune"), "level": d.get("level"), "unit_code": d.get("unit_code"),
                "category": a.get("category"), "period_start": key[2], "period_end": key[3], "message_en": message_en,
                "suggestion_for": None, "confidence": "medium",
            })
    return out
