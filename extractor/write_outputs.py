"""Outcomes into the output files: the one path from read reports to figures, audit and
comparison files, for a run (``cli.py``) and for the workbench's downloads
(``workbench/exports.py``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .annexes import annex_findings, annex_records, link_annexes
from .records import jsonl_text
from .store.decisions import kept


@dataclass
class Written:
    documents: list[dict]
    findings: list[dict]
    figures: int
    rows: tuple = ()  # the comparison's rows (one report per unit and round)
    summary: str = ""
    records: list = field(default_factory=list)  # the document records, for the console

    def count(self, status: str) -> int:
        return sum(d["status"] == status for d in self.documents)


def outcomes_to_outputs(folder: Path, outcomes: Iterable, modified: dict[str, str | None], audits: bool,
                        compares: bool, paths: dict | None = None, workbooks: bool = True) -> Written:
    """Write every output of ``outcomes`` into ``folder``: the figures as each report
    finishes (``extract_outputs``), then annex links, comparison and audit. Rejected
    figures are already out of the outcomes; waived findings stay in findings.jsonl only.
    ``paths`` (document → file) lets audit.html show the scan around scanned figures.
    With ``workbooks`` False only the data files are written (JSON lines and CSV: no
    figures.xlsx, comparison.xlsx, audit.xlsx or audit.html), for a page that reads them."""
    from .extract_outputs import ExtractFiles, figures_of

    files = ExtractFiles(folder, modified, workbook=workbooks)
    records = []
    try:
        for o in outcomes:
            files.add(o)
            records.append(o.record)
    except BaseException:
        files.abort()
        raise
    documents = files.close()
    findings = list(files.findings)
    links = link_annexes(documents)  # workbooks sent beside a report are its annexes
    if links:
        documents = annex_records(documents, links)
        (folder / "documents.jsonl").write_text(jsonl_text(documents), encoding="utf-8")
        if audits:
            findings += annex_findings(links, figures_of(folder, set(links) | set(links.values())), documents)
    summary = ""
    rows = ()
    if compares:
        from .compare import write_compare_outputs
        from .compare.outputs import comparison_rows

        reports = [d for d in documents if d["document"] not in links]  # an annex is no report of its own
        rows = comparison_rows(reports, files.ends)
        shown = {d for r in rows for d in r.shown}
        figures = [f if f["document"] not in links else dict(f, document=links[f["document"]])
                   for f in figures_of(folder, shown | {wb for wb, rep in links.items() if rep in shown})]
        findings += write_compare_outputs(folder, reports, figures, [f for f in findings if kept(f)], files.ends, workbooks)
        summary += "; bảng so sánh → comparison.xlsx"
    if audits:
        from .audit import write_audit_outputs

        write_audit_outputs(folder, documents, files.doubtful, findings, files.unattributed, paths, workbooks)
        summary += f"; {len(findings)} phát hiện → audit.xlsx, audit.html"
    return Written(documents, findings, files.figures, rows, summary, records)
