"""The synthetic corpus (corpus/synth, made by scripts/make_corpus.py) and its keys.

Checks that every key is valid against the outline, that clean reports keep every
relation of the outline, that every planted fault is real when recomputed from the
key's own figures, that the corpus has the variety it promises, and that the
generator regenerates the committed files exactly.
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from docx import Document

REPO = Path(__file__).resolve().parent.parent
SYNTH = REPO / "corpus" / "synth"
INDICATORS = REPO / "patterns" / "outlines" / "sap_xep_2025" / "indicators.csv"
RULES = {"sum_mismatch", "part_exceeds_total", "ratio_mismatch", "annex_mismatch", "conflicting_values",
         "missing_metadata", "name_variant", "missing_indicator"}
VALUE_RULES = RULES - {"missing_metadata", "name_variant", "missing_indicator"}
SHARES = {  # (pct indicator, category) -> (numerator parts, denominator parts): (indicator, category)
    ("online_dossier_share_pct", None): ([("dossiers_received", "trực tuyến")], [("dossiers_received", None)]),
    ("reused_dossiers_share_pct", None): ([("reused_dossiers", None)], [("dossiers_received", None)]),
    ("online_fee_share_pct", None): ([("online_fee_payments", None)], [("fee_dossiers", None)]),
    ("services_with_dossiers_share_pct", None): (
        [("partial_services_with_dossiers", None), ("full_services_with_dossiers", None)],
        [("procedures_total", None)]),
    ("services_with_dossiers_share_pct", "một phần"): ([("partial_services_with_dossiers", None)],
                                                      [("procedures_total", "một phần")]),
    ("services_with_dossiers_share_pct", "toàn trình"): ([("full_services_with_dossiers", None)],
                                                        [("procedures_total", "toàn trình")]),
}
RELATIONS = {  # total = first − second (before − departures = after; received − resolved = pending)
    "staff_quota_after": ("staff_quota_before", "staff_departures"),
    "dossiers_pending": ("dossiers_received", "dossiers_resolved"),
    "ministry_dossiers_pending": ("ministry_dossiers_received", "ministry_dossiers_resolved"),
}


def outline() -> dict:
    with INDICATORS.open(encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def keys() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SYNTH.glob("*.key.json"))]


def period(f: dict) -> tuple:
    return f["period_start"], f["period_end"]


def facts_by(key: dict, where=("narrative", "annex", "both")) -> dict:
    """(indicator, category, period) -> set of stated values."""
    out = defaultdict(set)
    for f in key["figures"]:
        if f["where"] in where:
            out[(f["indicator"], f["category"], period(f))].add(f["value"])
    return out


def one(facts: dict, ind: str, cat, per):
    vals = facts.get((ind, cat, per), set())
    return next(iter(vals)) if len(vals) == 1 else None


def decimals(text: str) -> int:
    m = re.search(r",(\d+)", text)
    return len(m.group(1)) if m else 0


def doc_text(path: Path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def doc_paragraphs(path: Path) -> list[str]:
    """Every paragraph of the body and of table cells, in document order."""
    doc = Document(path)
    body = doc.element.body
    return [node.xpath("string(.)") for node in body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")]


@pytest.fixture(scope="module")
def all_keys():
    ks = keys()
    assert len(ks) >= 30, "the synthetic corpus must hold at least 30 reports"
    return ks


# --------------------------------------------------------------------------- files and keys


def test_every_docx_has_a_pdf_and_a_key(all_keys):
    docx = sorted(SYNTH.glob("*.docx"))
    assert len(docx) == len(all_keys)
    for d in docx:
        assert d.with_suffix(".pdf").exists(), f"{d.name}: no PDF"
        assert d.with_name(d.stem + ".key.json").exists(), f"{d.name}: no key"
        assert d.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    size = sum(p.stat().st_size for p in SYNTH.iterdir())
    assert size < 15 * 2**20, f"corpus/synth is {size / 2**20:.1f} MB"


def test_units_and_splits(all_keys):
    from extractor.gazetteer import load_gazetteer

    hp = {u.code: u for u in load_gazetteer().units_in()}
    codes = [k["unit_code"] for k in all_keys]
    assert len(set(codes)) == len(codes), "one report per unit"
    for k in all_keys:
        u = hp[k["unit_code"]]
        assert (k["commune"], k["level"]) == (u.name, u.level)
    levels = {k["level"] for k in all_keys}
    assert levels == {"xã", "phường", "đặc khu"}
    assert sum(k["level"] == "đặc khu" for k in all_keys) == sum(u.level == "đặc khu" for u in hp.values())
    splits = [k["split"] for k in all_keys]
    assert set(splits) == {"dev", "heldout"}
    assert 0.25 <= splits.count("heldout") / len(splits) <= 0.4


def test_keys_are_valid(all_keys):
    ind = outline()
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for k in all_keys:
        name = k["document"]
        assert (SYNTH / f"{name}.docx").exists()
        for field in ("document", "unit_code", "commune", "level", "split", "metadata", "report_date", "figures",
                      "faults"):
            assert field in k, f"{name}: no {field}"
        seen = set()
        for f in k["figures"]:
            assert f["indicator"] in ind, f"{name}: unknown indicator {f['indicator']}"
            cats = [c for c in ind[f["indicator"]]["categories"].split("|") if c]
            assert f["category"] is None or f["category"] in cats, f"{name}: {f['indicator']} / {f['category']}"
            for p in period(f):
                assert p is None or (iso.match(p) and dt.date.fromisoformat(p)), f"{name}: period {p}"
            assert f["qualifier"] in (None, "approx", "over", "under")
            assert f["where"] in ("narrative", "annex", "both")
            assert isinstance(f["value"], (int, float)) and f["text"]
            kind = ind[f["indicator"]]["kind"]
            if kind == "count":
                assert isinstance(f["value"], int)
            if kind == "percent":
                assert 0 <= f["value"] <= 100
            fact = (f["indicator"], f["category"], period(f), f["value"])
            assert fact not in seen, f"{name}: fact listed twice {fact}"
            seen.add(fact)
        assert len({f["indicator"] for f in k["figures"]}) >= 45, f"{name}: states too few indicators"
        for ft in k["faults"]:
            assert ft["rule"] in RULES
            for field in ("indicators", "category", "stated", "expected", "suggestion", "period_start",
                          "period_end", "note"):
                assert field in ft, f"{name}: fault without {field}"
            assert all(i in ind for i in ft["indicators"])


def test_key_figures_are_written_in_the_report(all_keys):
    """Each fact's text occurs in the DOCX (narrative in paragraphs, annex in cells)."""
    for k in all_keys:
        doc = Document(SYNTH / f"{k['document']}.docx")
        body = "\n".join(p.text for p in doc.paragraphs)
        cells = {c.text for t in doc.tables[2:] for row in t.rows for c in row.cells}
        for f in k["figures"]:
            if f["where"] in ("narrative", "both"):
                assert f["text"] in body, f"{k['document']}: {f['text']!r} not in the text"
            if f["where"] == "annex":
                assert f["text"].rstrip("%") in cells, f"{k['document']}: {f['text']!r} not in an annex"


