#!/usr/bin/env python3
"""Generate the synthetic corpus: commune reports of Hải Phòng with answer keys.

    python scripts/make_corpus.py --seed 2026                 # corpus/synth: DOCX, PDF, keys
    python scripts/make_corpus.py --seed 2026 --no-pdf --only xa_nam_sach --out /tmp/x

For about 36 real units of the city (gazetteer: xã, phường and both đặc khu) the
generator

1. draws a consistent set of figures (``draw_figures``): categories add up to their
   totals, resolved + pending = received, before − departures = after, every
   percentage is its counts' ratio rounded as printed;
2. plans the report (``plan_report``): phrasings, number style, periods, header
   blanks, name spellings, annexes, omitted indicators and the planted faults;
3. applies the faults to the stated values (``plant_faults``), recording each;
4. composes blocks of text and tables (``compose``); every figure a block states is
   recorded with it as it is written, so the key is built from the same data as the
   text (``build_key`` resolves periods with the rules of corpus/KEY_FORMAT.md);
5. writes ``<stem>.docx`` (python-docx, byte-stable), ``<stem>.key.json`` and, with
   one LibreOffice call for all documents, ``<stem>.pdf``.

Wording lives in ``scripts/corpus_templates/phrasings.yaml`` (figures) and
``filler.yaml`` (prose without figures). Only ``random.Random`` seeded from
``--seed`` (and the unit code) is used, with sorted iteration, so the same seed
gives the same text, figures and keys.

Ratios used by the figures (and by tests/test_corpus.py):
online_dossier_share_pct = dossiers_received[trực tuyến] / dossiers_received;
reused_dossiers_share_pct = reused_dossiers / dossiers_received;
online_fee_share_pct = online_fee_payments / fee_dossiers;
services_with_dossiers_share_pct = (partial + full services with dossiers) /
procedures_total, and per category over that kind of procedure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from random import Random

import yaml
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractor.gazetteer import load_gazetteer  # noqa: E402
from extractor.figures import INHERIT_BLOCKS  # noqa: E402
from extractor.outline import load_outline  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docx_stable  # noqa: E402
from key_periods import key_with_report_period  # noqa: E402

TEMPLATES = Path(__file__).resolve().parent / "corpus_templates"
DEFAULT_OUT = REPO / "corpus" / "synth"
FIXED_DATE = dt.datetime(2026, 6, 1, 8, 0, 0)
ZIP_DATE = (2026, 6, 1, 8, 0, 0)
FONT = "Times New Roman"
N_UNITS = 36
N_HELDOUT = 12
ALWAYS = ("11914", "11948", "11533", "11560", "10543", "11848")  # both đặc khu; hòa/thủy names
EXCLUDE = ("10945",)  # Kẻ Sặt: the real seed report

HEADING = re.compile(r"^(?:(?:I|II|III|IV|V|VI)\.\s|\d+(?:\.\d+)*\.\s|[a-zđ]\)\s)")
SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")
NUMBER_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy",
                8: "tám", 9: "chín", 10: "mười", 11: "mười một", 12: "mười hai"}
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc huyền hỏi ngã nặng


# ============================================================================ data


def load_yaml(name: str) -> dict:
    return yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))


def check_phrasings(ph: dict) -> None:
    """Literal text of a phrasing may hold no figure and no date of its own."""
    allowed = re.compile(r"\d+/\d{4}/[\wĐ-]+|\d+/NQ-UBTVQH15|ngày 16/6/2025|ngày 10/12/2025"
                         r"|\b02 cấp|Phụ lục 0\d|15km|UBTVQH15|178/2024")
    for group, alts in ph.items():
        if group in ("items", "joiners", "category_names", "qualifiers", "departments", "public_units"):
            continue
        for alt in alts:
            for par in [alt] if isinstance(alt, str) else alt:
                bare = allowed.sub("", SLOT.sub("", par))
                if re.search(r"\d", bare):
                    raise ValueError(f"phrasings.yaml {group}: figure or date in literal text: {par!r}")


@dataclass
class Fig:
    """One figure a phrasing states: indicator, category, value, optional qualifier."""

    ind: str
    cat: str | None
    value: float | int
    kind: str = "count"  # count, money, percent, area, list


@dataclass
class Period:
    kind: str  # range, range_nay, report_time, asof, asof_nay, year
    start: dt.date | None = None
    end: dt.date | None = None

    def iso(self, report_date: dt.date | None) -> tuple[str | None, str | None]:
        if self.kind == "year":
            return f"{self.start.year}-01-01", f"{self.start.year}-12-31"
        start = self.start.isoformat() if self.start else None
        if self.kind in ("range_nay", "asof_nay"):
            end = report_date.isoformat() if report_date else None
        else:
            end = self.end.isoformat() if self.end else None
        return start, end


@dataclass
class Fact:
    ind: str
    cat: str | None
    value: float | int
    qual: str | None
    text: str
    period: tuple | None  # None: not stated in its own sentence
    where: str
    note: str = ""


@dataclass
class Block:
    kind: str  # heading, para, leadin, table, caption, pagebreak
    text: str = ""
    facts: list = field(default_factory=list)
    leadin: Period | None = None
    bold: bool = False
    italic: bool = False
    center: bool = False
    table: dict | None = None


# ============================================================================ units


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def choose_units(seed: int) -> list[tuple]:
    """~36 units (sorted by code) and their split; the same for a seed."""
    rng = Random(seed)
    units = sorted(load_gazetteer().units_in(), key=lambda u: u.code)
    pool = [u for u in units if u.code not in ALWAYS and u.code not in EXCLUDE]
    chosen = [u for u in units if u.code in ALWAYS] + rng.sample(pool, N_UNITS - len(ALWAYS))
    chosen.sort(key=lambda u: u.code)
    order = list(range(len(chosen)))
    rng.shuffle(order)
    heldout = set(order[:N_HELDOUT])
    clean = set(order[N_HELDOUT // 2 : N_HELDOUT // 2 + len(chosen) // 3])
    return [(u, "heldout" if i in heldout else "dev", i in clean, i) for i, u in enumerate(chosen)]


def misspell(name: str, rng: Random, others: set[str]) -> str | None:
    """Change the tone mark of one syllable (Kẻ Sặt → Kẻ Sắt); None if impossible."""
    sylls = name.split()
    cands = [i for i, s in enumerate(sylls) if any(t in unicodedata.normalize("NFD", s) for t in TONES)]
    rng.shuffle(cands)
    for i in cands:
        nfd = unicodedata.normalize("NFD", sylls[i])
        old = next(t for t in TONES if t in nfd)
        for new in rng.sample([t for t in TONES if t != old], 4):
            out = list(sylls)
            out[i] = unicodedata.normalize("NFC", nfd.replace(old, new))
            variant = " ".join(out)
            if variant not in others:
                return variant
    return None


OLD_TONE = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé",
            "ủy": "uỷ", "úy": "uý", "ùy": "uỳ", "ũy": "uỹ", "ụy": "uỵ"}
OLD_TONE_RE = re.compile("(" + "|".join(OLD_TONE) + r")(?![a-zà-ỹ])")


def old_tone(text: str) -> str:
    """Old-style tone placement (hòa → hoà, Thủy → Thuỷ): the same word, not a variant."""
    return OLD_TONE_RE.sub(lambda m: OLD_TONE[m.group(1)], text)


# ============================================================================ figures


def pct(num: float, den: float, dec: int) -> float:
    """num/den in percent, rounded half up to ``dec`` decimals."""
    q = Decimal(1).scaleb(-dec)
    return float((Decimal(num) * 100 / Decimal(den)).quantize(q, rounding=ROUND_HALF_UP))


def split_total(rng: Random, total: int, weights: list[float]) -> list[int]:
    raw = [w * rng.uniform(0.7, 1.3) for w in weights]
    s = sum(raw)
    parts = [int(total * r / s) for r in raw]
    parts[0] += total - sum(parts)
    return parts


def draw_figures(rng: Random, unit, dec: int) -> dict:
    """The true figures of one unit: every relation of the outline holds."""
    f: dict = {}
    tiny = unit.code == "11948"  # Bạch Long Vĩ
    lvl = unit.level
    pop = rng.randint(700, 1100) if tiny else rng.randint(45000, 60000) if lvl == "đặc khu" else \
        rng.randint(25000, 85000) if lvl == "phường" else rng.randint(14000, 46000)
    f["area_km2"] = unit.area_km2
    f["population"] = pop
    if not tiny:
        f["merged_units"] = len(unit.former)
    vil = 3 if tiny else rng.randint(20, 70) if lvl == "phường" else rng.randint(12, 40)
    f["villages"] = vil
    f["cultural_villages"] = vil - (0 if tiny else rng.choice([0, 0, 1, 2, 3]))
    f["health_stations"] = 1 if tiny else rng.randint(1, 4)
    f["school_sites"] = 2 if tiny else rng.randint(8, 24)
    sch = [1, 1, 0] if tiny else [rng.randint(2, 6), rng.randint(2, 6), rng.randint(2, 5)]
    f["schools"] = dict(zip(["mầm non", "tiểu học", "trung học cơ sở"], sch))
    f["public_employees_received"] = sum(sch) * rng.randint(22, 40)
    doc_w = {"quyết định": 35, "kế hoạch": 5, "thông báo": 7, "tờ trình": 4, "công văn": 30, "báo cáo": 12}
    for tag, lo, hi in (("A", 1400, 3600), ("B", 900, 2600)):
        total = rng.randint(lo, hi) // (8 if tiny else 1)
        extra = {k: rng.choice([0, 0, 1, 2, 3, 4]) for k in ("chỉ thị", "đề án", "hướng dẫn", "chương trình")}
        main = split_total(rng, total - sum(extra.values()), list(doc_w.values()) + [6])
        cats = dict(zip(list(doc_w) + ["khác"], main)) | extra
        f[f"documents_issued/{tag}"] = {k: cats[k] for k in sorted(cats, key=_doc_order) if cats[k] > 0}
    f["propaganda_share_pct"] = rng.choice([80, 85, 90, 75.5, 92.3, 100, 88])
    f["specialized_departments"] = 4 if lvl == "đặc khu" else 3
    f["public_service_centers"] = 1
    f["public_service_units"] = rng.randint(2, 4)
    before = rng.randint(22, 30) if tiny else rng.randint(60, 115)
    dep = {"nghỉ hưu trước tuổi": rng.randint(2, 4) if tiny else rng.randint(5, 22),
           "thôi việc": rng.choice([0, 1, 2, 3])}
    f["staff_quota_before"] = before
    f["staff_departures"] = {k: v for k, v in dep.items() if v}
    f["staff_quota_after"] = before - sum(dep.values())
    present = f["staff_quota_after"] - rng.randint(0, 6)
    f["staff_present"] = present
    f["staff_transfers"] = rng.randint(2, 15)
    f["part_time_staff_received"] = rng.randint(4, 8) if tiny else rng.randint(10, 42)
    f["staff_university_share_pct"] = rng.choice([100, 100, 97.5, 95, 98.2])
    xs = max(1, present // rng.randint(6, 10))
    ht, kht = rng.choice([0, 0, 1, 2]), rng.choice([0, 0, 0, 1])
    f["staff_rating"] = {"hoàn thành xuất sắc": xs, "hoàn thành tốt": present - xs - ht - kht,
                         "hoàn thành": ht, "không hoàn thành": kht}
    f["training_participations"] = rng.randint(40, 260)
    f["training_share_pct"] = rng.choice([96, 100, 92.5, 98, 89.7])
    fields = ["tư pháp", "đối ngoại", "thanh tra", "tài chính", "nông nghiệp và môi trường", "xây dựng",
              "công thương", "đất đai", "dân tộc tôn giáo tín ngưỡng", "nội vụ", "khoa học công nghệ",
              "văn hóa thể thao và du lịch", "giáo dục và đào tạo", "y tế", "thi đua khen thưởng",
              "an ninh trật tự"]
    f["decentralized_tasks"] = {k: rng.choice([1, 1, 2, 2, 3, 4, 5]) for k in fields}
    given = rng.randint(3, 6) if tiny else rng.randint(18, 85)
    f["premises"] = {"đã giao quản lý sử dụng": given, "đang chuyển đổi công năng": rng.randint(1, 9)}
    f["repair_funding_vnd"] = rng.choice([rng.randint(30, 95) * 10, rng.randint(24, 70) * 50]) * 10**6
    f["meeting_room_funding_vnd"] = rng.randint(16, 50) * 50 * 10**6
    f["online_meeting_rooms"] = rng.randint(1, 3)
    tss = rng.randint(3, 16)
    f["travel_support_staff"] = tss
    f["travel_support_vnd"] = tss * 1_800_000 * rng.choice([10, 12])
    f["e_processing_share_pct"] = rng.choice([100, 100, 99.5, 98.75])
    f["digital_signature_share_pct"] = rng.choice([100, 100, 96.5])
    full_p, part_p = rng.randint(205, 235), rng.randint(145, 175)
    f["procedures_total"] = {"toàn trình": full_p, "một phần": part_p}
    f["citizen_receptions"] = max(200, int(pop * rng.uniform(0.15, 0.45)) // 500 * 500)
    rec = max(300, int(pop * rng.uniform(0.2, 0.45)))
    backlog = rng.choice([0, 0, rng.randint(5, 90)])
    direct = int((rec - backlog) * rng.uniform(0.05, 0.2))
    f["dossiers_received"] = {"trực tiếp": direct, "trực tuyến": rec - backlog - direct, "tồn kỳ trước": backlog}
    pen = {"trong hạn": rng.randint(10, 120), "quá hạn": rng.choice([0, 0, 1, 3]), "yêu cầu bổ sung": rng.randint(0, 15)}
    res_total = rec - sum(pen.values())
    late, rej, wd = rng.randint(0, 60), rng.randint(5, 150), rng.randint(5, 200)
    f["dossiers_resolved"] = {"trước hạn và đúng hạn": res_total - late - rej - wd, "quá hạn": late,
                              "từ chối giải quyết": rej, "rút hồ sơ": wd}
    f["dossiers_pending"] = pen
    f["dossiers_cross_boundary"] = rng.randint(0, 35)
    mrec = rng.randint(20, 60) if tiny else rng.randint(90, 900)
    mpen = rng.randint(2, min(45, mrec - 5))  # never more pending than received
    f["ministry_dossiers_received"], f["ministry_dossiers_pending"] = mrec, mpen
    f["ministry_dossiers_resolved"] = mrec - mpen
    psd, fsd = rng.randint(12, 45), rng.randint(15, 90)
    f["partial_services_with_dossiers"], f["full_services_with_dossiers"] = psd, fsd
    online = rec - backlog - direct
    pdos = int(rec * rng.uniform(0.6, 0.78))
    fdos = int(rec * rng.uniform(0.12, 0.2))
    p_on = int(pdos * rng.uniform(0.86, 0.97))
    f_on = int(fdos * rng.uniform(0.72, 0.95))
    f["partial_service_dossiers"] = {"trực tuyến": p_on, "trực tiếp": pdos - p_on}
    f["full_service_dossiers"] = {"trực tuyến": f_on, "trực tiếp": fdos - f_on}
    f["full_online_dossiers"] = f_on - rng.randint(0, max(1, f_on // 10))
    f["services_with_dossiers_share_pct"] = {None: pct(psd + fsd, full_p + part_p, dec),
                                             "một phần": pct(psd, part_p, dec), "toàn trình": pct(fsd, full_p, dec)}
    f["online_dossier_share_pct"] = pct(online, rec, dec)
    f["digitized_input_share_pct"] = rng.choice([100, 99.93, 99.5, 98.6])
    f["digitized_output_share_pct"] = rng.choice([100, 100, 99.8])
    f["digitized_both_share_pct"] = min(f["digitized_input_share_pct"], f["digitized_output_share_pct"])
    f["archived_dossiers"] = int(rec * rng.uniform(0.8, 0.95))
    reuse = int(rec * rng.uniform(0.7, 0.96))
    f["reused_dossiers"] = reuse
    f["reused_dossiers_share_pct"] = pct(reuse, rec, dec)
    fee = int(rec * rng.uniform(0.4, 0.75))
    ofp = fee if rng.random() < 0.3 else int(fee * rng.uniform(0.85, 0.995))
    f["fee_dossiers"], f["online_fee_payments"] = fee, ofp
    f["online_fee_share_pct"] = pct(ofp, fee, dec)
    f["business_online_service_share_pct"] = rng.choice([100, 100, 95.5])
    return f


DOC_ORDER = ["quyết định", "kế hoạch", "thông báo", "tờ trình", "công văn", "báo cáo", "chỉ thị",
             "đề án", "hướng dẫn", "chương trình", "khác"]


def _doc_order(cat: str) -> int:
    return DOC_ORDER.index(cat)


# ============================================================================ plan


@dataclass
class Plan:
    unit: object
    split: str
    idx: int
    stem: str
    clean: bool
    rng: Random
    report_date: dt.date | None
    number: str | None
    signer: str | None
    signer_title: list
    date_style: str
    thousands: str
    pad: bool
    words: bool
    dec: int
    choice: dict
    period_a: Period
    period_b: Period
    period_tthc: Period
    asof: Period
    tthc_mode: str
    annex: tuple
    omit: set
    variant: str | None
    tone: bool
    fault_kinds: list


FAULT_KINDS = ["sum_total", "part_exceeds", "ratio", "annex", "relation", "conflict"]


def plan_report(unit, split: str, clean: bool, idx: int, seed: int, ph: dict, filler: dict,
                others: set[str]) -> Plan:
    """Every choice of one report except its faults, from its own seeded generator.

    Features that tests count (blank number, blank day, missing signer, annexes,
    misspelt names, period styles) rotate with the report's index so that each is
    present in several documents.
    """
    rng = Random(f"{seed}:{unit.code}")
    day = rng.randint(20, 31)
    written_date = dt.date(2026, 5, day)
    gender = rng.random() < 0.45
    signer = " ".join((rng.choice(filler["family"]), rng.choice(filler["middle_f" if gender else "middle_m"]),
                       rng.choice(filler["given_f" if gender else "given_m"])))
    signer_title = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] if rng.random() < 0.5 else \
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    number = f"{rng.randint(60, 260)}/BC-UBND"
    cutoff = rng.choice([dt.date(2026, 4, 30), dt.date(2026, 4, 30), dt.date(2026, 5, 15)])
    tthc_kind = ["range", "report_time", "range_nay", "range"][idx % 4]
    b_kind = "range_nay" if idx % 3 == 0 or idx % 6 == 1 else "range"
    asof_date = written_date if rng.random() < 0.4 else dt.date(2026, 5, rng.randint(10, day))
    annex_sets = [(), ("docs", "tthc", "tasks"), ("tthc",), ("docs",), ("docs", "tthc"), ("tasks", "tthc")]
    annex = annex_sets[idx % 6]
    optional = ["propaganda", "part_time", "training", "e_processing", "citizens", "cross_boundary",
                "business", "travel", "overview_sites", "fees", "ministry", "digitization"]
    omit = set(rng.sample(optional, rng.randint(0, 3)))
    if "tthc" not in annex:
        omit -= {"ministry", "digitization"}
    variant = misspell(unit.name, rng, others) if idx % 5 == 4 or idx % 7 == 3 else None
    tone = old_tone(unit.name) != unit.name or idx % 4 == 1
    if variant and tone:
        variant = old_tone(variant)  # as the report writes it
    return Plan(
        unit=unit, split=split, idx=idx, stem=f"{slug(unit.level)}_{slug(unit.name)}", clean=clean, rng=rng,
        report_date=None if idx % 6 == 1 else written_date,
        number=None if idx % 5 == 2 else number,
        signer=None if idx % 12 == 7 else signer, signer_title=signer_title,
        date_style=["dd/m", "d/m", "dd/mm"][idx % 3], thousands=["dot", "none", "mixed", "dot"][idx % 4],
        pad=rng.random() < 0.7, words=idx % 2 == 0, dec=[2, 2, 1][idx % 3],
        choice={g: idx + 7 * k for k, g in enumerate(sorted(ph))},
        period_a=Period("range", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        period_b=Period(b_kind, dt.date(2026, 1, 1), dt.date(2026, 4, 30) if b_kind == "range" else None),
        period_tthc=Period(tthc_kind, dt.date(2025, 7, 1), None if tthc_kind == "range_nay" else cutoff),
        asof=Period("asof_nay") if idx % 4 == 3 else Period("asof", None, asof_date),
        tthc_mode="own" if idx % 4 == 2 else "leadin", annex=annex, omit=omit,
        variant=variant, tone=tone, fault_kinds=[],
    )


def with_totals(f: dict) -> dict:
    """Add the total under key None to every breakdown whose categories add up."""
    for key, v in f.items():
        if isinstance(v, dict) and None not in v:
            v[None] = sum(v.values())
    return f


# ============================================================================ faults


def alter_number(rng: Random, v: int) -> int:
    """A plausible typo of v: two adjacent digits swapped, else one digit changed."""
    s = str(v)
    swaps = [i for i in range(len(s) - 1) if s[i] != s[i + 1] and not (i == 0 and s[1] == "0")]
    if swaps and len(s) > 2:
        i = rng.choice(swaps)
        return int(s[:i] + s[i + 1] + s[i] + s[i + 2 :])
    return v + rng.choice([-3, -2, 2, 3, 4]) if v > 4 else v + rng.choice([2, 3, 4])


def repeat_digit(rng: Random, v: int) -> int:
    s = str(v)
    i = rng.randrange(len(s))
    return int(s[: i + 1] + s[i] + s[i + 1 :])


def fault(rule, indicators, category, stated, expected=None, suggestion=None, note="", ref=None, **extra):
    d = {"rule": rule, "indicators": indicators, "category": category, "stated": stated,
         "expected": expected, "suggestion": suggestion, "period_start": None, "period_end": None}
    d.update(extra)
    d["note"] = note
    if ref:
        d["_ref"] = ref
    return d


def pick_fault_kinds(plans: list[Plan]) -> None:
    """Value faults for the reports that are not clean, each kind in several reports."""
    rng = Random(sum(p.idx for p in plans) * 7919)
    j = 0
    for p in sorted(plans, key=lambda p: p.idx):
        if p.clean:
            continue
        kinds = [FAULT_KINDS[j % len(FAULT_KINDS)]]
        j += 1
        for k in rng.sample(FAULT_KINDS, rng.choice([0, 1, 1, 2])):
            if k not in kinds:
                kinds.append(k)
        if "annex" in kinds and not ({"docs", "tthc"} & set(p.annex)):
            kinds.remove("annex")
            kinds.append("relation" if "relation" not in kinds else "ratio")
        p.fault_kinds = kinds


def plant_faults(p: Plan, f: dict) -> tuple[dict, dict, dict, list]:
    """Stated values (narrative, annex overrides, second mentions) and the fault list."""
    rng = Random(f"faults:{p.unit.code}:{p.idx}")
    stated = json.loads(json.dumps(f, default=str), object_hook=_none_keys)
    annex: dict = {}
    second: dict = {}
    faults: list = []
    used: set = set()
    for kind in p.fault_kinds:
        if kind == "sum_total":
            cands = [k for k in ("documents_issued/A", "documents_issued/B", "decentralized_tasks", "schools",
                                 "premises", "partial_service_dossiers", "full_service_dossiers") if k not in used]
            k = rng.choice(cands)
            used.add(k)
            d = stated[k]
            right = sum(v for c, v in d.items() if c is not None)
            d[None] = alter_number(rng, right) if right > 20 else right + rng.choice([-2, 2, 3, 4])
            ind = k.split("/")[0]
            faults.append(fault("sum_mismatch", [ind], None, d[None], right, right,
                                f"the categories add up to {right}, not to the stated total {d[None]}",
                                ref=(k, None, d[None])))
        elif kind == "part_exceeds":
            cands = [k for k in ("documents_issued/A", "documents_issued/B", "dossiers_resolved",
                                 "partial_service_dossiers") if k not in used]
            k = rng.choice(cands)
            used.add(k)
            d = stated[k]
            cat = max((c for c in d if c is not None), key=lambda c: d[c])
            right = d[cat]
            typo = repeat_digit(rng, right)
            while typo <= d[None]:
                typo = repeat_digit(rng, typo)
            d[cat] = typo
            faults.append(fault("part_exceeds_total", [k.split("/")[0]], cat, typo, None, right,
                                f"repeated digit: {cat} {typo} > total {d[None]}; {right} makes the parts "
                                f"add up to {d[None]}", ref=(k, cat, typo)))
        elif kind == "ratio":
            cands = [("online_dossier_share_pct", None, ["dossiers_received"]),
                     ("reused_dossiers_share_pct", None, ["reused_dossiers", "dossiers_received"]),
                     ("services_with_dossiers_share_pct", "một phần", ["partial_services_with_dossiers", "procedures_total"]),
                     ("services_with_dossiers_share_pct", "toàn trình", ["full_services_with_dossiers", "procedures_total"]),
                     ("services_with_dossiers_share_pct", None, ["partial_services_with_dossiers",
                                                                 "full_services_with_dossiers", "procedures_total"])]
            if p.tthc_mode == "own":  # counts and shares must share a period to be compared
                cands = []
            if "fees" not in p.omit:
                cands.append(("online_fee_share_pct", None, ["online_fee_payments", "fee_dossiers"]))
            cands = [c for c in cands if c[0] + str(c[1]) not in used]
            if not cands:
                continue
            ind, cat, counts = rng.choice(cands)
            used.add(ind + str(cat))
            right = stated[ind][cat] if isinstance(stated[ind], dict) else stated[ind]
            delta = rng.uniform(1.2, 7.5) * (1 if right < 90 and rng.random() < 0.5 else -1)
            wrong = float(Decimal(right + delta).quantize(Decimal(1).scaleb(-p.dec), rounding=ROUND_HALF_UP))
            if isinstance(stated[ind], dict):
                stated[ind][cat] = wrong
            else:
                stated[ind] = wrong
            faults.append(fault("ratio_mismatch", [ind] + counts, cat, _num(wrong), _num(right), _num(right),
                                f"the counts give {right}%, the report states {wrong}%",
                                suggestion_for=ind, ref=(ind, cat, wrong)))
        elif kind == "annex":
            cands = []
            if "tthc" in p.annex:
                cands += [k for k, g in (("dossiers_cross_boundary", "cross_boundary"),
                                         ("archived_dossiers", "digitization"),
                                         ("full_online_dossiers", "services")) if g not in p.omit and k not in used]
            if "docs" in p.annex:
                cands += [k for k in ("documents_issued/A", "documents_issued/B") if k not in used]
            k = rng.choice(cands)
            used.add(k)
            if k.startswith("documents_issued"):
                d = stated[k]
                cat = rng.choice(sorted((c for c in d if c is not None and d[c] > 20), key=_doc_order))
                shift = rng.choice([-10, -5, 4, 9, 100])
                annex[(k, cat)] = d[cat] + shift
                annex[(k, None)] = d[None] + shift
                for c in (cat, None):
                    faults.append(fault("annex_mismatch", ["documents_issued"], c, [d[c], d[c] + shift], None, None,
                                        f"narrative {d[c]} vs annex table {d[c] + shift} (Phụ lục 01)",
                                        ref=(k, c, d[c])))
                p.choice["documents_period"] = 0  # the narrative states the breakdown too
            else:
                right = stated[k]
                wrong = alter_number(rng, right) if right > 20 else right + rng.choice([1, 2, 3, 5])
                annex[(k, None)] = wrong
                faults.append(fault("annex_mismatch", [k], None, [right, wrong], None, None,
                                    f"narrative {right} vs annex table {wrong} (Phụ lục 02)", ref=(k, None, right)))
        elif kind == "relation":
            cands = [k for k in ("staff", "ministry", "dossiers") if k not in used]
            k = rng.choice(cands)
            used.add(k)
            delta = rng.choice([-3, -2, -1, 1, 2, 4, 10])
            if k == "staff":
                right = stated["staff_quota_after"]
                stated["staff_quota_after"] = right + delta
                faults.append(fault("sum_mismatch", ["staff_quota_before", "staff_departures", "staff_quota_after"],
                                    None, right + delta, right, right,
                                    f"before {stated['staff_quota_before']} − departures "
                                    f"{stated['staff_departures'][None]} = {right}, the report states {right + delta}",
                                    ref=("staff_quota_after", None, right + delta)))
            elif k == "ministry":
                right = stated["ministry_dossiers_pending"]
                wrong = max(0, right + delta) if right + delta != right else right + 1
                stated["ministry_dossiers_pending"] = wrong
                faults.append(fault("sum_mismatch", ["ministry_dossiers_received", "ministry_dossiers_resolved",
                                                     "ministry_dossiers_pending"], None, wrong, right, right,
                                    f"received {stated['ministry_dossiers_received']} − resolved "
                                    f"{stated['ministry_dossiers_resolved']} = {right} pending, the report states {wrong}",
                                    ref=("ministry_dossiers_pending", None, wrong)))
            else:
                d = stated["dossiers_pending"]
                right = d[None]
                d[None] += abs(delta) * 3
                d["trong hạn"] += abs(delta) * 3
                faults.append(fault("sum_mismatch", ["dossiers_received", "dossiers_resolved", "dossiers_pending"],
                                    None, d[None], right, right,
                                    f"resolved {stated['dossiers_resolved'][None]} + pending {d[None]} ≠ received "
                                    f"{stated['dossiers_received'][None]}; pending should be {right} "
                                    f"(its parts were raised with it)", ref=("dossiers_pending", None, d[None])))
        elif kind == "conflict":
            right = stated["staff_present"]
            other = right + rng.choice([-3, -2, 2, 3])
            second["staff_present"] = other
            p.choice["university"] = 0
            faults.append(fault("conflicting_values", ["staff_present"], None, [right, other], None, None,
                                f"two different numbers of staff present at the same date: {right} and {other}",
                                ref=("staff_present", None, right)))
    return stated, annex, second, faults


def _none_keys(d: dict) -> dict:
    """json round trip turns the total's key None into 'null': turn it back."""
    return {(None if k == "null" else k): v for k, v in d.items()}


