"""The bundled corpus as a clerk prints it: the key-indicator sheet on a few A4 landscape
pages without ``###``, and a comparison by reporting round whose columns are not split
by each report's own "đến nay" date."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from extractor.batch import find_inputs, process_many
from extractor.compare.outputs import compare_alignments, write_compare_outputs

ROOT = Path(__file__).resolve().parent.parent
MAX_KEY_PAGES = 6


@pytest.fixture(scope="module")
def corpus():
    outcomes = list(process_many(find_inputs([ROOT / "corpus"])))
    return [o.record.as_dict() for o in outcomes], [f for o in outcomes for f in o.figures]


def _preview():
    spec = importlib.util.spec_from_file_location("print_preview", ROOT / "scripts" / "print_preview.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_no_column_holds_one_units_value_unless_only_that_unit_reported_it_in_the_round(corpus):
    documents, figures = corpus
    exact, al, rounds, dated = compare_alignments(documents, figures)
    units = defaultdict(int)
    for c in al.cells:
        units[c.column] += 1
    # the same figure, said independently of the grouping: same indicator, category, start and
    # round, and an end in the same month (or no end)
    same_figure = defaultdict(set)
    for c in exact.cells:
        doc = c.figure["document"]
        k = c.column
        same_figure[(k.indicator, k.category, k.period_start, (k.period_end or "")[:7], rounds[doc].name)].add(c.row)
    lonely = []
    for c in al.cells:
        if units[c.column] > 1:
            continue
        k = c.exact or c.column
        reporters = same_figure[(k.indicator, k.category, k.period_start, (k.period_end or "")[:7],
                                 rounds[c.figure["document"]].name)]
        if len(reporters) > 1:
            lonely.append((c.column, sorted(reporters)))
    assert not lonely, lonely[:5]
    assert len(al.columns) < len(exact.columns) / 5  # 2,020 exact columns, 232 by round (2026-11-30)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_key_indicator_sheet_prints_on_a_few_a4_landscape_pages(corpus, tmp_path):
    documents, figures = corpus
    write_compare_outputs(tmp_path, documents, figures, [])
    preview = _preview()
    try:
        p = preview.render(tmp_path / "comparison.xlsx", "Chỉ tiêu chính", tmp_path / "print")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        if "could not print" in str(exc):
            pytest.skip("LibreOffice has no spreadsheet component (libreoffice-calc)")
        raise
    assert p.landscape_a4 and 1 <= p.pages <= MAX_KEY_PAGES
    assert "###" not in p.text
    assert p.text.count("Đơn vị") >= p.pages  # the header row is repeated on every page
    assert "Kẻ Sặt" in p.text
