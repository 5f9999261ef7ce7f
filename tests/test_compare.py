"""Comparing units: alignment, the wide and long tables, outliers, the workbook."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from extractor.compare import (LONG_COLUMNS, ColumnKey, alignment_to_long, alignment_to_wide, column_header,
                               figures_to_alignment, figures_to_frame, long_to_wide, write_compare_outputs)
from extractor.compare.derive import alignment_to_key_figures, alignment_to_population
from extractor.compare.outliers import alignment_to_outliers
from extractor.compare.settings import load_compare_settings, settings_from_dict
from extractor.gazetteer import load_gazetteer
from extractor.outline import load_outline
from extractor.patterns import PatternError

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"
OUTLINE = load_outline()
H1 = ("2025-07-01", "2025-12-31")
Q1 = ("2026-01-01", "2026-03-31")


def doc(name, code=None, date=None, number=None, commune=None, level=None, status="ok"):
    if code and commune is None:
        u = load_gazetteer().by_code(code)
        commune, level = u.name, u.level
    return {"document": name, "format": "docx", "status": status, "reason": None, "reason_en": None, "pages": None,
            "commune": commune, "level": level, "unit_code": code, "number": number, "date": date, "title": "Báo cáo",
            "signer": None, "figures": 0, "seconds": 0.0}


def fig(d, indicator, value, category=None, period=(None, None), block=1, page=None, quote=None, text=None):
    text = text or str(value)
    quote = quote or f"Câu có số {text} trong báo cáo."
    start = quote.index(text) if text in quote else 0
    return {"document": d["document"], "commune": d["commune"], "level": d["level"], "indicator": indicator,
            "category": category, "value": value, "unit": OUTLINE.get(indicator).unit, "qualifier": None,
            "period_start": period[0], "period_end": period[1], "text": text, "quote": quote,
            "source": {"kind": "paragraph", "page": page, "block": block, "row": None, "col": None,
                       "start": start, "end": start + len(text), "pages": []},
            "label": OUTLINE.get(indicator).label, "unit_code": d["unit_code"], "also": []}


def city(n=20, extreme=None, level=None):
    """``n`` units of Hải Phòng (of one level if given) with population and proportional
    dossiers; ``extreme``: (index, dossiers) planted."""
    units = [u for u in load_gazetteer().units_in() if level is None or u.level == level][:n]
    docs, figs = [], []
    for i, u in enumerate(units):
        d = doc(f"{u.code}.docx", u.code)
        pop = 20000 + 1000 * i
        dossiers = int(pop * (0.30 + 0.002 * (i % 7)))
        if extreme and extreme[0] == i:
            dossiers = extreme[1]
        docs.append(d)
        figs += [fig(d, "population", pop, block=2), fig(d, "dossiers_received", dossiers, period=H1, block=5),
                 fig(d, "online_dossier_share_pct", 80 + (i % 5), period=H1, block=6)]
    return docs, figs


# --- alignment ------------------------------------------------------------------


def test_periods_are_never_merged_and_columns_are_labelled():
    d = doc("a.docx", "10945")
    al = figures_to_alignment([d], [fig(d, "documents_issued", 3260, period=H1), fig(d, "documents_issued", 900, period=Q1)], OUTLINE)
    assert len(al.columns) == 2 and {c.value for c in al.cells} == {3260, 900}
    headers = [column_header(k, OUTLINE).text for k in al.columns]
    assert headers == ["Số văn bản đã ban hành – 01/07/2025–31/12/2025 (văn bản)",
                       "Số văn bản đã ban hành – 01/01/2026–31/03/2026 (văn bản)"]


def _may_stocks():
    """Two units stating a stock "đến nay" on different days of May; the second also
    states it on an earlier day of May; both state the population (no period)."""
    a, b = doc("a.docx", "10945", date="2026-05-15"), doc("b.docx", "10532", date="2026-05-22")
    figs = [fig(a, "population", 20000, block=1), fig(b, "population", 30000, block=1),
            fig(a, "documents_issued", 100, period=(None, "2026-05-15"), block=2, text="100"),
            fig(b, "documents_issued", 250, period=(None, "2026-05-22"), block=3, text="250"),
            fig(b, "documents_issued", 200, period=(None, "2026-05-10"), block=2, text="200"),
            fig(b, "documents_issued", 300, period=("2025-07-01", "2026-05-22"), block=4, text="300")]
    return [a, b], figs


def test_month_grouping_merges_periods_ending_in_one_month():
    from extractor.compare import group_alignment, month_column

    docs, figs = _may_stocks()
    al = figures_to_alignment(docs, figs, OUTLINE)
    grouped = group_alignment(al)
    assert len(al.columns) == 5 and len(grouped.columns) == 3  # population, "đến tháng 5/2026", the flow
    periods = [column_header(k, OUTLINE).period for k in grouped.columns]
    assert periods == ["không nêu kỳ", "01/07/2025 – tháng 5/2026", "đến tháng 5/2026"]  # as in So sánh: by first date
    cmap = grouped.cell_map()
    stock = grouped.columns[2]
    rows = {r.unit_code: r.key for r in al.rows}
    a, b = cmap[(rows["10945"], stock)], cmap[(rows["10532"], stock)]
    assert (a.value, a.exact.period_end, a.hidden) == (100, "2026-05-15", ())
    assert (b.value, b.exact.period_end) == (250, "2026-05-22")  # the later of the report's two May periods
    assert [(h.value, h.column.period_end) for h in b.hidden] == [(200, "2026-05-10")]
    pop = cmap[(rows["10945"], grouped.columns[0])]  # no period: unchanged
    assert grouped.columns[0] == ColumnKey("population", None, None, None) and pop.value == 20000 and pop.hidden == ()
    assert month_column(grouped.columns[0]) == grouped.columns[0]
    assert grouped.rows == al.rows and len(grouped.cells) == len(al.cells) - 1


def test_round_columns_in_the_workbook_keep_exact_periods_in_comments(tmp_path):
    """Each report's own "đến nay" date shares the column of its reporting round."""
    docs, figs = _may_stocks()
    write_compare_outputs(tmp_path, docs, figs, [])
    wb = load_workbook(tmp_path / "comparison.xlsx")
    ws = wb["So sánh"]
    assert ws.max_column == 5 + 3  # population, the stock "đến nay", the flow since 01/07/2025
    rnd = "Sơ kết 01 năm chính quyền địa phương 2 cấp"  # patterns/compare.yaml: reports of 1/4–31/7/2026
    assert [ws.cell(r, 7).value for r in range(1, 5)] == [
        "Số văn bản đã ban hành", "tổng số", f"từ 01/07/2025 đến ngày báo cáo ({rnd})", "văn bản"]
    assert ws.cell(3, 8).value == f"tính đến ngày báo cáo ({rnd})"  # label and category merged over both
    assert ws.freeze_panes == "F5" and ws.auto_filter.ref == "A4:H6" and ws.print_title_rows == "$1:$4"
    a, b = ws.cell(5, 8), ws.cell(6, 8)
    assert (a.value, b.value) == (100, 250) and a.number_format.startswith("[$-42A]#,##0")
    assert a.comment.text.startswith("Kỳ báo cáo: đến 15/05/2026\n«") and "a.docx" in a.comment.text
    assert "Kỳ báo cáo: đến 22/05/2026" in b.comment.text and "kỳ đến 10/05/2026: 200 (b.docx" in b.comment.text
    src = wb["Nguồn"]
    row = int(b.hyperlink.location.split("!A")[1])
    assert src.cell(row, 8).value == 250 and src.cell(row, 7).value == "đến 22/05/2026"
    hidden = [r for r in range(2, src.max_row + 1) if src.cell(r, 8).value == 200]
    assert len(hidden) == 1 and src.cell(hidden[0], 18).hyperlink.location == f"'So sánh'!H6"  # back to the cell showing it
    assert ws.cell(6, 6).value == 30000 and ws.cell(6, 6).comment.text.startswith("Kỳ báo cáo: không nêu kỳ")
    notes = " ".join(str(c.value) for row in wb["Ghi chú"].iter_rows() for c in row if c.value)
    assert "ĐỢT BÁO CÁO" in notes and f"{rnd}: 2 báo cáo, ngày báo cáo 15/05/2026–22/05/2026" in notes
    wide = (tmp_path / "comparison.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "tính đến ngày báo cáo" in wide and "15/05/2026" not in wide  # the CSV for people is by round too
    long = list(csv.DictReader(io.StringIO((tmp_path / "comparison_long.csv").read_text(encoding="utf-8"))))
    assert {r["period_end"] for r in long if r["indicator"] == "documents_issued"} == {"2026-05-15", "2026-05-22"}
    assert {r["round"] for r in long if r["indicator"] == "documents_issued"} == {rnd}


@pytest.mark.parametrize("report, period, shares", [
    ("2026-05-20", ("2025-07-01", "2026-05-20"), True),    # "đến nay"
    ("2026-06-21", ("2025-07-01", "2026-04-30"), True),    # "số liệu tính đến 30/4" in a June report
    ("2026-05-20", ("2025-07-01", None), True),            # "từ khi sáp nhập" without an end
    ("2026-05-20", ("2026-01-01", "2026-03-31"), False),   # "quý I" stays its own column
    ("2026-05-20", ("2025-07-01", "2025-12-31"), False),   # "6 tháng cuối năm 2025"
    ("2026-05-20", ("2026-01-01", "2026-12-31"), False),   # a target for the whole year
    (None, ("2025-07-01", "2026-05-20"), False),           # no date at all: no round
])
def test_which_periods_share_the_round_column(report, period, shares):
    from extractor.compare.rounds import RoundSettings, runs_to_report

    assert runs_to_report(*period, report, RoundSettings()) is shares


def test_rounds_come_from_named_windows_then_from_gaps_between_report_dates():
    from extractor.compare.rounds import NamedRound, RoundSettings, dates_to_rounds

    s = RoundSettings((NamedRound("Sơ kết", "2026-04-01", "2026-07-31"),), gap_days=30)
    r = dates_to_rounds({"a": "2026-05-02", "b": "2026-07-30", "c": "2025-11-25", "d": "2025-12-20", "e": "2026-02-01"}, s)
    assert r["a"] == r["b"] and r["a"].name == "Sơ kết" and (r["a"].first, r["a"].last) == ("2026-05-02", "2026-07-30")
    assert r["c"] == r["d"] != r["e"] and r["c"].name == "các báo cáo tháng 11–12/2025" and r["e"].name == "các báo cáo tháng 2/2026"


def test_a_unit_reporting_in_two_rounds_keeps_both_reports():
    old = doc("q4.docx", "10945", date="2025-12-20")
    new = doc("sk.docx", "10945", date="2026-05-20")
    figs = [fig(old, "population", 39000, block=1), fig(new, "population", 39554, block=1),
            fig(old, "dossiers_received", 500, period=("2025-07-01", "2025-12-20"), block=2),
            fig(new, "dossiers_received", 1200, period=("2025-07-01", "2026-05-20"), block=2)]
    from extractor.compare.outputs import compare_alignments

    exact, al, rounds, _ = compare_alignments([old, new], figs)
    assert len(al.rows) == 1 and al.rows[0].shown == ("q4.docx", "sk.docx") and al.rows[0].replaced == ()
    values = {(c.column.indicator, c.column.round): c.value for c in al.cells}
    assert values[("population", None)] == 39554  # the later round's, for a figure without a period
    assert values[("dossiers_received", rounds["q4.docx"].name)] == 500
    assert values[("dossiers_received", rounds["sk.docx"].name)] == 1200


def test_revision_keeps_the_later_report_and_says_so():
    old = doc("ke_sat_cu.docx", "10945", date="2026-05-01", number="10/BC-UBND")
    new = doc("ke_sat_moi.docx", "10945", date="2026-05-20", number="9/BC-UBND")
    figs = [fig(old, "population", 39000), fig(new, "population", 39554), fig(old, "villages", 29)]
    al = figures_to_alignment([new, old], figs, OUTLINE)
    assert len(al.rows) == 1
    row = al.rows[0]
    assert (row.document, row.replaced, row.unit) == ("ke_sat_moi.docx", ("ke_sat_cu.docx",), "Kẻ Sặt")
    assert [(c.column.indicator, c.value) for c in al.cells] == [("population", 39554)]  # the old report is not mixed in
    assert "thay cho: ke_sat_cu.docx" in alignment_to_wide(al, OUTLINE).iloc[0]["Ghi chú"]


def test_revision_without_dates_uses_number_then_name():
    a, b = doc("b.docx", "10945", number="12/BC"), doc("a.docx", "10945", number="15/BC")
    assert figures_to_alignment([a, b], [], OUTLINE).rows[0].document == "a.docx"
    a, b = doc("bao_cao.docx", "10945"), doc("bao_cao_v2.docx", "10945")
    assert figures_to_alignment([b, a], [], OUTLINE).rows[0].document == "bao_cao_v2.docx"
    dated = doc("z.docx", "10945", date="2026-01-05")
    assert figures_to_alignment([dated, doc("zz.docx", "10945")], [], OUTLINE).rows[0].document == "z.docx"


def test_unknown_unit_is_listed_not_dropped():
    known, unknown = doc("a.docx", "10945"), doc("la.docx", None, commune=None)
    failed = doc("hong.pdf", None, status="error")
    al = figures_to_alignment([known, unknown, failed], [fig(known, "population", 1000), fig(unknown, "population", 2000)], OUTLINE)
    assert [r.key for r in al.rows] == ["10945", "?la.docx"]
    wide = alignment_to_wide(al, OUTLINE)
    assert wide.iloc[1]["Đơn vị"] == "la.docx" and "chưa xác định" in wide.iloc[1]["Ghi chú"]
    long = alignment_to_long(al)
    assert long.iloc[1]["unit_code"] is None and long.iloc[1]["value"] == 2000


def test_conflict_picks_the_first_stated_and_marks_the_cell():
    d = doc("a.docx", "10945")
    figs = [fig(d, "schools", 15, block=40), fig(d, "schools", 14, block=12), fig(d, "schools", 14, block=50)]
    al = figures_to_alignment([d], figs, OUTLINE)
    (cell,) = al.cells
    assert cell.value == 14 and cell.conflict and [o["value"] for o in cell.others] == [15]
    assert "1 ô báo cáo nêu hai giá trị" in alignment_to_wide(al, OUTLINE).iloc[0]["Ghi chú"]
    same = figures_to_alignment([d], [fig(d, "schools", 14, block=3), fig(d, "schools", 14, block=9)], OUTLINE)
    assert not same.cells[0].conflict


def test_conflict_shows_the_value_the_audit_finds_consistent():
    d = doc("a.docx", "10945")
    figs = [fig(d, "schools", 16, block=14), fig(d, "schools", 12, block=39)]
    finding = {"document": "a.docx", "rule": "conflicting_values", "indicators": ["schools"], "category": None,
               "period_start": None, "period_end": None, "suggestion": 12, "suggestion_for": None}
    (cell,) = figures_to_alignment([d], figs, OUTLINE, [finding]).cells
    assert cell.value == 12 and cell.conflict and [o["value"] for o in cell.others] == [16]
    (plain,) = figures_to_alignment([d], figs, OUTLINE).cells
    assert plain.value == 16  # without the audit: the value stated first


def test_rows_are_official_names_in_alphabetical_order():
    docs = [doc("1.docx", "10945"), doc("2.docx", "10532"), doc("3.docx", "10525")]
    al = figures_to_alignment(docs, [], OUTLINE)
    assert [r.unit for r in al.rows] == ["Hải Dương", "Kẻ Sặt", "Lê Thanh Nghị"]


# --- tables -----------------------------------------------------------------------


def _wide_long_agree(wide_csv: str, long_csv: str) -> int:
    wide = list(csv.DictReader(io.StringIO(wide_csv)))
    long = list(csv.DictReader(io.StringIO(long_csv)))
    assert long and list(long[0].keys()) == LONG_COLUMNS
    shown = {}
    for r in wide:
        for h, v in r.items():
            if h not in ("Mã đơn vị", "Đơn vị", "Cấp", "Báo cáo", "Ghi chú") and v != "":
                shown[(r["Đơn vị"], h)] = v
    from_long = {}
    for r in long:
        key = ColumnKey(r["indicator"], r["category"] or None, r["period_start"] or None, r["period_end"] or None)
        exact = column_header(key, OUTLINE)
        # the wide column is the exact one, or its month, or its reporting round: same label and category either way
        assert r["column"].startswith(exact.label) and (exact.category == "tổng số" or exact.category in r["column"])
        from_long[(r["unit"], r["column"])] = r["value"]
    assert shown == from_long
    return len(shown)


def test_wide_and_long_csv_agree(tmp_path):
    docs, figs = city(12)
    d = docs[0]
    figs += [fig(d, "schools", 3, category="mầm non", block=30), fig(d, "documents_issued", 5, period=Q1, block=31),
             fig(d, "area_km2", 24.67, block=32)]
    write_compare_outputs(tmp_path, docs, figs, [])
    raw = (tmp_path / "comparison.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    n = _wide_long_agree(raw.decode("utf-8-sig"), (tmp_path / "comparison_long.csv").read_text(encoding="utf-8"))
    assert n == 12 * 3 + 3
    assert "24.67" in raw.decode("utf-8-sig") and "39554.0" not in raw.decode("utf-8-sig")
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_long_to_wide_is_the_wide_table():
    docs, figs = city(5)
    al = figures_to_alignment(docs, figs, OUTLINE)
    long = figures_to_frame(docs, figs)
    assert long.columns.tolist() == LONG_COLUMNS and len(long) == 15
    pivot = long_to_wide(long).drop(columns=["Ghi chú"])
    wide = alignment_to_wide(al, OUTLINE).drop(columns=["Ghi chú"])
    assert pivot.values.tolist() == wide.values.tolist() and pivot.columns.tolist() == wide.columns.tolist()


# --- derived figures and outliers ---------------------------------------------------


def test_population_and_key_figures():
    docs, figs = city(10)
    al = figures_to_alignment(docs, figs, OUTLINE)
    assert alignment_to_population(al)[docs[3]["unit_code"]] == 23000
    kf = {k.column.indicator: k for k in alignment_to_key_figures(al, load_compare_settings(), OUTLINE)}
    dr = kf["dossiers_received"]
    assert dr.per_capita and dr.units == 10 and dr.total == sum(f["value"] for f in figs if f["indicator"] == "dossiers_received")
    assert sorted(f.rank for f in dr.figures)[0] == 1
    assert kf["online_dossier_share_pct"].total is None  # percentages are not summed


def test_outlier_on_a_planted_extreme_value(tmp_path):
    docs, figs = city(20, extreme=(4, 60000))  # 24,000 people: 2,500 dossiers per 1,000 against ~300
    s = load_compare_settings()
    al = figures_to_alignment(docs, figs, OUTLINE)
    found = alignment_to_outliers(al, s.outliers)
    assert [(o.row.unit_code, o.cell.column.indicator) for o in found] == [(docs[4]["unit_code"], "dossiers_received")]
    findings = write_compare_outputs(tmp_path, docs, figs, [])
    (f,) = findings
    assert f["rule"] == "outlier" and f["severity"] == "warning" and f["document"] == docs[4]["document"]
    assert f["indicators"] == ["dossiers_received", "population"]
    assert [(v["indicator"], v["value"]) for v in f["values"]] == [("dossiers_received", 60000), ("population", 24000)]
    assert f["peers"]["count"] >= 8 and f["peers"]["low"] < f["peers"]["high"] < 400 and f["expected"] == f["peers"]["median"]
    assert f["confidence"] in ("low", "medium") and f["suggestion"] is None
    assert [e["indicator"] for e in f["evidence"]] == ["dossiers_received", "population"]
    assert "1.000 dân" in f["message"] and "trung vị" in f["message"] and "Vị trí:" in f["message"] and f["message_en"]
    assert f["evidence"][0]["quote"] and f["evidence"][0]["indicator"] == "dossiers_received"


def test_no_outlier_on_a_uniform_set_or_too_few_peers():
    s = load_compare_settings()
    docs, figs = city(20)
    assert alignment_to_outliers(figures_to_alignment(docs, figs, OUTLINE), s.outliers) == ()
    docs, figs = city(8, extreme=(2, 60000))  # 7 other units: too few to judge
    assert alignment_to_outliers(figures_to_alignment(docs, figs, OUTLINE), s.outliers) == ()
    docs, figs = city(9, extreme=(2, 60000))  # 8 others: enough
    assert len(alignment_to_outliers(figures_to_alignment(docs, figs, OUTLINE), s.outliers)) == 1


def test_peers_are_units_of_the_same_level_when_enough():
    docs, figs = city(30, extreme=None)
    s = load_compare_settings()
    # wards report 5x more dossiers per person than communes: not an outlier among wards
    gaz = load_gazetteer()
    for f in figs:
        if f["indicator"] == "dossiers_received" and gaz.by_code(f["unit_code"]).level == "phường":
            f["value"] *= 5
    levels = [gaz.by_code(d["unit_code"]).level for d in docs]
    assert levels.count("phường") >= 9 and levels.count("xã") >= 9
    assert alignment_to_outliers(figures_to_alignment(docs, figs, OUTLINE), s.outliers) == ()


def test_settings_are_validated_with_every_problem_listed():
    with pytest.raises(PatternError) as exc:
        settings_from_dict({"key_indicators": ["x", "population"], "per_1000_people": ["area_km2"], "bogus": 1,
                            "outliers": {"min_peers": 2, "robust_z": "3", "min_relative_gap": 0.5, "as_stated": ["y"]}},
                           "compare.yaml", OUTLINE)
    text = "\n".join(exc.value.problems)
    for needle in ("bogus", "key_indicators[0]: 'x'", "'area_km2' không phải chỉ tiêu đếm", "min_peers", "robust_z",
                   "as_stated[0]: 'y'"):
        assert needle in text
    assert len(exc.value.problems) == 6


# --- the workbook -------------------------------------------------------------------------


def _findings_for(d, indicator, value):
    return [{"document": d["document"], "commune": d["commune"], "level": d["level"], "unit_code": d["unit_code"],
             "rule": "sum_mismatch", "severity": "error", "indicators": [indicator], "category": None,
             "period_start": None, "period_end": None, "values": {indicator: value}, "expected": None,
             "message": "Các phân loại không cộng đúng tổng", "message_en": "parts do not add up",
             "evidence": [{"kind": "paragraph", "page": None, "block": 2, "row": None, "col": None, "start": 0, "end": 1,
                           "quote": "…", "text": str(value), "indicator": indicator, "category": None, "value": value}],
             "suggestion": None, "suggestion_for": None, "confidence": 0.9}]


def _workbook(tmp_path):
    docs, figs = city(20, extreme=(4, 60000))
    d = docs[1]
    figs += [fig(d, "schools", 15, block=40), fig(d, "schools", 14, block=12)]
    unknown = doc("khong_ro.docx", None)
    docs.append(unknown)
    figs.append(fig(unknown, "population", 5000))
    outliers = write_compare_outputs(tmp_path, docs, figs, _findings_for(docs[0], "population", 20000))
    return docs, figs, outliers


def test_workbook_has_frozen_panes_filters_comments_links_and_marks(tmp_path):
    docs, figs, outliers = _workbook(tmp_path)
    wb = load_workbook(tmp_path / "comparison.xlsx")
    assert wb.sheetnames == ["Chỉ tiêu chính", "So sánh", "Tổng hợp", "Phát hiện", "Tệp không đọc được", "Nguồn", "Ghi chú"]
    ws = wb["So sánh"]
    assert ws.freeze_panes == "F5" and ws.auto_filter.ref.startswith("A4:")
    assert [ws.cell(r, 6).value for r in range(1, 5)] == ["Quy mô dân số", "tổng số", "không nêu kỳ", "người"]
    units = [ws.cell(r, 2).value for r in range(5, ws.max_row + 1)]
    assert len(units) == 21 and units[-1] == "khong_ro.docx"
    values = [c for row in ws.iter_rows(min_row=5, min_col=6) for c in row if c.value is not None]
    assert len(values) == 20 * 3 + 1 + 1
    for c in values:
        assert c.comment is not None and "«" in c.comment.text and ".docx" in c.comment.text
        assert c.hyperlink is not None and c.hyperlink.location.startswith("'Nguồn'!A")
        assert c.number_format.startswith("[$-42A]#,##0")
    src = wb["Nguồn"]
    first = values[0]
    row = int(first.hyperlink.location.split("!A")[1])
    assert src.cell(row, 8).value == first.value and src.cell(row, 3).value == ws.cell(first.row, 2).value
    marked = {ws.cell(c.row, 2).value: c for c in values if c.fill.fgColor.rgb in ("00FFC7CE", "00FFEB9C", "00F8CBAD")}
    names = [d["commune"] for d in docs]
    assert set(marked) == {names[0], names[1], names[4]}  # the audit finding, the conflict, the outlier
    assert "Tổng không khớp" in marked[names[0]].comment.text and "sum_mismatch" not in marked[names[0]].comment.text
    assert "Khác thường so với đơn vị khác" in marked[names[4]].comment.text and "hai giá trị" not in marked[names[4]].comment.text
    assert "giá trị khác" in marked[names[1]].comment.text
    fnd = wb["Phát hiện"]
    rules = [fnd.cell(r, 4).value for r in range(2, fnd.max_row + 1)]
    assert rules == ["Tổng không khớp", "Khác thường so với đơn vị khác"] and fnd.auto_filter.ref and fnd.freeze_panes
    summ = wb["Tổng hợp"]
    assert len(summ._charts) == 3  # the key indicators the reports state: population, dossiers, online share
    text = " ".join(str(c.value) for row in summ.iter_rows() for c in row if c.value is not None)
    assert "SỐ SUY RA" in text and "trên 1.000 dân (*)" in text and "Tổng các đơn vị có báo cáo (*)" in text


def test_the_real_report_twice_is_one_unit_with_a_revision(tmp_path):
    from extractor.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REAL / "ke_sat.docx", folder / "ke_sat.docx")
    shutil.copy(REAL / "ke_sat.docx", folder / "ke_sat_v2.docx")
    out = tmp_path / "out"
    assert main(["compare", str(folder), "--out", str(out), "--quiet"]) == 0
    long = list(csv.DictReader(io.StringIO((out / "comparison_long.csv").read_text(encoding="utf-8"))))
    assert {r["document"] for r in long} == {"ke_sat_v2.docx"} and {r["unit"] for r in long} == {"Kẻ Sặt"}
    key = json.loads((REAL / "ke_sat.key.json").read_text(encoding="utf-8"))
    pop = [r for r in long if r["indicator"] == "population"]
    assert [float(r["value"]) for r in pop] == [39554]
    wide = list(csv.DictReader(io.StringIO((out / "comparison.csv").read_text(encoding="utf-8-sig"))))
    assert len(wide) == 1 and "thay cho: ke_sat.docx" in wide[0]["Ghi chú"]
    _wide_long_agree((out / "comparison.csv").read_text(encoding="utf-8-sig"),
                     (out / "comparison_long.csv").read_text(encoding="utf-8"))
    wb = load_workbook(out / "comparison.xlsx")
    assert "ke_sat.docx" in " ".join(str(c.value) for row in wb["Ghi chú"].iter_rows() for c in row if c.value)
    # the key's figures, aligned the same way, agree with the extractor's table on the whole
    kdocs = [doc("ke_sat_v2.docx", key["unit_code"])]
    kfigs = [fig(kdocs[0], f["indicator"], f["value"], f["category"], (f["period_start"], f["period_end"])) for f in key["figures"]]
    expected = {(r["indicator"], r["category"], r["period_start"], r["period_end"]): r["value"]
                for r in figures_to_frame(kdocs, kfigs).to_dict("records")}
    got = {(r["indicator"], r["category"] or None, r["period_start"] or None, r["period_end"] or None): float(r["value"])
           for r in long}
    agree = sum(k in got and got[k] == v for k, v in expected.items())
    assert agree / len(expected) > 0.8


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_workbook_renders_in_libreoffice(tmp_path):
    _workbook(tmp_path)
    profile = tmp_path / "lo_profile"
    pdf = tmp_path / "comparison.pdf"
    for _ in range(2):  # a fresh LibreOffice profile sometimes makes the first start quit early
        r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(tmp_path), str(tmp_path / "comparison.xlsx")], capture_output=True, timeout=240)
        if pdf.exists():
            break
    if not pdf.exists() and b"could not be loaded" in r.stdout + r.stderr:
        pytest.skip("LibreOffice has no spreadsheet component (libreoffice-calc)")
    assert pdf.exists() and pdf.stat().st_size > 5000, r.stderr.decode(errors="replace")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Quy mô dân số" in text and "20.000" in text  # Vietnamese thousands separator


def test_every_figure_of_the_shown_report_is_in_the_table():
    from extractor.batch import Input, process_one

    outcome = process_one(Input(REAL / "ke_sat.docx", "ke_sat.docx"))
    figs = list(outcome.figures)
    al = figures_to_alignment([outcome.record.as_dict()], figs, OUTLINE)
    cmap = al.cell_map()
    for f in figs:
        cell = cmap[("10945", ColumnKey(f["indicator"], f["category"], f["period_start"], f["period_end"]))]
        assert f["value"] == cell.value or f["value"] in [o["value"] for o in cell.others]
    assert len(al.cells) == len({(f["indicator"], f["category"], f["period_start"], f["period_end"]) for f in figs})