def _num(v):
    return int(v) if float(v).is_integer() else v


# ============================================================================ writing numbers and periods


class Writer:
    """Writes figures, periods and phrasings in one report's style, recording facts."""

    def __init__(self, p: Plan, ph: dict):
        self.p, self.ph = p, ph
        self.rng = Random(f"style:{p.unit.code}")
        fam = ph["items"]
        self.item_style = {k: fam[k][(p.idx + i) % len(fam[k])] for i, k in enumerate(sorted(fam))}
        self.joiner = ph["joiners"][p.idx % len(ph["joiners"])]
        self.cat_name = {}
        for ind, cats in sorted(ph["category_names"].items()):
            for cat, names in cats.items():
                self.cat_name[(ind, cat)] = names[0] if self.rng.random() < 0.6 else self.rng.choice(names)

    # --- numbers
    def count(self, v: int, spec: str | None = None) -> str:
        p = self.p
        if spec == "w" and p.words and 1 <= v <= 12:
            return NUMBER_WORDS[v]
        if 1 <= v <= 9 and p.pad and (spec == "pad" or self.rng.random() < 0.35):
            return f"{v:02d}"
        style = p.thousands if p.thousands != "mixed" else self.rng.choice(["dot", "none"])
        return f"{v:,}".replace(",", ".") if style == "dot" else str(v)

    @staticmethod
    def decimal(v: float) -> str:
        s = f"{v:.2f}".rstrip("0").rstrip(".")
        whole, _, frac = s.partition(".")
        whole = f"{int(whole):,}".replace(",", ".")
        return whole + ("," + frac if frac else "")

    def money(self, v: int) -> tuple[str, str]:
        """(text in the sentence, text of the key) for an amount in đồng."""
        r = self.rng.random()
        if v >= 10**9 and v % 10**7 == 0 and r < 0.6:
            t = self.decimal(v / 10**9) + " tỷ"
        elif r < 0.9 and v % 10**4 == 0:
            m = v / 10**6
            t = (f"{int(m):,}".replace(",", ".") if m.is_integer() and self.p.thousands != "none" else
                 self.decimal(m).replace(".", "") if m >= 1000 else self.decimal(m)) + " triệu"
        else:
            t = f"{v:,}".replace(",", ".")
        return t + " đồng", t

    def percent(self, v: float) -> str:
        return self.decimal(v) + "%"

    # --- periods
    def date(self, d: dt.date) -> str:
        st = self.p.date_style
        if st == "dd/m":
            return f"{d.day:02d}/{d.month}/{d.year}"
        if st == "d/m":
            return f"{d.day}/{d.month}/{d.year}"
        return f"{d.day:02d}/{d.month:02d}/{d.year}"

    def period(self, per: Period, cap: bool) -> str:
        r = self.rng.random()
        if per.kind == "range":
            s, e = self.date(per.start), self.date(per.end)
            t = (f"từ ngày {s} đến ngày {e}" if r < 0.4 else f"từ ngày {s} đến {e}" if r < 0.7 else
                 f"từ {s} đến {e}" if r < 0.9 else f"trong giai đoạn từ ngày {s} đến ngày {e}")
        elif per.kind == "range_nay":
            t = f"từ ngày {self.date(per.start)} đến nay" if r < 0.6 else f"từ {self.date(per.start)} đến nay"
        elif per.kind == "report_time":
            t = f"từ {self.date(per.start)} đến thời điểm báo cáo ({self.date(per.end)})"
        elif per.kind == "asof":
            e = self.date(per.end)
            t = f"đến ngày {e}" if r < 0.4 else f"tính đến ngày {e}" if r < 0.7 else f"đến thời điểm ngày {e}"
        elif per.kind == "asof_nay":
            t = "đến nay"
        else:
            t = f"năm {per.start.year}"
        return t[0].upper() + t[1:] if cap else t

    def short_period(self, per: Period) -> str:
        """A period in a table header: 'Từ 01/7/2025 đến 31/12/2025'."""
        s = self.date(per.start)
        if per.kind == "range_nay":
            return f"Từ {s} đến nay"
        return f"Từ {s} đến {self.date(per.end)}"

    # --- figures
    def figure(self, fig: Fig, spec: str | None) -> tuple[str, Fact]:
        """The figure as written and its fact (period filled in later)."""
        qual = None
        if fig.kind == "money":
            text, key_text = self.money(int(fig.value))
        elif fig.kind == "percent":
            text = key_text = self.percent(fig.value)
        elif fig.kind == "area":
            text = key_text = self.decimal(fig.value)
        else:
            text = key_text = self.count(int(fig.value), spec)
        if spec == "q":
            word, qual = self.rng.choice(self.ph["qualifiers"][fig.ind])
            text = f"{word} {text}"
        return text, Fact(fig.ind, fig.cat, _num(fig.value), qual, key_text, None, "narrative")

    def parts(self, ind: str, family: str, values: dict) -> tuple[str, list[Fact]]:
        """A breakdown list ('trực tiếp: 1.116 hồ sơ, trực tuyến: 11.201 hồ sơ')."""
        items, facts = [], []
        for cat, v in values.items():
            if cat is None:
                continue
            n, fact = self.figure(Fig(ind, cat, v), None)
            c = self.cat_name[(ind, cat)]
            items.append(self.item_style[family].format(n=n, c=c, C=c[0].upper() + c[1:]))
            facts.append(fact)
        if len(items) > 2 and self.rng.random() < 0.4:
            return self.joiner.join(items[:-1]) + " và " + items[-1], facts
        return self.joiner.join(items), facts


