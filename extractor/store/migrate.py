"""Alembic, run from the package: ``upgrade`` brings a store to the newest schema."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine) -> None:
    """Make or update the store's tables (a no-op when they are current)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def revision(engine, message: str) -> None:
    """Write a new migration from the difference between ``schema.py`` and the store
    (for developers: ``python -m extractor.store.migrate "what changed"``)."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)


if __name__ == "__main__":
    import sys
    import tempfile

    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as tmp:
        eng = create_engine(f"sqlite:///{tmp}/store.db")
        upgrade(eng)
        revision(eng, " ".join(sys.argv[1:]) or "change")
