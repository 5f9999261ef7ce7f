"""The output folder as one set: a lock, the new set switched in at once, no debris,
run.json, and nothing redone when nothing changed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor import cli
from extractor.output_folder import open_output_set

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


@pytest.fixture()
def folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REAL / "ke_sat.docx", src / "ke_sat.docx")
    return src


def _run(src, out, *more):
    return cli.main(["run", str(src), "--out", str(out), "--quiet", *more])


def test_a_run_writes_run_json_and_leaves_no_temporary_files(folder, tmp_path):
    out = tmp_path / "out"
    assert _run(folder, out) == 0
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["command"][:2] == ["solieu", "run"] and run["exit"] == 0 and run["version"]
    assert run["counts"]["ok"] == 1 and run["counts"]["figures"] > 100
    assert run["inputs"] == [{"document": "ke_sat.docx", "sha256": run["inputs"][0]["sha256"]}]
    assert set(run["outputs"]) == {p.name for p in out.iterdir() if p.name != ".solieu-output"}
    assert "figures.xlsx" in run["outputs"] and "comparison.xlsx" in run["outputs"]
    assert not [p for p in tmp_path.iterdir() if "solieu-new" in p.name]
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".solieu-output"]


def test_a_second_run_into_a_held_folder_stops_before_any_work(folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    held = open_output_set(out)  # another run, still writing
    try:
        monkeypatch.setattr(cli, "process_many", _must_not_read)
        assert _run(folder, out) == 2
        assert "đang được một lần chạy khác ghi" in capsys.readouterr().err
    finally:
        held.release()
    monkeypatch.undo()
    assert _run(folder, out) == 0  # the lock went with the other run


def test_a_run_that_fails_keeps_the_old_set_whole(folder, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert _run(folder, out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.copy(REAL / "ke_sat.pdf", folder / "ke_sat.pdf")  # something new to do

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng giữa chừng")

    import extractor.compare

    monkeypatch.setattr(extractor.compare, "write_compare_outputs", broken)
    assert _run(folder, out) == cli.INTERNAL_ERROR
    assert "lỗi nội bộ" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # not one new file beside the old ones
    assert not [p for p in tmp_path.iterdir() if "solieu-new" in p.name]


def test_what_a_killed_run_left_is_removed_and_files_of_the_user_stay(folder, tmp_path):
    out = tmp_path / "out"
    assert _run(folder, out) == 0
    left = tmp_path / ".out.solieu-new-99999999"
    (left / "sub").mkdir(parents=True)
    (left / "figures.jsonl").write_text("{}", encoding="utf-8")
    (out / "ghi_chu.txt").write_text("của tôi", encoding="utf-8")
    (folder / "ke_sat_2.docx").write_bytes((folder / "ke_sat.docx").read_bytes())
    assert _run(folder, out) == 0
    assert not left.exists()
    assert (out / "ghi_chu.txt").read_text(encoding="utf-8") == "của tôi"
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert len(run["inputs"]) == 2


def test_where_folders_cannot_be_exchanged_the_files_are_moved_in(folder, tmp_path, monkeypatch):
    import extractor.output_folder as of

    monkeypatch.setattr(of, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    assert _run(folder, out) == 0
    assert (out / "run.json").exists() and (out / "figures.jsonl").stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if "solieu-new" in p.name]


def test_nothing_changed_means_nothing_redone(folder, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert _run(folder, out) == 0
    capsys.readouterr()
    monkeypatch.setattr(cli, "process_many", _must_not_read)
    assert _run(folder, out) == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out
    (folder / "ke_sat.docx").write_bytes((REAL / "ke_sat.docx").read_bytes() + b"\0")  # the bytes changed
    assert _run(folder, out) == cli.INTERNAL_ERROR  # it tried to read again
    assert "the files were read again" in capsys.readouterr().err
    monkeypatch.undo()
    (folder / "ke_sat.docx").write_bytes((REAL / "ke_sat.docx").read_bytes())
    (out / "figures.csv").unlink()  # an output is missing: redo
    assert _run(folder, out) == 0 and (out / "figures.csv").exists()


def _must_not_read(*args, **kwargs):
    raise AssertionError("the files were read again")
