"""Tests run without the user's result cache (``SOLIEU_CACHE=off``, set before any test
and inherited by the commands they start): a result stored by an earlier run must never
stand in for the reading a test means to exercise, and running the tests must not fill
the user's cache folder. ``tests/test_cache.py`` passes folders of its own."""
import os

os.environ["SOLIEU_CACHE"] = "off"
