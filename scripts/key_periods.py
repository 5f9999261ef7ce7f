#!/usr/bin/env python3
"""Apply the keys' rule for undated activity (corpus/KEY_FORMAT.md) to answer keys.

    python scripts/key_periods.py corpus/synth corpus/real corpus/hard          # how many facts would change
    python scripts/key_periods.py corpus/synth corpus/real corpus/hard --write  # rewrite the keys

The rule: a count or share of activity that states no period takes the report's period,
the one most of the key's dated facts share (none when two are equally common); a count
on a day (``period: as_of`` in the lexicon) takes only its end; a stock (``period: none``)
stays undated. The keys of the independent writers were made from the true figures they
were given, whose periods already follow it (the script reports how many of theirs it
would change: that number should be about nothing).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor.outline import load_outline  # noqa: E402
from extractor.report_period import most_common_period  # noqa: E402


def key_with_report_period(key: dict, outline) -> tuple[dict, int]:
    period = most_common_period((f["period_start"], f["period_end"]) for f in key["figures"])
    if period is None:
        return key, 0
    start, end = period
    changed = 0
    seen: dict[tuple, int] = {}
    figures: list[dict] = []
    for f in key["figures"]:
        ind = outline.get(f["indicator"])
        if f["period_start"] is None and f["period_end"] is None and not ind.stock:
            f = dict(f, period_start=None if ind.as_of else start, period_end=end)
            changed += 1
        fact = (f["indicator"], f.get("category"), f["period_start"], f["period_end"], round(float(f["value"]), 4))
        if fact in seen:  # the same fact twice once dated: one entry, "both" when narrative and annex
            first = figures[seen[fact]]
            if first.get("where") != f.get("where"):
                figures[seen[fact]] = dict(first, where="both")
            continue
        seen[fact] = len(figures)
        figures.append(f)
    return dict(key, figures=figures), changed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs="+")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    outline = load_outline()
    total = 0
    for root in args.roots:
        for path in sorted(Path(root).rglob("*.key.json")):
            key = json.loads(path.read_text(encoding="utf-8"))
            new, changed = key_with_report_period(key, outline)
            total += changed
            if changed and args.write:
                text = path.read_text(encoding="utf-8")
                indent = len(text[2:]) - len(text[2:].lstrip(" "))  # the file's own indent
                path.write_text(json.dumps(new, ensure_ascii=False, indent=indent or 1) + "\n", encoding="utf-8")
        print(f"{root}: {total} facts {'dated' if args.write else 'to date'} so far")
    return 0


if __name__ == "__main__":
    sys.exit(main())
