"""audit.html: one self-contained page (inline CSS, no script, no external resource),
a section per document, each finding with its message and its quotes, the figure's
span highlighted with <mark>."""
from __future__ import annotations

from collections import Counter
from html import escape

from ..wording import confidence_vi, rule_vi, severity_vi, status_vi, where
from .xlsx import _label, fmt_value

CSS_SCAN = "img.scan{display:block;max-width:100%;margin:.3em 0;border:1px solid #bbb}"
CSS = """
body{font-family:"Times New Roman",Georgia,serif;max-width:70rem;margin:1.5rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:2px solid #2f5597;padding-top:1rem}
table.sum{border-collapse:collapse;margin:.5rem 0}table.sum td,table.sum th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}
.f{border-left:5px solid #999;margin:.8rem 0;padding:.3rem .8rem;background:#fafafa}
.error{border-color:#c00000}.warning{border-color:#e6a800}.info{border-color:#70ad47}
.tag{font-size:.8rem;font-weight:bold;text-transform:uppercase;margin-right:.5rem}
.en{color:#666;font-size:.9rem}.sug{color:#1f4e79}
blockquote{margin:.3rem 0 .3rem 1rem;padding:.2rem .6rem;border-left:3px solid #ccc;background:#fff}
.where{color:#666;font-size:.85rem}mark{background:#ffeb3b;padding:0 .1rem}
nav a{margin-right:1rem}
"""


def highlight(quote: str, spans: list[tuple[int, int]]) -> str:
    """``quote`` escaped, each span wrapped in <mark>.

    >>> highlight("a <b> 12 và 34", [(6, 8), (12, 14)])
    'a &lt;b&gt; <mark>12</mark> và <mark>34</mark>'
    """
    out, pos = [], 0
    for s, t in sorted(set(spans)):
        if not (isinstance(s, int) and isinstance(t, int) and pos <= s <= t <= len(quote)):
            continue
        out += [escape(quote[pos:s]), "<mark>", escape(quote[s:t]), "</mark>"]
        pos = t
    out.append(escape(quote[pos:]))
    return "".join(out)


def _grouped(evidence: list[dict]) -> list[tuple[dict, list[tuple[int, int]]]]:
    """Evidence of one place (same quote and cell) shown once with all its spans."""
    groups: dict[tuple, tuple[dict, list]] = {}
    for e in evidence:
        key = (e.get("quote"), e.get("block"), e.get("row"), e.get("col"))
        groups.setdefault(key, (e, []))[1].append((e.get("start"), e.get("end")))
    return list(groups.values())


def _scan_html(e: dict, crop) -> str:
    """The scan around a scanned figure (``crops.ScanCrops``), or nothing."""
    uri = crop(e) if crop else None
    return f'<img class="scan" src="{uri}" alt="Bản quét quanh số liệu (the scan around the figure)">' if uri else ""


def _quote_html(e: dict, spans: list[tuple[int, int]], crop=None) -> str:
    body = highlight(e.get("quote") or "", spans)
    return f'<blockquote>{body}{_scan_html(e, crop)}<div class="where">{escape(where(e))}</div></blockquote>'