# --------------------------------------------------------------------------- relations


def check_relations(k: dict) -> list[str]:
    """Every relation of the outline that fails in a key, computed from its figures."""
    ind = outline()
    facts = facts_by(k)
    problems = []
    for (i, c, per), vals in facts.items():
        if len(vals) > 1:
            problems.append(f"{i}/{c} {per}: several values {sorted(vals)}")
    periods = {p for (_, _, p) in facts}
    for i, row in ind.items():
        if row["categories_sum_to_total"] != "yes":
            continue
        for per in periods:
            total = one(facts, i, None, per)
            parts = [one(facts, i, c, per) for c in row["categories"].split("|")]
            parts = [v for v in parts if v is not None]
            if total is not None and parts and sum(parts) != total:
                problems.append(f"{i} {per}: parts {sum(parts)} ≠ total {total}")
            if total is not None and any(v > total for v in parts):
                problems.append(f"{i} {per}: a part exceeds the total {total}")
    for after, (first, second) in RELATIONS.items():
        for per in periods:
            a, b, c = (one(facts, x, None, per) for x in (after, first, second))
            if c is None and second == "staff_departures":
                cats = [one(facts, second, x, per) for x in ("nghỉ hưu trước tuổi", "thôi việc")]
                c = sum(v for v in cats if v is not None) if any(v is not None for v in cats) else None
            if None not in (a, b, c) and b - c != a:
                problems.append(f"{first} − {second} = {b - c} ≠ {after} {a} {per}")
    texts = {(f["indicator"], f["category"], period(f), f["value"]): f["text"] for f in k["figures"]}
    for (pi, pc), (num, den) in SHARES.items():
        for per in periods:
            stated = one(facts, pi, pc, per)
            n = [one(facts, i, c, per) for i, c in num]
            d = [one(facts, i, c, per) for i, c in den]
            if stated is None or None in n or None in d or not sum(d):
                continue
            computed = 100 * sum(n) / sum(d)
            tol = 0.5 * 10 ** -decimals(texts[(pi, pc, per, stated)]) + 1e-9
            if abs(computed - stated) > tol:
                problems.append(f"{pi}/{pc} {per}: stated {stated}, counts give {computed:.3f}")
    return problems


