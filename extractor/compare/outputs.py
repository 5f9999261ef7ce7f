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
from .workbook import WorkbookInput, build_workbook


def _population_figure(al, row: str) -> dict | None:
    from .derive import alignment_to_population

    value = alignment_to_population(al).get(row)
    for c in al.cells:
        if c.row == row and c.column.indicator == "population" and c.column.category is None and c.value == value:
            return c.figure
    return None


def compare_alignments(documents: list[dict], figures: list[dict], findings=(), settings=None, outline=None):
    """The exact alignment, the alignment by reporting round and the round of each document."""
    settings = settings or load_compare_settings()
    outline = outline or load_outline(settings.outline)
    dated = report_dates(documents, figures)
    dates = {d: v[0] for d, v in dated.items()}
    rounds = dates_to_rounds(dates, settings.rounds)
    exact = figures_to_alignment(documents, figures, outline, findings, rounds)
    return exact, alignment_by_round(exact, dates, rounds, settings.rounds, outline), rounds, dated


def revisions(documents: list[dict], figures: list[dict]) -> list:
    """The rows of the comparison whose unit sent more than one report in a round."""
    settings = load_compare_settings()
    dates = {d: v[0] for d, v in report_dates(documents, figures).items()}
    return [r for r in documents_to_rows(documents, figures, dates_to_rounds(dates, settings.rounds)) if r.replaced]


def write_compare_outputs(out: Path, documents: list[dict], figures: list[dict], findings: list[dict]) -> list[dict]:
    """Write ``comparison.csv`` (UTF-8 with BOM), ``comparison_long.csv`` and
    ``comparison.xlsx`` into ``out``; return the ``outlier`` findings raised."""
    out = Path(out)
    settings = load_compare_settings()
    outline = load_outline(settings.outline)
    exact, al, rounds, dated = compare_alignments(documents, figures, findings, settings, outline)
    outliers = alignment_to_outliers(al, settings.outliers)
    outlier_findings = [outlier_to_finding(o, outline, _population_figure(al, o.row.key) if o.population else None)
                        for o in outliers]
    all_findings = tuple(findings) + tuple(outlier_findings)
    write_atomic(out / "comparison.csv", frame_csv_text(alignment_to_wide(al, outline)), bom=True)
    write_atomic(out / "comparison_long.csv", frame_csv_text(alignment_to_long(al, outline)))  # for programs: no BOM
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
