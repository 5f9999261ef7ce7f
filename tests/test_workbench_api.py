"""The workbench's JSON API (contract.md, Workbench) and its safety, on SQLite and
PostgreSQL (``store_url`` in conftest.py), through Flask's test client."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from extractor.batch import Input, process_one
from extractor.cache import file_digest
from extractor.store import open_store
from extractor.workbench.app import create_app

ROOT = Path(__file__).resolve().parents[1]
KE_SAT = ROOT / "corpus" / "real" / "ke_sat.docx"


@pytest.fixture(scope="module")
def ke_sat():
    return process_one(Input(KE_SAT, "ke_sat.docx"), audit=True), file_digest(KE_SAT)


@pytest.fixture
def store(store_url, ke_sat):
    s = open_store(store_url)
    outcome, sha = ke_sat
    s.record(outcome, sha, KE_SAT.read_bytes(), audit=True)
    s.refresh_rounds()
    yield s
    s.close()


@pytest.fixture
def client(store):
    app = create_app(store)
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def test_health_and_documents_have_the_contract_fields(client):
    assert client.get("/api/health").json == {"status": "ok"}
    docs = client.get("/api/documents").json
    assert len(docs) == 1
    assert {"id", "document", "sha256", "status", "commune", "unit_code", "round"} <= set(docs[0])
    assert docs[0]["commune"] == "Kẻ Sặt" and docs[0]["status"] == "ok" and docs[0]["round"]


def test_figures_carry_id_confidence_and_no_decision_yet(client, ke_sat):
    figs = client.get("/api/figures?document=ke_sat.docx").json
    assert len(figs) == len(ke_sat[0].figures)
    assert all(isinstance(f["id"], int) and 0 <= f["confidence"] <= 1 and f["decision"] is None for f in figs)
    assert figs[0]["source"] == ke_sat[0].figures[0]["source"]


def _first(client, **want):
    return next(f for f in client.get("/api/figures?document=ke_sat.docx").json
                if all(f.get(k) == v for k, v in want.items()))


@pytest.mark.parametrize("body, value", [
    ({"value": 1243}, 1243),
    ({"value": "1.243"}, 1243),  # as a clerk types it
    ({"value": "24,5"}, 24.5),
    ({"value": "0,485"}, 0.485),  # as the correction form shows a stored 0.485
], ids=["number", "dotted-thousands", "decimal-comma", "three-decimals"])
def test_a_correction_changes_the_value_and_keeps_the_source(client, body, value):
    fig = _first(client, indicator="dossiers_received", category=None)
    out = client.post(f"/api/figures/{fig['id']}/decision", json={"action": "correct", "reviewer": "Lan", "note": "bản giấy", **body})
    assert out.status_code == 200
    rec = out.json
    assert rec["value"] == value and rec["source"] == fig["source"] and rec["check"] is False
    assert rec["decision"]["action"] == "correct" and rec["decision"]["original_value"] == fig["value"]
    assert rec["decision"]["reviewer"] == "Lan" and rec["decision"]["note"] == "bản giấy" and rec["decision"]["at"]


@pytest.mark.parametrize("request_kwargs, status, words", [
    ({"json": {"action": "bogus", "reviewer": "Lan"}}, 400, "accept"),
    ({"json": {"action": "accept"}}, 400, "reviewer"),
    ({"json": {"action": "correct", "reviewer": "Lan", "value": "mười"}}, 400, "must be a number"),
    ({"json": {"action": "correct", "reviewer": "Lan", "value": "1e400"}}, 400, "must be a number"),
    ({"json": {"action": "correct", "reviewer": "Lan", "value": "nan"}}, 400, "must be a number"),
    ({"json": {"action": "correct", "reviewer": "Lan", "value": -5}}, 400, "must be a number"),
    ({"json": {"action": "correct", "reviewer": "Lan", "indicator": "no_such"}}, 400, "no indicator"),
    ({"json": {"action": "correct", "reviewer": "Lan", "category": "ngoài đề cương"}}, 400, "no category"),
    ({"data": "action=accept", "content_type": "application/x-www-form-urlencoded"}, 415, "JSON"),
    ({"json": {"action": "accept", "reviewer": "Lan"}, "headers": {"Origin": "http://evil.example"}}, 403, "another site"),
], ids=["unknown-action", "no-reviewer", "value-in-words", "value-too-large", "value-nan", "value-negative", "unknown-indicator", "unknown-category", "a-form-post",
        "another-origin"])
def test_a_bad_decision_is_a_json_error_and_changes_nothing(client, store, request_kwargs, status, words):
    fig = _first(client, indicator="dossiers_received", category=None)
    out = client.post(f"/api/figures/{fig['id']}/decision", **request_kwargs)
    assert out.status_code == status
    assert words in out.json["error"] and out.json["error_vi"]
    assert store.decision_history() == []


@pytest.mark.parametrize("path", ["/api/figures?document=nope.docx", "/api/findings?document=nope.docx"],
                         ids=["figures", "findings"])
def test_an_unknown_document_is_404(client, path):
    out = client.get(path)
    assert out.status_code == 404 and out.json["error_vi"]


def test_an_unknown_figure_is_404(client):
    out = client.post("/api/figures/999999/decision", json={"action": "accept", "reviewer": "Lan"})
    assert out.status_code == 404 and "no such figure" in out.json["error"]


def test_findings_are_confirmed_or_waived_with_a_reason(client):
    finding = client.get("/api/findings?document=ke_sat.docx").json[0]
    assert finding["decision"] is None
    no_reason = client.post(f"/api/findings/{finding['id']}/decision", json={"action": "waive", "reviewer": "Lan"})
    assert no_reason.status_code == 400
    out = client.post(f"/api/findings/{finding['id']}/decision", json={"action": "waive", "reviewer": "Lan", "note": "xã đã giải trình"})
    assert out.json["decision"]["action"] == "waive" and out.json["decision"]["note"] == "xã đã giải trình"
    again = client.post(f"/api/findings/{finding['id']}/decision", json={"action": "confirm", "reviewer": "Hà"})
    assert again.json["decision"]["action"] == "confirm"  # the newer decision holds


def test_the_compare_page_builds_the_data_files_alone_and_a_workbook_download_builds_all(store):
    """After a decision the compare page waits for the data files only (no workbook is
    built for it); a workbook asked for then gets a full build, which the data files
    then come from too, until the next decision."""
    from extractor.workbench.exports import export_folder

    fig = store.figures("ke_sat.docx")[0]
    store.decide_figure(fig["id"], {"action": "accept", "reviewer": "Lan"})
    light = export_folder(store)
    assert (light / "comparison_long.csv").is_file() and (light / "findings.jsonl").is_file()
    assert not list(light.glob("*.xlsx")) and not (light / "audit.html").exists()
    assert export_folder(store, name="figures.jsonl") == light
    full = export_folder(store, name="comparison.xlsx")
    assert full != light and {"comparison.xlsx", "figures.xlsx", "audit.xlsx", "audit.html"} <= {p.name for p in full.iterdir()}
    assert (full / "comparison_long.csv").read_bytes() == (light / "comparison_long.csv").read_bytes()
    assert export_folder(store, name="figures.csv") == full
    store.decide_figure(fig["id"], {"action": "reject", "reviewer": "Lan"})
    assert export_folder(store) not in (light, full) and not light.exists() and not full.exists()


def test_exports_carry_the_decisions(client):
    fig = _first(client, indicator="dossiers_received", category=None)
    gone = next(f for f in client.get("/api/figures?document=ke_sat.docx").json
                if f["indicator"] != fig["indicator"] and f["period_end"])
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "correct", "reviewer": "Lan", "value": 99991})
    client.post(f"/api/figures/{gone['id']}/decision", json={"action": "reject", "reviewer": "Lan"})
    figures = [json.loads(line) for line in client.get("/api/export/figures.jsonl").data.decode().splitlines()]
    corrected = [f for f in figures if f["value"] == 99991]
    assert len(corrected) == 1 and corrected[0]["decision"]["original_value"] == fig["value"]
    assert not [f for f in figures if f["quote"] == gone["quote"] and f["indicator"] == gone["indicator"]
                and f["category"] == gone["category"] and f["period_end"] == gone["period_end"]]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/comparison_long.csv").data.decode("utf-8"))))
    assert any(r["value"] == "99991" and r["indicator"] == fig["indicator"] for r in rows)
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/api/export/comparison.xlsx").data))
    cells = [c for c in wb["So sánh"].iter_rows() for c in c if c.value == 99991]
    assert cells and "Đã sửa" in cells[0].comment.text


def test_an_added_figure_is_kept_and_exported(client, store):
    doc = client.get("/api/documents").json[0]
    body = {"reviewer": "Lan", "indicator": "dossiers_received", "value": "777", "text": "777",
            "quote": "Tiếp nhận 777 hồ sơ", "period_end": "2026-04-30"}
    out = client.post(f"/api/documents/{doc['id']}/figures", json=body)
    assert out.status_code == 201 and out.json["value"] == 777 and out.json["decision"]["action"] == "add"
    figures = [json.loads(line) for line in client.get("/api/export/figures.jsonl").data.decode().splitlines()]
    assert any(f["value"] == 777 and f["quote"] == "Tiếp nhận 777 hồ sơ" for f in figures)


def test_upload_reads_the_report_once_and_takes_no_path_from_the_client(client, tmp_path):
    data = {"files": (io.BytesIO(KE_SAT.read_bytes()), "../../../tmp/ke_sat ban sao.docx")}
    out = client.post("/api/ingest", data=data, headers={"X-Solieu": "1"}, content_type="multipart/form-data")
    assert out.status_code == 200
    assert out.json == [{"document": "ke_sat ban sao.docx", "status": "known", "reason": None, "reason_en": None,
                         "id": out.json[0]["id"], "figures": out.json[0]["figures"]}]
    assert not Path("/tmp/ke_sat ban sao.docx").exists()


def test_upload_needs_the_pages_header(client):
    data = {"files": (io.BytesIO(b"%PDF-1.4"), "a.pdf")}
    assert client.post("/api/ingest", data=data, content_type="multipart/form-data").status_code == 403


def test_a_broken_upload_gets_its_reason(client):
    data = {"files": (io.BytesIO(b"PK\x03\x04 not really a docx"), "hong.docx")}
    out = client.post("/api/ingest", data=data, headers={"X-Solieu": "1"}, content_type="multipart/form-data").json[0]
    assert out["status"] == "error" and out["reason"] and out["reason_en"]


def test_an_upload_over_the_limit_is_413(store):
    app = create_app(store, max_upload=1000)
    out = app.test_client().post("/api/ingest", data={"files": (io.BytesIO(b"x" * 5000), "a.pdf")},
                                 headers={"X-Solieu": "1"}, content_type="multipart/form-data")
    assert out.status_code == 413 and out.json["error_vi"]


def test_a_form_without_its_csrf_token_is_refused(client):
    out = client.post("/ingest", data={"files": (io.BytesIO(b"x"), "a.pdf")}, content_type="multipart/form-data")
    assert out.status_code == 400


def test_with_a_token_every_request_needs_it(store):
    app = create_app(store, token="t0k-secret")
    c = app.test_client()
    assert c.get("/api/health").status_code == 401
    assert c.get("/api/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/health", headers={"Authorization": "Bearer t0k-secret"}).status_code == 200
    page = c.get("/")
    assert page.status_code == 401 and b'name="token"' in page.data
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    assert c.post("/login", data={"token": "wrong", "csrf_token": token}).status_code == 401
    assert c.post("/login", data={"token": "t0k-secret", "csrf_token": token, "next": "/"}).status_code == 302
    assert c.get("/").status_code == 200 and c.get("/api/documents").status_code == 200


def test_wrong_tokens_over_and_over_lock_the_client_out(store):
    """Ten wrong tokens from one address (header or sign-in form, together) and that address
    gets 429 for the rest of the window, the right token included; another address does not."""
    from extractor.workbench.app import MAX_FAILURES

    app = create_app(store, token="t0k-secret")
    c = app.test_client()
    page = c.get("/")
    csrf_token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    for k in range(MAX_FAILURES):
        if k % 2:
            assert c.post("/login", data={"token": f"guess{k}", "csrf_token": csrf_token}).status_code == 401
        else:
            assert c.get("/api/health", headers={"Authorization": f"Bearer guess{k}"}).status_code == 401
    locked = c.get("/api/health", headers={"Authorization": "Bearer t0k-secret"})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "quá nhiều lần" in locked.get_json()["error_vi"]
    assert c.post("/login", data={"token": "t0k-secret", "csrf_token": csrf_token}).status_code == 429
    other = app.test_client()
    assert other.get("/api/health", headers={"Authorization": "Bearer t0k-secret"},
                     environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200


def test_failures_leave_the_window():
    from extractor.workbench.app import Failures

    now = [0.0]
    f = Failures(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        f.record("a")
    assert f.wait("a") == 60 and f.wait("b") == 0
    now[0] = 61
    assert f.wait("a") == 0


@pytest.mark.parametrize("argv, code", [
    (["serve", "--host", "0.0.0.0"], 2),
    (["serve", "--host", "192.168.1.5", "--store", "mysql://x"], 2),
    (["serve", "--host", "0.0.0.0", "--token", "short"], 2),
], ids=["all-addresses-without-token", "bad-store-url", "token-too-short"])
def test_serve_refuses_to_start_unsafely(argv, code, capsys, monkeypatch):
    from extractor.cli import main

    monkeypatch.delenv("SOLIEU_TOKEN", raising=False)
    assert main(argv) == code
    assert "solieu serve" in capsys.readouterr().err


def test_the_round_lists_units_not_reported(store):
    from extractor.gazetteer import load_gazetteer
    from extractor.workbench.views import round_status

    rnd = store.documents()[0]["round"]
    status = round_status(store, rnd)
    assert status["reported"] == 1 and status["units"] == len(load_gazetteer().units_in())
    assert len(status["missing"]) == status["units"] - 1
    assert "10945" not in {u["unit_code"] for u in status["missing"]}


def test_the_send_back_form_lists_open_findings(client):
    from docx import Document

    findings = client.get("/api/findings?document=ke_sat.docx").json
    open_ = [f for f in findings if f["severity"] in ("error", "warning")]
    waived = open_[0]
    client.post(f"/api/findings/{waived['id']}/decision", json={"action": "waive", "reviewer": "Lan", "note": "đã rõ"})
    out = client.get("/api/sendback?unit=10945")
    assert out.status_code == 200
    doc = Document(io.BytesIO(out.data))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.paragraphs[0].text and "PHIẾU ĐỀ NGHỊ GIẢI TRÌNH" in doc.paragraphs[1].text
    assert len(doc.tables[0].rows) == len(open_)  # a header row, and each open finding but the waived one
    assert client.get("/api/sendback?unit=99999").status_code == 404


def test_the_other_routes_answer_what_the_pages_need(client, store, ke_sat):
    fig = _first(client, indicator="dossiers_received", category=None)
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "correct", "reviewer": "Lan", "value": 5})
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "accept", "reviewer": "Hà"})
    history = client.get("/api/decisions").json
    assert [d["action"] for d in history] == ["correct", "accept"] and history[0]["replaced_by"] == history[1]["id"]
    assert client.get("/api/conflicts").json == []
    rounds = client.get("/api/rounds").json
    assert len(rounds) == 1 and rounds[0]["reported"] == 1 and len(rounds[0]["missing"]) == rounds[0]["units"] - 1
    rows = client.get("/api/history?unit=10945&indicator=dossiers_received").json
    assert rows and {r["indicator"] for r in rows} == {"dossiers_received"} and rows[0]["round"] == rounds[0]["name"]
    assert len(client.get("/api/unattributed?document=ke_sat.docx").json) == len(ke_sat[0].unattributed)
    assert client.get("/api/history").status_code == 400
    assert client.get("/api/export/nothing.txt").status_code == 404


def test_a_pdf_page_is_an_image(store, ke_sat):
    pdf = KE_SAT.with_suffix(".pdf")
    outcome = process_one(Input(pdf, "ke_sat.pdf"), audit=True)
    doc_id = store.record(outcome, file_digest(pdf), pdf.read_bytes(), audit=True)
    c = create_app(store).test_client()
    page = c.get(f"/api/documents/{doc_id}/pages/1.png")
    assert page.status_code == 200 and page.data.startswith(b"\x89PNG")
    assert c.get(f"/api/documents/{doc_id}/pages/999.png").status_code == 404
    review = c.get(f"/documents/{doc_id}")
    assert review.status_code == 200 and b'class="box"' in review.data  # figures boxed on the page images


def test_a_failed_recording_leaves_no_half_document_and_keeps_decisions(store, ke_sat, monkeypatch):
    fig = store.figures("ke_sat.docx")[0]
    store.decide_figure(fig["id"], {"action": "accept", "reviewer": "Lan"})
    import extractor.store.store as module

    real_insert = module.insert

    def failing(table):
        if table is module.t.findings:
            raise RuntimeError("mất điện giữa chừng")
        return real_insert(table)

    monkeypatch.setattr(module, "insert", failing)
    outcome, _ = ke_sat
    with pytest.raises(RuntimeError):
        store.record(outcome, "f" * 64, b"x", audit=True)
    monkeypatch.setattr(module, "insert", real_insert)
    assert store.stored("f" * 64) is None and len(store.documents()) == 1
    assert store.figures("ke_sat.docx")[0]["decision"]["action"] == "accept"


@pytest.mark.parametrize("host, status", [("localhost", 200), ("127.0.0.1:8765", 200), ("[::1]:8765", 200),
                                          ("evil.example:8765", 403), ("192.168.1.5:8765", 403)],
                         ids=["localhost", "loopback-v4", "loopback-v6", "rebound-name", "lan-address"])
def test_without_a_token_only_this_machines_names_are_answered(store, host, status):
    """DNS rebinding: another site's page that makes its own name point at 127.0.0.1 is refused."""
    c = create_app(store).test_client()
    assert c.get("/api/health", headers={"Host": host}).status_code == status
    assert c.post("/api/figures/1/decision", json={"action": "accept", "reviewer": "x"},
                  headers={"Host": host, "Origin": f"http://{host}"}).status_code in ((200, 404) if status == 200 else (403,))


