#!/usr/bin/env python3
"""How fast solieu reads the corpus, beside plain text extraction of the same files.

    python scripts/bench.py                  # every .pdf and .docx under corpus/
    python scripts/bench.py corpus/real -n 5 # one folder, best of 5 rounds
    python scripts/bench.py corpus/synth --cache  # the result cache: a folder cold, warm, and with one new file
    python scripts/bench.py corpus/synth --store 1000  # the workbench's store: 1,000 reports recorded and read back
    python scripts/bench.py corpus/synth --end-to-end -n 5  # solieu extract end to end against the text layer

Each method runs in its own fresh process (so peak memory is its own) over the
same files, best of ``-n`` rounds, and is reported as milliseconds per page,
pages per second and a ratio against the baseline of the same run (pypdfium2's
text layer for PDF, python-docx paragraph text for DOCX):

- ``pypdfium2 text``: ``PdfTextPage.get_text_range()`` per page, nothing else;
- ``pdfplumber text``: ``page.extract_text()`` per page;
- ``solieu reader``: ``read_document`` (blocks in reading order, tables, headers dropped);
- ``solieu extract``: the whole pipeline of ``solieu extract`` for one file
  (reader, metadata, figures), without writing outputs.

DOCX pages are counted from the PDF rendering beside it when there is one.
Timings are for one process; ``solieu`` spreads a batch over every core.

With ``--cache`` it times ``process_many`` (what ``solieu extract`` runs: every file in a
reading process of its own, both cores) over the same files with an empty cache folder
(cold), again (warm: every file a hit), and with all files but the last cached (one new
report), and reports the ratio cold / warm.
"""
from __future__ import annotations

