"""An audit error never rests on a doubtful figure.

A value finding whose evidence includes a figure marked ``check`` (below the
confidence threshold, ``extractor/confidence.py``) becomes a warning that names the
doubt: staff check the figure first, and only then the relation.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Figure, Source
from .findings import VALUE_RULES, Finding
from .messages import where, where_en


def _doubtful_sources(figures) -> dict[Source, Figure]:
    out: dict[Source, Figure] = {}
    for f in figures:
        if f.check:
            out[f.source] = f
            for _, src in f.also:
                out[src] = f
    return out


def findings_on_doubtful_figures(findings: list[Finding], figures) -> list[Finding]:
    """The same findings; errors resting on a doubtful figure become warnings that say so."""
    doubtful = _doubtful_sources(figures)
    if not doubtful:
        return findings
    out = []
    for f in findings:
        shaky = [doubtful[e.source] for e in f.evidence if e.source in doubtful]
        if f.rule.value in VALUE_RULES and shaky:
            fig = shaky[0]
            note_vi = (f" Chưa kết luận là lỗi: số liệu “{fig.text}” ({where(fig.source)}) cần kiểm tra, "
                       f"máy đọc chưa chắc chắn.")
            note_en = (f" Not called an error: the figure '{fig.text}' ({where_en(fig.source)}) is doubtful "
                       f"(confidence {fig.confidence}) and should be checked first.")
            if fig.ocr_confidence is not None and fig.ocr_confidence <= fig.confidence:  # the scan is the doubt
                note_vi += " Kiểm tra lại bản quét: số này được nhận dạng ký tự (OCR) chưa rõ."
                note_en += f" Check the scan: OCR read this number with confidence {fig.ocr_confidence}."
            f = replace(f, severity="warning" if f.severity == "error" else f.severity,
                        message=f.message + note_vi, message_en=f.message_en + note_en)
        out.append(f)
    return out