def test_an_upload_keeps_the_files_time_the_browser_gives(client, store):
    """Of two reports of one unit and day, the later file is the revision: its time comes with it."""
    data = {"files": (io.BytesIO(KE_SAT.with_suffix(".pdf").read_bytes()), "ke_sat.pdf"), "modified": "1779400000000"}
    out = client.post("/api/ingest", data=data, headers={"X-Solieu": "1"}, content_type="multipart/form-data").json[0]
    assert out["status"] == "ok"
    assert store.document(out["id"])["record"]["modified"].startswith("2026-05-2")


def _findings(client, rule=None):
    return [f for f in client.get("/api/findings?document=ke_sat.docx").json if rule in (None, f["rule"])]


def _figure_of(client, finding, category):
    """The figure a finding's evidence names with this category."""
    place = lambda s: tuple(s.get(k) for k in ("block", "row", "col", "start", "end"))
    ev = next(e for e in finding["evidence"] if e["category"] == category)
    return next(f for f in client.get("/api/figures?document=ke_sat.docx").json if place(f["source"]) == place(ev))


def test_correcting_the_misread_part_clears_the_finding(client):
    """"trước hạn và đúng hạn 118.981" of 12.258 resolved: corrected to the 11.898 the audit
    suggests, the parts add up and the error is gone; the other findings stay as they were."""
    before = _findings(client)
    part = next(f for f in before if f["rule"] == "part_exceeds_total")
    assert part["severity"] == "error" and part["suggestion"] == 11898
    fig = _figure_of(client, part, "trước hạn và đúng hạn")
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "correct", "reviewer": "Lan", "value": "11.898"})
    after = _findings(client)
    assert not [f for f in after if f["rule"] in ("part_exceeds_total", "sum_mismatch") and "dossiers_resolved" in f["indicators"]]
    assert [(f["id"], f["rule"], f["severity"]) for f in after] == [(f["id"], f["rule"], f["severity"]) for f in before if f is not part]


