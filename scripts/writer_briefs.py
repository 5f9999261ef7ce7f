#!/usr/bin/env python3
"""Briefs for independent report writers, and the answer keys built from their manifests.

    python scripts/writer_briefs.py briefs --out /tmp/writers      # one brief per writer
    python scripts/writer_briefs.py keys --briefs /tmp/writers --reports corpus/writers

A writer (a person, or a helper that never sees ``extractor/``, ``patterns/`` or the
generator's phrasings) gets the outline, the seed report as a genre example and, for
each of its reports, a table of true figures: drawn by ``make_corpus.draw_figures`` so
that the outline's relations hold, with a few faults planted in the stated values. The
writer invents an office style, writes the report (DOCX, then PDF) and a manifest that
says, for every figure id of the brief, where it was stated (narrative, annex, both) and
how it was written, or that it was left out. The key is the brief's figures as the
manifest says they were stated: nothing of the key comes from reading the report.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus as mc  # noqa: E402

WRITERS = 32
REPORTS = 4
SEED = 8108

# Hints only: each writer still invents its own office. Together they cover the
# phenomena seen in real reports (periods, number habits, attribution, layout).
EMPHASES = [
    "periods written as halves and months ('6 tháng cuối năm 2025', '5 tháng đầu năm 2026'); "
    "numbers with their words in brackets ('03 (ba)'); the label after the number "
    "('1.250 hồ sơ là số hồ sơ trực tuyến')",
    "thousands separated by a space ('52 780'); several shares after one lead noun; a large "
    "annex table with 'Đơn vị tính' column, a two-row merged header and an STT column",
    "chains ('tiếp nhận A hồ sơ, giải quyết B, đang giải quyết C'); 'x/y' and 'x trong tổng số y'; "
    "counter words such as 'bộ hồ sơ', 'lượt'; 'qua mạng' or 'trên môi trường mạng' for 'trực tuyến'",
    "a terse bullet style with '-' and '+' sub-items, abbreviations (TTHC, DVCTT, CBCC, HĐND, "
    "UBND, MN/TH/THCS), zero in words ('không có', 'không phát sinh'); the unit's name only in "
    "the body text, not in the header line",
    "long flowing sentences, the period said once in a lead-in ('Từ khi vận hành (01/7/2025) "
    "đến nay:') and inherited by the bullets under it; money in 'triệu đồng' and 'tỷ đồng'",
    "most figures in tables (several small tables inside the text, some cells with two figures "
    "'104 / 93' or a total with its parts '14 (03 MN, 06 TH, 05 THCS)'); little prose",
    "a quarter-by-quarter habit of thought ('quý III/2025', 'quý IV/2025') in the prose around "
    "the figures (the figures themselves keep the periods of the brief); ranks and other "
    "numbers that are not outline figures (dates, decision numbers, '119/126 xã, phường', "
    "land areas, satisfaction rates)",
    "a mix: numbers in words for small counts ('hai', 'mười hai'), percentages with 'đạt tỷ lệ', "
    "a separate annex at the end with one table per topic, each table with its own 'Tổng cộng' row",
    # second round (writers 9-14, written after the first eight were scored)
    "one large summary table at the end with several period columns and a 'Ghi chú' column; in "
    "the prose, the label after the number ('có 12 là số trường học') and 'tính đến ngày ...'",
    "tables whose header repeats inside the table (a row of labels, then a row of numbers under "
    "it, then another row of labels...); notes in a last column; short prose between tables",
    "a newspaper-like narrative voice: long sentences with parentheses, 'lần lượt là' "
    "(respectively), 'x trên tổng số y', 'x/y', 'chiếm ...%', figures introduced by their label "
    "after a verb ('đạt', 'là', 'ở mức')",
    "numbered sub-items (a), b), 1.1., 1.2.), colon lists ('Tiếp nhận: 1.234; Giải quyết: 1.200'), "
    "zero in words, many abbreviations (HĐKCT, ĐVSNCL, TTPVHCC, VNeID) and a period stated in a "
    "short line of its own before each group of figures",
    "prose mixed with small two-column tables (label | figure); money written in full with dots "
    "('1.250.000.000 đồng') or in 'triệu đồng'; some figures repeated in an annex",
    "a terse telegraphic style with many semicolons and few verbs; periods given only in section "
    "headings or lead-in lines; tables without an STT column",
    # third round (writers 15-20)
    "numbers exported from software with English-style separators in tables (1,234) but Vietnamese "
    "ones in prose; percentages also written 'phần trăm'; a dash between a number and its label "
    "('3.120 – hồ sơ tiếp nhận')",
    "tables with periods as rows and indicators as columns, two-row merged headers, a 'Cộng' row at "
    "the bottom; prose that refers to the tables ('như Biểu 02')",
    "many numbers that are not outline figures beside the real ones: comparisons with the same "
    "period a year before ('tăng 12% so với cùng kỳ'), targets ('chỉ tiêu 95%'), ranks, meetings, "
    "visitors by group",
    "parenthetical periods after the figures ('(tính đến 15/5/2026)', '(6 tháng cuối năm 2025)'), "
    "footnote-like remarks, figures introduced by 'cụ thể:' and listed with a), b), c)",
    "'label: value' lines for most figures ('- Số hồ sơ tiếp nhận: 12.317 hồ sơ'), and a large annex "
    "table with merged two-row headers repeating them",
    "one long paragraph per section holding all its figures, with semicolons and parentheses, few "
    "line breaks; the document-type breakdown given as a parenthesised list",
    # fourth round (writers 21-26, written after the fifth session)
    "a questionnaire form: each item of the outline repeated as a numbered question or 'Nội dung' line, "
    "followed by its answer ('Trả lời: ...'); units abbreviated ('HS', 'trđ', 'tr.đồng', 'km2', 'ng.'), "
    "a space before '%' ('90,5 %')",
    "tables whose columns are the categories (one row per indicator: 'Tổng số | Trực tuyến | Trực tiếp | "
    "Bưu chính'), percent columns beside the counts; prose that refers to them; 'lũy kế' or 'cộng dồn' "
    "for figures counted since the start",
    "numbered items '1)', '2)' and '•' bullets, key figures in bold; comparisons with the plan ('đạt 105% "
    "kế hoạch năm') and with the previous period beside the figures; money in 'tr.đ' or 'triệu'",
    "a short narrative giving a few highlights ('chi tiết tại Biểu 03') and one annex table per section at "
    "the end (Biểu 01 ... Biểu 05), each with 'Đơn vị tính' and 'Ghi chú' columns and a 'Tổng cộng' row",
    "periods in full words ('từ ngày 01 tháng 7 năm 2025 đến ngày 15 tháng 5 năm 2026'); counts with their "
    "words in brackets; the number before its label ('12.317 là tổng số hồ sơ') and passive voice "
    "('được tiếp nhận', 'đã được giải quyết')",
    "short clauses separated by commas, many figures in one sentence; small tables with two value columns "
    "(a figure and its share); now and then a decimal point typed instead of a comma in a percentage ('90.5%')",
    # fifth round (writers 27-30, written in the seventh session after the fourth round was tuned on)
    "typed on an old keyboard: old-style tone placement ('hoà', 'thuỷ', 'khoẻ', 'uỷ ban'), some words without "
    "diacritics in labels ('ho so', 'thu tuc'), the unit now and then in brackets after a number ('1.234 (hồ sơ)')",
    "a short covering narrative and one large annex table spanning pages: rows grouped by Roman-numbered sections, "
    "indicators as rows, columns '6 tháng cuối năm 2025 | Từ 01/01/2026 đến nay | Lũy kế' where they apply",
    "sentences that give two periods at once ('6 tháng cuối năm 2025 và từ đầu năm 2026 đến nay lần lượt là 1.234 "
    "và 987 văn bản'), changes beside figures ('tăng 245 hồ sơ so với cùng kỳ'), figures that restate others",
    "bullets that open with the number ('- 1.234 hồ sơ tiếp nhận trực tuyến'), 'x/y' with a share after it "
    "('1.152/1.345 hồ sơ, đạt 85,6%'), table cells with the unit before the number ('Hồ sơ: 1.234')",
]
# sixth round (writers 31-32, dev): the hints of the two fifth-round writers that scored lowest (W27, W29), for
# other writers to show us those habits without our reading the held-out writers' errors
EMPHASES += [EMPHASES[26], EMPHASES[28]]
ROUNDS = (8, 6, 6, 6, 4, 2)  # writers per round: each round draws its units from those the earlier rounds left
FIRST_ROUND = ROUNDS[0]
REDRAW_FROM = 27  # writers from here on may write about a unit an earlier writer had: their figures are drawn anew

CATEGORY_IDS = {  # indicators whose figures are split into categories
    "documents_issued", "schools", "staff_departures", "staff_rating", "decentralized_tasks",
    "premises", "procedures_total", "dossiers_received", "dossiers_resolved", "dossiers_pending",
    "partial_service_dossiers", "full_service_dossiers", "services_with_dossiers_share_pct",
}


def units_for_writers(seed: int, writers: int = FIRST_ROUND) -> list:
    """Hải Phòng units not used by the synthetic corpus nor the seed report: the first
    round's as drawn then, the later writers' from the units left."""
    synth = {u.code for u, *_ in mc.choose_units(2026)}
    pool = [u for u in sorted(mc.load_gazetteer().units_in(), key=lambda u: u.code)
            if u.code not in synth and u.code not in mc.EXCLUDE]
    out = Random(seed).sample(pool, FIRST_ROUND * REPORTS)
    done = FIRST_ROUND
    for n, size in enumerate(ROUNDS[1:], start=2):
        if writers <= done:
            break
        used = {u.code for u in out}
        rest = [u for u in pool if u.code not in used]
        if len(rest) < size * REPORTS:  # the city has 114 units: later rounds may reuse the generator's
            rest = [u for u in sorted(mc.load_gazetteer().units_in(), key=lambda u: u.code)
                    if u.code not in used and u.code not in mc.EXCLUDE]
        if len(rest) < size * REPORTS:  # ... and then the earlier writers' (their figures drawn anew: REDRAW_FROM)
            rest = [u for u in sorted(mc.load_gazetteer().units_in(), key=lambda u: u.code) if u.code not in mc.EXCLUDE]
        out += Random(f"{seed}-round{n}").sample(rest, min(size, writers - done) * REPORTS)
        done += size
    return out[: writers * REPORTS]


def periods(rng: Random, report_date: dt.date) -> dict:
    cut = rng.choice([report_date, dt.date(2026, 4, 30), dt.date(2026, 5, 15)])
    b_end = rng.choice([report_date, dt.date(2026, 5, 31) if report_date.month > 5 else report_date])
    return {
        "A": (dt.date(2025, 7, 1), dt.date(2025, 12, 31), "01/07/2025 – 31/12/2025 (second half of 2025)"),
        "B": (dt.date(2026, 1, 1), b_end, f"01/01/2026 – {b_end:%d/%m/%Y}" + (" (= report date: you may say 'đến nay')" if b_end == report_date else "")),
        "T": (dt.date(2025, 7, 1), cut, f"01/07/2025 – {cut:%d/%m/%Y} (since the two-level government began operating)"
              + (" (= report date: you may say 'đến nay')" if cut == report_date else "")),
        "Y": (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year 2025"),
        "N": (None, report_date, f"as of the report date {report_date:%d/%m/%Y} ('hiện nay', 'đến nay', 'tính đến ...')"),
    }


PERIOD_OF = {  # which period each indicator's figures belong to (None: a stock figure)
    "documents_issued/A": "A", "documents_issued/B": "B", "staff_rating": "Y",
    "staff_present": "N", "staff_university_share_pct": "N", "staff_transfers": "T",
}
for _ind in ("procedures_total", "citizen_receptions", "dossiers_received", "dossiers_resolved",
             "dossiers_pending", "dossiers_cross_boundary", "ministry_dossiers_received",
             "ministry_dossiers_resolved", "ministry_dossiers_pending", "partial_services_with_dossiers",
             "partial_service_dossiers", "full_services_with_dossiers", "full_service_dossiers",
             "full_online_dossiers", "services_with_dossiers_share_pct", "online_dossier_share_pct",
             "digitized_input_share_pct", "digitized_output_share_pct", "digitized_both_share_pct",
             "archived_dossiers", "reused_dossiers", "reused_dossiers_share_pct", "fee_dossiers",
             "online_fee_payments", "online_fee_share_pct"):
    PERIOD_OF[_ind] = "T"


def rows_of(figs: dict) -> list[dict]:
    """Flatten draw_figures' dict into rows (indicator, category, value, period key)."""
    rows = []
    for key, val in figs.items():
        ind = key.split("/")[0]
        per = PERIOD_OF.get(key, PERIOD_OF.get(ind))
        if isinstance(val, dict):
            cats = {k: v for k, v in val.items() if k is not None}
            total = val.get(None, sum(cats.values()) if ind != "services_with_dossiers_share_pct" else None)
            if total is not None:
                rows.append({"indicator": ind, "category": None, "value": total, "period": per})
            for cat, v in cats.items():
                rows.append({"indicator": ind, "category": cat, "value": v, "period": per})
        else:
            rows.append({"indicator": ind, "category": None, "value": val, "period": per})
    return rows