# ============================================================================ composing the report


SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ{])")


class Composer:
    """Turns a plan and its stated figures into blocks (text, tables and their facts)."""

    def __init__(self, p: Plan, ph: dict, filler: dict, stated: dict, annex: dict, second: dict, others: list):
        self.p, self.ph, self.fl, self.s, self.annex, self.second = p, ph, filler, stated, annex, second
        self.w = Writer(p, ph)
        self.rng = Random(f"compose:{p.unit.code}")
        self.blocks: list[Block] = []
        u = p.unit
        self.lvl = u.level
        self.vunit = {"xã": "thôn", "phường": "tổ dân phố", "đặc khu": "thôn, tổ dân phố"}[u.level]
        self.other = others
        self.variant_used = 0

    # --- names
    def name(self) -> str:
        p = self.p
        if p.variant and (self.variant_used == 0 or self.rng.random() < 0.45):
            self.variant_used += 1
            return p.variant
        return p.unit.name

    def fill(self, text: str) -> str:
        """Fill the prose placeholders of filler and phrasings."""
        lvl = self.lvl
        reps = {"lvl": lvl, "Lvl": lvl[0].upper() + lvl[1:], "vunit": self.vunit, "plan_no": "154",
                "other": self.other}
        out = re.sub(r"\{(own|name)\}", lambda m: self.name(), text)
        return re.sub(r"\{(lvl|Lvl|vunit|plan_no|other)\}", lambda m: reps[m.group(1)], out)

    # --- blocks
    def out(self, kind: str, text: str = "", **kw) -> Block:
        if self.p.tone and kind not in ("table",):
            text = old_tone(text)
        b = Block(kind, text, **kw)
        self.blocks.append(b)
        return b

    def heading(self, text: str) -> None:
        self.out("heading", self.fill(text), bold=True)

    def prose(self, group: str, n: int = 1, start: int | None = None) -> None:
        items = self.fl[group]
        k = self.rng.randrange(len(items)) if start is None else start
        for i in range(n):
            self.out("para", self.fill(items[(k + i) % len(items)]))

    def say(self, group: str, slots: dict, period: Period | None = None, need_period: bool = False,
            only: int | None = None) -> None:
        """State figures with one phrasing of ``group``; record each figure's fact."""
        alts = self.ph[group]
        if need_period:
            alts = [a for a in alts if "eriod}" in str(a)] or alts
        alt = alts[(self.p.choice[group] if only is None else only) % len(alts)]
        for par in [alt] if isinstance(alt, str) else alt:
            self.paragraph(par, slots, period)

    def paragraph(self, src: str, slots: dict, period: Period | None) -> None:
        sentences = SENTENCE_END.split(src)
        texts, facts, last_period = [], [], None
        for sent in sentences:
            tokens = {m.group(1).lower() for m in SLOT.finditer(sent)} & {"period", "asof"}
            assert len(tokens) <= 1, f"two periods in one sentence: {sent}"
            per = (period if "period" in tokens else self.p.asof) if tokens else None
            iso = per.iso(self.p.report_date) if per else None
            last_period = per or last_period

            def sub(m, per=per, iso=iso):
                key, spec = m.group(1), m.group(2)
                if key in ("period", "Period", "asof", "Asof"):
                    return self.w.period(per, key[0].isupper())
                if key in ("lvl", "Lvl", "name", "vunit"):
                    return self.fill("{" + key + "}")
                v = slots[key]
                if isinstance(v, str):
                    return v
                if isinstance(v, tuple):  # a breakdown: (indicator, family, values)
                    text, fs = self.w.parts(*v)
                else:
                    text, f = self.w.figure(v, spec)
                    fs = [f]
                for f in fs:
                    f.period = iso
                facts.extend(fs)
                return text

            texts.append(SLOT.sub(sub, sent))
        text = " ".join(texts)
        leadin = last_period if text.rstrip().endswith(":") and last_period else None
        block = self.out("para", text, facts=facts, leadin=leadin)
        for f in facts:
            f.note = block.text if len(block.text) <= 220 else block.text[:217] + "..."

    # --- the figures, by section
    def fig(self, ind: str, cat=None, kind=None) -> Fig:
        v = self.s[ind] if cat is None and not isinstance(self.s[ind], dict) else self.s[ind][cat]
        kind = kind or ("percent" if ind.endswith("_pct") else "money" if ind.endswith("_vnd") else
                        "area" if ind == "area_km2" else "count")
        return Fig(ind.split("/")[0], cat, v, kind)

    def compose(self) -> list[Block]:
        self.section_i()
        self.section_ii()
        self.closing()
        return self.blocks

    def section_i(self) -> None:
        p, s = self.p, self.s
        self.heading("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, ĐIỀU HÀNH")
        self.heading("1. Khái quát đặc điểm, tình hình {lvl}")
        if "merged_units" in s:
            former = ", ".join(f"{f.level} {f.name}" for f in p.unit.former)
            self.say("overview_merged", {"merged": self.fig("merged_units"), "former_list": former})
        else:
            former = p.unit.former[0]
            self.out("para", self.fill(f"{{Lvl}} {{name}} được thành lập trên cơ sở toàn bộ diện tích tự nhiên, "
                                       f"quy mô dân số của {former.level} {former.name}."))
        self.say("overview_area_pop", {"area": self.fig("area_km2"), "pop": self.fig("population")})
        self.prose("overview_geo")
        self.say("overview_villages", {"villages": self.fig("villages"), "cult": self.fig("cultural_villages")})
        if "overview_sites" not in p.omit:
            self.say("overview_sites", {"hs": self.fig("health_stations"), "sites": self.fig("school_sites")})
        self.prose("overview_neighbors")
        self.prose("overview_security", 2)
        self.prose("overview_difficulties")
        self.heading("2. Công tác lãnh đạo, chỉ đạo, thông tin, tuyên truyền")
        self.heading("2.1. Công tác lãnh đạo, chỉ đạo")
        self.prose("leadership_21", 2)
        self.prose("docs_leadin")
        for tag, per in (("A", p.period_a), ("B", p.period_b)):
            self.documents(tag, per)
        self.heading("2.2. Công tác thông tin, tuyên truyền, nắm tình hình và tạo đồng thuận xã hội")
        self.prose("propaganda_22", 1, 0)
        if "propaganda" not in p.omit:
            self.say("propaganda", {"p": self.fig("propaganda_share_pct")})
        self.prose("propaganda_22", 2, 1)
        self.heading("3. Triển khai, quán triệt và tổ chức thực hiện nhiệm vụ theo các chủ trương của Đảng; "
                     "văn bản quy phạm pháp luật và chỉ đạo của thành phố về chính quyền địa phương 02 cấp")
        self.prose("section_i3", 3)

    def documents(self, tag: str, per: Period) -> None:
        p = self.p
        d = self.s[f"documents_issued/{tag}"]
        total = Fig("documents_issued", None, d[None])
        mode = (p.choice["documents_period"] + (tag == "B")) % 4
        if "docs" in p.annex and mode == 3 and p.choice["documents_period"] != 0:
            self.say("documents_period_total_only", {"total": total}, per)
        elif mode == 2:
            self.say("documents_period_leadin", {"total": total}, per)
            style = self.w.item_style["documents"]
            for cat, v in d.items():
                if cat is None:
                    continue
                n, fact = self.w.figure(Fig("documents_issued", cat, v), None)
                c = self.w.cat_name[("documents_issued", cat)]
                b = self.out("para", "+ " + style.format(n=n, c=c, C=c[0].upper() + c[1:]) + ";", facts=[fact])
                fact.note = b.text
        else:
            self.say("documents_period", {"total": total, "parts": ("documents_issued", "documents", d)}, per)

    def section_ii(self) -> None:
        p, s = self.p, self.s
        self.heading("II. KẾT QUẢ SAU 01 NĂM VẬN HÀNH")
        self.heading("1. Kết quả thực hiện")
        self.heading("1.1. Tổ chức bộ máy và nhân sự")
        self.heading("a) Về tổ chức bộ máy")
        self.prose("org_intro", 2, 0)
        depts = self.ph["departments"][self.lvl]
        self.say("org_units", {"depts": self.fig("specialized_departments"), "center": self.fig("public_service_centers"),
                               "psu": self.fig("public_service_units"), "dept_names": ", ".join(depts),
                               "psu_names": ", ".join(self.ph["public_units"][: s["public_service_units"]])})
        self.say("schools", {"schools": Fig("schools", None, s["schools"][None]),
                             "parts": ("schools", "schools", s["schools"]),
                             "emp": self.fig("public_employees_received")})
        self.prose("org_after", 2)
        self.heading("b) Về công tác nhân sự")
        self.prose("staff_intro")
        dep = s["staff_departures"]
        self.say("staff_quota", {"before": self.fig("staff_quota_before"), "after": self.fig("staff_quota_after"),
                                 "dep": Fig("staff_departures", None, dep[None]),
                                 "parts": ("staff_departures", "departures", dep)})
        # transfers: from the merger to the as-of date of the staff count
        per_staff = Period("range", dt.date(2025, 7, 1), p.asof.end) if p.asof.kind == "asof" else \
            Period("range_nay", dt.date(2025, 7, 1))
        self.say("staff_present", {"present": self.fig("staff_present"),
                                   "transfers": self.fig("staff_transfers")}, per_staff)
        if "part_time" not in p.omit:
            self.say("part_time", {"pt": self.fig("part_time_staff_received")})
        self.prose("staff_after", 2)
        present2 = Fig("staff_present", None, self.second.get("staff_present", s["staff_present"]))
        self.say("university", {"u": self.fig("staff_university_share_pct"), "present": present2})
        if "training" not in p.omit:
            self.say("training", {"tp": self.fig("training_participations"), "tpct": self.fig("training_share_pct")})
        self.prose("staff_difficulties", 1)
        if p.annex:
            self.out("para", "(Gửi kèm các Phụ lục theo đề cương)")
        rating = s["staff_rating"]
        year = Period("year", dt.date(2025, 1, 1))
        if p.choice["rating"] % 3 == 2:
            self.say("rating_leadin", {}, year)
            style = self.w.item_style["rating"]
            for cat, v in rating.items():
                if cat is None:
                    continue
                n, fact = self.w.figure(Fig("staff_rating", cat, v), None)
                c = self.w.cat_name[("staff_rating", cat)]
                b = self.out("para", "+ " + style.format(n=n, c=c[0].upper() + c[1:]) + ";", facts=[fact])
                fact.note = b.text
        else:
            self.say("rating", {"rated": Fig("staff_rating", None, rating[None]),
                                "parts": ("staff_rating", "rating", rating)}, year)
        self.heading("1.2. Phân quyền, phân cấp, ủy quyền và việc sửa đổi, bổ sung các văn bản quy phạm pháp luật "
                     "thuộc thẩm quyền")
        self.prose("decentral_intro")
        tasks = s["decentralized_tasks"]
        if "tasks" in p.annex and p.idx % 2:
            self.say("decentralized_total_only", {"total": Fig("decentralized_tasks", None, tasks[None])})
        else:
            self.say("decentralized", {"total": Fig("decentralized_tasks", None, tasks[None]),
                                       "parts": ("decentralized_tasks", "decentralized", tasks)})
        self.prose("decentral_after", 2)
        self.heading("1.3. Về cơ sở vật chất, hỗ trợ nhà ở, trang thiết bị, tài sản công")
        prem = s["premises"]
        self.say("premises", {"total": Fig("premises", None, prem[None]),
                              "given": Fig("premises", "đã giao quản lý sử dụng", prem["đã giao quản lý sử dụng"]),
                              "conv": Fig("premises", "đang chuyển đổi công năng", prem["đang chuyển đổi công năng"])})
        self.say("funding", {"repair": self.fig("repair_funding_vnd"), "mrf": self.fig("meeting_room_funding_vnd"),
                             "rooms": self.fig("online_meeting_rooms")})
        if "travel" not in p.omit:
            self.say("travel", {"tsv": self.fig("travel_support_vnd"), "tss": self.fig("travel_support_staff")})
        self.prose("premises_after", 2)
        self.heading("1.4. Số hóa tài liệu, lưu trữ")
        self.prose("archive_14", 2, 0)
        if "e_processing" not in p.omit:
            self.say("e_processing", {"ep": self.fig("e_processing_share_pct"),
                                      "ds": self.fig("digital_signature_share_pct")})
        self.prose("archive_14", 2, 2)
        self.heading("1.5. Về hạ tầng công nghệ, chuyển đổi số, thủ tục hành chính")
        self.prose("it_15", 2)
        self.tthc()
        self.heading("2. Đánh giá chung")
        self.heading("a) Ưu điểm")
        self.prose("assess_a", 4, 0)
        self.heading("b) Khó khăn, vướng mắc")
        self.prose("assess_b", 3)
        self.heading("3. Nguyên nhân của khó khăn, vướng mắc")
        self.prose("causes", 3)

    def tthc(self) -> None:
        p, s = self.p, self.s
        per = p.period_tthc
        own = p.tthc_mode == "own"
        if own:
            self.say("tthc_plain_leadin", {})
        else:
            self.say("tthc_leadin", {}, per)
        procs = s["procedures_total"]
        self.say("procedures", {"pt": Fig("procedures_total", None, procs[None]),
                                "full": Fig("procedures_total", "toàn trình", procs["toàn trình"]),
                                "part": Fig("procedures_total", "một phần", procs["một phần"])}, per, own)
        if "citizens" not in p.omit:
            self.say("citizens", {"cr": self.fig("citizen_receptions")}, per, own)
        rec, res, pen = s["dossiers_received"], s["dossiers_resolved"], s["dossiers_pending"]
        rec_shown = {c: v for c, v in rec.items() if not (c == "tồn kỳ trước" and v == 0 and p.idx % 2)}
        self.say("dossiers", {"rec": Fig("dossiers_received", None, rec[None]),
                              "rec_parts": ("dossiers_received", "received", rec_shown),
                              "res": Fig("dossiers_resolved", None, res[None]),
                              "res_parts": ("dossiers_resolved", "resolved", res),
                              "pen": Fig("dossiers_pending", None, pen[None]),
                              "pen_parts": ("dossiers_pending", "pending", pen)}, per, own)
        if "cross_boundary" not in p.omit:
            self.say("cross_boundary", {"cb": self.fig("dossiers_cross_boundary")}, per, own)
        if "ministry" not in p.omit:
            self.say("ministry", {"mr": self.fig("ministry_dossiers_received"),
                                  "ms": self.fig("ministry_dossiers_resolved"),
                                  "mp": self.fig("ministry_dossiers_pending")}, per, own)
        pd, fd, sh = s["partial_service_dossiers"], s["full_service_dossiers"], s["services_with_dossiers_share_pct"]
        self.say("services", {"part": Fig("procedures_total", "một phần", procs["một phần"]),
                              "full": Fig("procedures_total", "toàn trình", procs["toàn trình"]),
                              "psd": self.fig("partial_services_with_dossiers"),
                              "pdos": Fig("partial_service_dossiers", None, pd[None]),
                              "pdos_parts": ("partial_service_dossiers", "service_dossiers", pd),
                              "fsd": self.fig("full_services_with_dossiers"),
                              "fdos": Fig("full_service_dossiers", None, fd[None]),
                              "fdos_parts": ("full_service_dossiers", "service_dossiers", fd),
                              "fo": self.fig("full_online_dossiers"),
                              "sh": Fig("services_with_dossiers_share_pct", None, sh[None], "percent"),
                              "shp": Fig("services_with_dossiers_share_pct", "một phần", sh["một phần"], "percent"),
                              "shf": Fig("services_with_dossiers_share_pct", "toàn trình", sh["toàn trình"], "percent"),
                              "os": self.fig("online_dossier_share_pct")}, per)
        if "digitization" not in p.omit:
            self.say("digitization", {"din": self.fig("digitized_input_share_pct"),
                                      "dout": self.fig("digitized_output_share_pct"),
                                      "dboth": self.fig("digitized_both_share_pct"),
                                      "arch": self.fig("archived_dossiers"), "reuse": self.fig("reused_dossiers"),
                                      "rsh": self.fig("reused_dossiers_share_pct")})
        if "fees" not in p.omit:
            self.say("fees", {"fee": self.fig("fee_dossiers"), "ofp": self.fig("online_fee_payments"),
                              "ofs": self.fig("online_fee_share_pct")})
        if "business" not in p.omit:
            self.say("business", {"bos": self.fig("business_online_service_share_pct")})
        self.prose("tthc_tail", 3)
        self.out("para", "* Khó khăn, vướng mắc, tồn tại, hạn chế:", italic=True)
        self.prose("tthc_difficulties", 3)

    def closing(self) -> None:
        self.heading("III. BÀI HỌC KINH NGHIỆM, CÁCH LÀM HAY CẦN NHÂN RỘNG")
        for head, text in self.fl["lessons"]:
            self.heading(head)
            self.out("para", self.fill(text))
        self.heading("IV. GIẢI PHÁP, PHƯƠNG HƯỚNG GIAI ĐOẠN 2026 - 2030")
        for head, text in self.fl["directions"]:
            self.heading(head)
            self.out("para", self.fill(text))
        self.heading("V. KIẾN NGHỊ")
        self.prose("recommendations", 3)
        self.out("para", self.fill("Trên đây là báo cáo sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính và hoạt "
                                   "động của chính quyền địa phương 02 cấp trên địa bàn {lvl} {name}./."))