def test_a_correction_that_breaks_a_relation_brings_a_new_finding(client):
    """Corrected the other way (the overdue 54 made 5.400), the parts pass the total: a new
    error, with an id of its own that a decision can name."""
    part = next(f for f in _findings(client) if f["rule"] == "part_exceeds_total")
    fixed = _figure_of(client, part, "trước hạn và đúng hạn")
    client.post(f"/api/figures/{fixed['id']}/decision", json={"action": "correct", "reviewer": "Lan", "value": 11898})
    late = _figure_of(client, part, "quá hạn")
    client.post(f"/api/figures/{late['id']}/decision", json={"action": "correct", "reviewer": "Lan", "value": 5400})
    new = [f for f in _findings(client) if "dossiers_resolved" in f["indicators"] and f["rule"] != "missing_indicator"]
    assert len(new) == 1 and new[0]["severity"] == "error" and re.fullmatch(r"moi-\d+-[0-9a-f]{12}", new[0]["id"])
    assert any(v["value"] == 5400 and v["text"] == "5400" for v in new[0]["values"])
    out = client.post(f"/api/findings/{new[0]['id']}/decision", json={"action": "waive", "reviewer": "Hà", "note": "xã giải trình"})
    assert out.status_code == 200 and out.json["id"] == new[0]["id"] and out.json["decision"]["action"] == "waive"
    assert client.get("/api/conflicts").json == []  # a decision on a finding the decisions brought is not a conflict
    assert client.post("/api/findings/moi-1-000000000000/decision", json={"action": "confirm", "reviewer": "Hà"}).status_code == 404


