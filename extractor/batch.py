"""Many files at once: find them, read each on its own, never let one stop the rest."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator

from .cache import ResultCache, open_cache, renamed
from .isolation import Budget, run_isolated
from .outline import load_outline
from .pipeline import Report, extract
from .readers import READERS, ReadError
from .records import DocumentRecord, figure_to_record
from .roles import SHOWN_ROLES

REPORT_SUFFIXES = {".docx", ".pdf", ".doc", ".xlsx", ".xls"}
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Input:
    path: Path
    document: str  # relative to the INPUT it was found under


@dataclass(frozen=True)
class Outcome:
    record: DocumentRecord
    figures: tuple[dict, ...]
    report: Report | None = None
    findings: tuple[dict, ...] = ()  # audit findings of this report (``solieu audit`` / ``run``)
    unattributed: tuple[dict, ...] = ()  # numbers that look like data but were not taken (unattributed.jsonl)
    transient: bool = False  # may differ on another run (a budget ran out, a crash, a timeout): never cached
    left_out: tuple[int, ...] | None = None  # with the audit: positions of the figures it does not check (a numbering or percent column)


OUTPUT_MARK = ".solieu-output"  # written into every output folder: solieu never reads a folder that holds it


def find_inputs(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Input]:
    """Every file under the given files and folders (recursively), in a stable order;
    never a file of solieu's own output folders (marked, or named in ``exclude``)."""
    found: list[Input] = []
    skip = {Path(e).resolve() for e in exclude}
    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            outputs = skip | {m.parent.resolve() for m in root.rglob(OUTPUT_MARK)}
            for p in sorted(root.rglob("*")):
                if p.is_file() and not _hidden(p.relative_to(root)) and not _inside_any(p, outputs):
                    found.append(Input(p, p.relative_to(root).as_posix()))
        else:
            found.append(Input(root, root.name))
    return found


def _inside_any(path: Path, folders: set[Path]) -> bool:
    resolved = path.resolve()
    return any(folder == resolved.parent or folder in resolved.parents for folder in folders)


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "~$")) for part in rel.parts)


def _skip(inp: Input, fmt: str | None, vi: str, en: str) -> Outcome:
    return Outcome(DocumentRecord(inp.document, fmt, "skipped", vi, en, None, None, None, None, None, None, None, None, 0, 0.0), ())


def _error(inp: Input, fmt: str | None, vi: str, en: str, seconds: float = 0.0, transient: bool = False) -> Outcome:
    return Outcome(DocumentRecord(inp.document, fmt, "error", vi, en, None, None, None, None, None, None, None, None, 0, round(seconds, 3)), (),
                   transient=transient)


def precheck(inp: Input) -> Outcome | None:
    """The outcome of a file that needs no reading (missing, not a report file, a format
    without reader, empty, too large), else None; only looks at the name and size."""
    suffix = inp.path.suffix.lower()
    fmt = suffix.lstrip(".") or None
    if not inp.path.exists():
        return _error(inp, fmt, "không tìm thấy tệp", "file not found")
    if suffix not in REPORT_SUFFIXES:
        return _skip(inp, fmt, f"không phải tệp báo cáo ({suffix or 'không có đuôi'})", f"not a report file ({suffix or 'no extension'})")
    if suffix not in READERS:
        return _error(inp, fmt, f"chưa đọc được định dạng {suffix}", f"the {suffix} format is not supported yet")
    size = inp.path.stat().st_size
    if size == 0:
        return _error(inp, fmt, "tệp rỗng", "the file is empty")
    if size > MAX_BYTES:
        return _error(inp, fmt, f"tệp quá lớn ({size // 2**20} MB)", f"the file is too large ({size // 2**20} MB)")
    return None


def process_one(inp: Input, keep_report: bool = False, audit: bool = False) -> Outcome:
    """Read one file into its document record and figure records (and, with ``audit``,
    its findings); errors become a record too."""
    early = precheck(inp)
    if early is not None:
        return early
    fmt = inp.path.suffix.lower().lstrip(".") or None
    t0 = time.perf_counter()
    outline = load_outline()
    try:
        report = extract(inp.path, outline)
    except ReadError as exc:
        return _error(inp, getattr(exc, "format", None) or fmt, exc.reason_vi, exc.reason_en, time.perf_counter() - t0,
                      transient=exc.transient)
    except Exception as exc:  # a bug (or MemoryError) must not stop the batch: report it per file
        return _error(inp, fmt, f"lỗi khi xử lý tệp: {type(exc).__name__}: {exc}", f"internal error: {type(exc).__name__}: {exc}",
                      time.perf_counter() - t0, transient=True)
    seconds = time.perf_counter() - t0
    meta = report.metadata
    doc = report.document
    if not meta.is_report and not report.figures:
        rec = DocumentRecord(inp.document, doc.format, "skipped", "không phải báo cáo theo đề cương (không thấy tiêu đề hay số liệu nào)",
                             "not a report of the outline (no title words and no figures found)", doc.pages, meta.commune, meta.level,
                             meta.unit_code, meta.number, meta.date, meta.title, meta.signer, 0, round(seconds, 3),
                             tuple(doc.warnings))
        return Outcome(rec, (), report if keep_report else None)
    figures = tuple(figure_to_record(f, inp.document, meta.commune, meta.level, meta.unit_code, outline) for f in report.figures)
    unattributed = tuple(n.as_record(inp.document) for n in report.numbers if n.role in SHOWN_ROLES)
    reason_vi = reason_en = None
    if meta.unit is None:
        reason_vi = "không xác định được đơn vị hành chính viết báo cáo"
        reason_en = "could not tell which administrative unit wrote the report"
    rec = DocumentRecord(inp.document, doc.format, "ok", reason_vi, reason_en, doc.pages, meta.commune, meta.level, meta.unit_code,
                         meta.number, meta.date, meta.title, meta.signer, len(figures), round(seconds, 3),
                         tuple(doc.warnings))
    findings: tuple[dict, ...] = ()
    audit_failed = False
    left_out: tuple[int, ...] | None = None
    if audit:
        from .audit import figures_left_out, report_to_finding_records

        try:
            skipped = figures_left_out(report.figures, outline, report.document)
            findings = tuple(report_to_finding_records(report, inp.document, outline, skipped))
            left_out = tuple(sorted(skipped))
        except Exception as exc:  # the figures still count; say the audit failed
            audit_failed = True
            rec = replace(rec, reason=f"không kiểm tra được báo cáo: {type(exc).__name__}: {exc}",
                          reason_en=f"the audit failed: {type(exc).__name__}: {exc}")
    return Outcome(rec, figures, report if keep_report else None, findings, unattributed, transient=audit_failed,
                   left_out=left_out)