def test_relations_hold_in_clean_reports(all_keys):
    clean = [k for k in all_keys if not [f for f in k["faults"] if f["rule"] in VALUE_RULES]]
    for k in clean:
        assert check_relations(k) == [], k["document"]


def test_relations_are_checked():
    """The relation check finds a broken sum, relation and ratio (so it can fail)."""
    k = next(k for k in keys() if not [f for f in k["faults"] if f["rule"] in VALUE_RULES])
    for ind, cat in (("schools", "tiểu học"), ("staff_quota_after", None), ("online_fee_share_pct", None),
                     ("dossiers_resolved", "quá hạn")):
        broken = json.loads(json.dumps(k))
        hit = [f for f in broken["figures"] if f["indicator"] == ind and f["category"] == cat]
        if not hit:
            continue
        for f in hit:
            f["value"] = f["value"] + 3
        assert check_relations(broken), f"a change of {ind}/{cat} went unnoticed"


def test_about_a_third_are_clean(all_keys):
    clean = [k for k in all_keys if not [f for f in k["faults"] if f["rule"] in VALUE_RULES]]
    assert 0.25 <= len(clean) / len(all_keys) <= 0.42
    assert all(k.get("clean") == (k in clean) for k in all_keys)
    for split in ("dev", "heldout"):
        assert any(k in clean for k in all_keys if k["split"] == split)
        assert any(k not in clean for k in all_keys if k["split"] == split)


# --------------------------------------------------------------------------- faults


def fault_is_real(k: dict, ft: dict) -> bool:
    facts = facts_by(k)
    per = (ft["period_start"], ft["period_end"])
    rule, inds, cat = ft["rule"], ft["indicators"], ft["category"]
    if rule == "sum_mismatch" and len(inds) == 1:
        i = inds[0]
        cats = [c for c in outline()[i]["categories"].split("|")]
        parts = [one(facts, i, c, per) for c in cats]
        total = sum(v for v in parts if v is not None)
        return ft["stated"] in facts[(i, None, per)] and total == ft["expected"] != ft["stated"]
    if rule == "sum_mismatch":
        after = inds[-1]
        first, second = RELATIONS[after]
        b, c = one(facts, first, None, per), one(facts, second, None, per)
        if c is None:
            cats = [one(facts, second, x, per) for x in ("nghỉ hưu trước tuổi", "thôi việc")]
            c = sum(v for v in cats if v is not None)
        a = one(facts, after, None, per)
        return a == ft["stated"] and b - c == ft["expected"] != a
    if rule == "part_exceeds_total":
        i = inds[0]
        total = one(facts, i, None, per)
        cats = outline()[i]["categories"].split("|")
        others = sum(one(facts, i, x, per) or 0 for x in cats if x != cat)
        return (ft["stated"] in facts[(i, cat, per)] and ft["stated"] > total
                and others + ft["suggestion"] == total)
    if rule == "ratio_mismatch":
        num, den = SHARES[(inds[0], cat)]
        n = [one(facts, i, c, per) for i, c in num]
        d = [one(facts, i, c, per) for i, c in den]
        computed = 100 * sum(n) / sum(d)
        return (ft["stated"] in facts[(inds[0], cat, per)] and abs(computed - ft["expected"]) <= 0.05 + 1e-9
                and abs(computed - ft["stated"]) > 0.5)
    if rule == "annex_mismatch":
        narr, annex = ft["stated"]
        i = inds[0]
        return (narr != annex and narr in facts_by(k, ("narrative",)).get((i, cat, per), set())
                and annex in facts_by(k, ("annex",)).get((i, cat, per), set()))
    if rule == "conflicting_values":
        return set(ft["stated"]) <= facts_by(k, ("narrative", "both")).get((inds[0], cat, per), set()) \
            and len(set(ft["stated"])) == 2
    if rule == "missing_metadata":
        md = k["metadata"]
        return (md["number"] is None and "Số" in ft["stated"]) if ft["stated"] and "Số" in ft["stated"] else \
            (md["date"] is None and k["report_date"] is None) if ft["stated"] else md["signer"] is None
    if rule == "name_variant":
        text = doc_text(SYNTH / f"{k['document']}.docx")
        return ft["stated"] != k["commune"] and ft["stated"] in text and ft["suggestion"] == k["commune"]
    return False


def test_planted_faults_are_real(all_keys):
    for k in all_keys:
        for ft in k["faults"]:
            assert fault_is_real(k, ft), f"{k['document']}: {ft['rule']} {ft['indicators']} {ft['note']}"