def test_accepting_the_doubtful_figure_makes_its_warning_an_error(client):
    """The schools' total "16" was doubtful, so its sum that does not add up was a warning;
    once a reviewer accepts the 16 as read, nothing is left to doubt."""
    total = next(f for f in _findings(client, "sum_mismatch") if f["indicators"] == ["schools"])
    assert total["severity"] == "warning" and "cần kiểm tra" in total["message"]
    fig = _figure_of(client, total, None)
    assert fig["check"]
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "accept", "reviewer": "Lan"})
    again = next(f for f in _findings(client, "sum_mismatch") if f["indicators"] == ["schools"])
    assert again["id"] == total["id"] and again["severity"] == "error" and "cần kiểm tra" not in again["message"]


def test_rejecting_a_figure_takes_its_findings_away(client):
    ratio = next(f for f in _findings(client, "ratio_mismatch") if f["indicators"][0] == "reused_dossiers_share_pct")
    fig = _figure_of(client, ratio, None)
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "reject", "reviewer": "Lan"})
    assert not [f for f in _findings(client) if "reused_dossiers_share_pct" in f["indicators"] and f["rule"] == "ratio_mismatch"]
    assert "reused_dossiers_share_pct" in next(f for f in _findings(client, "missing_indicator"))["indicators"]


