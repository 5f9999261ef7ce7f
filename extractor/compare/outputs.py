"""The comparison's files, written atomically, and the Python entry point."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..outline import load_outline
from ..records import save_atomic, write_atomic
from .align import documents_to_rows, figures_to_alignment
from .rounds import alignment_by_round, dates_to_rounds, report_dates
from .derive import alignment_to_key_figures
from .marks import findings_to_marks
from .outliers import alignment_to_outliers, outlier_to_finding
from .settings import load_compare_settings
from .tables import alignment_to_long, alignment_to_wide, frame_csv_text
from .cells import WorkbookInput
from .workbook import build_workbook


def _population_figure(al, row: str) -> dict | None:
    from .derive import alignment_to_population

    value = alignment_to_population(al).get(row)
    for c in al.cells:
        if c.row == row and c.column.indicator == "population" and c.column.category is None and c.value == value:
            return c.figure
    return None


def compare_alignments(documents: list[dict], figures: list[dict], findings=(), settings=None, outline=None, ends=None):
    """The exact alignment, the alignment by reporting round and the round of each
    document (``ends``: each document's latest period end, when ``figures`` holds only
    the figures of the reports shown; see ``shown_documents``)."""
    settings = settings or load_compare_settings()
    outline = outline or load_outline(settings.outline)
    dated = report_dates(documents, figures, ends)
    dates = {d: v[0] for d, v in dated.items()}
    rounds = dates_to_rounds(dates, settings.rounds)
    exact = figures_to_alignment(documents, figures, outline, findings, rounds)
    return exact, alignment_by_round(exact, dates, rounds, settings.rounds, outline), rounds, dated


def comparison_rows(documents: list[dict], ends: dict[str, str]) -> tuple:
    """The rows of the comparison (one report per unit and round), from the document
    records and each document's latest period end alone: the figures the comparison
    needs are those of these rows' reports."""
    settings = load_compare_settings()
    dates = {d: v[0] for d, v in report_dates(documents, ends=ends).items()}
    return documents_to_rows(documents, (), dates_to_rounds(dates, settings.rounds))


def write_compare_outputs(out: Path, documents: list[dict], figures: list[dict], findings: list[dict],
                          ends: dict[str, str] | None = None, workbook: bool = True) -> list[dict]:
    """Write ``comparison.csv`` (UTF-8 with BOM), ``comparison_long.csv`` and
    ``comparison.xlsx`` (not when ``workbook`` is False) into ``out``; return the
    ``outlier`` findings raised. ``figures`` may hold only the figures of the reports shown
    when ``ends`` is given (``comparison_rows``)."""
    out = Path(out)
    settings = load_compare_settings()
    outline = load_outline(settings.outline)
    exact, al, rounds, dated = compare_alignments(documents, figures, findings, settings, outline, ends)
    outliers = alignment_to_outliers(al, settings.outliers)
    outlier_findings = [outlier_to_finding(o, outline, _population_figure(al, o.row.key) if o.population else None)
                        for o in outliers]
    all_findings = tuple(findings) + tuple(outlier_findings)
    write_atomic(out / "comparison.csv", frame_csv_text(alignment_to_wide(al, outline)), bom=True)
    write_atomic(out / "comparison_long.csv", frame_csv_text(alignment_to_long(al, outline)))  # for programs: no BOM
    if not workbook:
        return outlier_findings
    wb = build_workbook(WorkbookInput(al, outline, all_findings, findings_to_marks(exact, list(all_findings)),
                                      alignment_to_key_figures(al, settings, outline), tuple(documents), settings,
                                      exact, rounds, dated))
    save_workbook_atomic(wb, out / "comparison.xlsx")
    return outlier_findings


def save_workbook_atomic(wb, path: Path) -> None:
    save_atomic(path, wb.save)


def compare(paths) -> pd.DataFrame:
    """Read the reports under ``paths`` (files or folders) and return the wide
    comparison table, one row per unit.

    >>> compare(["corpus/real/ke_sat.docx"]).iloc[0]["Đơn vị"]   # doctest: +SKIP
    'Kẻ Sặt'
    """
    from ..batch import find_inputs, process_many

    if isinstance(paths, (str, Path)):
        paths = [paths]
    outcomes = list(process_many(find_inputs(paths)))
    documents = [o.record.as_dict() for o in outcomes]
    figures = [f for o in outcomes for f in o.figures]
    settings = load_compare_settings()
    outline = load_outline(settings.outline)
    return alignment_to_wide(compare_alignments(documents, figures, (), settings, outline)[1], outline)
