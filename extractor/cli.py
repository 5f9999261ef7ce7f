"""``solieu``: the command city staff run.

    solieu run INPUT... --out DIR       # everything: figures, audit, comparison
    solieu extract INPUT... --out DIR   # figures.jsonl, figures.csv, documents.jsonl
    solieu audit INPUT... --out DIR     # figures + findings.jsonl, audit.xlsx, audit.html
    solieu compare INPUT... --out DIR   # figures + comparison.xlsx, comparison.csv, comparison_long.csv

Exit status: 0 when every report was read, 1 when some failed (outputs are
still written), 2 for bad usage (checked before any work) or an output folder another
run is writing, 3 when solieu itself failed (the previous outputs are kept), 130 when
stopped by Ctrl-C (the previous outputs are kept).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections import Counter
from pathlib import Path

from .batch import REPORT_SUFFIXES, find_inputs, process_many
from .cache import file_digest
from .executors import executor_problem, open_reader
from .store.decisions import unit_key
from .store.urls import hide_passwords, public_url
from .output_folder import Busy, abandon, commit, fingerprint, open_output_set, up_to_date

DESCRIPTION = "solieu — đọc báo cáo của xã, phường, đặc khu và trích số liệu theo đề cương"

COMMANDS = {
    # name: (help, audits, compares)
    "run": ("việc chính: trích số liệu, kiểm tra và so sánh các đơn vị (the main job: extract, audit, compare)", True, True),
    "extract": ("chỉ trích số liệu: figures.jsonl, figures.csv, unattributed.jsonl, documents.jsonl (figures only)", False, False),
    "audit": ("trích số liệu và kiểm tra từng báo cáo: findings.jsonl, audit.xlsx, audit.html (figures and audit)", True, False),
    "compare": ("trích số liệu và lập bảng so sánh: comparison.xlsx, comparison.csv (figures and comparison)", False, True),
}


MAX_WORKERS = 64
INTERNAL_ERROR = 3  # exit status when solieu itself failed (not a file)

# argparse's English messages and their Vietnamese, shown side by side
_ARGPARSE_VI = [
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"tham số không hiểu: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"tham số \1: không có lựa chọn \2 (chọn một trong \3)"),
    (r"argument (\S+): expected one argument", r"tham số \1: cần một giá trị"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"tham số \1: giá trị không hợp lệ: \3"),
    (r"argument (\S+): (.*)", r"tham số \1: \2"),
]


def vietnamese_error(message: str) -> str:
    """argparse's English message in Vietnamese, the English beside it.

    >>> vietnamese_error("the following arguments are required: INPUT, --out")
    'thiếu tham số bắt buộc: INPUT, --out (the following arguments are required: INPUT, --out)'
    >>> vietnamese_error("argument --workers: phải là số nguyên (must be a whole number): '0'")
    "tham số --workers: phải là số nguyên (must be a whole number): '0'"
    """
    for pattern, vi in _ARGPARSE_VI:
        m = re.fullmatch(pattern, message)
        if m:
            if not message.replace("LỆNH", "").isascii():  # our own message, already in both languages
                return m.expand(vi)
            return f"{m.expand(vi)} ({message})"
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Cách dùng (usage): " if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """argparse with Vietnamese usage, headings and errors (English beside them)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số (arguments)"
        self._optionals.title = "tùy chọn (options)"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này (show this help)")

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi (error): {vietnamese_error(message)}\n")


def workers_count(text: str) -> int:
    """``--workers``: a whole number from 1 to ``MAX_WORKERS``.

    >>> workers_count("2")
    2
    >>> workers_count("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: phải là số nguyên từ 1 đến 64 (must be a whole number from 1 to 64): '0'
    """
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"phải là số nguyên từ 1 đến {MAX_WORKERS} "
                                         f"(must be a whole number from 1 to {MAX_WORKERS}): {text!r}")
    return n


def version() -> str:
    try:
        from importlib.metadata import version as dist_version

        return dist_version("solieu")
    except Exception:  # running from a checkout that is not installed
        return "chưa cài (not installed)"


