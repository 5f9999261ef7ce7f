"""The audit: on the seed report every fault of its key is found (with the suggested
value where the key has one) and nothing else is raised on relations that hold;
each rule fires on a small text that breaks it and stays quiet on one that keeps it;
the outputs are written and readable."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract
from extractor.audit import VALUE_RULES, report_to_finding_records, score_findings, write_audit_outputs
from extractor.outline import load_outline
from extractor.pipeline import text_to_report

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
KEY = json.loads((REAL / "ke_sat.key.json").read_text(encoding="utf-8"))
OUTLINE = load_outline()
CONTRACT_FIELDS = ["document", "rule", "severity", "indicators", "values", "expected", "message", "evidence", "suggestion"]
EXTENSIONS = ["commune", "level", "unit_code", "category", "period_start", "period_end", "message_en", "suggestion_for",
              "confidence"]
SOURCE_FIELDS = ["kind", "page", "block", "row", "col", "start", "end", "pages", "quote", "text", "indicator", "category", "value"]


@pytest.fixture(scope="module", params=["ke_sat.docx", "ke_sat.pdf"])
def seed(request):
    report = extract(REAL / request.param)
    return request.param, report_to_finding_records(report, request.param, OUTLINE)


def _overlap(fault, finding):
    return not fault["indicators"] or set(fault["indicators"]) & set(finding["indicators"])


def test_every_fault_of_the_seed_key_is_found_with_its_suggestion(seed):
    name, findings = seed
    for fault in KEY["faults"]:
        hits = [f for f in findings if f["rule"] == fault["rule"] and _overlap(fault, f)
                and f["category"] == fault.get("category")]
        if fault["rule"] == "name_variant":
            hits = [f for f in hits if f["values"][0]["text"] == fault["stated"]]
        assert hits, f"{name}: not found: {fault}"
        if fault.get("suggestion") is not None:
            assert any(f["suggestion"] == fault["suggestion"] for f in hits), (fault, [f["suggestion"] for f in hits])
        if fault.get("suggestion_for"):
            assert any(f["suggestion_for"] == fault["suggestion_for"] for f in hits)


def test_no_false_alarm_on_relations_that_hold(seed):
    name, findings = seed
    value = sorted((f["rule"], tuple(f["indicators"]), f["category"]) for f in findings if f["rule"] in VALUE_RULES)
    expected = sorted((f["rule"], tuple(f["indicators"]), f["category"]) for f in KEY["faults"] if f["rule"] in VALUE_RULES)
    assert len(value) == len(expected), value
    score = score_findings(findings, KEY["faults"])
    assert score["value"] == {"found": 7, "missed": 0, "false_alarms": 0, "expected": 7}
    assert score["false_alarms"] == 0 and score["missed"] == 0
    assert score["suggestions"]["right"] == score["suggestions"]["expected"]


def test_seed_findings_have_the_record_shape_and_say_where(seed):
    name, findings = seed
    for f in findings:
        assert list(f)[:len(CONTRACT_FIELDS)] == CONTRACT_FIELDS
        assert set(EXTENSIONS) <= set(f)
        assert f["severity"] in ("error", "warning", "info")
        assert f["document"] == name and f["commune"] == "Kẻ Sặt" and f["unit_code"] == "10945"
        assert f["confidence"] in (None, "high", "medium", "low")
        for e in f["evidence"]:
            assert [k for k in e if k != "bbox"] == SOURCE_FIELDS  # a PDF's evidence also has its box
            assert "bbox" not in e or (len(e["bbox"]) == 4 and e["bbox"][0] < e["bbox"][2])
            assert e["quote"][e["start"]:e["end"]] == e["text"]
    ratio = next(f for f in findings if f["rule"] == "ratio_mismatch" and f["category"] == "toàn trình")
    assert "13,45%" in ratio["message"] and "58,30%" in ratio["message"] and "130" in ratio["message"]
    assert ratio["expected"] == 58.3 and ratio["confidence"] == "high"
    part = next(f for f in findings if f["rule"] == "part_exceeds_total")
    assert "118.981" in part["message"] and "12.258" in part["message"] and "11.898" in part["message"]
    assert any(e["text"] == "118981" for e in part["evidence"])
    if name.endswith(".pdf"):
        assert "trang 13" in part["message"]
    kes = next(f for f in findings if f["rule"] == "name_variant" and f["values"][0]["text"] == "Kẻ Sắt")
    assert kes["values"][0]["count"] == 8 and len(kes["evidence"]) == 8
    assert all(e["text"] == "Kẻ Sắt" for e in kes["evidence"])


# --- each rule on a small text: it fires when broken, stays quiet when kept -------------

def _findings(text: str) -> list[dict]:
    return [f for f in report_to_finding_records(text_to_report(text, OUTLINE), "t", OUTLINE)
            if f["rule"] not in ("missing_metadata", "missing_indicator", "name_variant")]


CASES = [
    ("part_exceeds_total",
     "Số hồ sơ đã giải quyết: 12258 hồ sơ. (trước hạn: 118981 hồ sơ, quá hạn: 54 hồ sơ, từ chối không giải quyết: 119 hồ sơ, rút hồ sơ 187 hồ sơ).",
     "Số hồ sơ đã giải quyết: 12258 hồ sơ. (trước hạn: 11898 hồ sơ, quá hạn: 54 hồ sơ, từ chối không giải quyết: 119 hồ sơ, rút hồ sơ 187 hồ sơ).",
     11898),
    ("sum_mismatch",
     "Số hồ sơ đang giải quyết: 59 hồ sơ (trong hạn: 25 hồ sơ, quá hạn 0 hồ sơ, yêu cầu bổ sung 07 hồ sơ).",
     "Số hồ sơ đang giải quyết: 59 hồ sơ (trong hạn: 52 hồ sơ, quá hạn 0 hồ sơ, yêu cầu bổ sung 07 hồ sơ).",
     52),
    ("sum_mismatch",
     "Tổng số biên chế trước sáp nhập là 88 người; sau sáp nhập là 59 người. Trong đó, số lượng biến động gồm: nghỉ hưu trước tuổi 17 người, nghỉ thôi việc 02 người.",
     "Tổng số biên chế trước sáp nhập là 88 người; sau sáp nhập là 69 người. Trong đó, số lượng biến động gồm: nghỉ hưu trước tuổi 17 người, nghỉ thôi việc 02 người.",
     None),
    ("ratio_mismatch",
     "Hồ sơ tái sử dụng dữ liệu số hóa: 11238 hồ sơ đạt tỷ lệ 92,15%.\nTổng số hồ sơ: 12317 hồ sơ.",
     "Hồ sơ tái sử dụng dữ liệu số hóa: 11238 hồ sơ đạt tỷ lệ 91,2%.\nTổng số hồ sơ: 12317 hồ sơ.",
     None),
    ("conflicting_values",
     "Xã có 12 trường học.\nTrên địa bàn có 16 trường học.",
     "Xã có 12 trường học.\nTrên địa bàn có 12 trường học.",
     None),
]


@pytest.mark.parametrize("rule,broken,kept,suggestion", CASES, ids=[f"{c[0]}{i}" for i, c in enumerate(CASES)])
def test_rule_on_text(rule, broken, kept, suggestion):
    got = _findings(broken)
    assert [f["rule"] for f in got] == [rule], got
    if suggestion is not None:
        assert got[0]["suggestion"] == suggestion
    assert _findings(kept) == []


def test_sum_mismatch_also_for_relations_between_indicators():
    got = _findings(CASES[2][1])
    assert got[0]["indicators"] == ["staff_quota_before", "staff_quota_after", "staff_departures"]
    assert got[0]["rule"] in ("sum_mismatch", "part_exceeds_total")


def test_periods_never_pair_across():
    text = ("Từ ngày 01/7/2025 đến 31/12/2025 đã ban hành 3.260 văn bản.\n"
            "Từ ngày 01/01/2026 đến nay đã ban hành 2.117 văn bản.")
    assert _findings(text) == []


def test_rounding_of_a_percent_is_no_alarm():
    assert _findings("Hồ sơ tái sử dụng dữ liệu số hóa: 11238 hồ sơ đạt tỷ lệ 91%.\nTổng số hồ sơ: 12317 hồ sơ.") == []


def test_annex_mismatch_between_narrative_and_table():
    from extractor.audit.facts import Fact
    from extractor.audit.intervals import Interval
    from extractor.audit.statements import facts_to_statement_findings
    from extractor.model import Source

    def fact(n, v, kind, block, row=None, col=None):
        src = Source(kind, None, block, row, col, 0, len(str(v)))
        return Fact(n, "full_online_dossiers", None, (None, None), v, str(v), None, "count", Interval(v, v), str(v), src)

    narrative, table = fact(0, 736, "paragraph", 83), fact(1, 376, "table", 140, 30, 3)
    got = facts_to_statement_findings([narrative, table], OUTLINE)
    assert [f.rule.value for f in got] == ["annex_mismatch"]
    assert {e.source.kind for e in got[0].evidence} == {"paragraph", "table"}
    assert "736" in got[0].message and "376" in got[0].message
    same = fact(1, 736, "table", 140, 30, 3)
    assert facts_to_statement_findings([narrative, same], OUTLINE) == []


def test_area_against_the_gazetteer():
    got = _findings("Xã Kẻ Sặt có diện tích tự nhiên là 42,67 km², quy mô dân số là 39.554 người.")
    assert [(f["rule"], f["expected"], f["severity"]) for f in got] == [("conflicting_values", 24.67, "warning")]
    assert _findings("Xã Kẻ Sặt có diện tích tự nhiên là 24,67 km², quy mô dân số là 39.554 người.") == []


HEADER = "ỦY BAN NHÂN DÂN XÃ KẺ SẶT\nSố: 12/BC-UBND\nKẻ Sặt, ngày 28 tháng 5 năm 2026\nBÁO CÁO\n"
TITLE = "Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính xã Kẻ Sặt\n"
SIGN = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nPhạm Thị Thu Hiền"


def _doc_findings(text: str, rule: str) -> list[dict]:
    return [f for f in report_to_finding_records(text_to_report(text, OUTLINE), "t", OUTLINE) if f["rule"] == rule]


def test_name_variants_but_not_old_or_other_units():
    body = ("Ủy ban nhân dân xã Kẻ Sắt báo cáo; sáp nhập thị trấn Kẻ Sặt, xã Vĩnh Hưng, xã Vĩnh Hồng, xã Hùng Thắng; "
            "giáp phường Hải Dương; Trạm Y tế xã Kê Sắt.\n")
    got = _doc_findings(HEADER + TITLE + body + SIGN, "name_variant")
    assert sorted((f["values"][0]["text"], f["values"][0]["count"]) for f in got) == [("Kê Sắt", 1), ("Kẻ Sắt", 1)]
    assert all(f["suggestion"] == "Kẻ Sặt" for f in got)
    assert _doc_findings(HEADER + TITLE + "Ủy ban nhân dân xã Kẻ Sặt báo cáo.\n" + SIGN, "name_variant") == []


def test_missing_metadata_blank_and_present():
    blank = "ỦY BAN NHÂN DÂN XÃ KẺ SẶT\nSố: /BC-UBND\nKẻ Sặt, ngày   tháng 5 năm 2026\nBÁO CÁO\n" + TITLE + SIGN
    got = _doc_findings(blank, "missing_metadata")
    assert len(got) == 2
    assert any("Số: /BC-UBND" in f["message"] for f in got) and any("ngày" in f["message"] for f in got)
    assert _doc_findings(HEADER + TITLE + SIGN, "missing_metadata") == []
    unsigned = _doc_findings(HEADER + TITLE + "Nơi nhận: như trên.", "missing_metadata")
    assert [f["message_en"] for f in unsigned] == ["No signer's name found at the end of the report."]


def test_missing_indicators_are_one_info_finding():
    got = _doc_findings("Xã có 12 trường học.", "missing_indicator")
    assert len(got) == 1 and got[0]["severity"] == "info"
    assert "schools" not in got[0]["indicators"] and "area_km2" in got[0]["indicators"]
    assert len(got[0]["indicators"]) == len(OUTLINE.ids) - 1


# --- outputs ------------------------------------------------------------------------

def test_outputs_are_written_and_readable(tmp_path):
    from openpyxl import load_workbook

    report = extract(REAL / "ke_sat.docx")
    findings = report_to_finding_records(report, "ke_sat.docx", OUTLINE)
    docs = [{"document": "ke_sat.docx", "status": "ok", "commune": "Kẻ Sặt", "level": "xã"},
            {"document": "hong.pdf", "status": "error", "reason": "tệp rỗng <x>"}]
    write_audit_outputs(tmp_path, docs, [], findings)
    lines = (tmp_path / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == findings
    wb = load_workbook(tmp_path / "audit.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Phát hiện", "Cần kiểm tra", "Số chưa gán", "Tệp không đọc được"]
    files = wb["Tệp không đọc được"]
    assert [c.value for c in files[2]][:3] == ["hong.pdf", "lỗi", "tệp rỗng <x>"]
    summary, sheet = wb["Tổng hợp"], wb["Phát hiện"]
    assert summary["A2"].value == "ke_sat.docx" and summary["E2"].value == len(findings)
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref  # the header and the file and unit stay in view
    assert sheet.max_row == len(findings) + 1
    headers = [c.value for c in sheet[1]]
    assert "Nội dung" in headers and "Trích dẫn" in headers
    html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "<mark>118981</mark>" in html and "<mark>Kê Sắt</mark>" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]
    assert "tệp rỗng &lt;x&gt;" in html
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_score_counts_value_rules_apart():
    findings = [{"rule": "sum_mismatch", "indicators": ["schools"], "category": None, "suggestion": 12},
                {"rule": "name_variant", "indicators": [], "category": None, "values": [{"text": "Kẻ Sắt"}]},
                {"rule": "ratio_mismatch", "indicators": ["x"], "category": None}]
    key = [{"rule": "sum_mismatch", "indicators": ["schools"], "category": None, "suggestion": 16},
           {"rule": "name_variant", "indicators": [], "category": None, "stated": "Kẻ Sắt"},
           {"rule": "annex_mismatch", "indicators": ["documents_issued"], "category": None}]
    s = score_findings(findings, key)
    assert s["value"] == {"found": 1, "missed": 1, "false_alarms": 1, "expected": 2}
    assert s["other"] == {"found": 1, "missed": 0, "false_alarms": 0, "expected": 1}
    assert s["suggestions"] == {"expected": 1, "right": 0}
