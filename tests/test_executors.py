"""The per-document work on a Dask cluster (a LocalCluster here): the same isolation,
budgets and results as on this machine."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractor.batch import Input, process_many
from extractor.isolation import Budget

pytest.importorskip("distributed")

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


@pytest.fixture(scope="module")
def dask_reader():
    from extractor.executors import DaskReader

    reader = DaskReader("dask:local", workers=1)
    yield reader
    reader.close()


@pytest.fixture()
def files(tmp_path):
    shutil.copy(REAL / "ke_sat.docx", tmp_path / "ke_sat.docx")
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    return [Input(tmp_path / "ke_sat.docx", "ke_sat.docx"), Input(tmp_path / "hong.pdf", "hong.pdf")]


def test_a_cluster_reads_what_this_machine_reads(dask_reader, files):
    here = list(process_many(files, workers=1, cache=False))
    there = list(process_many(files, workers=1, cache=False, reader=dask_reader))
    assert [o.record.status for o in there] == ["ok", "error"]
    assert [o.figures for o in there] == [o.figures for o in here]
    assert there[1].record.reason == here[1].record.reason


def test_a_file_over_its_budget_on_a_worker_is_an_error_and_the_worker_goes_on(dask_reader, files):
    late = list(process_many(files[:1], workers=1, cache=False, reader=dask_reader, budget=Budget(seconds=0.01)))
    assert late[0].record.status == "error" and "quá thời gian" in late[0].record.reason
    again = list(process_many(files[:1], workers=1, cache=False, reader=dask_reader))
    assert again[0].record.status == "ok"


def test_the_command_takes_an_executor(tmp_path, files):
    from extractor.cli import main

    assert main(["extract", str(files[0].path), "--out", str(tmp_path / "out"), "--quiet", "--executor", "spark://x"]) == 2
    assert main(["extract", str(files[0].path), "--out", str(tmp_path / "out"), "--quiet", "--executor", "dask:local",
                 "--workers", "1"]) == 0
    assert (tmp_path / "out" / "figures.jsonl").stat().st_size > 0
