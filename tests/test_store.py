"""The workbench's store (extractor/store/), on SQLite and on PostgreSQL (``store_url`` in
conftest.py: the PostgreSQL cases need $SOLIEU_TEST_POSTGRES): the Alembic migration gives
exactly schema.py's tables; a reading comes back as it was recorded; staff decisions are
checked, replace older ones, keep their history and are told when a revised report no
longer states what they are about; ``solieu run --store`` reads a stored file only once
and applies the decisions to every output."""
from __future__ import annotations

import csv
import json
from dataclasses import replace
from html import escape
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from openpyxl import load_workbook
from sqlalchemy import Column, Integer, MetaData, Table, inspect, text

from extractor import executors
from extractor.batch import Input, process_one
from extractor.cache import file_digest, renamed
from extractor.cli import main
from extractor.compare.cells import MAIN
from extractor.store import Store, StoreError, schema
from extractor.store.migrate import alembic_config, upgrade
from extractor.store.runs import decided

ROOT = Path(__file__).resolve().parent.parent
KE_SAT = ROOT / "corpus" / "real" / "ke_sat.docx"
DO_SON = ROOT / "corpus" / "synth" / "phuong_do_son.docx"


@pytest.fixture(scope="module")
def read():
    """name -> (outcome with the audit, the file's SHA-256, its bytes), read once."""
    out = {}
    for name, path in (("ke_sat", KE_SAT), ("do_son", DO_SON)):
        out[name] = (process_one(Input(path, path.name), audit=True), file_digest(path), path.read_bytes())
    return out


@pytest.fixture
def store(store_url, read):
    """A store holding Kẻ Sặt's and Đồ Sơn's reports (read with the audit)."""
    s = Store(store_url)
    for outcome, sha, content in read.values():
        s.record(outcome, sha, content, audit=True)
    s.refresh_rounds()
    yield s
    s.close()


def figure(store: Store, document: str, indicator: str, category: str | None = None) -> dict:
    [fig] = [f for f in store.figures(document) if f["indicator"] == indicator and f["category"] == category]
    return fig


def sum_finding(store: Store, document: str = "ke_sat.docx") -> dict:
    [found] = [f for f in store.findings(document) if f["rule"] == "sum_mismatch" and f["indicators"] == ["schools"]]
    return found


# ---- tables -------------------------------------------------------------------------------
def test_migration_gives_exactly_the_schema_tables(store_url):
    store = Store(store_url)  # runs the migration
    try:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with store.engine.connect() as c:
            context = MigrationContext.configure(c, opts={"compare_type": True})
            assert compare_metadata(context, schema.metadata) == []
            more = MetaData()  # the comparison does see a table the migration did not make
            for table in schema.metadata.tables.values():
                table.to_metadata(more)
            Table("extra", more, Column("id", Integer, primary_key=True))
            assert [(d[0], d[1].name) for d in compare_metadata(context, more)] == [("add_table", "extra")]
            assert set(inspect(c).get_table_names()) == set(schema.metadata.tables) | {"alembic_version"}
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head]
    finally:
        store.close()


def test_upgrading_again_keeps_the_tables_and_what_they_hold(store_url, read):
    outcome, sha, content = read["ke_sat"]
    store = Store(store_url)
    store.record(outcome, sha, content, audit=True)
    upgrade(store.engine)
    store.close()
    again = Store(store_url)  # opening a store migrates it: a third time
    try:
        assert [d["sha256"] for d in again.documents()] == [sha]
        assert again.outcome(sha, "ke_sat.docx", audit=True) == outcome
        with again.engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        again.close()


# ---- readings -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ke_sat", "do_son"])
def test_a_recorded_outcome_comes_back_equal_under_another_name(store_url, read, name):
    outcome, sha, content = read[name]
    store = Store(store_url)
    try:
        store.record(outcome, sha, content, audit=True)
        back = store.outcome(sha, "nộp lại/bản sao.docx", audit=True)
        assert back == renamed(outcome, "nộp lại/bản sao.docx")
        assert back.figures and {f["document"] for f in back.figures} == {"nộp lại/bản sao.docx"}
        assert store.blob(sha) == content
    finally:
        store.close()