# ============================================================================ annex tables


class Annex:
    """The annex tables: captions, multi-level headers, a period per column, totals."""

    def __init__(self, c: Composer):
        self.c, self.p, self.w = c, c.p, c.w

    def value(self, key: str, cat=None):
        """The annex's value: the narrative's unless a fault set it apart."""
        if (key, cat) in self.c.annex:
            return self.c.annex[(key, cat)]
        v = self.c.s[key]
        return v[cat] if isinstance(v, dict) else v

    def cell(self, facts: list, ind: str, cat, v, per: Period | None, label: str, kind="count") -> str:
        if v is None:
            return ""
        if kind == "percent":
            text = Writer.decimal(v)
        else:
            text = self.w.count(int(v))
        iso = per.iso(self.p.report_date) if per else (None, None)
        facts.append(Fact(ind, cat, _num(v), None, text, iso, "annex", label))
        return text

    def blocks(self) -> list[Block]:
        out = []  # the outline numbers the annexes: 01 documents, 02 procedures, 03 tasks
        for n, kind in enumerate(("docs", "tthc", "tasks"), 1):
            if kind in self.p.annex:
                out += getattr(self, kind)(n)
        return out

    def caption(self, n: int, title: str) -> list[Block]:
        no = self.p.number or "     /BC-UBND"
        return [Block("caption", f"Phụ lục {n:02d}: {title}", bold=True, center=True),
                Block("caption", f"(Kèm theo Báo cáo số {no} của UBND {self.c.lvl} {self.p.unit.name})",
                      italic=True, center=True)]

    def docs(self, n: int) -> list[Block]:
        p = self.p
        pa, pb = p.period_a, p.period_b
        ha, hb = self.w.short_period(pa), self.w.short_period(pb)
        facts: list = []
        cats = [c for c in DOC_ORDER if any(c in self.c.s[f"documents_issued/{t}"] for t in "AB")]
        rows = []
        for i, cat in enumerate(cats, 1):
            label = self.w.cat_name[("documents_issued", cat)]
            label = label[0].upper() + label[1:]
            row = [str(i), label]
            for tag, per, head in (("A", pa, ha), ("B", pb, hb)):
                v = self.c.s[f"documents_issued/{tag}"].get(cat)
                v = self.value(f"documents_issued/{tag}", cat) if v else None
                row.append(self.cell(facts, "documents_issued", cat, v, per, f"Phụ lục {n:02d}: {label} | {head}") or "-")
            rows.append(row)
        tot = ["", "Tổng cộng"] + [self.cell(facts, "documents_issued", None, self.value(f"documents_issued/{t}", None),
                                             per, f"Phụ lục {n:02d}: Tổng cộng | {h}")
                                   for t, per, h in (("A", pa, ha), ("B", pb, hb))]
        table = {"header": [["STT", "Loại văn bản", "Số văn bản đã ban hành", ""], ["", "", ha, hb]],
                 "merges": [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3))],
                 "rows": rows + [tot], "bold_rows": [len(rows)], "widths": [1.3, 6.2, 4.2, 4.2]}
        return self.caption(n, "Số liệu văn bản chỉ đạo, điều hành đã ban hành") + \
            [Block("table", facts=facts, table=table)]

    def tthc(self, n: int) -> list[Block]:
        p, s = self.p, self.c.s
        per = p.period_tthc
        head = "Kết quả " + self.w.short_period(per)[0].lower() + self.w.short_period(per)[1:]
        facts: list = []
        rows, bold = [], []

        def row(stt, label, unit, ind=None, cat=None, key=None, pct_ind=None, pct_cat=None, strong=False):
            key = key or ind
            v = self.value(key, cat) if ind else None
            note = f"Phụ lục {n:02d}: {label}"
            num = self.cell(facts, ind, cat, v, per, note) if ind else ""
            pv = None
            if pct_ind:
                pv = self.value(pct_ind, pct_cat) if isinstance(s[pct_ind], dict) else self.value(pct_ind)
            pc = self.cell(facts, pct_ind, pct_cat, pv, per, note + " | Tỷ lệ (%)", "percent") if pct_ind else ""
            if strong:
                bold.append(len(rows))
            rows.append([stt, label, unit, num, pc])

        row("I", "Thủ tục hành chính", "", strong=True)
        row("1", "Tổng số TTHC", "thủ tục", "procedures_total")
        row("1.1", "TTHC trực tuyến toàn trình", "thủ tục", "procedures_total", "toàn trình")
        row("1.2", "TTHC trực tuyến một phần", "thủ tục", "procedures_total", "một phần")
        row("II", "Tổng số hồ sơ tiếp nhận", "hồ sơ", "dossiers_received", None, strong=True)
        row("1", "Tiếp nhận trực tiếp", "hồ sơ", "dossiers_received", "trực tiếp")
        row("2", "Tiếp nhận trực tuyến", "hồ sơ", "dossiers_received", "trực tuyến",
            pct_ind="online_dossier_share_pct")
        row("3", "Tồn kỳ trước chuyển sang", "hồ sơ", "dossiers_received", "tồn kỳ trước")
        row("III", "Số hồ sơ đã giải quyết", "hồ sơ", "dossiers_resolved", None, strong=True)
        for i, (cat, label) in enumerate((("trước hạn và đúng hạn", "Trước hạn và đúng hạn"), ("quá hạn", "Quá hạn"),
                                          ("từ chối giải quyết", "Từ chối giải quyết"), ("rút hồ sơ", "Rút hồ sơ")), 1):
            row(str(i), label, "hồ sơ", "dossiers_resolved", cat)
        row("IV", "Số hồ sơ đang giải quyết", "hồ sơ", "dossiers_pending", None, strong=True)
        for i, (cat, label) in enumerate((("trong hạn", "Trong hạn"), ("quá hạn", "Quá hạn"),
                                          ("yêu cầu bổ sung", "Yêu cầu bổ sung")), 1):
            row(str(i), label, "hồ sơ", "dossiers_pending", cat)
        row("V", "Hồ sơ tiếp nhận không phụ thuộc địa giới hành chính", "hồ sơ", "dossiers_cross_boundary",
            strong=True)
        row("VI", "Hồ sơ trên hệ thống thông tin giải quyết TTHC của các Bộ", "", strong=True)
        row("1", "Tiếp nhận (các Bộ)", "hồ sơ", "ministry_dossiers_received")
        row("2", "Đã giải quyết (các Bộ)", "hồ sơ", "ministry_dossiers_resolved")
        row("3", "Đang giải quyết (các Bộ)", "hồ sơ", "ministry_dossiers_pending")
        row("VII", "Dịch vụ công trực tuyến", "", strong=True)
        row("1", "DVCTT một phần phát sinh hồ sơ", "dịch vụ", "partial_services_with_dossiers",
            pct_ind="services_with_dossiers_share_pct", pct_cat="một phần")
        row("1.1", "Hồ sơ của DVCTT một phần", "hồ sơ", "partial_service_dossiers")
        row("-", "Trong đó: trực tuyến", "hồ sơ", "partial_service_dossiers", "trực tuyến")
        row("-", "Trực tiếp", "hồ sơ", "partial_service_dossiers", "trực tiếp")
        row("2", "DVCTT toàn trình phát sinh hồ sơ", "dịch vụ", "full_services_with_dossiers",
            pct_ind="services_with_dossiers_share_pct", pct_cat="toàn trình")
        row("2.1", "Hồ sơ của DVCTT toàn trình", "hồ sơ", "full_service_dossiers")
        row("-", "Trong đó: trực tuyến", "hồ sơ", "full_service_dossiers", "trực tuyến")
        row("-", "Trực tiếp", "hồ sơ", "full_service_dossiers", "trực tiếp")
        row("2.2", "Hồ sơ trực tuyến toàn trình", "hồ sơ", "full_online_dossiers")
        row("3", "Tỷ lệ DVCTT phát sinh hồ sơ (chung)", "%", pct_ind="services_with_dossiers_share_pct")
        row("VIII", "Số hóa hồ sơ", "", strong=True)
        row("1", "Hồ sơ được số hóa đầu vào", "%", pct_ind="digitized_input_share_pct")
        row("2", "Hồ sơ được số hóa đầu ra", "%", pct_ind="digitized_output_share_pct")
        row("3", "Hồ sơ được số hóa đầu vào và đầu ra", "%", pct_ind="digitized_both_share_pct")
        row("4", "Hồ sơ có lưu kho", "hồ sơ", "archived_dossiers")
        row("5", "Hồ sơ tái sử dụng dữ liệu số hóa", "hồ sơ", "reused_dossiers",
            pct_ind="reused_dossiers_share_pct")
        row("IX", "Thanh toán phí, lệ phí trực tuyến", "", strong=True)
        row("1", "Hồ sơ phát sinh phí, lệ phí", "hồ sơ", "fee_dossiers")
        row("2", "Hồ sơ thanh toán phí, lệ phí trực tuyến", "hồ sơ", "online_fee_payments",
            pct_ind="online_fee_share_pct")
        table = {"header": [["STT", "Nội dung", "Đơn vị tính", head, ""], ["", "", "", "Số lượng", "Tỷ lệ (%)"]],
                 "merges": [((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 3), (0, 4))],
                 "rows": rows, "bold_rows": bold, "widths": [1.3, 7.4, 2.2, 2.6, 2.4]}
        return [Block("pagebreak")] + self.caption(n, "Kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành chính") + \
            [Block("table", facts=facts, table=table)]

    def tasks(self, n: int) -> list[Block]:
        tasks = self.c.s["decentralized_tasks"]
        facts, rows = [], []
        head = "Số nhiệm vụ nhận phân quyền, phân cấp"
        for i, cat in enumerate([c for c in tasks if c is not None], 1):
            label = cat[0].upper() + cat[1:]
            rows.append([str(i), label, self.cell(facts, "decentralized_tasks", cat, self.value("decentralized_tasks", cat),
                                                  None, f"Phụ lục {n:02d}: {label}")])
        rows.append(["", "Tổng cộng", self.cell(facts, "decentralized_tasks", None, self.value("decentralized_tasks", None),
                                                None, f"Phụ lục {n:02d}: Tổng cộng")])
        table = {"header": [["STT", "Lĩnh vực", head]], "merges": [], "rows": rows, "bold_rows": [len(rows) - 1],
                 "widths": [1.3, 9.5, 5.2]}
        return [Block("pagebreak")] + self.caption(n, "Nhiệm vụ nhận phân quyền, phân cấp theo lĩnh vực") + \
            [Block("table", facts=facts, table=table)]