def build_parser() -> argparse.ArgumentParser:
    ap = VietnameseParser(prog="solieu", description=DESCRIPTION)
    ap.commands = {}  # name -> its parser: an unknown option is told with that command's usage
    ap.add_argument("--version", action="version", version=f"solieu {version()}",
                    help="hiện phiên bản (show the version)")
    sub = ap.add_subparsers(dest="command", required=True, metavar="LỆNH", parser_class=VietnameseParser,
                            title="lệnh (commands)")
    for name, (help_vi, _, _) in COMMANDS.items():
        p = sub.add_parser(name, help=help_vi, description=help_vi)
        ap.commands[name] = p
        p.add_argument("inputs", nargs="+", metavar="INPUT", help="tệp hoặc thư mục báo cáo (files or folders)")
        p.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi kết quả (output folder)")
        p.add_argument("--workers", type=workers_count, default=None, metavar="N",
                       help=f"số tiến trình song song, 1–{MAX_WORKERS}; mặc định: số lõi máy (parallel processes; default: the cores)")
        p.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ (no progress display)")
        p.add_argument("--executor", default="local", metavar="NƠI",
                       help="nơi đọc tệp: 'local' (máy này, mặc định), 'dask:local' hoặc địa chỉ scheduler Dask "
                            "'tcp://máy:8786' (where files are read: here, a local Dask cluster or a scheduler)")
        p.add_argument("--no-cache", action="store_true",
                       help="đọc lại mọi tệp, không dùng kết quả đã lưu (read every file again, ignore the result cache)")
        p.add_argument("--store", metavar="URL", default=None,
                       help="ghi vào kho dữ liệu và áp dụng các quyết định đã lưu: sqlite:///tệp.db hoặc "
                            "postgresql://người:mật-khẩu@máy/csdl; tệp đã có trong kho không đọc lại "
                            "(record into the store and apply its decisions; files already in it are not read again)")
    s = sub.add_parser("serve", help="mở bàn kiểm tra trên trình duyệt (the review workbench in a browser)",
                       description="Bàn kiểm tra số liệu: nạp báo cáo, xem và sửa số liệu cần kiểm tra, "
                                   "so sánh các đơn vị (the review workbench)")
    ap.commands["serve"] = s
    s.add_argument("--store", metavar="URL", default=None,
                   help="kho dữ liệu; mặc định: tệp SQLite trong thư mục dữ liệu của người dùng (the store; default: "
                        "a SQLite file in the user's data folder)")
    s.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (address to bind), mặc định 127.0.0.1")
    s.add_argument("--port", type=int, default=8765, help="cổng (port), mặc định 8765")
    s.add_argument("--token", default=None,
                   help="mã truy cập; bắt buộc khi không chỉ nghe trên máy này, cũng đọc từ SOLIEU_TOKEN "
                        "(access token; required when bound beyond loopback; also SOLIEU_TOKEN)")
    return ap


def input_problem(raw: str) -> tuple[str, str] | None:
    """Why an INPUT gives no report file (Vietnamese, English), or None when it may.

    >>> input_problem("/no/such/place")
    ('không có tệp hay thư mục này: /no/such/place', 'no such file or folder: /no/such/place')
    """
    p = Path(raw)
    if not p.exists():
        return f"không có tệp hay thư mục này: {raw}", f"no such file or folder: {raw}"
    if p.is_dir():
        files = [f for f in p.rglob("*") if f.is_file()]
        if not files:
            return f"thư mục trống: {raw}", f"the folder is empty: {raw}"
        if not any(f.suffix.lower() in REPORT_SUFFIXES for f in files):
            return (f"thư mục không có tệp báo cáo nào (.docx, .pdf, .doc, .xlsx, .xls): {raw}",
                    f"the folder holds no report file: {raw}")
    elif p.suffix.lower() not in REPORT_SUFFIXES:
        return f"không phải tệp báo cáo (.docx, .pdf, .doc, .xlsx, .xls): {raw}", f"not a report file: {raw}"
    return None