@pytest.mark.parametrize("recorded, asked, served", [
    ("audited", "audit", True),
    ("audited", "no audit", True),
    ("unaudited", "no audit", True),
    ("unaudited", "audit", False),
    ("transient", "no audit", False),
    ("transient", "audit", False),
    ("nothing", "no audit", False),
])
def test_stored_says_which_files_need_reading(store_url, read, recorded, asked, served):
    outcome, sha, content = read["ke_sat"]
    store = Store(store_url)
    try:
        if recorded != "nothing":
            store.record(replace(outcome, transient=recorded == "transient"), sha, content, audit=recorded != "unaudited")
        row = store.stored(sha, audit=asked == "audit")
        assert (row is not None) == served
        assert (store.outcome(sha, "x.docx", audit=asked == "audit") is not None) == served
        if served:
            assert row["sha256"] == sha and row["document"] == "ke_sat.docx"
    finally:
        store.close()


# ---- decisions on figures -----------------------------------------------------------------
@pytest.mark.parametrize("indicator, category, body, expect", [
    ("population", None, {"value": "40.123"}, {"value": 40123}),
    ("population", None, {"value": 40123}, {"value": 40123}),
    ("area_km2", None, {"value": "24,5"}, {"value": 24.5}),
    ("schools", "mầm non", {"category": "tiểu học"}, {"category": "tiểu học", "value": 4}),
    ("schools", "mầm non", {"category": ""}, {"category": None}),
    ("population", None, {"indicator": "villages"}, {"indicator": "villages", "label": "Số thôn, tổ dân phố", "unit": "thôn"}),
    ("population", None, {"period_end": "2026-04-30"}, {"period_end": "2026-04-30", "value": 39554}),
])
def test_correct_changes_what_it_names_and_keeps_the_original_value(store, indicator, category, body, expect):
    before = figure(store, "ke_sat.docx", indicator, category)
    out = store.decide_figure(before["id"], {"action": "correct", "reviewer": "Lan", "note": "bản giấy", **body})
    assert {k: out[k] for k in expect} == expect
    assert out["check"] is False and out["id"] == before["id"]
    assert out["decision"]["action"] == "correct" and out["decision"]["reviewer"] == "Lan"
    assert out["decision"]["original_value"] == before["value"]
    assert [f for f in store.figures("ke_sat.docx") if f["id"] == before["id"]] == [out]


@pytest.mark.parametrize("target, body, status", [
    ("population", {"action": "correct", "value": "bốn mươi"}, 400),
    ("population", {"action": "correct", "value": True}, 400),
    ("population", {"action": "correct", "indicator": "khong_co_chi_tieu"}, 400),
    ("schools", {"action": "correct", "category": "đại học"}, 400),
    ("population", {"action": "correct", "category": "mầm non"}, 400),
    ("population", {"action": "correct"}, 400),
    ("population", {"action": "correct", "period_end": "30/04/2026"}, 400),
    ("population", {"action": "approve"}, 400),
    ("population", {"action": "correct", "value": 1, "reviewer": "  "}, 400),
    ("no such id", {"action": "correct", "value": 1}, 404),
])
def test_a_bad_figure_decision_is_refused_and_nothing_kept(store, target, body, status):
    fid = 10 ** 9 if target == "no such id" else figure(store, "ke_sat.docx", target, "mầm non" if target == "schools" else None)["id"]
    with pytest.raises(StoreError) as err:
        store.decide_figure(fid, {"reviewer": "Lan", **body})
    assert err.value.status == status and err.value.vi and err.value.en
    assert store.decision_history() == []


@pytest.mark.parametrize("action, shown, check", [("accept", True, False), ("reject", False, None)])
def test_accept_and_reject(store, read, action, shown, check):
    fid = figure(store, "ke_sat.docx", "population")["id"]
    out = store.decide_figure(fid, {"action": action, "reviewer": "Lan"})
    assert out["decision"]["action"] == action and out["value"] == 39554
    run = decided(read["ke_sat"][0], store.active_decisions(), read["ke_sat"][1])
    kept = [f for f in run.figures if f["indicator"] == "population"]
    assert (len(kept) == 1) == shown and run.record.figures == len(run.figures)
    if shown:
        assert kept[0]["check"] is check and kept[0]["decision"]["action"] == action
    others = [f for f in run.figures if f["indicator"] != "population"]
    assert others and all(f["decision"] is None for f in others)