def test_fault_check_can_fail(all_keys):
    k = next(k for k in all_keys if any(f["rule"] == "part_exceeds_total" for f in k["faults"]))
    ft = dict(next(f for f in k["faults"] if f["rule"] == "part_exceeds_total"))
    ft["suggestion"] += 1
    assert not fault_is_real(k, ft)


def test_each_fault_kind_is_planted_in_several_reports(all_keys):
    count = defaultdict(set)
    for k in all_keys:
        for ft in k["faults"]:
            kind = ft["rule"] + ("/relation" if ft["rule"] == "sum_mismatch" and len(ft["indicators"]) > 1 else "")
            count[kind].add(k["document"])
    for kind in ("sum_mismatch", "sum_mismatch/relation", "part_exceeds_total", "ratio_mismatch",
                 "annex_mismatch", "conflicting_values", "missing_metadata", "name_variant"):
        assert len(count[kind]) >= 3, f"{kind} in {len(count[kind])} reports"


# --------------------------------------------------------------------------- variety


def test_variety(all_keys):
    from extractor.gazetteer import load_gazetteer

    units = {u.code: u for u in load_gazetteer().units_in()}
    n = defaultdict(int)
    for k in all_keys:
        path = SYNTH / f"{k['document']}.docx"
        text = doc_text(path)
        xml = zipfile.ZipFile(path).read("word/document.xml").decode()
        figs = k["figures"]
        n["blank number"] += k["metadata"]["number"] is None and "Số:      /BC-UBND" in text
        n["blank day"] += k["report_date"] is None
        n["annex"] += any(f["where"] in ("annex", "both") for f in figs)
        n["annex only"] += any(f["where"] == "annex" for f in figs)
        n["both"] += any(f["where"] == "both" for f in figs)
        n["repeated header"] += "<w:tblHeader" in xml and "w:vMerge" in xml and "w:gridSpan" in xml
        n["tỷ"] += any(" tỷ" in f["text"] for f in figs)
        n["triệu"] += any(" triệu" in f["text"] for f in figs)
        n["thousands dot"] += bool(re.search(r"\b\d{1,3}\.\d{3} hồ sơ", text))
        n["no dot"] += bool(re.search(r"\b\d{4,} hồ sơ", text))
        n["padded"] += bool(re.search(r"\b0[1-9] (phòng|hồ sơ|lượt|điểm|người|trường)", text))
        n["words"] += bool(re.search(r"\b(một|hai|ba|bốn|năm|sáu) (phòng|đơn vị|điểm trạm|Trung tâm)", text))
        n["decimal comma"] += bool(re.search(r"\d,\d+%", text))
        n["approx"] += any(f["qualifier"] == "approx" for f in figs)
        n["over"] += any(f["qualifier"] == "over" for f in figs)
        n["đến nay"] += "đến nay" in text
        n["tính đến ngày"] += "tính đến ngày" in text.lower()
        n["năm 2025"] += any(period(f) == ("2025-01-01", "2025-12-31") for f in figs)
        n["lead-in"] += bool(re.search(r"(?m)^.*\d{1,2}/\d{1,2}/\d{4}.*:$", text))
        n["reversed"] += bool(re.search(r"(?m)^[-+]? ?\d[\d.]* (hồ sơ được tiếp nhận|người là quy mô|văn bản là)", text))
        n["colon list"] += "gồm: " in text
        n["former units named"] += sum(f"{f.level} {f.name}" in text for f in units[k["unit_code"]].former) >= 2
        n["old tone"] += bool(re.search(r"(oà|oá|oả|oạ|uỷ|uý|uỳ)(?![a-zà-ỹ])", text))
        n["name variant"] += any(f["rule"] == "name_variant" for f in k["faults"])
        n["signer missing"] += k["metadata"]["signer"] is None
    for feature, count in sorted(n.items()):
        assert count >= 3, f"only {count} reports with {feature}"


# --------------------------------------------------------------------------- determinism


def test_regeneration_is_deterministic(tmp_path, all_keys):
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "scripts" / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    stems = [all_keys[0]["document"], all_keys[len(all_keys) // 2]["document"], all_keys[-1]["document"]]
    assert mod.main(["--seed", "2026", "--no-pdf", "--out", str(tmp_path), "--only", ",".join(stems)]) == 0
    for stem in stems:
        new = json.loads((tmp_path / f"{stem}.key.json").read_text(encoding="utf-8"))
        old = json.loads((SYNTH / f"{stem}.key.json").read_text(encoding="utf-8"))
        assert new == old, f"{stem}: key differs from the committed one"
        assert doc_paragraphs(tmp_path / f"{stem}.docx") == doc_paragraphs(SYNTH / f"{stem}.docx")
        assert (tmp_path / f"{stem}.docx").read_bytes() == (SYNTH / f"{stem}.docx").read_bytes()