def _finding_html(f: dict, crop=None) -> str:
    sev = f.get("severity", "info")
    parts = [f'<div class="f {escape(sev)}"><span class="tag">{escape(severity_vi(sev))}</span>'
             f'<b>{escape(rule_vi(f["rule"]))}</b>',
             f'<p>{escape(f.get("message") or "")}</p>']
    if f.get("suggestion") is not None:
        parts.append(f'<p class="sug">Giá trị có thể đúng: <b>{escape(fmt_value(f["suggestion"]))}</b>'
                     f'{" (" + escape(_label(f["suggestion_for"])) + ")" if f.get("suggestion_for") else ""}'
                     f'{", độ tin cậy " + confidence_vi(f["confidence"]) if f.get("confidence") else ""}</p>')
    parts += [_quote_html(e, spans, crop) for e, spans in _grouped(f.get("evidence") or [])]
    if f.get("message_en"):
        parts.append(f'<p class="en">{escape(f["message_en"])}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _numbers_html(title: str, rows: list[tuple[str, str, str, dict]], crop=None) -> str:
    """A list of numbers to look at: (what, text, quote, source with its document)."""
    if not rows:
        return ""
    items = "".join(
        f"<li>{escape(what)}: <b>{escape(text)}</b> ({escape(where(src))}) — "
        f"<q>{highlight(quote, [(src.get('start', 0), src.get('end', 0))])}</q>{_scan_html(src, crop)}</li>"
        for what, text, quote, src in rows)
    return f"<details><summary>{escape(title)} ({len(rows)})</summary><ul>{items}</ul></details>"


def audit_html(documents: list[dict], findings: list[dict], doubtful: list[dict] = (), unattributed: list[dict] = (),
               crop=None) -> str:
    """The audit as one page to read offline; ``crop`` (``crops.ScanCrops``) gives the scan
    around each scanned figure."""
    by_doc: dict[str, list[dict]] = {}
    for f in findings:
        by_doc.setdefault(f.get("document"), []).append(f)
    info = {d.get("document"): d for d in documents}
    names = [d.get("document") for d in documents if d.get("status", "ok") == "ok"]
    names += [d for d in by_doc if d not in names]
    not_read = [d for d in documents if d.get("status", "ok") != "ok"]
    out = ['<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Kết quả kiểm tra báo cáo</title><style>{CSS}{CSS_SCAN}</style></head><body>",
           f"<h1>Kết quả kiểm tra báo cáo ({len(names)} báo cáo, {len(findings)} phát hiện)</h1>"]
    sev_all = Counter(f["severity"] for f in findings)
    out.append("<p>" + ", ".join(f"{severity_vi(s)}: {sev_all.get(s, 0)}" for s in ("error", "warning", "info")) + "</p>")
    if not_read:
        errors = sum(d.get("status") == "error" for d in not_read)
        out.append(f'<p><a href="#not-read">{len(not_read)} tệp không đọc được hoặc không phải báo cáo ({errors} lỗi)</a></p>')
    out.append('<nav><table class="sum"><tr><th>Báo cáo</th><th>Đơn vị</th><th>Phát hiện</th></tr>' + "".join(
        f'<tr><td><a href="#d{i}">{escape(str(n or "so sánh giữa các đơn vị"))}</a></td>'
        f'<td>{escape(str(info.get(n, {}).get("commune") or ""))}</td><td>{len(by_doc.get(n, []))}</td></tr>'
        for i, n in enumerate(names)) + "</table></nav>")
    for i, name in enumerate(names):
        d = info.get(name, {})
        fs = by_doc.get(name, [])
        commune = d.get("commune") or (fs[0].get("commune") if fs else "") or ""
        out.append(f'<section id="d{i}"><h2>{escape(str(name or "so sánh giữa các đơn vị"))}{" — " + escape(str(d.get("level") or "")) + " " + escape(commune) if commune else ""}</h2>')
        counts = Counter(f["rule"] for f in fs)
        if counts:
            out.append('<table class="sum"><tr><th>Loại</th><th>Số</th></tr>' + "".join(
                f"<tr><td>{escape(rule_vi(r))}</td><td>{n}</td></tr>" for r, n in counts.items()) + "</table>")
        else:
            out.append("<p>Không có phát hiện nào.</p>")
        out += [_finding_html(f, crop) for f in fs]
        out.append(_numbers_html("Số liệu cần kiểm tra (máy đọc chưa chắc chắn)", [
            (f"{f.get('label') or f.get('indicator')}{' – ' + f['category'] if f.get('category') else ''}", f.get("text") or "",
             f.get("quote") or "", dict(f.get("source") or {}, document=name)) for f in doubtful if f.get("document") == name],
            crop))
        out.append(_numbers_html("Số chưa gán vào chỉ tiêu nào", [
            (u.get("role_vi") or u.get("role") or "", u.get("text") or "", u.get("quote") or "", u.get("source") or {})
            for u in unattributed if u.get("document") == name]))
        out.append("</section>")
    if not_read:
        out.append('<section id="not-read"><h2>Tệp không đọc được hoặc không phải báo cáo (files not read)</h2>'
                   '<table class="sum"><tr><th>Tệp</th><th>Trạng thái</th><th>Lý do</th><th>Reason</th></tr>' + "".join(
                       f"<tr><td>{escape(str(d.get('document')))}</td><td>{escape(status_vi(d.get('status')))}</td>"
                       f"<td>{escape(str(d.get('reason') or ''))}</td><td class='en'>{escape(str(d.get('reason_en') or ''))}</td></tr>"
                       for d in sorted(not_read, key=lambda d: (d.get("status") != "error", str(d.get("document")))))
                   + "</table></section>")
    out.append("</body></html>\n")
    return "\n".join(out)
