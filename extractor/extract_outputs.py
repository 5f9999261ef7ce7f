"""The extraction's files, written as reports finish: figures.jsonl, figures.csv,
figures.xlsx and unattributed.jsonl grow one report at a time; documents.jsonl is
written at the end. Only what later stages need stays in memory: the document records,
the findings, the figures to check, the numbers not taken and each report's latest
period end. The comparison then reads back the figures of the reports it shows
(``figures_of``), one per unit and round: memory follows the number of units, not of
reports.

The folder is the run's own staging folder (``output_folder.py``): nobody reads it
before the whole set is switched in, so the files are written in place.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .compare.rounds import latest_ends
from .figures_xlsx import FiguresWorkbook
from .records import figures_csv_header, figures_csv_rows, jsonl_text


class ExtractFiles:
    def __init__(self, folder: Path, modified: dict[str, str | None] | None = None, workbook: bool = True):
        self.folder = Path(folder)
        self.modified = modified or {}
        self._jsonl = open(self.folder / "figures.jsonl", "w", encoding="utf-8")
        self._unattributed = open(self.folder / "unattributed.jsonl", "w", encoding="utf-8")
        self._csv_file = open(self.folder / "figures.csv", "w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(figures_csv_header())
        self._xlsx = FiguresWorkbook() if workbook else None  # figures.xlsx: not when only the data files are asked
        self.documents: list[dict] = []
        self.findings: list[dict] = []
        self.doubtful: list[dict] = []  # figures below the confidence threshold (the audit lists them)
        self.unattributed: list[dict] = []
        self.ends: dict[str, str] = {}  # document -> its latest period end (reporting rounds)
        self.figures = 0

    def add(self, outcome) -> None:
        doc = outcome.record.as_dict() | {"modified": self.modified.get(outcome.record.document)}
        self.documents.append(doc)
        figures = outcome.figures
        self._jsonl.write(jsonl_text(figures))
        self._csv.writerows(figures_csv_rows(figures))
        if self._xlsx is not None:
            self._xlsx.add(figures)
        self._unattributed.write(jsonl_text(outcome.unattributed))
        self.unattributed.extend(outcome.unattributed)
        self.findings.extend(outcome.findings)
        self.doubtful.extend(f for f in figures if f.get("check"))
        self.ends.update(latest_ends(figures))
        self.figures += len(figures)

    def close(self) -> list[dict]:
        """Finish every file and write documents.jsonl; return the document records."""
        for fh in (self._jsonl, self._unattributed, self._csv_file):
            fh.close()
        if self._xlsx is not None:
            self._xlsx.save(self.folder / "figures.xlsx")
        (self.folder / "documents.jsonl").write_text(jsonl_text(self.documents), encoding="utf-8")
        return self.documents

    def abort(self) -> None:
        for fh in (self._jsonl, self._unattributed, self._csv_file):
            fh.close()


def figures_of(folder: Path, documents: set[str]) -> list[dict]:
    """The figure records of ``documents``, read back from the run's figures.jsonl."""
    out = []
    with open(Path(folder) / "figures.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["document"] in documents:
                out.append(rec)
    return out
