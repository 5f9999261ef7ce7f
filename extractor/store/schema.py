"""The store's tables (SQLAlchemy Core). Alembic migrations (``migrations/``) make and
change them; a test checks that the migrations give exactly these tables.

- ``blobs``: each file's bytes by SHA-256 (the workbench shows its pages again).
- ``documents``: one row per file (by SHA-256: the same bytes are never read twice),
  with its document record as ``documents.jsonl`` has it, and its reporting round.
- ``figures``, ``findings``, ``unattributed``: the records a reading gave, in order; a
  figure also says whether the audit checks it (``in_audit``), so that the findings can be
  worked out again from the figures as staff corrected them, without the document.
- ``decisions``: what staff decided (who, when, what, why). A decision names the figure
  or finding it is about by what it says (unit, indicator, category, period and quote;
  rule, indicators and values), not by row id, so it applies again to a re-run or to
  a revised report that states the same thing. A newer decision on the same thing
  replaces the older one (``replaced_by``); none is ever deleted.
- ``rounds``: the reporting rounds of the stored reports.
"""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Table, Text)

metadata = MetaData()

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("document", Text, nullable=False),  # its name when first read
    Column("format", String(16)),
    Column("status", String(16), nullable=False),
    Column("commune", Text),
    Column("level", String(16)),
    Column("unit_code", String(16)),
    Column("date", String(10)),
    Column("round", Text),
    Column("usual_end", String(10)),  # the period end most of its figures share (its round when undated)
    Column("audited", Boolean, nullable=False, default=False),
    Column("transient", Boolean, nullable=False, default=False),  # may read differently next time (timeout …)
    Column("record", JSON, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

def _per_document(name: str, *columns: Column) -> Table:
    """A table of one document's records in its order (``seq``), the whole record as JSON
    (``record``) and the ``columns`` the store filters on; gone with its document."""
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True),
        Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("seq", Integer, nullable=False),
        *columns,
        Column("record", JSON, nullable=False),
    )


figures = _per_document("figures", Column("indicator", String(64), nullable=False), Column("category", Text),
                        Column("confidence", Float),
                        # false: read from a table's numbering or percent column, so the audit leaves it out
                        # (NULL: stored before this was kept; the findings are then not worked out again)
                        Column("in_audit", Boolean))
findings = _per_document("findings", Column("rule", String(32), nullable=False),
                         Column("severity", String(16), nullable=False))
unattributed = _per_document("unattributed")

decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("target", String(16), nullable=False),  # figure | finding | added (a figure staff added)
    Column("unit", Text, nullable=False),  # the unit's code, else its name, else "tệp:" + the file's name
    Column("match", Text, nullable=False),  # what the figure or finding says (decisions.figure_key / finding_key)
    Column("document", Text, nullable=False),  # the file it was made on (its name then)
    Column("sha256", String(64), nullable=False),
    Column("action", String(16), nullable=False),  # accept | correct | reject | add | confirm | waive
    Column("change", JSON),  # correct: the new value, indicator, category, period; add: the whole figure record
    Column("original_value", Float),
    Column("reviewer", Text, nullable=False),
    Column("note", Text),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("replaced_by", Integer, ForeignKey("decisions.id")),
    Index("ix_decisions_unit_match", "unit", "match"),
)

rounds = Table(
    "rounds", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("first", String(10)),
    Column("last", String(10)),
)
