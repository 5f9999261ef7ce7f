"""No file can break the batch: each is read in a process of its own, within a time and
memory budget; a hang, a memory blow-up or a crash costs that file only."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from extractor.batch import Input, process_many
from extractor.isolation import Budget, run_isolated

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _task(item):
    kind, arg = item
    if kind == "sleep":
        time.sleep(arg)
    elif kind == "eat":
        blocks = [bytearray(2**20) for _ in range(arg)]  # noqa: F841 (arg MB)
    elif kind == "die":
        os._exit(arg)
    elif kind == "raise":
        raise RuntimeError(arg)
    return ("done", item)


def _pid_task(item):
    return ("done", os.getpid())


def _failed(item, vi, en, seconds):
    return ("failed", item, vi, en)


CASES = [
    (("sleep", 30), "quá thời gian xử lý"),
    (("eat", 600), "vượt giới hạn bộ nhớ"),
    (("die", 3), "tiến trình đọc tệp bị dừng (mã 3)"),
    (("raise", "hỏng"), "lỗi khi xử lý tệp: RuntimeError: hỏng"),
]


@pytest.mark.parametrize("bad,reason", CASES, ids=[c[0][0] for c in CASES])
def test_a_bad_item_costs_only_itself(bad, reason):
    items = [("ok", 1), bad, ("ok", 2), ("ok", 3)]
    t0 = time.monotonic()
    out = list(run_isolated(_task, items, _failed, workers=2, budget=Budget(seconds=2.0, megabytes=400)))
    assert time.monotonic() - t0 < 20
    assert [o[0] for o in out] == ["done", "failed", "done", "done"]  # in the items' order
    assert out[1][2].startswith(reason), out[1]


def test_a_reading_process_reads_one_item_after_another_and_is_replaced_after_its_share(monkeypatch):
    import extractor.isolation as iso

    monkeypatch.setattr(iso, "FILES_PER_PROCESS", 2)
    out = list(run_isolated(_pid_task, [("ok", k) for k in range(5)], _failed, workers=1, budget=Budget(10.0, 10**6)))
    pids = [pid for _, pid in out]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


# The memory cases run in a fresh interpreter: a reading process is forked from the process
# that starts it, and a test process that has read the corpus keeps hundreds of MB of freed
# heap mapped, which a forked process may fill without growing its address space.
_MEMORY_SCRIPT = r"""
import json, os, sys
import extractor.isolation as iso
from extractor.isolation import Budget, run_isolated

HELD = []

def task(item):
    kind, arg = item
    if kind == "hold":
        HELD.append(bytearray(arg * 2**20))
    elif kind == "eat":
        blocks = [bytearray(2**20) for _ in range(arg)]
    return ("done", os.getpid())

def failed(item, vi, en, seconds):
    return ("failed", item, vi, en)

items, extra, retire_mb = json.loads(sys.argv[1])
with open("/proc/self/statm", encoding="ascii") as fh:
    budget = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") // 2**20 + extra
iso._resident_mb = lambda: sum(len(b) for b in HELD) / 2**20  # what the items hold
iso.RETIRE_SHARE = retire_mb / budget if retire_mb else 10.0
print(json.dumps(list(run_isolated(task, [tuple(i) for i in items], failed, workers=1, budget=Budget(10.0, budget)))))
"""


def _in_fresh_process(items, extra_mb: int, retire_mb=None) -> list:
    """``run_isolated`` over ``items`` in a fresh interpreter, with a memory budget of
    ``extra_mb`` beyond the address space it holds then."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT, json.dumps([items, extra_mb, retire_mb])],
                          capture_output=True, text=True, timeout=120, cwd=root,
                          env=dict(os.environ, PYTHONPATH=str(root)))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("retire_mb", [250, None], ids=["retired by its memory", "memory error read again fresh"])
def test_what_an_item_leaves_behind_is_not_held_against_the_next(retire_mb):
    """The first item keeps 300 MB; the next needs 200 MB of a 400 MB budget. Either its
    process retires once it holds more than its share (here 250 MB), or (no share) the
    next item runs out of memory there and is read again in a fresh process."""
    out = _in_fresh_process([("hold", 300), ("eat", 200), ("ok", 1)], 400, retire_mb)
    assert [o[0] for o in out] == ["done", "done", "done"], out
    assert out[0][1] != out[1][1] == out[2][1]


def test_an_item_that_runs_out_of_memory_alone_is_still_an_error():
    out = _in_fresh_process([("ok", 1), ("eat", 600), ("ok", 2)], 400)
    assert [o[0] for o in out] == ["done", "failed", "done"]
    assert out[1][2].startswith("vượt giới hạn bộ nhớ")


def test_batch_turns_a_timeout_into_an_error_record_and_goes_on():
    files = [Input(REAL / "ke_sat.docx", "a.docx"), Input(REAL / "ke_sat.pdf", "b.pdf")]
    slow = list(process_many(files, workers=2, budget=Budget(seconds=0.001, megabytes=3072)))
    assert [o.record.status for o in slow] == ["error", "error"]
    assert "quá thời gian xử lý" in slow[0].record.reason and "took too long" in slow[0].record.reason_en
    fine = list(process_many(files, workers=2, budget=Budget(seconds=120, megabytes=3072)))
    assert [o.record.status for o in fine] == ["ok", "ok"] and all(o.figures for o in fine)


def test_an_output_folder_is_never_read_back(tmp_path):
    """`--out` inside the input folder: the second run reads the same reports, not the
    workbooks the first one wrote; an old output folder elsewhere under the input is
    skipped too (it holds the mark)."""
    import shutil

    from extractor.cli import main

    src = tmp_path / "bao_cao"
    src.mkdir()
    shutil.copy(REAL / "ke_sat.docx", src / "ke_sat.docx")
    assert main(["run", str(src), "--out", str(src / "ket_qua"), "--quiet"]) == 0
    first = (src / "ket_qua" / "figures.jsonl").read_text(encoding="utf-8")
    shutil.copytree(src / "ket_qua", src / "ket_qua_cu")  # an old run's folder, moved aside
    assert main(["run", str(src), "--out", str(src / "ket_qua"), "--quiet"]) == 0
    assert (src / "ket_qua" / "figures.jsonl").read_text(encoding="utf-8") == first
    docs = (src / "ket_qua" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == 1 and '"ke_sat.docx"' in docs[0]


def test_an_out_folder_that_cannot_be_written_stops_before_any_work(tmp_path, capsys):
    from extractor.cli import main

    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["run", str(REAL / "ke_sat.docx"), "--out", str(blocker / "ket_qua"), "--quiet"]) == 2
    assert "không ghi được vào --out" in capsys.readouterr().err


@pytest.mark.parametrize("suffix,kind", [(".xlsx", "Excel"), (".docx", "Word")])
def test_a_zip_bomb_is_refused_before_parsing(tmp_path, suffix, kind):
    """A few KB that would unpack to a sheet or a body of 100 MB: an error with its reason,
    in well under a second, nothing parsed."""
    import zipfile

    bomb = tmp_path / f"bomb{suffix}"
    member = "xl/worksheets/sheet1.xml" if suffix == ".xlsx" else "word/document.xml"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member, b"<a>" + b" " * (100 * 2**20) + b"</a>")
    assert bomb.stat().st_size < 200_000
    t0 = time.monotonic()
    out = list(process_many([Input(bomb, bomb.name)], workers=1))
    assert time.monotonic() - t0 < 10
    rec = out[0].record
    assert rec.status == "error" and f"tệp {kind} giải nén ra quá lớn" in rec.reason, rec
