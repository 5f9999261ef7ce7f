#!/usr/bin/env python3
"""Score the extractor against the answer keys of the corpus.

    python scripts/evaluate.py                 # every keyed report under corpus/
    python scripts/evaluate.py corpus/real -v  # one folder, listing misses and wrong figures
    python scripts/evaluate.py --baseline      # also score the plain per-indicator regexes

For each report file with a ``<stem>.key.json`` beside it, a figure is correct
when its indicator, category, period and value equal a key entry (the same
figure stated twice is one fact). Prints precision, recall and F1 overall, per
split (dev / heldout), per format, per kind (a key's ``kind``: scan-150, tcvn3,
annex-workbook... in corpus/hard; printed when some key has one), per indicator and
per document; then the audit's scores, per split and per kind: the keys' planted
faults found and missed, false alarms, clean reports without a value finding, and
suggestions equal to the key's. A workbook beside a report that is its annex by name
(``xa_an_phu_luc.xlsx`` beside ``xa_an.docx``, as ``solieu run`` links them) is read
with it: its figures count for the report, and a figure the two state differently is
an ``annex_mismatch`` finding of the report.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from typing import NamedTuple
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extractor.annexes import annex_findings, link_annexes  # noqa: E402
from extractor.audit import report_to_finding_records, score_findings  # noqa: E402
from extractor.audit.findings import VALUE_RULES  # noqa: E402
from extractor.numbers import find_quantities  # noqa: E402
from extractor.outline import load_outline  # noqa: E402
from extractor.pipeline import extract  # noqa: E402
from extractor.readers import ReadError  # noqa: E402
from extractor.records import figure_to_record  # noqa: E402

FORMATS = (".docx", ".pdf")
WORKBOOKS = (".xlsx", ".xls")
OUTLINE = load_outline()


def fact(d: dict) -> tuple:
    v = d["value"]
    v = round(float(v), 4)
    return (d["indicator"], d.get("category"), d.get("period_start"), d.get("period_end"), v)


def _value_of(text: str):
    qs = find_quantities(text)
    return round(float(qs[0].value), 4) if qs else None


def groups_of(path: Path, key: dict) -> list[str]:
    """Where a key's report comes from and whether it was tuned on: ``synth dev``,
    ``writers heldout`` and ``writers heldout W13`` (the corpus folder, the split, the writer)."""
    corpus = next((p for p in path.parts if p in ("synth", "writers", "real")), path.parent.name)
    groups = [f"{corpus} {key.get('split', 'dev')}"]
    if key.get("writer"):
        groups.append(f"{groups[0]} {key['writer']}")
    return groups


def kind_of(key: dict) -> str:
    """What a key's report is a case of (corpus/hard: ``scan-150``, ``tcvn3``...); ``none`` elsewhere."""
    return key.get("kind") or "none"


def annex_workbooks(f: Path) -> list[Path]:
    """The workbooks beside ``f`` that are its annexes by their name, linked as ``solieu run``
    links them (extractor/annexes.py); none in a folder without workbooks."""
    here = [p for p in f.parent.iterdir() if p.is_file()]
    if not any(p.suffix.lower() in WORKBOOKS for p in here):
        return []
    docs = [{"document": p.name, "status": "ok", "format": p.suffix.lower().lstrip(".")} for p in here
            if p.suffix.lower() in FORMATS + WORKBOOKS]
    return sorted(f.parent / wb for wb, rep in link_annexes(docs).items() if Path(rep).stem == f.stem)


def with_annexes(f: Path, report, findings: list[dict], out=sys.stdout) -> tuple[list, list[dict]]:
    """The figures of ``report`` and of its annex workbooks, and ``findings`` with the
    ``annex_mismatch`` findings between them (a workbook that fails to read adds nothing)."""
    figures = list(report.figures)
    m = report.metadata
    for wb in annex_workbooks(f):
        try:
            annex = extract(wb)
        except Exception as exc:
            print(f"!! {wb}: {exc}", file=out)
            continue
        figures += annex.figures
        records = [figure_to_record(x, doc, m.commune, m.level, m.unit_code, OUTLINE)
                   for doc, r in ((f.name, report), (wb.name, annex)) for x in r.figures]
        documents = [{"document": f.name, "commune": m.commune, "level": m.level, "unit_code": m.unit_code}]
        findings = findings + annex_findings({wb.name: f.name}, records, documents)
    return figures, findings


def keyed_files(roots: list[Path]) -> list[tuple[Path, Path]]:
    pairs = []
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix.lower() in FORMATS)
        for f in files:
            key = f.with_name(f.stem + ".key.json")
            if key.exists():
                pairs.append((f, key))
    return pairs


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, tp, fp, fn):
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def row(self, name):
        p, r, f = self.prf()
        return f"{name:<40} {p:7.3f} {r:7.3f} {f:7.3f} {self.tp:6d} {self.fp:5d} {self.fn:5d}"


