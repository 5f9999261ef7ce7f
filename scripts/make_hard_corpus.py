#!/usr/bin/env python3
"""Generate ``corpus/hard``: hard renderings of keyed dev reports, each with a key.

    python scripts/make_hard_corpus.py --seed 2026            # writes corpus/hard (run from the repo root)
    python scripts/make_hard_corpus.py --seed 2026 --no-pdf   # without LibreOffice: no PDF of the annex reports
    python scripts/evaluate.py corpus/hard                    # scores per kind

Every case is derived from a keyed **dev** report only: the generated reports of
``corpus/synth`` whose key says ``"split": "dev"`` and the real seed report
``corpus/real/ke_sat``. Nothing under ``corpus/writers`` is read. Each report file gets
``<stem>.key.json`` beside it: a copy of its source key with ``document`` (the new
stem), ``split: dev``, ``kind`` and ``derived_from`` (the source), without ``writer``.

Kinds (``kind`` in the key):

``scan-150``, ``scan-200``
    The source PDF (ke_sat and two generated reports) rendered with pypdfium2 at 150 or
    200 dpi, each page turned by a small skew (0.3–1.2°, either way, white fill), given
    light noise (grain, a slight blur, a few specks) and thresholded to black and white
    as an office scanner does, then saved as an image-only PDF (CCITT G4: a grayscale
    JPEG at quality 75 would make these 94 pages about 40 MB). Key: the source's.
``tcvn3``, ``vni``
    A source DOCX with the text of every run (body, tables, headers and footers)
    rewritten into the old encoding, the inverse of ``patterns/encodings/tcvn3.csv`` /
    ``vni.csv``, and its font set to ``.VnTime`` / ``VNI-Times``. TCVN3 has no byte for
    most marked capitals (Ủ, Ệ, Ả...): as typists do, those are typed as the small
    letter in ``.VnTimeH``, the capitals font (a line in capitals is set whole in
    ``.VnTimeH``). ``km²`` becomes ``km`` and a superscript ``2`` (``²`` is a TCVN3
    mark). Key: the source's.
``annex-pages``
    A report whose narrative is short (the header, the title, a few figures of the
    unit) and whose figures sit in two annex tables long enough to cross page breaks:
    Phụ lục 01 (figures without a period, or with their period in the row label) and
    Phụ lục 02 (its title states the period; a two-row merged header "Kết quả thực
    hiện" over "Lũy kế", "Kỳ trước" and "Kỳ này", each naming its dates; a formula row
    "(4)=(5)+(6)"; ``-`` where a figure is not reported; the "Đơn vị tính" column
    filled; every header row marked "repeat as header row", ``w:tblHeader``). DOCX, and
    its PDF printed by LibreOffice when ``soffice`` exists. Key: the figures written,
    with the source key's values and periods (``where``: ``annex``, or ``both`` for
    area and population, also in the narrative); the "Lũy kế" of the documents issued
    is the sum of the two halves the source states, keyed as written.
``annex-workbook``
    A short narrative DOCX and ``<stem>_phu_luc.xlsx`` beside it (openpyxl): the annex
    table of the dossier figures of the period (its title and header state the period)
    and a sheet of the documents issued by half year; decimals typed as numbers, shown
    with the format ``#,##0.00`` in the first case and ``#,##0.0#`` (optional second
    place) in the second. One figure stated in both is changed in the workbook and
    recorded as an ``annex_mismatch`` fault. Only the DOCX has a key.

Determinism: sources are drawn and every skew, speck and choice is made from
``random.Random`` / ``numpy`` generators seeded with ``--seed`` and the case; DOCX and
XLSX files are written with fixed zip dates, the scans with a fixed creation date. PDFs
printed by LibreOffice carry LibreOffice's own timestamps.
"""
from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import docx_stable  # noqa: E402
from key_periods import key_with_report_period  # noqa: E402

SYNTH = REPO / "corpus" / "synth"
REAL = REPO / "corpus" / "real"
DEFAULT_OUT = REPO / "corpus" / "hard"
INDICATORS = REPO / "patterns" / "outlines" / "sap_xep_2025" / "indicators.csv"
ENCODINGS = REPO / "patterns" / "encodings"
ZIP_DATE = (2026, 6, 1, 8, 0, 0)
PDF_DATE = time.struct_time((2026, 6, 1, 8, 0, 0, 0, 152, 0))
FONT = "Times New Roman"
MAX_MB = 15
H1 = ("2025-07-01", "2025-12-31")
KEPT_FAULTS = {"missing_metadata", "sum_mismatch", "part_exceeds_total", "ratio_mismatch", "name_variant"}

# --------------------------------------------------------------------------- sources


def load_indicators() -> dict[str, dict]:
    with INDICATORS.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def dev_sources() -> dict[str, dict]:
    """stem -> {"key", "dir", "origin"} of every keyed dev report of corpus/synth, and ke_sat."""
    out = {}
    for p in sorted(SYNTH.glob("*.key.json")):
        key = json.loads(p.read_text(encoding="utf-8"))
        if key.get("split") != "dev" or key.get("writer"):
            continue
        out[key["document"]] = {"key": key, "dir": SYNTH, "origin": "synth"}
    key = json.loads((REAL / "ke_sat.key.json").read_text(encoding="utf-8"))
    assert key.get("split", "dev") == "dev"
    out["ke_sat"] = {"key": key, "dir": REAL, "origin": "real"}
    return out


def new_key(src: dict, stem: str, kind: str) -> dict:
    key = copy.deepcopy(src["key"])
    key.pop("writer", None)
    key["document"] = stem
    key["split"] = "dev"
    key["kind"] = kind
    key["derived_from"] = f"{src['origin']}/{src['key']['document']}"
    return key


def write_key(out: Path, key: dict) -> None:
    from extractor.outline import load_outline

    key, _ = key_with_report_period(key, load_outline())  # corpus/KEY_FORMAT.md: undated activity
    (out / f"{key['document']}.key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")


def periods(key: dict) -> tuple | None:
    """(main, first half, second half): the range most dossier figures share (from 1/7/2025),
    and the two halves of it the documents issued are given for; None if the key has no such."""
    ranges = Counter((f["period_start"], f["period_end"]) for f in key["figures"]
                     if f["period_start"] == "2025-07-01" and f["period_end"] and f["period_end"] != H1[1])
    if not ranges:
        return None
    main = ranges.most_common(1)[0][0]
    h2 = ("2026-01-01", main[1])
    have = {(f["period_start"], f["period_end"]) for f in key["figures"]}
    return (main, H1, h2) if H1 in have and h2 in have else None