# ============================================================================ the key


STOCK = frozenset(i.id for i in load_outline().indicators if i.stock)


def build_key(p: Plan, blocks: list[Block], faults: list, title: str, variant_used: int) -> dict:
    """The answer key: facts with periods resolved as corpus/KEY_FORMAT.md says."""
    facts: dict = {}
    leadin = None
    last_range = None  # (paragraph index, period) of the last figure with a stated range
    for idx, b in enumerate(blocks):
        if b.kind == "heading":
            leadin, last_range = None, None
            continue
        for f in b.facts:
            period = f.period
            if period is None:
                period = leadin.iso(p.report_date) if leadin else (None, None)
            if f.ind in STOCK:  # a state carries no period (KEY_FORMAT.md)
                period = (None, None)
            elif period == (None, None) and b.kind != "table" and last_range and idx - last_range[0] <= INHERIT_BLOCKS:
                period = last_range[1]  # a count that continues the figures before it (KEY_FORMAT.md)
            elif period[0] is not None and b.kind != "table":
                last_range = (idx, period)
            k = (f.ind, f.cat, period[0], period[1], round(float(f.value), 4))
            if k in facts:
                if facts[k]["where"] != f.where:
                    facts[k]["where"] = "both"
                continue
            facts[k] = {"indicator": f.ind, "category": f.cat, "value": f.value, "qualifier": f.qual,
                        "period_start": period[0], "period_end": period[1], "text": f.text, "where": f.where,
                        "note": f.note}
        if b.leadin is not None:
            leadin = b.leadin
    figures = list(facts.values())
    out_faults = []
    for ft in faults:
        ft = dict(ft)
        ref = ft.pop("_ref", None)
        if ref:
            ind = ref[0].split("/")[0]
            hit = [x for x in figures if x["indicator"] == ind and x["category"] == ref[1]
                   and round(float(x["value"]), 4) == round(float(ref[2]), 4)]
            if ref[0].endswith("/B"):
                hit = [x for x in hit if x["period_start"] == "2026-01-01"] or hit
            if ref[0].endswith("/A"):
                hit = [x for x in hit if x["period_start"] == "2025-07-01"] or hit
            assert hit, f"{p.stem}: fault {ft['rule']} refers to no stated figure {ref}"
            ft["period_start"], ft["period_end"] = hit[0]["period_start"], hit[0]["period_end"]
        out_faults.append(ft)
    out_faults += metadata_faults(p, variant_used)
    u = p.unit
    return {"document": p.stem, "unit_code": u.code, "commune": u.name, "level": u.level, "split": p.split,
            "metadata": {"number": p.number, "date": p.report_date.isoformat() if p.report_date else None,
                         "title": title, "signer": p.signer},
            "report_date": p.report_date.isoformat() if p.report_date else None,
            "clean": p.clean, "figures": figures, "faults": out_faults}


