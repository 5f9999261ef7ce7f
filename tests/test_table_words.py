"""The table words of patterns/lexicon/tables.yaml, each list with its own examples
(a broken file: tests/test_lexicon_files.py)."""
from __future__ import annotations

import pytest

from extractor.table_words import load_table_words
from extractor.textnorm import fold

W = load_table_words()


@pytest.mark.parametrize("header,percent", [
    ("Tỷ lệ (%)", True), ("%", True), ("Tỷ lệ phần trăm", True),
    ("Tỷ lệ / Số lượng", False), ("Số liệu (hồ sơ, %)", False), ("Số lượng", False),
    ("Kết quả từ 01/07/2025 đến 15/05/2026 Tỷ lệ (%)", True),
])
def test_percent_header(header, percent):
    assert W.is_percent_header(fold(header)) is percent


@pytest.mark.parametrize("cell,numeric", [
    ("3.217", True), ("98,6%", True), ("khoảng 120", True), ("1,5 tỷ đồng", True),
    ("Trực tiếp: 5.007; trực tuyến: 21.105", False), ("Hồ sơ", False), ("", False),
])
def test_numeric_cell(cell, numeric):
    assert bool(W.numeric_cell.match(cell) and cell.strip()) is numeric


@pytest.mark.parametrize("label,sub", [
    ("- Trực tiếp", True), ("+ Quá hạn", True), ("Trong đó: trực tuyến", True), ("a) Cấp xã", True),
    ("1.2 Hồ sơ", True), ("Tổng số hồ sơ tiếp nhận", False),
])
def test_subrow(label, sub):
    assert bool(W.subrow.match(label)) is sub
