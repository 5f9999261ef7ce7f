"""What the store's modules share: its error, its times, and its rows as the API's dicts."""
from __future__ import annotations

import datetime as dt


class StoreError(Exception):
    """A request the store cannot do: (Vietnamese, English), and the HTTP status it means."""

    def __init__(self, vi: str, en: str, status: int = 400):
        super().__init__(en)
        self.vi, self.en, self.status = vi, en, status


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def iso(value) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite keeps no zone: the store writes UTC
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.isoformat()


def whole(v):
    """A float column's value as the record had it: 4.0 → 4."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def document_row(r) -> dict:
    rec = r["record"]
    return {"id": r["id"], "document": r["document"], "sha256": r["sha256"], "status": r["status"],
            "commune": r["commune"], "unit_code": r["unit_code"], "round": r["round"], "level": r["level"],
            "date": r["date"], "format": r["format"], "figures": rec.get("figures"), "reason": rec.get("reason"),
            "reason_en": rec.get("reason_en"), "pages": rec.get("pages"), "ingested_at": iso(r["ingested_at"]),
            "record": rec}


def decision_row(r) -> dict:
    return {"id": r["id"], "target": r["target"], "unit": r["unit"], "match": r["match"], "document": r["document"],
            "sha256": r["sha256"], "action": r["action"], "change": r["change"], "original_value": whole(r["original_value"]),
            "reviewer": r["reviewer"], "note": r["note"], "at": iso(r["at"]), "replaced_by": r["replaced_by"]}