def metadata_faults(p: Plan, variant_used: int) -> list:
    out = []
    if p.number is None:
        out.append(fault("missing_metadata", [], None, "Số:      /BC-UBND", note="the report number is left blank"))
    if p.report_date is None:
        out.append(fault("missing_metadata", [], None, "ngày      tháng 5 năm 2026",
                         note="the day of the report date is left blank, so date and report_date are null"))
    if p.signer is None:
        out.append(fault("missing_metadata", [], None, None, note="the signer's name is missing under the title"))
    if p.variant and variant_used:
        out.append(fault("name_variant", [], None, p.variant, suggestion=p.unit.name,
                         note=f"{variant_used} times in the body; official name {p.unit.name}"))
    return out


# ============================================================================ DOCX


def set_font(run, size=14, bold=None, italic=None):
    docx_stable.set_run_font(run, FONT, size, bold, italic)


def par_format(par, center=False, indent=True, before=0, after=6, line=1.15):
    pf = par.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = None if center or not indent else Cm(1.27)
    pf.space_before, pf.space_after, pf.line_spacing = Pt(before), Pt(after), line


def write_par(container, text, size=14, bold=False, italic=False, first=False, **fmt):
    par = container.paragraphs[0] if first else container.add_paragraph()
    par_format(par, **fmt)
    if text:
        set_font(par.add_run(text), size, bold, italic)
    return par


