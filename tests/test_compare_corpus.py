"""The comparison built from the extractor agrees with the one built from the answer keys.

Every report of ``corpus/synth`` has a key (``*.key.json``, see ``corpus/KEY_FORMAT.md``).
The expected table is read straight from the keys (a cell per unit, indicator, category
and period, with every value the key states for it), never through the comparison's
own alignment code; the extractor's figures go through that code, as in `solieu run`.
A cell agrees when both tables have it and the extractor's value is one the key states
for it. Agreement = agreeing cells ÷ cells in either table, measured for the DOCX and
the PDF renderings apart.

Run ``python tests/test_compare_corpus.py`` to print the numbers and the cells that differ.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from a checkout
from extractor.batch import find_inputs, process_many
from extractor.compare import figures_to_alignment
from extractor.compare.labels import ColumnKey
from extractor.outline import load_outline

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TARGET = 0.99  # share of cells that must agree (measured 2026-11-30: 0.9998 of 4,403 cells on the 36 synthetic reports, DOCX and PDF alike)


def _keys() -> list[tuple[Path, dict]]:
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.glob("synth/*.key.json"))]


def key_cells(keys: list[tuple[Path, dict]]) -> tuple[dict, dict]:
    """(a value per cell, every value the key states per cell), straight from the keys."""
    shown, stated = {}, {}
    for _, key in keys:
        for f in key["figures"]:
            cell = (key["unit_code"], ColumnKey(f["indicator"], f.get("category"), f.get("period_start"), f.get("period_end")))
            shown.setdefault(cell, f["value"])
            stated.setdefault(cell, set()).add(f["value"])
    return shown, stated


def cell_values(documents: list[dict], figures: list[dict]) -> tuple[dict, dict]:
    """(shown value per cell, every value stated per cell) of the aligned table."""
    al = figures_to_alignment(documents, figures, load_outline())
    rows = {r.key: r for r in al.rows}
    shown, stated = {}, {}
    for c in al.cells:
        k = (rows[c.row].unit_code or c.row, c.column)
        shown[k] = c.value
        stated[k] = {c.value} | {o["value"] for o in c.others}
    return shown, stated


def _same(a, b) -> bool:
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))


def agreement(expected: tuple[dict, dict], got: tuple[dict, dict]) -> tuple[float, int, list]:
    """Share of cells in either table that agree; the number of cells; the ones that differ."""
    (k_shown, k_stated), (e_shown, _) = expected, got
    cells = set(k_shown) | set(e_shown)
    bad = []
    for cell in cells:
        ok = cell in k_shown and cell in e_shown and any(_same(e_shown[cell], v) for v in k_stated[cell])
        if not ok:
            bad.append((cell, k_stated.get(cell), e_shown.get(cell)))
    return (1 - len(bad) / len(cells) if cells else 1.0), len(cells), bad


def measure(suffix: str) -> tuple[float, int, list]:
    keys = _keys()
    files = [p.with_name(p.name[: -len(".key.json")] + suffix) for p, _ in keys]
    outcomes = list(process_many(find_inputs([f for f in files if f.exists()])))
    docs = [o.record.as_dict() for o in outcomes]
    figs = [f for o in outcomes for f in o.figures]
    return agreement(key_cells(keys), cell_values(docs, figs))


needs_corpus = pytest.mark.skipif(len(_keys()) < 10, reason="no synthetic corpus with answer keys in corpus/synth")


@needs_corpus
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_comparison_cells_agree_with_the_answer_keys(suffix):
    share, n, bad = measure(suffix)
    assert share >= TARGET, f"{share:.4f} of {n} cells agree; first differences: {sorted(bad, key=str)[:10]}"


if __name__ == "__main__":
    for sfx in (".docx", ".pdf"):
        share, n, bad = measure(sfx)
        print(f"{sfx}: {share:.4%} of {n} cells agree ({len(bad)} differ)")
        for cell, want, got in sorted(bad, key=str)[: int(sys.argv[1]) if len(sys.argv) > 1 else 20]:
            print("   ", cell[0], cell[1], "key:", want, "extractor:", got)
