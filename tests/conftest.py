"""Tests run without the user's result cache (``SOLIEU_CACHE=off``, set before any test
and inherited by the commands they start): a result stored by an earlier run must never
stand in for the reading a test means to exercise, and running the tests must not fill
the user's cache folder. ``tests/test_cache.py`` passes folders of its own."""
import os
import secrets
from urllib.parse import urlsplit

import pytest

os.environ["SOLIEU_CACHE"] = "off"


# ---- the store's database (tests/test_store.py) -----------------------------------------
POSTGRES_ENV = "SOLIEU_TEST_POSTGRES"


def _postgres_database(admin_url: str, name: str) -> str:
    """The admin URL with another database name."""
    return urlsplit(admin_url)._replace(path=f"/{name}").geturl()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A store URL for an empty database: a SQLite file in ``tmp_path``, or a fresh
    PostgreSQL database made through the admin URL in ``$SOLIEU_TEST_POSTGRES`` (its role
    needs CREATEDB; e.g. ``postgresql://solieu:solieu@localhost/solieu_test``) and dropped
    afterwards. Tests close their stores (``Store.close``) before it is dropped."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/s.db"
        return
    admin = os.environ.get(POSTGRES_ENV)
    if not admin:
        pytest.skip(f"PostgreSQL store tests need ${POSTGRES_ENV} (an admin URL whose role has CREATEDB, "
                    "e.g. postgresql://solieu:solieu@localhost/solieu_test)")
    import psycopg

    name = f"solieu_t_{secrets.token_hex(6)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _postgres_database(admin, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                         (name,))
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