def borders(table, val: str) -> None:
    tblPr = table._tbl.tblPr
    el = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), val)
        if val != "nil":
            b.set(qn("w:sz"), "4")
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
        el.append(b)
    tblPr.append(el)


def new_table(doc, rows, widths):
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)
    return table


def header_block(doc, p: Plan, place: str) -> None:
    u = p.unit
    t = new_table(doc, 1, (6.5, 9.5))
    borders(t, "nil")
    left, right = t.rows[0].cells
    small = dict(center=True, indent=False, after=0, line=1.0)
    write_par(left, "ỦY BAN NHÂN DÂN", 13, True, first=True, **small)
    write_par(left, f"{u.level} {u.name}".upper(), 13, True, **small)
    write_par(left, "", 13, **small)
    write_par(left, f"Số: {p.number}" if p.number else "Số:      /BC-UBND", 13, **small)
    write_par(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, first=True, **small)
    write_par(right, "Độc lập - Tự do - Hạnh phúc", 14, True, **small)
    write_par(right, "", 13, **small)
    d = p.report_date
    write_par(right, f"{place}, ngày {d.day if d else '     '} tháng 5 năm 2026", 14, italic=True, **small)


def signature_block(doc, p: Plan, recipients: list[str]) -> None:
    t = new_table(doc, 1, (7.5, 8.5))
    borders(t, "nil")
    left, right = t.rows[0].cells
    kw = dict(indent=False, after=0, line=1.0)
    write_par(left, "Nơi nhận:", 12, True, True, first=True, before=12, **kw)
    for r in recipients:
        write_par(left, r, 11, **kw)
    first = True
    for line in p.signer_title:
        write_par(right, line, 14, True, first=first, center=True, before=12 if first else 0,
                  **{k: v for k, v in kw.items() if k != "indent"})
        first = False
    for _ in range(4):
        write_par(right, "", 14, center=True, after=0, line=1.0)
    write_par(right, p.signer or "", 14, True, center=True, after=0, line=1.0)


def repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)
    cant = OxmlElement("w:cantSplit")
    trPr.append(cant)


def annex_table(doc, spec: dict) -> None:
    header, rows = spec["header"], spec["rows"]
    t = new_table(doc, len(header) + len(rows), spec["widths"])
    borders(t, "single")
    small = dict(indent=False, after=0, line=1.0)
    for r, texts in enumerate(header + rows):
        is_head = r < len(header)
        strong = is_head or (r - len(header)) in spec["bold_rows"]
        for c, text in enumerate(texts):
            cell = t.rows[r].cells[c]
            write_par(cell, text, 12, strong, first=True, center=is_head or c != 1, **small)
        if is_head:
            repeat_header(t.rows[r])
    for (r0, c0), (r1, c1) in spec["merges"]:
        a, b = t.cell(r0, c0), t.cell(r1, c1)
        keep = a.text
        merged = a.merge(b)
        for extra in merged.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        if merged.text != keep:
            merged.paragraphs[0].runs[0].text = keep


def setup(doc, title: str) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    cp = doc.core_properties
    cp.title, cp.subject, cp.author, cp.last_modified_by = title, "", "solieu", "solieu"
    cp.comments, cp.keywords, cp.category, cp.language = "Synthetic report (scripts/make_corpus.py)", "", "", "vi-VN"
    cp.revision = 1
    cp.created = cp.modified = cp.last_printed = FIXED_DATE


def write_docx(path: Path, p: Plan, title: str, place: str, blocks: list[Block], recipients: list[str]) -> None:
    doc = Document()
    setup(doc, title)
    for par in list(doc.paragraphs):
        par._element.getparent().remove(par._element)
    header_block(doc, p, place)
    write_par(doc, "BÁO CÁO", 14, True, center=True, before=18, after=0, line=1.0)
    write_par(doc, title, 14, True, center=True, after=18, line=1.0)
    tail = [i for i, b in enumerate(blocks) if b.kind in ("pagebreak", "caption", "table")]
    body_end = tail[0] if tail else len(blocks)
    for b in blocks[:body_end]:
        write_par(doc, b.text, 14, b.bold or bool(HEADING.match(b.text)), b.italic)
    signature_block(doc, p, recipients)
    first_annex = True
    for b in blocks[body_end:]:
        if b.kind == "pagebreak" or (first_annex and b.kind == "caption"):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            first_annex = False
            if b.kind == "pagebreak":
                continue
        if b.kind == "caption":
            write_par(doc, b.text, 14, b.bold, b.italic, center=True, after=6, line=1.0)
        elif b.kind == "table":
            annex_table(doc, b.table)
    save_stable(doc, path)


def save_stable(doc, path: Path) -> None:
    """Save with fixed zip timestamps so the same input gives the same bytes."""
    docx_stable.save_stable(doc, path, ZIP_DATE)


def to_pdf(docs: list[Path], out_dir: Path) -> None:
    """All DOCX to PDF in one LibreOffice call; a warning when it is missing."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        print("warning: LibreOffice (soffice) not found: PDF skipped", file=sys.stderr)
        return
    cmd = [exe, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir)] + [str(d) for d in docs]
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
    missing = [d for d in docs if not d.with_suffix(".pdf").exists()]
    if missing:
        raise SystemExit(f"soffice did not convert {', '.join(m.name for m in missing)}")


# ============================================================================ main


def make_report(p: Plan, ph: dict, filler: dict, figs: dict, out_dir: Path, others: list[str]) -> dict:
    stated, annex, second, faults = plant_faults(p, figs)
    c = Composer(p, ph, filler, stated, annex, second, others[p.idx % len(others)])
    place = c.name() if p.variant and p.idx % 2 else p.unit.name
    place = old_tone(place) if p.tone else place
    title = c.fill("Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính và hoạt động của chính quyền địa phương "
                   "02 cấp trên địa bàn {lvl} {name}")
    if p.tone:
        title = old_tone(title)
    c.out("para", c.fill(filler["intro_plan"][p.idx % len(filler["intro_plan"])]))
    c.out("para", c.fill(filler["intro_report"][p.idx % len(filler["intro_report"])]))
    blocks = c.compose() + Annex(c).blocks()
    recipients = [c.fill(r) for r in filler["recipients"]]
    key, _ = key_with_report_period(build_key(p, blocks, faults, title, c.variant_used), load_outline())
    write_docx(out_dir / f"{p.stem}.docx", p, title, place, blocks, recipients)
    (out_dir / f"{p.stem}.key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    return key


def plans_for(seed: int, ph: dict, filler: dict) -> tuple[list[Plan], list]:
    names = sorted(load_gazetteer().units_in(), key=lambda u: u.code)
    others = {u.name for u in names}
    plans = [plan_report(u, split, clean, idx, seed, ph, filler, others)
             for u, split, clean, idx in choose_units(seed)]
    pick_fault_kinds(plans)
    return plans, names


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-pdf", action="store_true", help="write DOCX and keys only")
    ap.add_argument("--only", default="", help="comma-separated stems to generate (default: all)")
    args = ap.parse_args(argv)
    ph, filler = load_yaml("phrasings.yaml"), load_yaml("filler.yaml")
    check_phrasings(ph)
    plans, names = plans_for(args.seed, ph, filler)
    only = {s for s in args.only.split(",") if s}
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for p in plans:
        if only and p.stem not in only:
            continue
        figs = with_totals(draw_figures(Random(f"{args.seed}:figures:{p.unit.code}"), p.unit, p.dec))
        others = [f"{u.level} {u.name}" for u in names if u.code != p.unit.code]
        key = make_report(p, ph, filler, figs, args.out, others)
        written.append(args.out / f"{p.stem}.docx")
        print(f"{p.stem:<32} {p.split:<8} figures={len(key['figures']):3d} faults={len(key['faults'])}")
    if not args.no_pdf and written:
        to_pdf(written, args.out)
    print(f"wrote {len(written)} reports to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
