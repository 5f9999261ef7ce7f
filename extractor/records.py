"""Reports into the contract's records, and the files written from them (atomically)."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .model import Figure, Source
from .outline import Outline


@dataclass(frozen=True)
class DocumentRecord:
    document: str
    format: str | None
    status: str  # ok | error | skipped
    reason: str | None
    reason_en: str | None
    pages: int | None
    commune: str | None
    level: str | None
    unit_code: str | None
    number: str | None
    date: str | None
    title: str | None
    signer: str | None
    figures: int
    seconds: float
    warnings: tuple[str, ...] = ()  # what the reader noticed ("trang 3: không đọc được bảng ...")

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["warnings"] = list(self.warnings)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "DocumentRecord":
        """The record back from ``as_dict`` (fields it does not know, such as ``modified``, left out)."""
        rec = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        rec["warnings"] = tuple(rec.get("warnings") or ())
        return cls(**rec)


def figure_to_record(fig: Figure, document: str, commune: str | None, level: str | None,
                     unit_code: str | None, outline: Outline) -> dict:
    """One line of figures.jsonl (the contract's fields, then ``label``, ``unit_code`` and ``also``)."""
    return {
        "document": document,
        "commune": commune,
        "level": level,
        "indicator": fig.indicator,
        "category": fig.category,
        "value": fig.value,
        "unit": fig.unit,
        "qualifier": fig.qualifier,
        "period_start": fig.period_start,
        "period_end": fig.period_end,
        "text": fig.text,
        "quote": fig.quote,
        "source": fig.source.as_dict(),
        "confidence": fig.confidence,
        "check": fig.check,
        "label": outline.get(fig.indicator).label,
        "unit_code": unit_code,
        "also": [{"text": q[s.start:s.end], "quote": q, "source": s.as_dict()} for q, s in fig.also],
        **({"ocr_confidence": fig.ocr_confidence} if fig.ocr_confidence is not None else {}),
    }


def record_to_figure(rec: dict) -> Figure:
    """A figure back from its record (a line of figures.jsonl, perhaps corrected by staff):
    what the audit needs of it (its value, words, period, places, doubt), not the
    signals the extractor weighed.

    >>> rec = {"indicator": "dossiers_received", "category": None, "value": 1243, "unit": "hồ sơ",
    ...        "qualifier": None, "period_start": "2025-07-01", "period_end": "2026-04-30", "text": "1.234",
    ...        "quote": "Tiếp nhận 1.234 hồ sơ", "confidence": 0.9, "check": False,
    ...        "source": {"kind": "paragraph", "page": 1, "block": 4, "row": None, "col": None, "start": 10, "end": 15},
    ...        "also": [{"text": "1.234", "quote": "Tổng: 1.234", "source": {"kind": "table", "page": 3, "block": 9,
    ...                  "row": 2, "col": 2, "start": 6, "end": 11}}]}
    >>> fig = record_to_figure(rec)
    >>> fig.value, fig.source.block, fig.also[0][1].row
    (1243, 4, 2)
    """
    return Figure(rec["indicator"], rec.get("category"), rec["value"], rec.get("unit") or "", rec.get("qualifier"),
                  rec.get("period_start"), rec.get("period_end"), rec.get("text") or "", rec.get("quote") or "",
                  Source.from_dict(rec["source"]),
                  also=tuple((a.get("quote") or "", Source.from_dict(a["source"])) for a in rec.get("also") or ()),
                  confidence=rec.get("confidence"), check=bool(rec.get("check")),
                  ocr_confidence=rec.get("ocr_confidence"))


FIGURE_CSV_COLUMNS = [
    ("document", "Tệp"),
    ("commune", "Đơn vị"),
    ("level", "Cấp"),
    ("indicator", "Mã chỉ tiêu"),
    ("label", "Chỉ tiêu"),
    ("category", "Phân loại"),
    ("value", "Giá trị"),
    ("unit", "Đơn vị tính"),
    ("qualifier", "Ước lượng"),
    ("period_start", "Từ ngày"),
    ("period_end", "Đến ngày"),
    ("text", "Số như viết"),
    ("page", "Trang"),
    ("block", "Đoạn, từ 1"),
    ("row", "Hàng bảng, từ 1"),
    ("col", "Cột bảng, từ 1"),
    ("quote", "Trích dẫn"),
    ("sources", "Số lần nêu"),
    ("confidence", "Độ tin cậy"),
    ("check", "Cần kiểm tra"),
]


def flat_figure(rec: dict) -> dict:
    """A figure record flattened for a table: its place counted from 1 (paragraphs, table
    rows and columns; the records count them from 0), how often it is stated, "cần kiểm tra".

    >>> f = flat_figure({"source": {"kind": "table", "page": 2, "block": 0, "row": 3, "col": 1}, "also": [{}], "check": True})
    >>> f["page"], f["block"], f["row"], f["col"], f["sources"], f["check"]
    (2, 1, 4, 2, 2, 'cần kiểm tra')
    """
    src = rec.get("source") or {}
    flat = dict(rec)
    flat["page"] = src.get("page")
    flat.update({k: None if src.get(k) is None else src[k] + 1 for k in ("block", "row", "col")})
    flat["sources"] = 1 + len(rec.get("also", []))
    flat["check"] = "cần kiểm tra" if rec.get("check") else ""
    return flat


def figure_evidence(fig: dict) -> dict:
    """A figure record as one ``evidence`` item of a finding: its source, with its
    document, quote, text, indicator, category and value."""
    ev = dict(fig.get("source") or {})
    ev.update({"document": fig.get("document"), "quote": fig.get("quote"), "text": fig.get("text"),
               "indicator": fig.get("indicator"), "category": fig.get("category"), "value": fig.get("value")})
    return ev


def _csv_row(rec: dict) -> list:
    flat = flat_figure(rec)
    return ["" if flat.get(k) is None else flat.get(k) for k, _ in FIGURE_CSV_COLUMNS]


def figures_csv_header() -> list[str]:
    """figures.csv's header: ``Vietnamese name (field)`` for people and programs alike."""
    return [f"{vi} ({k})" for k, vi in FIGURE_CSV_COLUMNS]


def figures_csv_rows(records) -> list[list]:
    return [_csv_row(rec) for rec in records]


def jsonl_text(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_atomic(path: Path, save) -> None:
    """Let ``save(tmp_path)`` write a temporary file beside ``path``, then move it into
    place, so that a reader never sees half a file (a workbook, a CSV)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it owner-only; outputs are for everyone
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, text: str, bom: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (``save_atomic``), UTF-8 (with a BOM for Excel)."""

    def save(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            fh.write(text)

    save_atomic(path, save)