class Scores(NamedTuple):
    overall: Tally
    by_split: dict  # dev / heldout over every corpus
    by_group: dict  # "synth dev", "writers heldout", "writers heldout W13", ...
    by_kind: dict = {}  # "scan-150", "tcvn3", ... (corpus/hard); "none" for keys without a kind


HEAD = f"{'':<40} {'prec':>7} {'recall':>7} {'F1':>7} {'tp':>6} {'fp':>5} {'fn':>5}"


def evaluate_baseline(pairs, out=sys.stdout):
    """Score scripts/baseline.py (plain regexes) on the same files, per split."""
    from baseline import baseline_facts

    by_split = defaultdict(Tally)
    for f, keyfile in pairs:
        key = json.loads(keyfile.read_text(encoding="utf-8"))
        try:
            got = baseline_facts(f)
        except ReadError:
            continue
        want = {fact(d) for d in key["figures"]}
        by_split[key.get("split", "dev")].add(len(got & want), len(got - want), len(want - got))
    print("\nbaseline: plain per-indicator regexes (scripts/baseline.py)", file=out)
    print(HEAD, file=out)
    for s in sorted(by_split):
        print(by_split[s].row(f"baseline split={s}"), file=out)


def print_audit(rows, verbose=False, out=sys.stdout):
    """Faults of the keys found, missed and false alarms, per split (and per kind when keys
    have one); clean reports; suggestions.

    ``missing_indicator`` findings are counted apart: keys do not list the
    indicators a report leaves out.
    """
    print("\naudit: planted faults found / missed, false alarms (value rules; document rules)", file=out)
    print(f"{'':<24} {'found':>6} {'missed':>6} {'false':>6}   {'found':>6} {'missed':>6} {'false':>6}  {'clean ok':>8}  {'suggestions':>11}", file=out)
    groups = [("split=" + s, [r for r in rows if r[1] == s]) for s in sorted({r[1] for r in rows})]
    kinds = sorted({kind_of(r[2]) for r in rows})
    if kinds != ["none"]:
        groups += [("kind=" + k, [r for r in rows if kind_of(r[2]) == k]) for k in kinds]
    for label, part in groups:
        v = [sum(r[4]["value"][k] for r in part) for k in ("found", "missed", "false_alarms")]
        other_false = sum(1 for r in part for x in r[4]["false_alarm_findings"]
                          if x["rule"] not in VALUE_RULES and x["rule"] != "missing_indicator")
        o = [sum(r[4]["other"][k] for r in part) for k in ("found", "missed")] + [other_false]
        clean = [r for r in part if not any(x["rule"] in VALUE_RULES for x in r[2].get("faults", []))]
        clean_ok = sum(not any(x["rule"] in VALUE_RULES for x in r[3]) for r in clean)
        sug = [sum(r[4]["suggestions"][k] for r in part) for k in ("right", "expected")]
        print(f"{label:<24} {v[0]:6d} {v[1]:6d} {v[2]:6d}   {o[0]:6d} {o[1]:6d} {o[2]:6d}  {clean_ok:>3}/{len(clean):<4}  {sug[0]:>5}/{sug[1]:<5}", file=out)
    for label, part in groups:
        errors = sum(1 for r in part for x in r[4]["false_alarm_findings"]
                     if x["rule"] in VALUE_RULES and x.get("severity") == "error")
        print(f"{label}: false alarms that are errors (not warnings naming a doubtful figure): {errors}", file=out)
    missing = [(r, i) for r in rows for x in r[3] if x["rule"] == "missing_indicator" for i in x.get("indicators") or ()]
    truly = sum(1 for r, i in missing if i not in {f["indicator"] for f in r[2]["figures"]})
    print(f"missing_indicator: {len(missing)} indicators reported missing, {truly} of them truly absent "
          f"(the key states no figure of theirs)", file=out)
    if verbose:
        for f, _, _, _, audit in rows:
            for fault in audit["missed_faults"]:
                print(f"  AUDIT MISS  {f.name}: {fault['rule']} {fault.get('indicators')} {fault.get('category')} stated={fault.get('stated')}", file=out)
            for x in audit["false_alarm_findings"]:
                if x["rule"] != "missing_indicator":
                    print(f"  AUDIT FALSE {f.name}: {x['rule']} {x.get('indicators')} {x.get('category')}: {x.get('message', '')[:160]}", file=out)
            for w in audit["wrong_suggestions"]:
                print(f"  AUDIT SUGGESTION {f.name}: {w}", file=out)


