"""Alembic's environment for the store: the connection comes from ``store.migrate``."""
from alembic import context

from extractor.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