WARMUP = Path(__file__).resolve().parent / "warmup"  # a small report, DOCX and its PDF print (scripts/make_warmup.py)


def _warm_up(audit: bool) -> None:
    """Load the outline, the word files, the readers' libraries and the compiled patterns
    in this process, then freeze the collected objects so the forked processes share them.
    Reading the small bundled report (DOCX and PDF) here loads what the readers load on
    first use and fills the caches of the naming: each reading process starts warm (30%
    less time a file on the generated PDFs)."""
    import gc

    import docx  # noqa: F401  (the DOCX reader imports it on first use)

    from .gazetteer import load_gazetteer
    from .pipeline import extract, text_to_report

    load_gazetteer()
    reports = [text_to_report("Tổng số hồ sơ tiếp nhận từ ngày 01/7/2025 đến nay: 1.234 hồ sơ (trực tuyến 1.000).")]
    for name in ("warmup.docx", "warmup.pdf"):
        try:
            reports.append(extract(WARMUP / name))
        except Exception:  # noqa: BLE001 (a warm-up that cannot run costs speed, never the batch)
            pass
    if audit:
        from .audit import report_to_finding_records

        for report in reports:
            report_to_finding_records(report, "<warm-up>", load_outline())
    gc.freeze()


def _failed(inp: Input, vi: str, en: str, seconds: float) -> Outcome:
    return _error(inp, inp.path.suffix.lower().lstrip(".") or None, vi, en, seconds, transient=True)


def _progress_line(bar):
    """What the progress line says while files are read: the file started last, and what
    its reading process reports (the OCR page)."""
    if bar is None:
        return None

    def on_event(inp: Input, text: str | None) -> None:
        bar.set_postfix_str(f"{inp.document}{' — ' + text if text else ''}", refresh=True)

    return on_event


def process_many(inputs: list[Input], workers: int | None = None, progress: bool = False,
                 audit: bool = False, budget: Budget | None = None,
                 cache: ResultCache | str | os.PathLike | bool | None = None, reader=None) -> Iterator[Outcome]:
    """Outcomes in input order. Each file is read in a reading process within a time and
    memory budget (``isolation.py``): a file that hangs, runs out of memory or crashes
    becomes an ``error`` record and the others go on.

    Results are cached per file (``cache.py``): ``cache`` is None for the folder the
    environment names (``$SOLIEU_CACHE``, ``off`` for none), False for no cache, or a
    folder. A file whose bytes were read before (under any name), by the same code and
    data, is served from the cache without a reading process; a file that needs no
    reading (not a report, empty) neither; files with the same bytes in one batch are
    read once.

    ``reader`` reads the documents that are not served so: ``run_isolated`` on this
    machine (None), or an ``executors.DaskReader`` for a cluster."""
    store = open_cache(cache, audit)
    budget = budget or Budget.from_env()
    ready: dict[int, Outcome] = {}  # outcomes known before any reading: input index -> outcome
    todo: list[int] = []  # the inputs to read, in the reading processes
    keys: dict[int, str] = {}  # input index -> cache key, for the inputs to read
    twins: dict[int, list[int]] = {}  # an input to read -> later inputs with the same bytes
    first: dict[str, int] = {}
    for i, inp in enumerate(inputs):
        early = precheck(inp)
        if early is not None:
            ready[i] = early
            continue
        key = store.key(inp.path) if store is not None else None
        if key is not None:
            hit = store.get(key, inp.document)
            if hit is not None:
                ready[i] = hit
                continue
            if key in first:
                twins[first[key]].append(i)
                continue
            first[key], keys[i], twins[i] = i, key, []
        todo.append(i)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(inputs), unit="tệp", desc="Đang đọc", leave=False)
    emitted = 0

    def in_order() -> Iterator[Outcome]:  # the outcomes known from the next one on
        nonlocal emitted
        while emitted in ready:
            yield ready.pop(emitted)
            emitted += 1
            if bar:
                bar.update()

    try:
        if todo:
            if reader is None or reader is run_isolated:
                _warm_up(audit)  # the reading processes are forked from this one: load the data files once, here
            workers = max(1, workers or min(len(todo), os.cpu_count() or 1))
            read = (reader or run_isolated)(partial(process_one, audit=audit), [inputs[i] for i in todo], _failed, workers,
                                            budget, _progress_line(bar))
            for i, outcome in zip(todo, read):
                ready[i] = outcome
                if i in keys:
                    store.put(keys[i], outcome)
                for twin in twins.get(i, ()):
                    ready[twin] = renamed(outcome, inputs[twin].document)
                yield from in_order()
        yield from in_order()
    finally:
        if bar:
            bar.close()
    if store is not None:
        store.prune()  # entries unused for a month; looked for at most once a day