def evaluate(pairs, verbose=False, out=sys.stdout):
    overall, by_split, by_format, by_ind, by_doc = Tally(), defaultdict(Tally), defaultdict(Tally), defaultdict(Tally), {}
    by_group, by_kind = defaultdict(Tally), defaultdict(Tally)
    quote_ok = quote_all = 0
    details = []
    audit_rows = []
    for f, keyfile in pairs:
        key = json.loads(keyfile.read_text(encoding="utf-8"))
        split = key.get("split", "dev")
        fmt = f.suffix.lower().lstrip(".")
        want = {fact(d): d for d in key["figures"]}
        groups = groups_of(f, key)
        kind = kind_of(key)
        try:
            report = extract(f)
        except Exception as exc:  # honest counting: a file that fails to read misses every figure of its key
            print(f"!! {f}: {exc}", file=out)
            for tally in (overall, by_split[split], by_format[fmt], by_kind[kind], *(by_group[g] for g in groups)):
                tally.add(0, 0, len(want))
            by_doc[str(f)] = Tally()
            by_doc[str(f)].add(0, 0, len(want))
            for k in want:
                by_ind[k[0]].add(0, 0, 1)
            details.append((f, sorted(want, key=str), [], {}, want))
            continue
        findings = report_to_finding_records(report, f.name, OUTLINE)
        figures, findings = with_annexes(f, report, findings, out)
        audit = score_findings(findings, key.get("faults", []))
        audit_rows.append((f, split, key, findings, audit))
        got = {}
        for fig in figures:
            d = {"indicator": fig.indicator, "category": fig.category, "period_start": fig.period_start,
                 "period_end": fig.period_end, "value": fig.value}
            got.setdefault(fact(d), fig)
            quote_all += 1
            quote_ok += fig.quote[fig.source.start:fig.source.end] == fig.text
            for quote, src in fig.also:  # a repeat may be written differently (1.251 / 1251): same value
                quote_all += 1
                quote_ok += _value_of(quote[src.start:src.end]) == _value_of(fig.text)
        tp = set(got) & set(want)
        fp = set(got) - set(want)
        fn = set(want) - set(got)
        t = Tally()
        t.add(len(tp), len(fp), len(fn))
        by_doc[str(f)] = t
        for tally in (overall, by_split[split], by_format[fmt], by_kind[kind], *(by_group[g] for g in groups)):
            tally.add(len(tp), len(fp), len(fn))
        for k in tp:
            by_ind[k[0]].add(1, 0, 0)
        for k in fp:
            by_ind[k[0]].add(0, 1, 0)
        for k in fn:
            by_ind[k[0]].add(0, 0, 1)
        details.append((f, sorted(fn, key=str), sorted(fp, key=str), got, want))
    print(HEAD, file=out)
    print(overall.row("ALL"), file=out)
    for s in sorted(by_split):
        print(by_split[s].row(f"split={s}"), file=out)
    for s in sorted(by_format):
        print(by_format[s].row(f"format={s}"), file=out)
    if set(by_kind) != {"none"}:
        for s in sorted(by_kind):
            print(by_kind[s].row(f"kind={s}"), file=out)
    for s in sorted(by_group):
        print(by_group[s].row(s), file=out)
    print(f"quote[start:end] == text (repeats: the same value): {quote_ok}/{quote_all}", file=out)
    print("\nper indicator (worst first)", file=out)
    print(HEAD, file=out)
    for name, t in sorted(by_ind.items(), key=lambda kv: kv[1].prf()[2]):
        print(t.row(name), file=out)
    print("\nper document (worst first)", file=out)
    print(HEAD, file=out)
    for name, t in sorted(by_doc.items(), key=lambda kv: kv[1].prf()[2]):
        print(t.row(Path(name).name), file=out)
    print_audit(audit_rows, verbose, out)
    if verbose:
        for f, fn, fp, got, want in details:
            if not fn and not fp:
                continue
            print(f"\n== {f}", file=out)
            for k in fn:
                print(f"  MISS  {k}  note={want[k].get('note', '')[:100]!r}", file=out)
            for k in fp:
                fig = got[k]
                print(f"  WRONG {k}  text={fig.text!r} quote={fig.quote[max(0, fig.source.start - 60):fig.source.end + 30]!r}", file=out)
    return Scores(overall, dict(by_split), dict(by_group), dict(by_kind))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=["corpus"])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss and wrong figure")
    ap.add_argument("--baseline", action="store_true", help="also score the plain per-indicator regex baseline")
    args = ap.parse_args(argv)
    pairs = keyed_files([Path(p) for p in args.paths])
    if not pairs:
        print("no keyed reports found", file=sys.stderr)
        return 2
    evaluate(pairs, args.verbose)
    if args.baseline:
        evaluate_baseline(pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