def test_a_finding_the_decisions_cleared_cannot_be_decided(client, store):
    """A page still showing the cleared error (the same figure corrected on the unit's other
    file): the decision is refused with 409 and nothing is kept."""
    part = next(f for f in _findings(client) if f["rule"] == "part_exceeds_total")
    fig = _figure_of(client, part, "trước hạn và đúng hạn")
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "correct", "reviewer": "Lan", "value": 11898})
    kept = len(store.decision_history())
    late = client.post(f"/api/findings/{part['id']}/decision", json={"action": "confirm", "reviewer": "Hà"})
    assert late.status_code == 409 and late.json["error_vi"]
    assert len(store.decision_history()) == kept


def test_correcting_only_the_period_keeps_the_findings_and_their_decisions(client):
    """The correction form sends the value as it was: a finding naming that figure keeps
    its id and its waiver (the figure's words, "13,45%", are unchanged)."""
    part = next(f for f in _findings(client, "ratio_mismatch") if f["category"] == "toàn trình")
    client.post(f"/api/findings/{part['id']}/decision", json={"action": "waive", "reviewer": "Lan", "note": "đã giải trình"})
    fig = _figure_of(client, part, "toàn trình")
    assert fig["text"] == "13,45%"
    client.post(f"/api/figures/{fig['id']}/decision",
                json={"action": "correct", "reviewer": "Lan", "value": fig["value"], "period_end": "2026-04-30"})
    same = next((f for f in _findings(client) if f["id"] == part["id"]), None)
    assert same is not None and same["decision"]["action"] == "waive"
    assert client.get("/api/conflicts").json == []