def plant(rng: Random, rows: list[dict]) -> list[dict]:
    """Change one or two stated values; return the faults (contract rules)."""
    faults = []
    kinds = rng.sample(["sum", "ratio", "part"], rng.choice([1, 2]))
    for kind in kinds:
        if kind == "sum":
            r = next(x for x in rows if x["indicator"] == "schools" and x["category"] is None)
            true = r["value"]
            r["value"] = true + rng.choice([1, 2, 4])
            faults.append({"rule": "sum_mismatch", "indicators": ["schools"], "category": None,
                           "stated": r["value"], "expected": true, "suggestion": true,
                           "note": "the total of schools does not match its parts"})
        elif kind == "ratio":
            r = next(x for x in rows if x["indicator"] == "online_fee_share_pct")
            true = r["value"]
            wrong = round(max(1.0, true - rng.choice([3.5, 7.25, 12.4])), 2)
            r["value"] = wrong
            faults.append({"rule": "ratio_mismatch", "indicators": ["online_fee_share_pct", "online_fee_payments", "fee_dossiers"],
                           "category": None, "stated": wrong, "expected": true, "suggestion": true,
                           "note": "online fee share does not match payments / fee dossiers"})
        else:
            r = next(x for x in rows if x["indicator"] == "dossiers_resolved" and x["category"] == "trước hạn và đúng hạn")
            true = r["value"]
            s = str(true)
            r["value"] = int(s[:2] + s[1:])  # a repeated digit
            faults.append({"rule": "part_exceeds_total", "indicators": ["dossiers_resolved"],
                           "category": "trước hạn và đúng hạn", "stated": r["value"], "suggestion": true,
                           "note": "a repeated digit makes the part larger than its total"})
    return faults


