"""``solieu``: the command city staff run.

    solieu run INPUT... --out DIR       # everything: figures, audit, comparison
    solieu extract INPUT... --out DIR   # figures.jsonl, figures.csv, documents.jsonl
    solieu audit INPUT... --out DIR     # figures + findings.jsonl, audit.xlsx, audit.html
    solieu compare INPUT... --out DIR   # figures + comparison.xlsx, comparison.csv, comparison_long.csv

Exit status: 0 when every report was read, 1 when some failed (outputs are
still written), 2 for bad usage.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from .batch import OUTPUT_MARK, REPORT_SUFFIXES, find_inputs, process_many
from .records import figures_csv_text, jsonl_text, write_atomic

DESCRIPTION = "solieu — đọc báo cáo của xã, phường, đặc khu và trích số liệu theo đề cương"

COMMANDS = {
    # name: (help, audits, compares)
    "run": ("việc chính: trích số liệu, kiểm tra và so sánh các đơn vị (the main job: extract, audit, compare)", True, True),
    "extract": ("chỉ trích số liệu: figures.jsonl, figures.csv, unattributed.jsonl, documents.jsonl (figures only)", False, False),
    "audit": ("trích số liệu và kiểm tra từng báo cáo: findings.jsonl, audit.xlsx, audit.html (figures and audit)", True, False),
    "compare": ("trích số liệu và lập bảng so sánh: comparison.xlsx, comparison.csv (figures and comparison)", False, True),
}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="solieu", description=DESCRIPTION)
    sub = ap.add_subparsers(dest="command", required=True, metavar="LỆNH")
    for name, (help_vi, _, _) in COMMANDS.items():
        p = sub.add_parser(name, help=help_vi, description=help_vi)
        p.add_argument("inputs", nargs="+", metavar="INPUT", help="tệp hoặc thư mục báo cáo (files or folders)")
        p.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi kết quả (output folder)")
        p.add_argument("--workers", type=int, default=None, help="số tiến trình song song (parallel processes)")
        p.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ (no progress bar)")
    return ap


def write_extract_outputs(out: Path, outcomes) -> tuple[int, int, int]:
    """Write figures.jsonl, figures.csv, unattributed.jsonl and documents.jsonl; return (ok, skipped, errors)."""
    documents, figures, unattributed = [], [], []
    for o in outcomes:
        documents.append(o.record.as_dict())
        figures.extend(o.figures)
        unattributed.extend(o.unattributed)
    write_atomic(out / "figures.jsonl", jsonl_text(figures))
    write_atomic(out / "unattributed.jsonl", jsonl_text(unattributed))
    write_atomic(out / "figures.csv", figures_csv_text(figures), bom=True)
    write_atomic(out / "documents.jsonl", jsonl_text(documents))
    counts = {s: sum(d["status"] == s for d in documents) for s in ("ok", "skipped", "error")}
    return counts["ok"], counts["skipped"], counts["error"]


def _unwritable(out: Path) -> str | None:
    """Why ``out`` cannot take the outputs, checked before any work (None when it can)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".solieu-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return f"{type(exc).__name__}: {exc.strerror or exc}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _, audits, compares = COMMANDS[args.command]
    inputs = find_inputs(args.inputs, exclude=[args.out])  # our own outputs are never read back
    missing = [str(i.path) for i in inputs if not i.path.exists()]
    if not inputs or len(missing) == len(inputs):
        print(f"solieu: không tìm thấy tệp nào (no input files found): {' '.join(args.inputs)}", file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"solieu: --out {out} là một tệp, không phải thư mục (--out is a file, not a folder)", file=sys.stderr)
        return 2
    problem = _unwritable(out)
    if problem:
        print(f"solieu: không ghi được vào --out {out} (cannot write to --out): {problem}", file=sys.stderr)
        return 2
    if not any(i.path.suffix.lower() in REPORT_SUFFIXES for i in inputs):
        print(f"solieu: không có tệp báo cáo nào (.docx, .pdf, .doc, .xlsx, .xls) trong: {' '.join(args.inputs)} "
              f"(no report files found)", file=sys.stderr)
        return 2
    outcomes = list(process_many(inputs, args.workers, progress=not args.quiet and sys.stderr.isatty(), audit=audits))
    out.mkdir(parents=True, exist_ok=True)
    (out / OUTPUT_MARK).write_text("Thư mục kết quả của solieu: không đọc lại làm đầu vào (solieu's output folder: never read as input)\n",
                                   encoding="utf-8")
    ok, skipped, errors = write_extract_outputs(out, outcomes)
    documents = [o.record.as_dict() for o in outcomes]
    figures = [f for o in outcomes for f in o.figures]
    findings = [f for o in outcomes for f in o.findings]
    summary = ""
    if compares:
        from .compare import write_compare_outputs

        outliers = write_compare_outputs(out, documents, figures, findings)
        findings += outliers
        summary += "; bảng so sánh → comparison.xlsx"
    if audits:
        from .audit import write_audit_outputs

        write_audit_outputs(out, documents, figures, findings, [u for o in outcomes for u in o.unattributed])
        summary += f"; {len(findings)} phát hiện → audit.xlsx, audit.html"
    n_fig = len(figures)
    print(f"Đã đọc {ok} báo cáo, bỏ qua {skipped} tệp, lỗi {errors} tệp; {n_fig} số liệu{summary} → {out}/ "
          f"(read {ok}, skipped {skipped}, failed {errors}; {n_fig} figures)")
    print_problems(outcomes)
    return 1 if errors else 0


def print_problems(outcomes, max_skipped: int = 10) -> None:
    """Every failed file with its reason; skipped files one by one when few, else counted by type."""
    skipped = [o.record for o in outcomes if o.record.status == "skipped"]
    if len(skipped) <= max_skipped:
        for r in skipped:
            print(f"  bỏ qua (skipped): {r.document}: {r.reason} / {r.reason_en}", file=sys.stderr)
    else:
        kinds = Counter(Path(r.document).suffix.lower() or "?" for r in skipped)
        listed = ", ".join(f"{n} tệp {k}" for k, n in kinds.most_common())
        print(f"  bỏ qua {len(skipped)} tệp không phải báo cáo ({listed}); xem documents.jsonl "
              f"(skipped {len(skipped)} non-report files)", file=sys.stderr)
    for o in outcomes:
        if o.record.status == "error":
            print(f"  lỗi (error): {o.record.document}: {o.record.reason} / {o.record.reason_en}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