@pytest.mark.parametrize("source", [{"block": "abc"}, {"pages": 5}, {"kind": "bảng"}, {"page": True}, "trang 2"],
                         ids=["block-text", "unknown-key", "unknown-kind", "page-bool", "not-a-mapping"])
def test_an_added_figure_with_a_malformed_place_is_refused(client, source):
    """A client's added figure must say where it stands in the contract's terms: a bad one is
    refused (400), so it can never break the report's findings or the downloads."""
    doc = client.get("/api/documents").json[0]["id"]
    out = client.post(f"/api/documents/{doc}/figures", json={"indicator": "population", "value": 41000, "quote": "dân số 41.000 người",
                                                             "text": "41.000", "reviewer": "Lan", "source": source})
    assert out.status_code == 400 and out.json["error_vi"]
    assert client.get(f"/api/findings?document={doc}").status_code == 200
    assert client.get("/api/export/findings.jsonl").status_code == 200


@pytest.mark.parametrize("finding_id", ["99999999999999999999999", "%C2%B2", "%D9%A1", "moi-99999999999999999999999-000000000000"],
                         ids=["too-large", "superscript-two", "arabic-indic-one", "moi-too-large"])
def test_odd_finding_ids_are_not_found(client, store, finding_id):
    out = client.post(f"/api/findings/{finding_id}/decision", json={"action": "confirm", "reviewer": "Lan"})
    assert out.status_code == 404 and store.decision_history() == []
    assert client.get("/documents/99999999999999999999/findings").status_code == 404
    assert client.get("/api/findings?document=99999999999999999999").status_code == 404


def test_a_reading_stored_before_the_store_kept_what_the_audit_leaves_out_is_marked_instead(client, store):
    """(A store made by an older solieu: its findings cannot be worked out again without
    reading the report: a finding on a corrected figure says so and is a warning.)"""
    from sqlalchemy import update

    from extractor.store import schema

    with store.engine.begin() as c:
        c.execute(update(schema.figures).values(in_audit=None))
    finding = next(f for f in _findings(client, "part_exceeds_total"))
    fig = _figure_of(client, finding, "trước hạn và đúng hạn")
    client.post(f"/api/figures/{fig['id']}/decision", json={"action": "correct", "reviewer": "Lan", "value": 11898})
    after = next(f for f in _findings(client) if f["id"] == finding["id"])
    assert after["severity"] == "warning" and after["figures_changed"] and "đã được người kiểm tra sửa" in after["message"]