def duplicated_facts(key: dict) -> bool:
    seen = Counter((f["indicator"], f["category"], f["period_start"], f["period_end"]) for f in key["figures"])
    return any(n > 1 for n in seen.values())


def fit_for_annexes(key: dict) -> bool:
    return (periods(key) is not None and not duplicated_facts(key)
            and all(f["rule"] in KEPT_FAULTS for f in key["faults"]))


# --------------------------------------------------------------------------- numbers and dates


def vn_number(v) -> str:
    """Vietnamese digits: 1.234 for thousands, 12,5 for decimals."""
    if isinstance(v, float) and not v.is_integer():
        whole, frac = f"{v:.6f}".rstrip("0").split(".")
    else:
        whole, frac = str(int(round(v))), ""
    neg = whole.startswith("-")
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ("-" if neg else "") + ".".join(groups) + ("," + frac if frac else "")


def vn_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month}/{d.year}"


def period_words(start, end, report_date) -> str:
    """How a clerk writes a fact's period in a row label ("" when it has none)."""
    if (start, end) == (None, None):
        return ""
    if start and end and start.endswith("-01-01") and end == start[:4] + "-12-31":
        return f"năm {start[:4]}"
    if start is None:
        return f"tính đến ngày {vn_date(end)}"
    if end is None:
        return f"từ ngày {vn_date(start)} đến nay"
    return f"từ ngày {vn_date(start)} đến ngày {vn_date(end)}"


# --------------------------------------------------------------------------- labels

