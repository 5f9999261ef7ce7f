"""Results cached per file (extractor/cache.py): a hit is the miss's outcome under the
file's current name, served without a reading process; anything that changes what is
read (code, data, audit, extension) misses; budget failures are never stored; a damaged
entry is a miss; ``SOLIEU_CACHE=off`` writes nothing."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

import extractor.batch as batch
from extractor import cache as cache_mod
from extractor.batch import Input, process_many, process_one
from extractor.cache import ResultCache, default_folder
from extractor.isolation import Budget

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"


@pytest.fixture
def reads(monkeypatch):
    """The inputs each process_many call sent to reading processes (one list per call)."""
    calls: list[list[str]] = []
    real = batch.run_isolated

    def spy(task, items, on_failure, workers, budget, on_event=None):
        calls.append([i.document for i in items])
        return real(task, items, on_failure, workers, budget, on_event)

    monkeypatch.setattr(batch, "run_isolated", spy)
    return calls


def _small_report(path: Path, received: int = 1250) -> Path:
    from docx import Document

    d = Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính và hoạt động của chính quyền địa phương "
                    "02 cấp trên địa bàn phường Lê Thanh Nghị")
    d.add_paragraph(f"Tổng số hồ sơ tiếp nhận: {received:,} hồ sơ; số hồ sơ đã giải quyết: 1.200 hồ sơ.".replace(",", "."))
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(path)
    return path


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle"))


def _same(a, b, seconds: bool = True) -> None:
    """The same outcome (with ``seconds=False``: of two readings, whose times differ)."""
    if seconds:
        assert a.record == b.record
    else:
        assert replace(a.record, seconds=0) == replace(b.record, seconds=0)
    assert a.figures == b.figures and a.findings == b.findings and a.unattributed == b.unattributed


def test_a_hit_is_the_miss_without_reading(tmp_path, reads, monkeypatch):
    files = [Input(REAL / "ke_sat.docx", "ke_sat.docx"), Input(REAL / "ke_sat.key.json", "ke_sat.key.json"),
             Input(REAL / "ke_sat.pdf", "ke_sat.pdf")]
    cold = list(process_many(files, audit=True, cache=tmp_path))
    assert reads == [["ke_sat.docx", "ke_sat.pdf"]]  # the answer key needs no reading process
    assert [o.record.status for o in cold] == ["ok", "skipped", "ok"]
    assert cold[0].figures and cold[0].findings and cold[0].unattributed
    assert len(_entries(tmp_path)) == 2

    def no_warm_up(audit):
        raise AssertionError("every file is a hit: nothing to warm up")

    monkeypatch.setattr(batch, "_warm_up", no_warm_up)
    warm = list(process_many(files, audit=True, cache=tmp_path))
    assert reads == [["ke_sat.docx", "ke_sat.pdf"]]  # no second reading
    for a, b in zip(cold, warm):
        _same(a, b)
        assert b.report is None


def test_a_renamed_copy_gets_its_own_name(tmp_path, reads):
    store = tmp_path / "cache"
    list(process_many([Input(REAL / "ke_sat.docx", "ke_sat.docx")], audit=True, cache=store))
    copy = tmp_path / "in" / "sub" / "xa_moi.docx"
    copy.parent.mkdir(parents=True)
    shutil.copy(REAL / "ke_sat.docx", copy)
    [hit] = process_many([Input(copy, "sub/xa_moi.docx")], audit=True, cache=store)
    assert len(reads) == 1  # served from the cache
    assert hit.record.document == "sub/xa_moi.docx" and hit.figures and hit.findings and hit.unattributed
    for rec in (*hit.figures, *hit.findings, *hit.unattributed):
        assert rec["document"] == "sub/xa_moi.docx"
    [again] = process_many([Input(REAL / "ke_sat.docx", "ke_sat.docx")], audit=True, cache=store)
    assert again.record.document == "ke_sat.docx" and {f["document"] for f in again.figures} == {"ke_sat.docx"}


def test_copies_in_one_batch_are_read_once(tmp_path, reads):
    report = _small_report(tmp_path / "in" / "a.docx")
    for name in ("b.docx", "c.docx"):
        shutil.copy(report, report.with_name(name))
    files = [Input(tmp_path / "in" / n, n) for n in ("a.docx", "b.docx", "c.docx")]
    out = list(process_many(files, cache=tmp_path / "cache"))
    assert reads == [["a.docx"]]
    assert [o.record.document for o in out] == ["a.docx", "b.docx", "c.docx"]
    assert [{f["document"] for f in o.figures} for o in out] == [{"a.docx"}, {"b.docx"}, {"c.docx"}]
    assert out[0].figures[0]["value"] == 1250


def test_what_changes_the_reading_misses(tmp_path, reads, monkeypatch):
    report = _small_report(tmp_path / "in" / "a.docx")
    store = tmp_path / "cache"
    files = [Input(report, "a.docx")]

    def run(**kw):
        before = len(reads)
        out = list(process_many(files, cache=store, **kw))
        return out, len(reads) > before  # outcomes, and whether the file was read

    assert run()[1] is True
    assert run()[1] is False
    assert run(audit=True)[1] is True  # the audit's findings are part of an entry
    _small_report(report, received=1300)  # new bytes
    out, read = run()
    assert read and out[0].figures[0]["value"] == 1300

    # a changed pattern file
    pa, pb = tmp_path / "pa", tmp_path / "pb"
    shutil.copytree(ROOT / "patterns", pa)
    shutil.copytree(ROOT / "patterns", pb)
    with open(pb / "lexicon" / "numbers.yaml", "a", encoding="utf-8") as fh:
        fh.write("\n# một dòng ghi chú\n")
    monkeypatch.setenv("SOLIEU_PATTERNS", str(pa))
    assert run()[1] is False  # the same data in another folder: what counts is the files' bytes
    monkeypatch.setenv("SOLIEU_PATTERNS", str(pb))
    assert run()[1] is True
    monkeypatch.setenv("SOLIEU_PATTERNS", str(pa))
    assert run()[1] is False
    monkeypatch.delenv("SOLIEU_PATTERNS")

    # another version of the tool
    assert run()[1] is False
    monkeypatch.setattr(cache_mod, "code_hash", lambda: "solieu 0.2.0")
    assert run()[1] is True
    assert run()[1] is False


def test_the_tool_version_and_code_are_in_the_key(monkeypatch):
    import importlib.metadata

    now = cache_mod.code_hash.__wrapped__()
    assert now == cache_mod.code_hash()
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9" if name == "solieu" else real(name))
    assert cache_mod.code_hash.__wrapped__() != now


def test_the_extension_is_in_the_key(tmp_path, reads):
    store = tmp_path / "cache"
    pdf = tmp_path / "in" / "ke_sat.pdf"
    pdf.parent.mkdir()
    shutil.copy(REAL / "ke_sat.pdf", pdf)
    wrong = pdf.with_name("ke_sat.docx")  # the same bytes under a Word name: another reader
    shutil.copy(pdf, wrong)
    out = list(process_many([Input(pdf, "ke_sat.pdf"), Input(wrong, "ke_sat.docx")], cache=store))
    assert [o.record.status for o in out] == ["ok", "error"]
    assert reads == [["ke_sat.pdf", "ke_sat.docx"]]


def test_a_budget_failure_is_not_stored(tmp_path, reads):
    store = tmp_path / "cache"
    files = [Input(REAL / "ke_sat.docx", "a.docx")]
    [slow] = process_many(files, budget=Budget(seconds=0.001, megabytes=3072), cache=store)
    assert slow.record.status == "error" and "quá thời gian" in slow.record.reason and slow.transient
    assert _entries(store) == []
    [fine] = process_many(files, budget=Budget(seconds=120, megabytes=3072), cache=store)
    assert fine.record.status == "ok" and fine.figures and len(reads) == 2
    assert len(_entries(store)) == 1


def test_an_internal_error_is_transient_a_read_error_is_stored(tmp_path, reads, monkeypatch):
    report = _small_report(tmp_path / "in" / "a.docx")

    def broken(path, outline=None):
        raise MemoryError()

    with monkeypatch.context() as m:
        m.setattr(batch, "extract", broken)
        out = process_one(Input(report, "a.docx"))
    assert out.record.status == "error" and "MemoryError" in out.record.reason_en and out.transient
    assert ResultCache(tmp_path / "c1").put("0" * 64, out) is False

    bad = tmp_path / "in" / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    store = tmp_path / "cache"
    [first] = process_many([Input(bad, "hong.pdf")], cache=store)
    [second] = process_many([Input(bad, "hong.pdf")], cache=store)
    assert first.record.status == second.record.status == "error" and not first.transient
    assert first.record == second.record and len(reads) == 1  # a damaged file stays damaged


def test_a_damaged_entry_is_a_miss(tmp_path, reads):
    report = _small_report(tmp_path / "in" / "a.docx")
    store = tmp_path / "cache"
    files = [Input(report, "a.docx")]
    [good] = process_many(files, cache=store)
    [entry] = _entries(store)
    for damage in (b"", b"not a pickle", entry.read_bytes()[:50], pickle.dumps(("something", "else", 3)),
                   pickle.dumps((cache_mod.FORMAT, "another key", good))):
        entry.write_bytes(damage)
        before = len(reads)
        [again] = process_many(files, cache=store)
        assert len(reads) == before + 1  # read again
        _same(good, again, seconds=False)
        assert _entries(store) == [entry]  # and stored again, whole
        with open(entry, "rb") as fh:
            assert pickle.load(fh)[2].record == again.record


def test_off_writes_nothing(tmp_path, monkeypatch, reads):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    report = _small_report(tmp_path / "in" / "a.docx")
    files = [Input(report, "a.docx")]
    monkeypatch.setenv("SOLIEU_CACHE", "off")
    assert default_folder() is None
    list(process_many(files))
    list(process_many(files))
    assert len(reads) == 2 and not home.exists()
    list(process_many(files, cache=False))
    assert not home.exists()

    monkeypatch.delenv("SOLIEU_CACHE")  # the default folder
    assert default_folder() == home / ".cache" / "solieu"
    list(process_many(files))
    assert len(_entries(home / ".cache" / "solieu")) == 1
    assert (home / ".cache" / "solieu").stat().st_mode & 0o077 == 0  # the owner's only

    monkeypatch.setenv("SOLIEU_CACHE", str(tmp_path / "elsewhere"))
    list(process_many(files))
    assert len(_entries(tmp_path / "elsewhere")) == 1


def test_old_entries_are_pruned(tmp_path):
    report = _small_report(tmp_path / "in" / "a.docx")
    store = ResultCache(tmp_path / "cache")
    old_report = _small_report(tmp_path / "in" / "b.docx", received=99)
    list(process_many([Input(report, "a.docx"), Input(old_report, "b.docx")], cache=store))
    entries = _entries(tmp_path / "cache")
    assert len(entries) == 2
    month_ago = time.time() - 31 * 86400
    old = store._path(store.key(old_report))
    os.utime(old, (month_ago, month_ago))
    assert store.prune() == 0  # pruned at most once a day: the run above looked already
    assert store.prune(force=True) == 1
    assert _entries(tmp_path / "cache") == [store._path(store.key(report))]


def test_the_command_twice_gives_the_same_outputs(tmp_path, monkeypatch):
    from extractor.cli import main

    folder = tmp_path / "in"
    shutil.copy(REAL / "ke_sat.docx", _small_report(folder / "x.docx").with_name("ke_sat.docx"))
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    monkeypatch.setenv("SOLIEU_CACHE", str(tmp_path / "cache"))
    outs = []
    for run in ("cold", "warm"):
        out = tmp_path / run
        assert main(["audit", str(folder), "--out", str(out), "--quiet"]) == 1  # hong.pdf
        outs.append(out)
    assert len(_entries(tmp_path / "cache")) == 3
    for name in ("figures.jsonl", "findings.jsonl", "unattributed.jsonl", "figures.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    docs = [[json.loads(line) for line in (o / "documents.jsonl").read_text(encoding="utf-8").splitlines()] for o in outs]
    assert docs[0] == docs[1]