def brief_for(w: int, reports: list[tuple], out: Path) -> None:
    lines = [f"# Brief for writer W{w}", "",
             "Style hint (you may go beyond it; invent your office's habits): " + EMPHASES[w - 1], ""]
    for n, (unit, rep) in enumerate(reports, 1):
        lines += [f"## Report {n}: {rep['stem']}", "",
                  f"- Unit: {unit.level} {unit.name} (Thành phố Hải Phòng), gazetteer code {unit.code}",
                  f"- Report number: {rep['number']}; date: {rep['date']}; signer: {rep['signer']}",
                  "- Periods:"]
        lines += [f"  - {k}: {v[2]}" for k, v in rep["periods"].items()]
        lines += ["", "| id | indicator | category | value | period |", "| --- | --- | --- | --- | --- |"]
        for r in rep["rows"]:
            v = r["value"]
            lines.append(f"| {r['id']} | {r['indicator']} | {r['category'] or '(total)'} | {v} | {r['period'] or '-'} |")
        lines.append("")
    (out / f"W{w}.md").write_text("\n".join(lines), encoding="utf-8")


def make_briefs(out: Path, seed: int, writers: int = WRITERS) -> None:
    out.mkdir(parents=True, exist_ok=True)
    units = units_for_writers(seed, writers)
    signers = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Phạm Đức Long", "Vũ Thị Hằng", "Đỗ Minh Tuấn",
               "Hoàng Thị Lan", "Bùi Quang Vinh", "Lê Thị Thu"]
    plan = {}
    for w in range(1, writers + 1):
        reports = []
        for n in range(REPORTS):
            unit = units[(w - 1) * REPORTS + n]
            rng = Random(f"{seed}-{unit.code}" if w < REDRAW_FROM else f"{seed}-{unit.code}-W{w}")
            figs = mc.draw_figures(rng, unit, rng.choice([1, 2]))
            rows = rows_of(figs)
            date = dt.date(2026, rng.choice([5, 6]), rng.randint(5, 28))
            faults = plant(rng, rows) if n != 0 else []
            for i, r in enumerate(rows, 1):
                r["id"] = f"F{i:03d}"
            rep = {"stem": f"w{w}_{mc.slug(unit.level + ' ' + unit.name)}", "unit_code": unit.code,
                   "commune": unit.name, "level": unit.level,
                   "number": f"{rng.randint(40, 260)}/BC-UBND", "date": f"{date:%d/%m/%Y}",
                   "report_date": date.isoformat(), "signer": rng.choice(signers),
                   "periods": periods(rng, date), "rows": rows, "faults": faults}
            reports.append((unit, rep))
        brief_for(w, reports, out)
        plan[f"W{w}"] = [{**rep, "periods": {k: [v[0] and v[0].isoformat(), v[1] and v[1].isoformat()]
                                             for k, v in rep["periods"].items()}} for _, rep in reports]
    (out / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")


def make_keys(briefs: Path, reports: Path, split: dict[str, str], out: Path | None = None) -> int:
    """One key per report from the plan and the writer's manifest (<stem>.manifest.json);
    with ``out``, the report files and keys are copied to ``out/<writer>/``."""
    plan = json.loads((briefs / "plan.json").read_text(encoding="utf-8"))
    made = 0
    for writer, reps in plan.items():
        for rep in reps:
            folder = reports / writer.lower()
            man_path = folder / f"{rep['stem']}.manifest.json"
            if not man_path.exists():
                continue
            man = json.loads(man_path.read_text(encoding="utf-8"))
            stated = man.get("figures", {})
            figures = []
            for r in rep["rows"]:
                m = stated.get(r["id"])
                if not m or m.get("omitted"):
                    continue
                start, end = rep["periods"][r["period"]] if r["period"] else (None, None)
                figures.append({"indicator": r["indicator"], "category": r["category"],
                                "value": m.get("value", r["value"]), "qualifier": m.get("qualifier"),
                                "period_start": start, "period_end": end, "text": m.get("text", ""),
                                "where": m.get("where", "narrative"), "note": r["id"]})
            key = {"document": rep["stem"], "unit_code": rep["unit_code"], "commune": rep["commune"],
                   "level": rep["level"], "split": split.get(writer, "heldout"), "writer": writer,
                   "metadata": {"number": rep["number"], "date": rep["report_date"], "title": man.get("title"),
                                "signer": rep["signer"]},
                   "report_date": rep["report_date"], "figures": figures,
                   "faults": [f for f in rep["faults"] if all(stated.get(r["id"], {}).get("omitted") is not True
                                                               for r in rep["rows"] if r["indicator"] in f["indicators"][:1])]}
            dest = (out / writer.lower()) if out else folder
            dest.mkdir(parents=True, exist_ok=True)
            for suffix in (".docx", ".pdf"):
                if out and (folder / (rep["stem"] + suffix)).exists():
                    shutil.copyfile(folder / (rep["stem"] + suffix), dest / (rep["stem"] + suffix))
            (dest / f"{rep['stem']}.key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n",
                                                          encoding="utf-8")
            made += 1
    return made


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("briefs")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--seed", type=int, default=SEED)
    b.add_argument("--writers", type=int, default=WRITERS, help="how many writers (the first 8 are the first round)")
    k = sub.add_parser("keys")
    k.add_argument("--briefs", type=Path, required=True)
    k.add_argument("--reports", type=Path, required=True)
    k.add_argument("--dev", default="", help="writers to tune on, comma-separated (W1,W2); the rest are held out")
    k.add_argument("--out", type=Path, default=None, help="copy reports and keys to OUT/<writer>/")
    a = ap.parse_args(argv)
    if a.cmd == "briefs":
        make_briefs(a.out, a.seed, a.writers)
        print(f"briefs for {a.writers} writers in {a.out}")
    else:
        dev = {w.strip().upper() for w in a.dev.split(",") if w.strip()}
        plan = json.loads((a.briefs / "plan.json").read_text(encoding="utf-8"))
        n = make_keys(a.briefs, a.reports, {w: "dev" if w in dev else "heldout" for w in plan}, a.out)
        print(f"{n} keys written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