def test_a_newer_decision_replaces_the_older_and_history_is_kept(store):
    fid = figure(store, "ke_sat.docx", "population")["id"]
    store.decide_figure(fid, {"action": "correct", "value": 1, "reviewer": "Lan"})
    store.decide_figure(fid, {"action": "reject", "reviewer": "Minh"})
    last = store.decide_figure(fid, {"action": "correct", "value": "2", "reviewer": "Hà"})
    assert last["value"] == 2 and last["decision"]["reviewer"] == "Hà"
    assert last["decision"]["original_value"] == 39554  # what the report says, not the first correction
    history = store.decision_history()
    assert [(d["action"], d["reviewer"]) for d in history] == [("correct", "Lan"), ("reject", "Minh"), ("correct", "Hà")]
    assert [d["replaced_by"] for d in history] == [history[1]["id"], history[2]["id"], None]
    assert [d["id"] for d in store.active_decisions().values()] == [history[2]["id"]]


# ---- findings and added figures -------------------------------------------------------------
@pytest.mark.parametrize("body, action", [
    ({"action": "waive"}, None),
    ({"action": "waive", "note": "   "}, None),
    ({"action": "waive", "note": "đã hỏi xã: số 16 gồm cả điểm trường"}, "waive"),
    ({"action": "confirm"}, "confirm"),
    ({"action": "dismiss", "note": "x"}, None),
])
def test_waiving_a_finding_needs_a_note(store, body, action):
    fid = sum_finding(store)["id"]
    if action is None:
        with pytest.raises(StoreError) as err:
            store.decide_finding(fid, {"reviewer": "Lan", **body})
        assert err.value.status == 400 and store.decision_history() == []
        assert sum_finding(store)["decision"] is None
    else:
        out = store.decide_finding(fid, {"reviewer": "Lan", **body})
        assert out["decision"]["action"] == action and sum_finding(store) == out
    with pytest.raises(StoreError) as err:
        store.decide_finding(10 ** 9, {"action": "confirm", "reviewer": "Lan"})
    assert err.value.status == 404


@pytest.mark.parametrize("body, status", [
    ({"indicator": "population", "value": "41.000", "quote": "Dân số toàn xã 41.000 người", "text": "41.000"}, None),
    ({"indicator": "population", "value": "41.000"}, 400),
    ({"indicator": "khong_co_chi_tieu", "value": 1, "quote": "1"}, 400),
    ({"indicator": "schools", "category": "đại học", "value": 1, "quote": "1 trường"}, 400),
])
def test_add_figure(store, read, body, status):
    if status is not None:
        with pytest.raises(StoreError) as err:
            store.add_figure("ke_sat.docx", {"reviewer": "Lan", **body})
        assert err.value.status == status and store.decision_history() == []
        return
    out = store.add_figure("ke_sat.docx", {"reviewer": "Lan", **body})
    assert (out["value"], out["indicator"], out["unit_code"], out["decision"]["action"]) == (41000, "population", "10945", "add")
    assert out["quote"][out["source"]["start"]:out["source"]["end"]] == "41.000"
    assert store.figures("ke_sat.docx")[-1] == out and all(f["id"] != out["id"] for f in store.figures("phuong_do_son.docx"))
    outcome, sha, _ = read["ke_sat"]
    assert decided(outcome, store.active_decisions(), sha).figures[-1]["value"] == 41000
    assert decided(outcome, store.active_decisions(), "0" * 64).figures[-1]["value"] != 41000  # added to that file only


@pytest.mark.parametrize("revised_drops, conflict", [("population", True), ("area_km2", False)])
def test_conflicts_with_a_revised_report_of_the_same_unit(store, read, revised_drops, conflict):
    outcome, _, _ = read["ke_sat"]
    made = store.decide_figure(figure(store, "ke_sat.docx", "population")["id"],
                               {"action": "correct", "value": 40000, "reviewer": "Lan"})["decision"]
    assert store.conflicts() == []
    revised = renamed(outcome, "ke_sat_bổ sung.docx")
    revised = replace(revised, figures=tuple(f for f in revised.figures if f["indicator"] != revised_drops))
    store.record(revised, "f" * 64, b"revised", audit=True)
    store.refresh_rounds()
    docs = {d["document"]: d for d in store.documents()}
    assert docs["ke_sat_bổ sung.docx"]["round"] == docs["ke_sat.docx"]["round"] is not None
    found = store.conflicts()
    assert [(c.decision["id"], c.document) for c in found] == ([(made["id"], "ke_sat_bổ sung.docx")] if conflict else [])
    if not conflict:  # the decision applies to the revised report too
        assert figure(store, "ke_sat_bổ sung.docx", "population")["value"] == 40000


