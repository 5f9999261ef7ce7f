"""solieu: figures from Vietnamese commune reports.

>>> from extractor import extract
>>> report = extract("corpus/real/ke_sat.docx")   # doctest: +SKIP
>>> report.metadata.commune, len(report.figures)  # doctest: +SKIP
('Kẻ Sặt', 122)
>>> from extractor import compare
>>> compare(["corpus/real/ke_sat.docx"]).loc[0, "Đơn vị"]   # doctest: +SKIP
'Kẻ Sặt'
"""
from .pipeline import Report, extract
from . import compare  # callable: compare(paths) -> the wide comparison table (a DataFrame)

__all__ = ["Report", "compare", "extract"]
