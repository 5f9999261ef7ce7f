#!/usr/bin/env python3
"""Classify the extractor's errors against the keys: wrong period, wrong category,
wrong indicator, missed, spurious (per corpus group), for the closing note and tuning.

    python scripts/error_classes.py corpus/writers/w1 corpus/writers/w2 [-v]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import fact, keyed_files  # noqa: E402
from extractor.pipeline import extract  # noqa: E402


def classify(got: set, want: set) -> tuple[Counter, list]:
    fn, fp = set(want) - set(got), set(got) - set(want)
    c, rows = Counter(), []
    used = set()
    for w in sorted(fn, key=str):
        ind, cat, ps, pe, v = w
        match = None
        for kind, test in (("period", lambda g: g[0] == ind and g[1] == cat and g[4] == v),
                           ("category", lambda g: g[0] == ind and g[4] == v and g[2:4] == (ps, pe)),
                           ("indicator", lambda g: g[4] == v and g[2:4] == (ps, pe)),
                           ("value", lambda g: g[0] == ind and g[1] == cat and g[2:4] == (ps, pe))):
            cand = [g for g in fp if g not in used and test(g)]
            if cand:
                match = (kind, cand[0])
                break
        if match:
            used.add(match[1])
            c[match[0]] += 1
            rows.append((match[0], w, match[1]))
        else:
            c["missed"] += 1
            rows.append(("missed", w, None))
    for g in fp - used:
        c["spurious"] += 1
        rows.append(("spurious", None, g))
    return c, rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--kind", default=None)
    a = ap.parse_args(argv)
    total = Counter()
    for f, keyfile in keyed_files([Path(p) for p in a.paths]):
        key = json.loads(keyfile.read_text(encoding="utf-8"))
        want = {fact(d): d for d in key["figures"]}
        try:
            report = extract(f)
        except Exception as exc:
            total["unreadable"] += len(want)
            continue
        got = {}
        for fig in report.figures:
            got.setdefault(fact({"indicator": fig.indicator, "category": fig.category, "period_start": fig.period_start,
                                 "period_end": fig.period_end, "value": fig.value}), fig)
        c, rows = classify(set(got), set(want))
        total += c
        if a.verbose:
            for kind, w, g in rows:
                if a.kind and kind != a.kind:
                    continue
                fig = got.get(g) if g else None
                q = fig.quote[max(0, fig.source.start - 70):fig.source.end + 40].replace("\n", " ") if fig else ""
                print(f"{f.name[:28]:<28} {kind:<9} key={w} got={g} | {q}")
    print(dict(total.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
