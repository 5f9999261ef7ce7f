"""The workbench's store: documents by SHA-256, their figures and findings, and the
decisions staff made on them (SQLAlchemy, Alembic; SQLite or PostgreSQL)."""
from .store import Conflict, Store, StoreError, default_url, open_store, url_problem

__all__ = ["Conflict", "Store", "StoreError", "default_url", "open_store", "url_problem"]