# ---- solieu run --store ----------------------------------------------------------------------
def test_run_with_store_reads_once_and_applies_decisions(store_url, tmp_path, monkeypatch):
    reads = []
    real = executors.run_isolated

    def spy(task, items, *args, **kwargs):
        reads.append(sorted(i.document for i in items))
        return real(task, items, *args, **kwargs)

    monkeypatch.setattr(executors, "run_isolated", spy)
    run = lambda out: main(["run", str(ROOT / "corpus" / "real"), "--out", str(tmp_path / out), "--store", store_url, "--quiet"])
    lines = lambda out, name: [json.loads(x) for x in (tmp_path / out / name).read_text(encoding="utf-8").splitlines()]

    assert run("A") == 0
    assert reads == [["ke_sat.docx", "ke_sat.pdf"]]
    store = Store(store_url)
    try:
        first = store.documents()
        assert sorted(d["document"] for d in first) == ["ke_sat.docx", "ke_sat.pdf"]
        assert run("B") == 0
        assert reads == [["ke_sat.docx", "ke_sat.pdf"]]  # nothing read the second time
        assert store.documents() == first  # same rows, same ingested_at
        assert lines("B", "figures.jsonl") == lines("A", "figures.jsonl")

        population = figure(store, "ke_sat.docx", "population")
        store.decide_figure(population["id"], {"action": "correct", "value": "40.123", "reviewer": "Lan"})
        store.decide_figure(figure(store, "ke_sat.docx", "area_km2")["id"], {"action": "reject", "reviewer": "Lan"})
        waived = store.decide_finding(sum_finding(store)["id"], {"action": "waive", "reviewer": "Lan", "note": "đúng"})
        on_time = figure(store, "ke_sat.docx", "dossiers_resolved", "trước hạn và đúng hạn")  # 118.981 of 12.258
        store.decide_figure(on_time["id"], {"action": "correct", "value": 11898, "reviewer": "Lan"})
    finally:
        store.close()
    assert run("C") == 0
    assert reads == [["ke_sat.docx", "ke_sat.pdf"]]

    figs = {f["indicator"]: f for f in lines("C", "figures.jsonl") if f["document"] == "ke_sat.docx"}
    assert figs["population"]["value"] == 40123
    assert figs["population"]["decision"]["original_value"] == 39554
    assert "area_km2" not in figs and "area_km2" in {f["indicator"] for f in lines("A", "figures.jsonl")}

    def long(out):
        with open(tmp_path / out / "comparison_long.csv", encoding="utf-8", newline="") as fh:
            return {r["indicator"]: r["value"] for r in csv.DictReader(fh) if r["document"] == "ke_sat.docx" and not r["category"]}

    assert (long("A")["population"], long("A")["area_km2"]) == ("39554", "24.67")
    assert long("C")["population"] == "40123" and "area_km2" not in long("C")

    def sheet_values(out):
        ws = load_workbook(tmp_path / out / "comparison.xlsx", read_only=True)[MAIN]
        return {c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, (int, float))}

    assert {39554, 24.67} <= sheet_values("A")
    assert 40123 in sheet_values("C") and not {39554, 24.67} & sheet_values("C")

    finding = [f for f in lines("C", "findings.jsonl")
               if f["document"] == "ke_sat.docx" and f["rule"] == "sum_mismatch" and f["indicators"] == ["schools"]]
    assert [f["decision"]["action"] for f in finding] == ["waive"]
    exceeds = lambda out: [f for f in lines(out, "findings.jsonl") if f["document"] == "ke_sat.docx" and f["rule"] == "part_exceeds_total"]
    assert len(exceeds("A")) == 1 and exceeds("C") == []  # worked out again from the corrected figure
    message = escape(waived["message"])
    assert message in (tmp_path / "A" / "audit.html").read_text(encoding="utf-8")
    assert message not in (tmp_path / "C" / "audit.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("url, said", [
    ("mysql://u:p@localhost/db", "--store phải là"),
    ("postgresql://nobody:x@127.0.0.1:1/none", "không mở được kho dữ liệu"),
])
def test_a_bad_store_url_exits_2_in_vietnamese(tmp_path, capsys, url, said):
    assert main(["run", str(KE_SAT), "--out", str(tmp_path / "o"), "--store", url, "--quiet"]) == 2
    assert said in capsys.readouterr().err