import argparse
import os
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pypdfium2(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    n = 0
    for page in pdf:
        n += len(page.get_textpage().get_text_range())
    pdf.close()
    return n


def _pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return sum(len(p.extract_text() or "") for p in pdf.pages)


def _docx_text(path: Path) -> int:
    import docx

    d = docx.Document(str(path))
    return sum(len(p.text) for p in d.paragraphs)


def _reader(path: Path) -> int:
    from extractor.readers import read_document

    return len(read_document(path).blocks)


def _extract(path: Path) -> int:
    from extractor.pipeline import extract

    return len(extract(path).figures)


METHODS = {
    ".pdf": [("pypdfium2 text", _pypdfium2), ("pdfplumber text", _pdfplumber), ("solieu reader", _reader), ("solieu extract", _extract)],
    ".docx": [("python-docx text", _docx_text), ("solieu reader", _reader), ("solieu extract", _extract)],
}


def _run(args) -> tuple[float, int]:
    """Best-of-``rounds`` seconds for one method over the files, and this process's peak RSS (KiB)."""
    suffix, index, files, rounds = args
    fn = METHODS[suffix][index][1]
    for f in files[:1]:  # warm imports and caches outside the timing
        fn(f)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for f in files:
            fn(f)
        best = min(best, time.perf_counter() - t0)
    return best, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
    if not pdf.exists():
        return 1
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def bench_cache(roots: list[str], audit: bool = False) -> dict:
    """Seconds of ``process_many`` over the inputs: cold, warm, and with one new file."""
    import tempfile

    from extractor.batch import find_inputs, process_many

    inputs = find_inputs(roots)
    reports = [i for i in inputs if i.path.suffix.lower() in {".docx", ".pdf"}]
    with tempfile.TemporaryDirectory(prefix="solieu-bench-cache-") as tmp:
        def timed(items, folder):
            t0 = time.perf_counter()
            out = list(process_many(items, audit=audit, cache=Path(tmp) / folder))
            return time.perf_counter() - t0, out

        cold, first = timed(inputs, "a")
        warm, second = timed(inputs, "a")
        assert [o.record for o in first] == [o.record for o in second]
        assert [o.figures for o in first] == [o.figures for o in second]
        timed([i for i in inputs if i != reports[-1]], "b")  # every file but one cached
        one_new, _ = timed(inputs, "b")
        one_alone, _ = timed([reports[-1]], "c")
    return {"inputs": len(inputs), "reports": len(reports), "cold": cold, "warm": warm, "one_new": one_new,
            "one_alone": one_alone}


def bench_batch(roots: list[str], counts: list[int]) -> list[dict]:
    """``solieu run`` over N copies of the reports under ``roots`` (each N in a folder of
    its own, copies renamed), in a fresh process with the result cache warmed first:
    the batch's own cost (outputs, memory) as the number of reports grows. Peak RSS of
    the command's process tree (the largest process)."""
    import resource
    import shutil
    import subprocess
    import tempfile

    files = sorted(p for r in roots for p in Path(r).rglob("*") if p.suffix.lower() in {".docx", ".pdf"})
    out = []
    with tempfile.TemporaryDirectory(prefix="solieu-bench-batch-") as tmp:
        env = dict(os.environ, SOLIEU_CACHE=str(Path(tmp) / "cache"))
        for n in counts:
            folder = Path(tmp) / f"in{n}"
            folder.mkdir()
            for k in range(n):
                src = files[k % len(files)]
                shutil.copy(src, folder / f"r{k // len(files)}_{src.name}")
            cmd = [sys.executable, "-m", "extractor", "run", str(folder), "--quiet"]
            subprocess.run(cmd + ["--out", str(Path(tmp) / f"warm{n}")], env=env, capture_output=True)  # fill the cache
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t0 = time.perf_counter()
            subprocess.run(cmd + ["--out", str(Path(tmp) / f"out{n}")], env=env, capture_output=True, check=True)
            seconds = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            out.append({"reports": n, "seconds": seconds, "peak_mb": max(peak, before) / 1024})
    return out


def bench_end_to_end(roots: list[str], rounds: int) -> dict:
    """``solieu extract`` over the PDFs under ``roots`` (copied into a folder of their own),
    end to end as a user runs it (a fresh process: start-up, every core reading, the
    outputs written; no result cache), against pypdfium2's text layer of the same files in
    one process; the two interleaved, each round a pair, the median of the rounds' ratios."""
    import shutil
    import statistics
    import subprocess
    import tempfile

    files = sorted(p for r in roots for p in Path(r).rglob("*.pdf"))
    pages = sum(pages_of(f) for f in files)
    with tempfile.TemporaryDirectory(prefix="solieu-bench-e2e-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for f in files:
            shutil.copy(f, folder / f.name)
        env = dict(os.environ, SOLIEU_CACHE="off")
        cmd = [sys.executable, "-m", "extractor", "extract", str(folder), "--quiet"]
        base, ours = [], []
        for k in range(rounds):
            t0 = time.perf_counter()
            for f in files:
                _pypdfium2(f)
            base.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            subprocess.run(cmd + ["--out", str(Path(tmp) / f"out{k}")], env=env, capture_output=True, check=True)
            ours.append(time.perf_counter() - t0)
    ratios = [o / b for o, b in zip(ours, base)]
    return {"files": len(files), "pages": pages, "cores": os.cpu_count(), "base_ms": 1000 * statistics.median(base) / pages,
            "ours_ms": 1000 * statistics.median(ours) / pages, "ratio": statistics.median(ratios), "ratios": ratios}


def bench_store(roots: list[str], count: int, url: str | None = None) -> dict:
    """What the store costs for ``count`` reports: the corpus's reports read once, then
    recorded ``count`` times under distinct SHA-256 into a fresh store (SQLite in a temporary
    folder unless ``url``), read back as a re-run does, and the same outcomes written as
    a run's outputs (the baseline of the same run)."""
    import hashlib
    import tempfile

    from extractor.batch import find_inputs, process_many
    from extractor.store import open_store
    from extractor.write_outputs import outcomes_to_outputs

    inputs = [i for i in find_inputs(roots) if i.path.suffix.lower() in {".docx", ".pdf"}]
    outcomes = [o for o in process_many(inputs, audit=True, cache=False) if o.record.status == "ok"]
    sizes = {i.document: i.path.stat().st_size for i in inputs}
    with tempfile.TemporaryDirectory(prefix="solieu-bench-store-") as tmp:
        store = open_store(url or f"sqlite:///{tmp}/store.db")
        t0 = time.perf_counter()
        shas = []
        blob_bytes = 0
        for k in range(count):
            o = outcomes[k % len(outcomes)]
            sha = hashlib.sha256(f"{k}:{o.record.document}".encode()).hexdigest()
            content = b"\0" * sizes[o.record.document]  # a file's bytes (their size is what costs)
            blob_bytes += len(content)
            store.record(o, sha, content, audit=True)
            shas.append((sha, f"r{k // len(outcomes)}_{o.record.document}"))
        store.refresh_rounds()
        record = time.perf_counter() - t0
        t0 = time.perf_counter()
        back = [store.outcome(sha, doc, audit=True) for sha, doc in shas]
        read = time.perf_counter() - t0
        assert all(b is not None for b in back)
        t0 = time.perf_counter()
        (Path(tmp) / "out").mkdir()
        outcomes_to_outputs(Path(tmp) / "out", (o for o in back), {}, audits=True, compares=True)
        write = time.perf_counter() - t0
        disk = sum(p.stat().st_size for p in Path(tmp).glob("store.db*")) if url is None else None
        store.close()
    return {"reports": count, "record": record, "read": read, "write": write, "disk_mb": disk / 2**20 if disk else None,
            "files_mb": blob_bytes / 2**20, "figures": sum(len(o.figures) for o in back)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs="*", default=[str(ROOT / "corpus")])
    ap.add_argument("-n", "--rounds", type=int, default=3)
    ap.add_argument("--cache", action="store_true", help="time the result cache instead (cold, warm, one new file)")
    ap.add_argument("--audit", action="store_true", help="with --cache: the audit runs too (as in solieu run)")
    ap.add_argument("--batch", type=int, nargs="+", metavar="N",
                    help="solieu run over N copies of the reports (warm cache): seconds and peak memory per N")
    ap.add_argument("--store", type=int, metavar="N",
                    help="what the workbench's store costs for N reports: seconds to record them, to read them back "
                         "(a re-run), beside writing their outputs; the SQLite file's size")
    ap.add_argument("--end-to-end", action="store_true",
                    help="solieu extract end to end on the PDFs (every core) against pypdfium2's text layer, paired "
                         "rounds, the median ratio")
    args = ap.parse_args(argv)
    if args.end_to_end:
        r = bench_end_to_end(args.roots, max(3, args.rounds))
        print(f"{r['files']} PDFs, {r['pages']} pages, {r['cores']} cores, {len(r['ratios'])} paired rounds (median):")
        print("| method | ms/page | × baseline |")
        print("| --- | ---: | ---: |")
        print(f"| pypdfium2 text layer, one process (baseline) | {r['base_ms']:.2f} | 1.0 |")
        print(f"| solieu extract, end to end (start-up, reading on every core, outputs) | {r['ours_ms']:.2f} | {r['ratio']:.1f} |")
        print("ratios of the rounds: " + ", ".join(f"{x:.1f}" for x in r["ratios"]))
        return 0
    if args.store:
        r = bench_store(args.roots, args.store)
        print(f"{r['reports']} reports, {r['figures']} figures, in a SQLite store:")
        print("| step | seconds | ms per report | × writing the outputs |")
        print("| --- | ---: | ---: | ---: |")
        for name, label in (("record", "record (files, figures, findings)"), ("read", "read back (a re-run)"),
                            ("write", "write the outputs (baseline)")):
            print(f"| {label} | {r[name]:.2f} | {1000 * r[name] / r['reports']:.1f} | {r[name] / r['write']:.2f} |")
        print(f"Store on disk: {r['disk_mb']:.0f} MB, of which the files themselves {r['files_mb']:.0f} MB")
        return 0
    if args.batch:
        print("| reports | seconds | peak MB |")
        print("| ---: | ---: | ---: |")
        for r in bench_batch(args.roots, args.batch):
            print(f"| {r['reports']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} |")
        return 0
    if args.cache:
        r = bench_cache(args.roots, audit=args.audit)
        print(f"{r['inputs']} files ({r['reports']} reports), process_many{' with the audit' if args.audit else ''}:")
        print("| run | seconds | cold / run |")
        print("| --- | ---: | ---: |")
        for name, label in (("cold", "cold (empty cache)"), ("warm", "warm (every file cached)"),
                            ("one_new", "one new report, the others cached"), ("one_alone", "that report alone, cold")):
            print(f"| {label} | {r[name]:.3f} | {r['cold'] / r[name]:.1f} |")
        return 0
    ctx = mp.get_context("spawn")
    print("| format | method | files | pages | ms/page | pages/s | × baseline | peak MB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for suffix, methods in METHODS.items():
        files = sorted(p for r in args.roots for p in (Path(r).rglob(f"*{suffix}") if Path(r).is_dir() else [Path(r)])
                       if p.suffix.lower() == suffix)
        if not files:
            continue
        pages = sum(pages_of(f) for f in files)
        base = None
        for i, (name, _) in enumerate(methods):
            with ctx.Pool(1) as pool:
                seconds, maxrss = pool.apply(_run, ((suffix, i, files, args.rounds),))
            ms = 1000 * seconds / pages
            base = base or ms
            print(f"| {suffix[1:]} | {name} | {len(files)} | {pages} | {ms:.1f} | {pages / seconds:.0f} | {ms / base:.1f} | {maxrss / 1024:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
