"""solieu: figures from Vietnamese commune reports.

>>> from extractor import extract
>>> report = extract("corpus/real/ke_sat.docx")   # doctest: +SKIP
>>> report.metadata.commune, len(report.figures)  # doctest: +SKIP
('Kẻ Sặt', 122)
"""
from .pipeline import Report, extract

__all__ = ["Report", "extract"]
