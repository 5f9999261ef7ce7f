"""The aligned cells as tables: long (one value a row, for programs) and wide (one
unit a row, for people), and the CSV text of each."""
from __future__ import annotations

import csv
import io

import pandas as pd

from ..outline import Outline, load_outline
from .align import Alignment, RowUnit, figures_to_alignment
from .labels import ColumnKey, column_header, column_sort_key, plain_number

LONG_COLUMNS = ["unit_code", "unit", "level", "indicator", "category", "period_start", "period_end", "value", "document",
                "round", "column"]

# the first columns of the wide table: (field of RowUnit or note, Vietnamese header)
ID_COLUMNS = [("unit_code", "Mã đơn vị"), ("unit", "Đơn vị"), ("level", "Cấp"), ("document", "Báo cáo"), ("note", "Ghi chú")]


def row_note(row: RowUnit, conflicts: int = 0) -> str:
    """What a reader of a row must know: unknown unit, replaced reports, conflicts.

    >>> row_note(RowUnit("?a.docx", None, "a.docx", None, "a.docx", None, None))
    'chưa xác định được đơn vị viết báo cáo'
    >>> row_note(RowUnit("10945", "10945", "Kẻ Sặt", "xã", "b.docx", None, None, ("a.docx",)), 2)
    'thay cho: a.docx; 2 ô báo cáo nêu hai giá trị'
    """
    parts = []
    if not row.known:
        parts.append("chưa xác định được đơn vị viết báo cáo")
    if row.replaced:
        parts.append("thay cho: " + ", ".join(row.replaced))
    if row.choice:
        parts.append(row.choice)
    if conflicts:
        parts.append(f"{conflicts} ô báo cáo nêu hai giá trị")
    return "; ".join(parts)


def alignment_to_long(al: Alignment, outline: Outline | None = None) -> pd.DataFrame:
    """One shown value a row, in the wide table's order: its exact period, its report,
    its reporting round (when the value is in a round's column) and the header of its
    column in the wide table (``column``)."""
    outline = outline or load_outline()
    rows = {r.key: r for r in al.rows}
    headers = {k: column_header(k, outline).text for k in al.columns}
    data = []
    for c in al.cells:
        r = rows[c.row]
        exact = c.exact or c.column
        data.append([r.unit_code, r.unit, r.level, exact.indicator, exact.category, exact.period_start, exact.period_end,
                     c.value, c.figure.get("document") or r.document, c.column.round, headers[c.column]])
    frame = pd.DataFrame(data, columns=LONG_COLUMNS, dtype=object)
    return frame


def figures_to_frame(documents: list[dict], figures: list[dict], outline: Outline | None = None) -> pd.DataFrame:
    """The long comparison table from documents.jsonl and figures.jsonl records (pure).

    >>> docs = [{"document": "a.docx", "status": "ok", "unit_code": "10945", "commune": "Kẻ Sặt", "level": "xã"}]
    >>> figs = [{"document": "a.docx", "indicator": "population", "category": None, "value": 39554,
    ...          "period_start": None, "period_end": None, "source": {}}]
    >>> figures_to_frame(docs, figs).iloc[0].to_dict()["value"]
    39554
    """
    outline = outline or load_outline()
    return alignment_to_long(figures_to_alignment(documents, figures, outline), outline)


def alignment_to_wide(al: Alignment, outline: Outline) -> pd.DataFrame:
    """One row per unit (units without a figure included), one column per indicator ×
    category × period, headed in Vietnamese; cells hold the values."""
    cmap = al.cell_map()
    conflicts = {}
    for c in al.cells:
        if c.conflict:
            conflicts[c.row] = conflicts.get(c.row, 0) + 1
    headers = [column_header(k, outline).text for k in al.columns]
    data = []
    for r in al.rows:
        ids = {"unit_code": r.unit_code, "unit": r.unit, "level": r.level, "document": ", ".join(r.shown),
               "note": row_note(r, conflicts.get(r.key, 0))}
        vals = [cmap[(r.key, k)].value if (r.key, k) in cmap else None for k in al.columns]
        data.append([ids[f] for f, _ in ID_COLUMNS] + vals)
    return pd.DataFrame(data, columns=[h for _, h in ID_COLUMNS] + headers, dtype=object)


def long_to_wide(long: pd.DataFrame, outline: Outline | None = None) -> pd.DataFrame:
    """Pivot a long table (``LONG_COLUMNS``) to the wide one: one row per unit, one
    column per ``column`` header (units that state nothing have no row here; ``Ghi
    chú`` is left empty). Columns in the outline's order, then by period.

    >>> long = pd.DataFrame([["10945", "Kẻ Sặt", "xã", "population", None, None, None, 39554, "a.docx", None,
    ...                       "Quy mô dân số (người)"]], columns=LONG_COLUMNS)
    >>> long_to_wide(long).columns.tolist()[-1], long_to_wide(long).iloc[0, -1]
    ('Quy mô dân số (người)', 39554)
    """
    outline = outline or load_outline()
    rows: dict[tuple, dict] = {}
    docs: dict[tuple, list] = {}
    order: dict[str, tuple] = {}
    for rec in long.to_dict("records"):
        rec = {k: (None if _missing(v) else v) for k, v in rec.items()}
        key = ColumnKey(rec["indicator"], rec["category"], rec["period_start"], rec["period_end"])
        head = rec.get("column") or column_header(key, outline).text
        order[head] = min(order.get(head, (column_sort_key(key, outline), head)), (column_sort_key(key, outline), head))
        rid = (rec["unit_code"], rec["unit"], rec["level"])
        rows.setdefault(rid, {})[head] = rec["value"]
        if rec["document"] not in docs.setdefault(rid, []):
            docs[rid].append(rec["document"])
    columns = sorted(order, key=lambda h: order[h])
    data = [list(rid) + [", ".join(docs[rid]), ""] + [vals.get(h) for h in columns] for rid, vals in rows.items()]
    return pd.DataFrame(data, columns=[h for _, h in ID_COLUMNS] + columns, dtype=object)


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _cell_text(v) -> str:
    if _missing(v):
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return plain_number(v)
    return str(v)


def frame_csv_text(frame: pd.DataFrame) -> str:
    """CSV text of a table: numbers with ``.`` decimals and no ``.0``, empty for none."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        w.writerow([_cell_text(v) for v in row])
    return buf.getvalue()
