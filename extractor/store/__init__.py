"""The workbench's store: documents by SHA-256, their figures and findings, and the
decisions staff made on them (SQLAlchemy, Alembic; SQLite or PostgreSQL).

SQLAlchemy is imported on first use of a name below (``from extractor.store import
Store``), not when a light module of the package (``store.decisions``) is imported:
``solieu extract`` never opens a store and starts 0.15 s sooner."""
from __future__ import annotations

__all__ = ["Conflict", "Store", "StoreError", "default_url", "open_store", "url_problem"]


def __getattr__(name: str):
    if name in __all__:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