def file_time(path: Path) -> str | None:
    """When the file was last changed, local time to the second (``2026-05-20T08:15:00``)."""
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0).isoformat()
    except OSError:
        return None


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
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "serve":
        from .workbench.serve import serve_command

        return serve_command(args)
    _, audits, compares = COMMANDS[args.command]
    problems = [input_problem(raw) for raw in args.inputs]
    if all(problems):  # nothing to read: say why for each INPUT
        for vi, en in problems:
            print(f"solieu: {vi} ({en})", file=sys.stderr)
        return 2
    inputs = find_inputs(args.inputs, exclude=[args.out])  # our own outputs are never read back
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"solieu: --out {out} là một tệp, không phải thư mục (--out is a file, not a folder)", file=sys.stderr)
        return 2
    problem = _unwritable(out)
    if problem:
        print(f"solieu: không ghi được vào --out {out} (cannot write to --out): {problem}", file=sys.stderr)
        return 2
    if not any(i.path.suffix.lower() in REPORT_SUFFIXES for i in inputs):
        print(f"solieu: không có tệp báo cáo nào (.docx, .pdf, .doc, .xlsx, .xls) ngoài thư mục kết quả: {' '.join(args.inputs)} "
              f"(no report files besides the output folder)", file=sys.stderr)
        return 2
    bad_executor = executor_problem(args.executor)
    if bad_executor:
        print(f"solieu: {bad_executor}", file=sys.stderr)
        return 2
    store = None
    if args.store:
        from .store import open_store, url_problem

        bad = url_problem(args.store)
        if bad:
            print(f"solieu: {bad}", file=sys.stderr)
            return 2
        try:
            store = open_store(args.store)
        except Exception as exc:  # noqa: BLE001 (a store that cannot be opened is the user's to fix)
            print(f"solieu: không mở được kho dữ liệu --store (cannot open the store): {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return 2
    try:
        return _run_command(args, argv, inputs, out, audits, compares, store)
    finally:
        if store is not None:
            store.close()


def _run_command(args, argv, inputs, out: Path, audits: bool, compares: bool, store) -> int:
    digests = {i.document: file_digest(i.path) for i in inputs}
    what = [args.command, *sorted(str(Path(x).absolute()) for x in args.inputs)]
    if store is not None:  # a new decision makes the outputs out of date
        what.append(f"store={public_url(args.store)}#{store.decisions_version()}")
    print_ = fingerprint(" ".join(what), digests)
    done = None if args.no_cache else up_to_date(out, print_)
    if done is not None:
        when = dt.datetime.fromisoformat(done["finished"]) if done.get("finished") else None
        print(f"Không có gì thay đổi từ lần chạy lúc {when:%H:%M ngày %d/%m/%Y}: kết quả trong {out}/ vẫn đúng "
              if when else f"Không có gì thay đổi: kết quả trong {out}/ vẫn đúng ", end="")
        print(f"(nothing changed since the run of {done.get('finished')}; the outputs are up to date)")
        return int(done.get("exit", 0))
    try:
        outset = open_output_set(out)
    except Busy:
        print(f"solieu: thư mục {out} đang được một lần chạy khác ghi; chờ lần đó xong rồi chạy lại "
              f"(another run is writing to --out; run again when it is done)", file=sys.stderr)
        return 2
    try:
        code, counts, say = run_into(outset.staging, args, inputs, audits, compares, store, digests)
        commit(outset, {"tool": "solieu", "version": version(), "command": ["solieu", *hide_passwords(argv if argv is not None else sys.argv[1:])],
                        "started": dt.datetime.fromtimestamp(outset.started).replace(microsecond=0).isoformat(),
                        "fingerprint": print_, "exit": code, "counts": counts,
                        "inputs": [{"document": i.document, "sha256": digests[i.document]} for i in inputs]})
    except KeyboardInterrupt:
        abandon(outset)
        print("solieu: đã dừng theo yêu cầu; kết quả cũ giữ nguyên (stopped; the previous outputs are kept)", file=sys.stderr)
        return 130
    except Exception as exc:  # a fault of solieu itself, not of a file: its own exit status
        abandon(outset)
        import traceback

        traceback.print_exc()
        print(f"solieu: lỗi nội bộ, kết quả cũ giữ nguyên: {type(exc).__name__}: {exc} "
              f"(internal error; the previous outputs are kept; please report it)", file=sys.stderr)
        return INTERNAL_ERROR
    say()  # the summary only once the whole set is in place
    return code


def run_into(folder: Path, args, inputs, audits: bool, compares: bool, store=None, digests=None):
    """Read the inputs and write every output into ``folder``, the figures as each report
    finishes (``extract_outputs``); (exit status, counts, a function that prints the summary).
    With a ``store``, files it holds are not read again, files read are kept in it, and its
    decisions are applied to every output (``store/runs.py``)."""
    from .write_outputs import outcomes_to_outputs

    modified = {i.document: file_time(i.path) for i in inputs}
    reader = open_reader(args.executor, args.workers)
    cache = False if args.no_cache else None
    decisions = {}
    if store is not None:
        from .store.runs import StoreResults, decided

        cache = StoreResults(store, audits, modified, reread=args.no_cache,
                             digests={i.path: (digests or {}).get(i.document) for i in inputs})  # hashed before
        decisions = store.active_decisions()

    def outcomes():
        for o in process_many(inputs, args.workers, progress=not args.quiet and sys.stderr.isatty(), audit=audits,
                              cache=cache, reader=reader):
            yield o if store is None else decided(o, decisions, (digests or {}).get(o.record.document))

    try:
        w = outcomes_to_outputs(folder, outcomes(), modified, audits, compares, {i.document: i.path for i in inputs})
    finally:
        if hasattr(reader, "close"):
            reader.close()
    ok, skipped, errors = w.count("ok"), w.count("skipped"), w.count("error")
    n_fig, summary, rows, findings = w.figures, w.summary, w.rows, w.findings
    conflicts = []
    if store is not None:
        store.refresh_rounds()
        units = {unit_key(d) for d in w.documents}
        conflicts = [c for c in store.conflicts() if c.decision["unit"] in units]

    def say() -> None:
        print(f"Đã đọc {ok} báo cáo, bỏ qua {skipped} tệp, lỗi {errors} tệp; {n_fig} số liệu{summary} → {args.out}/ "
              f"(read {ok}, skipped {skipped}, failed {errors}; {n_fig} figures)", flush=True)
        print_problems(w.records)
        print_revisions(rows)
        if store is not None:
            print(f"Kho dữ liệu {public_url(args.store)}: {cache.hits} tệp đã có, {cache.stored} tệp mới; {len(decisions)} quyết định "
                  f"áp dụng được (store: {cache.hits} files known, {cache.stored} new; {len(decisions)} decisions)", flush=True)
        if conflicts:
            print(f"  {len(conflicts)} quyết định không còn khớp với báo cáo mới nhất của đơn vị; xem trong bàn kiểm tra "
                  f"(solieu serve) ({len(conflicts)} decisions no longer match the unit's latest report)", file=sys.stderr)

    counts = {"ok": ok, "skipped": skipped, "error": errors, "figures": n_fig, "findings": len(findings)}
    if store is not None:
        counts["conflicts"] = len(conflicts)
    return (1 if errors else 0), counts, say


def print_revisions(rows, most: int = 10) -> None:
    """Each report replaced by a later one of the same unit and round, and why (the first
    ``most``; the rest counted, all of them on the sheet "Ghi chú" of comparison.xlsx)."""
    replaced = [row for row in rows if row.replaced]
    for row in replaced[:most]:
        print(f"  báo cáo thay thế (replaced): {row.unit}: dùng {row.document}, không dùng {', '.join(row.replaced)}"
              + (f" — {row.choice}" if row.choice else ""), file=sys.stderr)
    if len(replaced) > most:
        print(f"  … và {len(replaced) - most} đơn vị khác có báo cáo bị thay; xem trang Ghi chú của comparison.xlsx "
              f"(and {len(replaced) - most} more units with replaced reports: see the Ghi chú sheet)", file=sys.stderr)


def print_problems(records, max_skipped: int = 10) -> None:
    """Every failed file with its reason; skipped files one by one when few, else counted by
    type (``records``: the document records)."""
    skipped = [r for r in records if r.status == "skipped"]
    if len(skipped) <= max_skipped:
        for r in skipped:
            print(f"  bỏ qua (skipped): {r.document}: {r.reason} / {r.reason_en}", file=sys.stderr)
    else:
        kinds = Counter(Path(r.document).suffix.lower() or "?" for r in skipped)
        listed = ", ".join(f"{n} tệp {k}" for k, n in kinds.most_common())
        print(f"  bỏ qua {len(skipped)} tệp không phải báo cáo ({listed}); xem documents.jsonl "
              f"(skipped {len(skipped)} non-report files)", file=sys.stderr)
    for r in records:
        if r.status == "error":
            print(f"  lỗi (error): {r.document}: {r.reason} / {r.reason_en}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
