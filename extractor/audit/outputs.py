"""The audit's files, each written atomically: findings.jsonl, audit.xlsx, audit.html."""
from __future__ import annotations

from pathlib import Path

from ..records import jsonl_text, save_atomic, write_atomic
from .html import audit_html
from .xlsx import write_audit_xlsx


def write_audit_outputs(out: Path, documents: list[dict], figures: list[dict], findings: list[dict],
                        unattributed: list[dict] = (), paths: dict | None = None, workbook: bool = True) -> None:
    """Write findings.jsonl, audit.xlsx and audit.html into ``out`` (with the figures to
    check and the numbers not taken as figures beside the findings); findings.jsonl alone
    when ``workbook`` is False."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "findings.jsonl", jsonl_text(findings))
    if not workbook:
        return
    findings = [f for f in findings if (f.get("decision") or {}).get("action") != "waive"]  # staff waived them
    doubtful = [f for f in figures if f.get("check")]
    save_atomic(out / "audit.xlsx", lambda tmp: write_audit_xlsx(Path(tmp), documents, findings, doubtful, list(unattributed)))
    crop = None
    if paths:  # the scan around each scanned figure (audit/crops.py)
        from .crops import ScanCrops

        crop = ScanCrops(paths, {d["document"] for d in documents if d.get("format") == "pdf-scan"})
    try:
        write_atomic(out / "audit.html", audit_html(documents, findings, doubtful, list(unattributed), crop))
    finally:
        if crop is not None:
            crop.close()