# Each indicator as a clerk labels its row, and its unit ("Đơn vị tính").
LABELS = {
    "area_km2": ("Diện tích tự nhiên", "km²"),
    "population": ("Quy mô dân số", "người"),
    "merged_units": ("Số đơn vị hành chính cấp xã cũ được sắp xếp", "đơn vị"),
    "villages": ("Tổng số thôn, tổ dân phố", "thôn"),
    "cultural_villages": ("Thôn, tổ dân phố đạt danh hiệu văn hóa", "thôn"),
    "health_stations": ("Điểm trạm y tế", "điểm"),
    "school_sites": ("Điểm trường", "điểm"),
    "documents_issued": ("Tổng số văn bản UBND đã ban hành", "văn bản"),
    "propaganda_share_pct": ("Tỷ lệ tin, bài tuyên truyền về sắp xếp ĐVHC", "%"),
    "specialized_departments": ("Phòng chuyên môn thuộc UBND", "phòng"),
    "public_service_centers": ("Trung tâm phục vụ hành chính công", "trung tâm"),
    "public_service_units": ("Đơn vị sự nghiệp công lập trực thuộc", "đơn vị"),
    "schools": ("Trường học tiếp nhận về UBND quản lý", "trường"),
    "public_employees_received": ("Viên chức tiếp nhận về xã quản lý", "người"),
    "staff_quota_before": ("Biên chế CBCC trước sắp xếp", "người"),
    "staff_quota_after": ("Biên chế CBCC sau sắp xếp", "người"),
    "staff_departures": ("CBCC nghỉ sau sắp xếp", "người"),
    "staff_present": ("Số CBCC có mặt", "người"),
    "staff_transfers": ("Lượt CBCC được điều động, biệt phái", "lượt"),
    "part_time_staff_received": ("Người hoạt động không chuyên trách được tiếp nhận", "người"),
    "staff_university_share_pct": ("Tỷ lệ CBCC có trình độ đại học trở lên", "%"),
    "staff_rating": ("Đánh giá, xếp loại công chức", "người"),
    "training_participations": ("Lượt CBCCVC được đào tạo, bồi dưỡng", "lượt"),
    "training_share_pct": ("Tỷ lệ CBCCVC được đào tạo, bồi dưỡng", "%"),
    "decentralized_tasks": ("Nhiệm vụ nhận phân quyền, phân cấp", "nhiệm vụ"),
    "premises": ("Cơ sở nhà, đất sau sắp xếp", "cơ sở"),
    "repair_funding_vnd": ("Kinh phí sửa chữa trụ sở làm việc", "triệu đồng"),
    "meeting_room_funding_vnd": ("Kinh phí sửa chữa phòng họp trực tuyến", "triệu đồng"),
    "online_meeting_rooms": ("Phòng họp trực tuyến", "phòng"),
    "travel_support_vnd": ("Kinh phí hỗ trợ đi lại cho CBCC", "triệu đồng"),
    "travel_support_staff": ("CBCC được hỗ trợ đi lại", "người"),
    "e_processing_share_pct": ("Tỷ lệ hồ sơ xử lý trên môi trường điện tử", "%"),
    "digital_signature_share_pct": ("Tỷ lệ CBCC được cấp chữ ký số", "%"),
    "procedures_total": ("Tổng số TTHC đã công bố", "thủ tục"),
    "citizen_receptions": ("Lượt tiếp công dân", "lượt"),
    "dossiers_received": ("Tổng số hồ sơ TTHC tiếp nhận", "hồ sơ"),
    "dossiers_resolved": ("Hồ sơ đã giải quyết", "hồ sơ"),
    "dossiers_pending": ("Hồ sơ đang giải quyết", "hồ sơ"),
    "dossiers_cross_boundary": ("Hồ sơ tiếp nhận không phụ thuộc địa giới hành chính", "hồ sơ"),
    "ministry_dossiers_received": ("Hồ sơ tiếp nhận trên hệ thống của các Bộ", "hồ sơ"),
    "ministry_dossiers_resolved": ("Hồ sơ đã giải quyết trên hệ thống của các Bộ", "hồ sơ"),
    "ministry_dossiers_pending": ("Hồ sơ đang giải quyết trên hệ thống của các Bộ", "hồ sơ"),
    "partial_services_with_dossiers": ("DVCTT một phần có phát sinh hồ sơ", "dịch vụ"),
    "partial_service_dossiers": ("Hồ sơ của DVCTT một phần", "hồ sơ"),
    "full_services_with_dossiers": ("DVCTT toàn trình có phát sinh hồ sơ", "dịch vụ"),
    "full_service_dossiers": ("Hồ sơ của DVCTT toàn trình", "hồ sơ"),
    "full_online_dossiers": ("Hồ sơ trực tuyến toàn trình", "hồ sơ"),
    "services_with_dossiers_share_pct": ("Tỷ lệ DVCTT phát sinh hồ sơ", "%"),
    "online_dossier_share_pct": ("Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ", "%"),
    "digitized_input_share_pct": ("Tỷ lệ hồ sơ được số hóa đầu vào", "%"),
    "digitized_output_share_pct": ("Tỷ lệ hồ sơ được số hóa đầu ra", "%"),
    "digitized_both_share_pct": ("Tỷ lệ hồ sơ số hóa cả đầu vào và đầu ra", "%"),
    "archived_dossiers": ("Hồ sơ có lưu kho", "hồ sơ"),
    "reused_dossiers": ("Hồ sơ tái sử dụng dữ liệu số hóa", "hồ sơ"),
    "reused_dossiers_share_pct": ("Tỷ lệ hồ sơ tái sử dụng dữ liệu số hóa", "%"),
    "fee_dossiers": ("Hồ sơ phát sinh phí, lệ phí", "hồ sơ"),
    "online_fee_payments": ("Hồ sơ thanh toán phí, lệ phí trực tuyến", "hồ sơ"),
    "online_fee_share_pct": ("Tỷ lệ thanh toán phí, lệ phí trực tuyến", "%"),
    "business_online_service_share_pct": ("Tỷ lệ DVCTT cung cấp cho doanh nghiệp", "%"),
}
CATEGORY_LABELS = {
    ("documents_issued", "khác"): "Văn bản khác",
    ("schools", "trung học cơ sở"): "Trung học cơ sở (THCS)",
    ("staff_rating", "hoàn thành xuất sắc"): "Hoàn thành xuất sắc nhiệm vụ",
    ("staff_rating", "hoàn thành tốt"): "Hoàn thành tốt nhiệm vụ",
    ("staff_rating", "hoàn thành"): "Hoàn thành nhiệm vụ",
    ("staff_rating", "không hoàn thành"): "Không hoàn thành nhiệm vụ",
    ("staff_departures", "thôi việc"): "Nghỉ thôi việc",
    ("premises", "đã giao quản lý sử dụng"): "Đã giao quản lý, sử dụng",
    ("dossiers_received", "tồn kỳ trước"): "Tồn kỳ trước chuyển sang",
    ("dossiers_pending", "trong hạn"): "Trong hạn (chưa đến hạn)",
    ("decentralized_tasks", "dân tộc tôn giáo tín ngưỡng"): "Lĩnh vực dân tộc, tôn giáo, tín ngưỡng",
    ("decentralized_tasks", "văn hóa thể thao và du lịch"): "Lĩnh vực văn hóa, thể thao và du lịch",
}
SECTIONS = {  # indicators.csv section -> the heading of its rows
    "I.1": "Khái quát chung", "I.2": "Lãnh đạo, chỉ đạo, ban hành văn bản",
    "II.1.1 Tổ chức bộ máy": "Tổ chức bộ máy", "II.1.1 Nhân sự": "Nhân sự",
    "II.1.2": "Phân quyền, phân cấp", "II.1.3": "Cơ sở vật chất, tài sản công", "II.1.4": "Số hóa, lưu trữ",
    "II.1.5 Thủ tục hành chính": "Thủ tục hành chính", "II.1.5 Dịch vụ công trực tuyến": "Dịch vụ công trực tuyến",
    "II.1.5 Số hóa hồ sơ": "Số hóa hồ sơ", "II.1.5 Thanh toán trực tuyến": "Thanh toán phí, lệ phí trực tuyến",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def section_of(row: dict) -> str:
    s = row["section"]
    return SECTIONS.get(s) or SECTIONS.get(s.split()[0]) or s.split(" ", 1)[-1]


def category_label(ind: str, cat: str) -> str:
    if (ind, cat) in CATEGORY_LABELS:
        return CATEGORY_LABELS[(ind, cat)]
    if ind == "decentralized_tasks":
        return "Lĩnh vực " + cat
    return cat[:1].upper() + cat[1:]


def cell_text(f: dict, unit: str) -> tuple[str, str]:
    """(the cell as written, the number in it) for a fact in a table whose unit is ``unit``."""
    v = f["value"]
    if unit == "triệu đồng":
        v = v / 1_000_000
        v = int(v) if float(v).is_integer() else v
    text = vn_number(v)
    q = {"approx": "khoảng ", "over": "trên ", "under": "dưới "}.get(f.get("qualifier") or "", "")
    return q + text, text


# --------------------------------------------------------------------------- scans


def seed_of(seed: int, *parts) -> int:
    return zlib.crc32(":".join(map(str, (seed,) + parts)).encode())


def make_scan(src_pdf: Path, out: Path, dpi: int, seed: int) -> int:
    """An image-only, skewed, noisy black-and-white PDF of ``src_pdf`` at ``dpi``."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = Random(seed)
    pdf = pdfium.PdfDocument(str(src_pdf))
    pages = []
    for i in range(len(pdf)):
        gray = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        angle = rng.uniform(0.3, 1.2) * rng.choice((-1, 1))
        gray = gray.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        noise = np.random.default_rng(rng.randrange(2**32))
        a = np.asarray(gray).astype(np.float32)
        a += noise.normal(0, 12, a.shape)  # paper grain and sensor noise
        specks = noise.random(a.shape) < 0.00012  # dust
        a[specks] = 0
        gray = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5 if dpi < 200 else 0.6))
        threshold = rng.randint(158, 172)
        pages.append(gray.point(lambda v, t=threshold: 255 if v > t else 0).convert("1"))
    pdf.close()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi,
                  creationDate=PDF_DATE, modDate=PDF_DATE, title=out.stem)
    return len(pages)


# --------------------------------------------------------------------------- old encodings


def tcvn3_inverse() -> dict[str, str]:
    with (ENCODINGS / "tcvn3.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {r["char"]: chr(int(r["byte"], 16)) for r in rows if len(r["char"]) == 1 and r["byte"] != "0xA0"}


def vni_inverse() -> dict[str, str]:
    with (ENCODINGS / "vni.csv").open(encoding="utf-8") as fh:
        return {r["char"]: r["vni"] for r in csv.DictReader(fh)}


def legacy_segments(text: str, encoding: str, tables: dict) -> list[tuple[str, str, bool]]:
    """``text`` as typed in the old encoding: (text, font, superscript) pieces."""
    text = unicodedata.normalize("NFC", text)
    inv = tables[encoding]
    base = ".VnTime" if encoding == "tcvn3" else "VNI-Times"
    letters = [c for c in text if c.isalpha()]
    capitals = bool(letters) and not any(c.islower() for c in letters)
    pieces: list[list] = []
    for c in text:
        if c == "²":
            piece = ("2", base, True)
        elif c in inv:
            piece = (inv[c], base, False)
        elif encoding == "tcvn3" and c.isupper() and c.lower() in inv:
            piece = (inv[c.lower()], ".VnTimeH", False)  # no such capital in TCVN3: the capitals font
        else:
            piece = (c, base, False)
        if pieces and pieces[-1][1:] == list(piece[1:]):
            pieces[-1][0] += piece[0]
        else:
            pieces.append(list(piece))
    if capitals and any(p[1] == ".VnTimeH" for p in pieces):  # a line in capitals: set whole in .VnTimeH
        merged: list[list] = []
        for p in pieces:
            p[1] = ".VnTimeH"
            if merged and merged[-1][1:] == p[1:]:
                merged[-1][0] += p[0]
            else:
                merged.append(p)
        pieces = merged
    return [tuple(p) for p in pieces]


def to_legacy_docx(src: Path, out: Path, encoding: str) -> int:
    """Rewrite every run of ``src`` into ``encoding`` and its font; returns the runs rewritten."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.text.run import Run

    tables = {"tcvn3": tcvn3_inverse(), "vni": vni_inverse()}
    base = ".VnTime" if encoding == "tcvn3" else "VNI-Times"
    doc = Document(src)
    roots = [doc.element.body]
    for s in doc.sections:
        for part in (s.header, s.footer, s.first_page_header, s.first_page_footer, s.even_page_header, s.even_page_footer):
            if not part.is_linked_to_previous:
                roots.append(part._element)
    runs = [r for root in roots for r in root.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    for r in runs:
        ts = r.findall(qn("w:t"))
        simple = len(ts) == 1 and all(ch.tag in (qn("w:rPr"), qn("w:t")) for ch in r)
        if not simple:  # fields, breaks, several texts: each text in place, in the base font
            for t in ts:
                t.text = "".join(p[0] for p in legacy_segments(t.text or "", encoding, tables))
            docx_stable.set_run_font(Run(r, None), base)
            continue
        pieces = legacy_segments(ts[0].text or "", encoding, tables)
        last = r
        for i, (text, font, sup) in enumerate(pieces):
            el = r if i == 0 else copy.deepcopy(r)
            if i:
                last.addnext(el)
                last = el
            t = el.find(qn("w:t"))
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run = Run(el, None)
            docx_stable.set_run_font(run, font)
            run.font.superscript = True if sup else None
    normal = doc.styles["Normal"]
    normal.font.name = base
    docx_stable.save_stable(doc, out, ZIP_DATE)
    return len(runs)


# --------------------------------------------------------------------------- DOCX building


class Builder:
    """A report DOCX made from a source DOCX: its header table, title and signature kept,
    everything else replaced."""

    def __init__(self, src: Path):
        from docx import Document
        from docx.oxml.ns import qn

        self.doc = Document(src)
        body = self.doc.element.body
        kids = [k for k in body.iterchildren() if k.tag != qn("w:sectPr")]
        tables = [k for k in kids if k.tag == qn("w:tbl")]
        self.signature = next(t for t in tables[1:] if "Nơi nhận" in "".join(t.itertext()))
        paras = [k for k in kids if k.tag == qn("w:p") and "".join(k.itertext()).strip()]
        keep = {id(tables[0]), id(paras[0]), id(paras[1]), id(self.signature)}  # header, "BÁO CÁO", title
        for k in kids:
            if id(k) not in keep:
                body.remove(k)

    def text(self) -> str:
        return "\n".join(self.doc.element.body.itertext())

    def para(self, text: str, bold=False, italic=False, center=False, indent=True, size=14, before_signature=True,
             after=6, new_page=False):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        pf = p.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(after), 1.15
        pf.page_break_before = new_page or None
        if indent and not center:
            pf.first_line_indent = Cm(1.27)
        run = p.add_run(text)
        docx_stable.set_run_font(run, FONT, size, bold, italic)
        if before_signature:
            self.signature.addprevious(p._p)
        return p

    def table(self, header_rows: list[list], rows: list[dict], widths_cm: list[float], merges=(), repeat=True):
        """A ruled table: ``header_rows`` (each a list of cell texts, None under a merge) marked
        as repeated header rows, then ``rows`` ({"cells": [...], "bold": bool})."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        ncols = len(widths_cm)
        t = self.doc.add_table(rows=len(header_rows) + len(rows), cols=ncols)
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for (r0, c0), (r1, c1) in merges:
            t.cell(r0, c0).merge(t.cell(r1, c1))

        def put(cell, text, bold=False, italic=False, center=True, size=12):
            cell.width = cell.width
            p = cell.paragraphs[0]
            for extra in cell.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(1)
            if text:
                docx_stable.set_run_font(p.add_run(text), FONT, size, bold, italic)

        for i, cells in enumerate(header_rows):
            for j, text in enumerate(cells):
                if text is not None:
                    put(t.cell(i, j), text, bold=True, italic=text.startswith("("), size=11)
            tr_pr = t.rows[i]._tr.get_or_add_trPr()
            if repeat:
                tr_pr.append(OxmlElement("w:tblHeader"))
            tr_pr.append(OxmlElement("w:cantSplit"))
        for i, row in enumerate(rows, start=len(header_rows)):
            for j, text in enumerate(row["cells"]):
                put(t.cell(i, j), text, bold=row.get("bold", False), center=(j != 1))
            t.rows[i]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for row in t.rows:
            for j, cell in enumerate(row.cells):
                cell.width = Cm(widths_cm[j])
        grid = t._tbl.find(qn("w:tblGrid"))
        for j, col in enumerate(grid.findall(qn("w:gridCol"))):
            col.set(qn("w:w"), str(int(widths_cm[j] * 567)))
        return t

    def save(self, path: Path):
        docx_stable.save_stable(self.doc, path, ZIP_DATE)


def unit_phrase(key: dict) -> str:
    return f"{key['level']} {key['commune']}"


def fact_groups(facts: list[dict], outline: dict) -> list[tuple[str, list[dict]]]:
    """Facts grouped by indicator in the outline's order, totals before categories in order."""
    order = list(outline)
    by = defaultdict(list)
    for f in facts:
        by[f["indicator"]].append(f)
    out = []
    for ind in sorted(by, key=order.index):
        cats = [c for c in outline[ind]["categories"].split("|") if c]
        out.append((ind, sorted(by[ind], key=lambda f: (f["category"] is not None,
                                                        cats.index(f["category"]) if f["category"] else 0))))
    return out


def clean_faults(key: dict, text: str, written: set) -> list[dict]:
    """The source's faults that the new report still carries: metadata blanks (its header and
    signature are the source's), a name variant it still spells, value faults whose facts are
    all written."""
    kept = []
    for ft in key["faults"]:
        rule = ft["rule"]
        if rule == "missing_metadata":
            kept.append(ft)
        elif rule == "name_variant" and isinstance(ft.get("stated"), str) and ft["stated"] in text:
            kept.append(ft)
        elif rule in ("sum_mismatch", "part_exceeds_total", "ratio_mismatch"):
            involved = [f for f in key["figures"] if f["indicator"] in ft["indicators"]
                        and (f["period_start"], f["period_end"]) == (ft["period_start"], ft["period_end"])]
            if involved and all(fid(f) in written for f in involved):
                kept.append(ft)
    return kept


def fid(f: dict) -> tuple:
    return (f["indicator"], f["category"], f["period_start"], f["period_end"], f["value"])


# --------------------------------------------------------------------------- annex over pages

NARRATIVE_STOCK = ("merged_units", "area_km2", "population")


def opening(b, name: str, stock: dict) -> list[str]:
    """The report's opening lines and heading I, and the phrases of its unit's general
    figures (merged units, area, population) that the stock facts give."""
    b.para(f"Thực hiện Kế hoạch của Ủy ban nhân dân thành phố về sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính "
           f"và hoạt động của chính quyền địa phương 02 cấp, Ủy ban nhân dân {name} báo cáo như sau:")
    b.para("I. KHÁI QUÁT CHUNG", bold=True, indent=False)
    parts = []
    if "merged_units" in stock:
        parts.append(f"được thành lập trên cơ sở sắp xếp {vn_number(stock['merged_units']['value'])} đơn vị hành chính cấp xã cũ")
    if "area_km2" in stock:
        parts.append(f"có diện tích tự nhiên {vn_number(stock['area_km2']['value'])} km²")
    if "population" in stock:
        parts.append(f"quy mô dân số {vn_number(stock['population']['value'])} người")
    return parts


def annex_pages(src: dict, out: Path, stem: str, outline: dict, pdf: bool, profile: Path | None) -> dict:
    key = src["key"]
    main, h1, h2 = periods(key)
    report_date = key["report_date"]
    b = Builder(src["dir"] / f"{key['document']}.docx")
    figs = key["figures"]
    written: list[dict] = []

    # the narrative: a few figures of the unit, then pointers to the annexes
    stock = {f["indicator"]: f for f in figs if f["indicator"] in NARRATIVE_STOCK and f["category"] is None
             and f["period_start"] is None and f["period_end"] is None}
    name = unit_phrase(key)
    parts = opening(b, name, stock)
    narrative = set()
    if parts:
        b.para(f"{name[:1].upper() + name[1:]} " + ", ".join(parts) + ".")
        for ind in ("merged_units", "area_km2", "population"):
            if ind in stock:
                narrative.add(ind)
    b.para("Sau sắp xếp, tổ chức bộ máy chính quyền địa phương được kiện toàn, hoạt động thông suốt; tình hình an ninh "
           "chính trị, trật tự an toàn xã hội trên địa bàn cơ bản ổn định.")
    b.para("II. KẾT QUẢ THỰC HIỆN", bold=True, indent=False)
    b.para("Kết quả về tổ chức bộ máy, nhân sự, phân cấp và cơ sở vật chất được tổng hợp tại Phụ lục 01; kết quả ban "
           "hành văn bản, tiếp nhận, giải quyết hồ sơ thủ tục hành chính và cung cấp dịch vụ công trực tuyến được tổng "
           "hợp tại Phụ lục 02 kèm theo Báo cáo này.")
    b.para("Nhìn chung, việc tiếp nhận, giải quyết thủ tục hành chính cơ bản bảo đảm đúng quy định; hạ tầng công nghệ "
           "thông tin từng bước được đầu tư, đáp ứng yêu cầu xử lý hồ sơ trên môi trường điện tử.")
    b.para("III. KIẾN NGHỊ", bold=True, indent=False)
    b.para("Đề nghị Ủy ban nhân dân thành phố quan tâm bố trí kinh phí sửa chữa trụ sở, trang thiết bị và tăng cường "
           "đào tạo, bồi dưỡng cho đội ngũ cán bộ, công chức cấp xã.")
    b.para(f"Trên đây là báo cáo sơ kết 01 năm của Ủy ban nhân dân {name}./.")

    columns = {main: 3, h1: 4, h2: 5}
    in_02 = [f for f in figs if (f["period_start"], f["period_end"]) in columns and f["indicator"] not in narrative]
    in_01 = [f for f in figs if f not in in_02 and not (f["indicator"] == "merged_units" and "merged_units" in narrative)]
    number = key["metadata"].get("number")
    attached = f"(Kèm theo Báo cáo số {number} của UBND {name})" if number else f"(Kèm theo Báo cáo của UBND {name})"

    # Phụ lục 01: figures without a period, or with it in their label
    b.para("Phụ lục 01", bold=True, center=True, before_signature=False, after=0, new_page=True)
    b.para("MỘT SỐ CHỈ TIÊU VỀ ĐỊA BÀN, TỔ CHỨC BỘ MÁY, NHÂN SỰ, PHÂN CẤP VÀ CƠ SỞ VẬT CHẤT", bold=True, center=True,
           before_signature=False, after=0)
    b.para(attached, italic=True, center=True, before_signature=False)
    rows, section, n_sec, n = [], None, 0, 0
    groups = defaultdict(list)
    for f in in_01:
        groups[(f["indicator"], f["period_start"], f["period_end"])].append(f)
    order = list(outline)
    for (ind, ps, pe) in sorted(groups, key=lambda g: (order.index(g[0]), g[1] or "", g[2] or "")):
        sec = section_of(outline[ind])
        if sec != section:
            section, n = sec, 0
            rows.append({"cells": [ROMAN[n_sec], sec, "", "", ""], "bold": True})
            n_sec += 1
        label, unit = LABELS[ind]
        when = period_words(ps, pe, report_date)
        label = f"{label} {when}" if when else label
        facts = sorted(groups[(ind, ps, pe)], key=lambda f: f["category"] is not None)
        total = next((f for f in facts if f["category"] is None), None)
        n += 1
        if total:
            shown, text = cell_text(total, unit)
            written.append(dict(total, text=text, where="both" if ind in narrative else "annex",
                                note=f"Phụ lục 01: {label}"))
        rows.append({"cells": [str(n), label + ("" if total else ", trong đó:"), unit, shown if total else "-", ""]})
        cats = [c for c in outline[ind]["categories"].split("|") if c]
        for f in sorted((f for f in facts if f["category"]), key=lambda f: cats.index(f["category"])):
            shown, text = cell_text(f, unit)
            sub = "- " + category_label(ind, f["category"])
            rows.append({"cells": ["", sub, unit, shown, ""]})
            written.append(dict(f, text=text, where="annex", note=f"Phụ lục 01: {label} | {sub}"))
    header = [["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"], ["(1)", "(2)", "(3)", "(4)", "(5)"]]
    b.table(header, rows, [1.2, 8.3, 2.3, 2.3, 1.9])

    # Phụ lục 02: the figures of the period, by column
    b.para("Phụ lục 02", bold=True, center=True, before_signature=False, after=0, new_page=True)
    title = (f"KẾT QUẢ BAN HÀNH VĂN BẢN, GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH VÀ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN "
             f"TỪ NGÀY {vn_date(main[0])} ĐẾN NGÀY {vn_date(main[1])}")
    b.para(title, bold=True, center=True, before_signature=False, after=0)
    b.para(attached, italic=True, center=True, before_signature=False)
    heads = {main: f"Lũy kế từ {vn_date(main[0])} đến {vn_date(main[1])}",
             h1: f"Kỳ trước (từ {vn_date(h1[0])} đến {vn_date(h1[1])})",
             h2: f"Kỳ này (từ {vn_date(h2[0])} đến {vn_date(h2[1])})"}
    by_cell = {(f["indicator"], f["category"], (f["period_start"], f["period_end"])): f for f in in_02}
    # the "Lũy kế" of an indicator given for both halves only: their sum, when each half adds up
    derived = {}
    for ind in sorted({f["indicator"] for f in in_02}):
        halves = [{f["category"]: f["value"] for f in in_02 if f["indicator"] == ind and (f["period_start"], f["period_end"]) == h}
                  for h in (h1, h2)]
        if any((ind, c, main) in by_cell for c in set(halves[0]) | set(halves[1])):
            continue
        if all(None in h and sum(v for c, v in h.items() if c) == h[None] for h in halves):
            for c in set(halves[0]) | set(halves[1]):
                derived[(ind, c)] = halves[0].get(c, 0) + halves[1].get(c, 0)
    rows, section, n_sec = [], None, 0
    for ind, facts in fact_groups(in_02, outline):
        sec = section_of(outline[ind])
        if sec != section:
            section, n = sec, 0
            rows.append({"cells": [ROMAN[n_sec], sec, "", "", "", ""], "bold": True})
            n_sec += 1
        label, unit = LABELS[ind]
        cats = [None] + [c for c in outline[ind]["categories"].split("|") if c]
        present = [c for c in cats if any((ind, c, p) in by_cell for p in columns) or (ind, c) in derived]
        if present and present[0] is not None:  # categories without a stated total: the total row says "-"
            present.insert(0, None)
        n += 1
        for c in present:
            cells = ["-", "-", "-"]
            row_label = label if c is None else "- " + category_label(ind, c)
            for p, col in columns.items():
                f = by_cell.get((ind, c, p))
                if f is None and p == main and (ind, c) in derived:
                    value = derived[(ind, c)]
                    f = {"indicator": ind, "category": c, "value": value, "qualifier": None,
                         "period_start": main[0], "period_end": main[1]}
                    shown, text = cell_text(f, unit)
                    written.append(dict(f, text=text, where="annex",
                                        note=f"Phụ lục 02: {row_label} | {heads[p]} (= Kỳ trước + Kỳ này, the sum "
                                             f"of the source's two periods)"))
                elif f is None:
                    continue
                else:
                    shown, text = cell_text(f, unit)
                    written.append(dict(f, text=text, where="annex", note=f"Phụ lục 02: {row_label} | {heads[p]}"))
                cells[col - 3] = shown
            rows.append({"cells": [str(n) if c is None else "", row_label, unit] + cells})
    header = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả thực hiện", None, None],
              [None, None, None, heads[main], heads[h1], heads[h2]],
              ["(1)", "(2)", "(3)", "(4)=(5)+(6)", "(5)", "(6)"]]
    b.table(header, rows, [1.3, 5.1, 1.7, 2.7, 2.6, 2.6],
            merges=[((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 5))])

    # narrative-only facts
    for f in figs:
        if f["indicator"] in narrative and f["category"] is None and f["period_start"] is None \
                and f["period_end"] is None and not any(fid(w) == fid(f) for w in written):
            written.append(dict(f, text=vn_number(f["value"]), where="narrative", note=f"Khái quát: {f['note']}"))
    docx_path = out / f"{stem}.docx"
    b.save(docx_path)
    new = new_key(src, stem, "annex-pages")
    new["figures"] = written
    new["faults"] = clean_faults(key, b.text(), {fid(f) for f in written})
    if "clean" in new:
        new["clean"] = not any(ft["rule"] in ("sum_mismatch", "part_exceeds_total", "ratio_mismatch") for ft in new["faults"])
    write_key(out, new)
    if pdf:
        print_pdf(docx_path, profile)
    return new


def print_pdf(docx_path: Path, profile: Path | None) -> Path | None:
    cmd = ["soffice"] + ([f"-env:UserInstallation=file://{profile}"] if profile else []) + [
        "--headless", "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)]
    subprocess.run(cmd, capture_output=True, timeout=300)
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.exists():
        print(f"!! LibreOffice did not print {docx_path.name}", file=sys.stderr)
        return None
    return pdf


def pdf_header_pages(pdf: Path, words=("Chỉ tiêu", "(1)", "(2)")) -> tuple[int, int]:
    """(pages, pages showing the annex header) of a printed PDF."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    doc.close()
    return len(texts), sum(all(w in t for w in words) for t in texts)


# --------------------------------------------------------------------------- annex workbook

MISMATCH_CANDIDATES = ("population", "dossiers_cross_boundary", "school_sites", "health_stations")
WB_STOCK = ("merged_units", "area_km2", "population", "villages", "cultural_villages", "health_stations", "school_sites")
WB_NARRATIVE_MAIN = ("dossiers_received", "dossiers_resolved", "dossiers_pending", "dossiers_cross_boundary")


def slip(v: int) -> int:
    """A typing slip: the last two digits swapped, or ten more."""
    s = str(v)
    if len(s) >= 2 and s[-1] != s[-2]:
        return int(s[:-2] + s[-1] + s[-2])
    return v + 10


def annex_workbook(src: dict, out: Path, stem: str, outline: dict, case: int) -> dict:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    key = src["key"]
    main, h1, h2 = periods(key)
    figs = key["figures"]
    name = unit_phrase(key)
    b = Builder(src["dir"] / f"{key['document']}.docx")
    wb_name = f"{stem}_phu_luc.xlsx"
    stock = {f["indicator"]: f for f in figs if f["indicator"] in WB_STOCK and f["category"] is None
             and f["period_start"] is None and f["period_end"] is None}
    main_tot = {f["indicator"]: f for f in figs if f["indicator"] in WB_NARRATIVE_MAIN and f["category"] is None
                and (f["period_start"], f["period_end"]) == main}
    # the figure that differs: stated in the narrative and in the workbook
    options = [i for i in MISMATCH_CANDIDATES if i in stock or i in main_tot]
    target = options[case % len(options)]
    narr_fact = stock.get(target) or main_tot[target]
    wrong = slip(narr_fact["value"])
    # decimals as Excel shows them: fixed two places, or (the second case) "#,##0.0#", which
    # shows 21,02 and 99,93 as typed and 21,0 for 21
    decimals = "#,##0.00" if case % 2 == 0 else "#,##0.0#"

    parts = opening(b, name, stock)
    narrative = []
    b.para(f"{name[:1].upper() + name[1:]} " + ", ".join(parts) + ".")
    narrative += [stock[i] for i in ("merged_units", "area_km2", "population") if i in stock]
    parts = []
    if "villages" in stock:
        parts.append(f"toàn {key['level']} có {vn_number(stock['villages']['value'])} thôn, tổ dân phố"
                     + (f", trong đó {vn_number(stock['cultural_villages']['value'])} thôn, tổ dân phố đạt danh hiệu văn hóa"
                        if "cultural_villages" in stock else ""))
        narrative += [stock[i] for i in ("villages", "cultural_villages") if i in stock]
    if "health_stations" in stock and "school_sites" in stock:
        parts.append(f"trên địa bàn có {vn_number(stock['health_stations']['value'])} điểm trạm y tế và "
                     f"{vn_number(stock['school_sites']['value'])} điểm trường")
        narrative += [stock["health_stations"], stock["school_sites"]]
    if parts:
        text = "; ".join(parts) + "."
        b.para(text[:1].upper() + text[1:])
    b.para("II. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", bold=True, indent=False)
    span = f"Từ ngày {vn_date(main[0])} đến ngày {vn_date(main[1])}"
    said = []
    if "dossiers_received" in main_tot:
        said.append(f"Bộ phận Một cửa đã tiếp nhận {vn_number(main_tot['dossiers_received']['value'])} hồ sơ thủ tục hành chính")
    if "dossiers_resolved" in main_tot:
        said.append(f"đã giải quyết {vn_number(main_tot['dossiers_resolved']['value'])} hồ sơ")
    if "dossiers_pending" in main_tot:
        said.append(f"đang giải quyết {vn_number(main_tot['dossiers_pending']['value'])} hồ sơ")
    if said:
        b.para(f"{span}, " + ", ".join(said) + ".")
    if "dossiers_cross_boundary" in main_tot:
        b.para(f"{span}, Ủy ban nhân dân {name} đã tiếp nhận "
               f"{vn_number(main_tot['dossiers_cross_boundary']['value'])} hồ sơ không phụ thuộc địa giới hành chính.")
    narrative += [main_tot[i] for i in WB_NARRATIVE_MAIN if i in main_tot]
    b.para(f"Số liệu chi tiết tại Phụ lục kèm theo Báo cáo này (tệp {wb_name}).")
    b.para(f"Trên đây là báo cáo sơ kết 01 năm của Ủy ban nhân dân {name}./.")

    # the workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    number = key["metadata"].get("number")
    attached = f"(Kèm theo Báo cáo số {number} của UBND {name})" if number else f"(Kèm theo Báo cáo của UBND {name})"
    title = (f"KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH TỪ NGÀY {vn_date(main[0])} "
             f"ĐẾN NGÀY {vn_date(main[1])}")
    for r, text in enumerate(("PHỤ LỤC", title, attached), start=1):
        ws.cell(r, 1, text).font = Font(name=FONT, bold=r < 3, italic=r == 3, size=12)
        ws.cell(r, 1).alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    head = ["STT", "Chỉ tiêu", "Đơn vị tính", f"Số liệu từ {vn_date(main[0])} đến {vn_date(main[1])}", "Ghi chú"]
    ws.append([])
    ws.append(head)
    hr = ws.max_row
    written: list[dict] = []
    rows_ = []
    sec_rows = [("I", "Thông tin chung", [stock[i] for i in WB_STOCK if i in stock])]
    main_facts = [f for f in figs if (f["period_start"], f["period_end"]) == main]
    for ind, facts in fact_groups(main_facts, outline):
        sec = section_of(outline[ind])
        if sec_rows[-1][1] != sec:
            sec_rows.append((ROMAN[len(sec_rows)], sec, []))
        sec_rows[-1][2].extend(facts)
    for roman, sec, facts in sec_rows:
        rows_.append([roman, sec, None, None, None, True])
        n = 0
        for f in facts:
            label, unit = LABELS[f["indicator"]]
            if f["category"]:
                stt, label = "", "- " + category_label(f["indicator"], f["category"])
            else:
                n += 1
                stt = str(n)
            value = f["value"]
            if f is narr_fact:
                value = wrong
            if unit == "triệu đồng":
                value = value / 1_000_000
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            q = {"approx": "khoảng ", "over": "trên ", "under": "dưới "}.get(f.get("qualifier") or "", "")
            rows_.append([stt, label, unit, (q + vn_number(value)) if q else value, None, False])
            fact = dict(f, value=wrong) if f is narr_fact else f
            written.append(dict(fact, text=vn_number(value), where="annex", note=f"{wb_name}: {label}"))
    for row in rows_:
        ws.append(row[:5])
        r = ws.max_row
        for c in range(1, 6):
            cell = ws.cell(r, c)
            cell.border = box
            cell.font = Font(name=FONT, size=12, bold=row[5])
            cell.alignment = Alignment(horizontal="left" if c == 2 else "center", vertical="center", wrap_text=True)
            if c == 4 and isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0" if isinstance(cell.value, int) else decimals
    for c in range(1, 6):
        ws.cell(hr, c).font = Font(name=FONT, size=12, bold=True)
        ws.cell(hr, c).border = box
        ws.cell(hr, c).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, width in zip("ABCDE", (6, 52, 12, 18, 12)):
        ws.column_dimensions[col].width = width
    ws.print_title_rows = f"{hr}:{hr}"

    # second sheet: the documents issued, by half year
    docs = {(f["category"], (f["period_start"], f["period_end"])): f for f in figs if f["indicator"] == "documents_issued"}
    if any(p in (h1, h2) for _, p in docs):
        ws2 = wb.create_sheet("Văn bản")
        ws2.append([f"SỐ VĂN BẢN UBND {name.upper()} ĐÃ BAN HÀNH"])
        ws2.merge_cells("A1:E1")
        ws2.append([])
        ws2.append(["STT", "Loại văn bản", "Đơn vị tính", f"Từ {vn_date(h1[0])} đến {vn_date(h1[1])}",
                    f"Từ {vn_date(h2[0])} đến {vn_date(h2[1])}"])
        cats = [None] + [c for c in outline["documents_issued"]["categories"].split("|") if c]
        i = 0
        for c in cats:
            vals = [docs.get((c, p)) for p in (h1, h2)]
            if not any(vals):
                continue
            i += c is not None
            label = "Tổng số văn bản" if c is None else category_label("documents_issued", c)
            ws2.append(["" if c is None else str(i), label, "văn bản"] + [v["value"] if v else "-" for v in vals])
            for v, p in zip(vals, (h1, h2)):
                if v:
                    written.append(dict(v, text=vn_number(v["value"]), where="annex",
                                        note=f"{wb_name} (Văn bản): {label} | {vn_date(p[0])} - {vn_date(p[1])}"))
        for col, width in zip("ABCDE", (6, 30, 12, 22, 22)):
            ws2.column_dimensions[col].width = width
    wb.properties.creator = f"UBND {name}"
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 6, 1, 8, 0, 0)
    save_workbook_stable(wb, out / wb_name)

    # key: narrative facts, workbook facts; same value in both -> "both"
    by = {}
    for f in narrative:
        by[fid(f)] = dict(f, text=vn_number(f["value"]), where="narrative", note=f"narrative: {f.get('note', '')}")
    for f in written:
        if fid(f) in by:
            by[fid(f)]["where"] = "both"
        else:
            by[fid(f)] = f
    docx_path = out / f"{stem}.docx"
    b.save(docx_path)
    new = new_key(src, stem, "annex-workbook")
    new["figures"] = list(by.values())
    new["faults"] = clean_faults(key, b.text(), set(by)) + [{
        "rule": "annex_mismatch", "indicators": [target], "category": None,
        "stated": [narr_fact["value"], wrong], "expected": None, "suggestion": None,
        "period_start": narr_fact["period_start"], "period_end": narr_fact["period_end"],
        "note": f"narrative {narr_fact['value']} vs annex workbook {wrong} ({wb_name}): a typing slip in the workbook"}]
    if "clean" in new:
        new["clean"] = False
    write_key(out, new)
    return new


def save_workbook_stable(wb, path: Path) -> None:
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    stamp = "2026-06-01T08:00:00Z"
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\2", data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            zout.writestr(zi, data)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------- main


def plan(sources: dict, seed: int) -> list[tuple[str, str, str]]:
    """(kind, stem, source) of every case: distinct sources drawn with ``seed``."""
    rng = Random(seed)
    synth = sorted(s for s, v in sources.items() if v["origin"] == "synth")
    rng.shuffle(synth)
    used = set()

    def take(n, ok=lambda s: True):
        got = [s for s in synth if s not in used and ok(s)][:n]
        if len(got) < n:
            raise SystemExit(f"not enough dev sources for a kind (need {n}, have {len(got)})")
        used.update(got)
        return got

    fit = lambda s: fit_for_annexes(sources[s]["key"])  # noqa: E731
    cases = []
    for s in take(2, fit):
        cases.append(("annex-pages", f"annex_pages_{s}", s))
    for s in take(2, fit):
        cases.append(("annex-workbook", f"annex_wb_{s}", s))
    for s in ["ke_sat"] + take(2):
        cases += [("scan-150", f"scan150_{s}", s), ("scan-200", f"scan200_{s}", s)]
    for s in take(2):
        cases.append(("tcvn3", f"tcvn3_{s}", s))
    for s in take(2):
        cases.append(("vni", f"vni_{s}", s))
    return cases


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--no-pdf", action="store_true", help="do not print the annex reports to PDF with LibreOffice")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for p in out.iterdir():  # the previous generation (README.md and anything else stays)
        if p.is_file() and (p.suffix in (".docx", ".pdf", ".xlsx") or p.name.endswith(".key.json")):
            p.unlink()
    sources = dev_sources()
    outline = load_indicators()
    pdf = not args.no_pdf and shutil.which("soffice") is not None
    if not args.no_pdf and not pdf:
        print("soffice not found: the annex-pages reports are made as DOCX only", file=sys.stderr)
    cases = plan(sources, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "lo_profile"
        for i, (kind, stem, s) in enumerate(cases):
            src = sources[s]
            if kind.startswith("scan"):
                dpi = int(kind.split("-")[1])
                pages = make_scan(src["dir"] / f"{s}.pdf", out / f"{stem}.pdf", dpi, seed_of(args.seed, kind, s))
                write_key(out, new_key(src, stem, kind))
                print(f"{kind:<15} {stem}.pdf  ({pages} pages)  from {src['origin']}/{s}")
            elif kind in ("tcvn3", "vni"):
                n = to_legacy_docx(src["dir"] / f"{s}.docx", out / f"{stem}.docx", kind)
                write_key(out, new_key(src, stem, kind))
                print(f"{kind:<15} {stem}.docx ({n} runs)  from {src['origin']}/{s}")
            elif kind == "annex-pages":
                new = annex_pages(src, out, stem, outline, pdf, profile)
                info = ""
                if (out / f"{stem}.pdf").exists():
                    pages, with_header = pdf_header_pages(out / f"{stem}.pdf")
                    info = f", PDF {pages} pages, annex header on {with_header}"
                print(f"{kind:<15} {stem}.docx ({len(new['figures'])} facts{info})  from {src['origin']}/{s}")
            else:
                new = annex_workbook(src, out, stem, outline, case=sum(c[0] == kind for c in cases[:i]))
                print(f"{kind:<15} {stem}.docx + {stem}_phu_luc.xlsx ({len(new['figures'])} facts, "
                      f"mismatch {new['faults'][-1]['indicators'][0]})  from {src['origin']}/{s}")
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"{out}: {size / 2**20:.1f} MB")
    if size > MAX_MB * 2**20:
        print(f"!! larger than {MAX_MB} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
