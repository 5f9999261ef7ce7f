"""The workbench's pages (server-rendered, Vietnamese, no CDN): home and ingest,
rounds, a report's review, the comparison, a unit's history."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for

from ..store import StoreError
from ..wording import figure_confidence_vi, period_text, rule_vi, severity_vi, vn_number, where
from .views import compare_table, review_order, round_status, unit_history

pages = Blueprint("pages", __name__, template_folder="templates", static_folder="static", static_url_path="/static")


@pages.app_template_filter("vn")
def _vn(value):
    return "" if value is None else vn_number(value)


@pages.app_template_filter("vndate")
def _vndate(iso):
    """``2026-05-22`` → ``22/05/2026`` ("" for none)."""
    from ..wording import vn_date

    return vn_date(iso) if iso else ""


ACTIONS_VI = {"accept": "chấp nhận", "correct": "sửa", "reject": "loại bỏ", "add": "thêm số liệu",
              "confirm": "xác nhận phát hiện", "waive": "bỏ qua phát hiện"}


@pages.app_template_filter("action_vi")
def _action_vi(action):
    return ACTIONS_VI.get(action, action)


@pages.app_template_filter("unit_name")
def _unit_name(unit):
    """A unit's code as its level and name ("xã Kẻ Sặt"); anything else as it is."""
    from ..gazetteer import load_gazetteer

    try:
        u = load_gazetteer().by_code(unit)
        return f"{u.level} {u.name}"
    except (KeyError, ValueError, TypeError):
        return str(unit).removeprefix("tệp:")


@pages.app_context_processor
def _words():
    return {"period_text": period_text, "rule_vi": rule_vi, "severity_vi": severity_vi, "where": where,
            "confidence_vi": figure_confidence_vi, "signed_in": session.get("signed_in"),
            "needs_token": current_app.extensions.get("solieu_token") is not None}


@pages.get("/")
def home():
    store = g.store
    rounds = [dict(r, **round_status(store, r["name"])) for r in store.rounds()]
    docs = store.documents()
    return render_template("home.html", rounds=rounds, documents=docs[-200:], problems=[d for d in docs if d["status"] != "ok"],
                           conflicts=store.conflicts())


@pages.post("/ingest")
def ingest_form():
    """The same upload without JavaScript (a form with its CSRF token)."""
    from .ingest import ingest_files

    uploads = request.files.getlist("files")
    done = ingest_files(g.store, [(u.filename, u.read()) for u in uploads if u.filename],
                        current_app.extensions.get("solieu_workers")) if uploads else []
    return render_template("ingested.html", results=done)


def _known_round(name: str) -> None:
    """404 for a round the store does not have."""
    if name not in {r["name"] for r in g.store.rounds()}:
        abort(404)


@pages.get("/rounds/<path:name>")
def round_page(name: str):
    _known_round(name)
    return render_template("round.html", name=name, status=round_status(g.store, name))


@pages.get("/documents/<int:doc_id>")
def review(doc_id: int):
    from ..outline import load_outline
    from .render import document_blocks, page_sizes

    try:
        doc = g.store.document(doc_id)
    except StoreError:
        abort(404)
    figures = review_order(g.store.figures(doc_id))
    findings = g.store.findings(doc_id)
    is_pdf = doc["format"] in ("pdf", "pdf-scan")
    blocks = document_blocks(g.store, doc)
    marks: dict[int, list[dict]] = {}
    for f in figures:
        src = f.get("source") or {}
        if src.get("block") is not None:
            marks.setdefault(src["block"], []).append(f)
    return render_template("review.html", doc=doc, figures=figures, findings=findings, is_pdf=is_pdf,
                           blocks=[dict(b, html=highlight(b["text"], marks.get(b["index"], []))) for b in blocks],
                           unattributed=g.store.unattributed(doc_id), scale=1.5,
                           pages=range(1, (doc["pages"] or 0) + 1) if is_pdf else (), indicators=load_outline().indicators,
                           sizes=page_sizes(g.store, doc) if is_pdf else {})


@pages.get("/documents/<int:doc_id>/findings")
def review_findings(doc_id: int):
    """The review's list of findings alone: the page fetches it again after each figure
    decision, since the findings are worked out again from the figures as decided."""
    try:
        g.store.document(doc_id)
    except StoreError:
        abort(404)
    return render_template("_findings.html", findings=g.store.findings(doc_id))


def highlight(text: str, figures: list[dict]):
    """A block's text as HTML with each figure's number marked (``<mark id=m-ID>``): the
    figure's quote is found in the block, its span inside the quote gives the place."""
    from markupsafe import Markup, escape

    spans = []
    for f in figures:
        src = f.get("source") or {}
        quote, start, end = f.get("quote") or "", src.get("start"), src.get("end")
        if start is None or end is None:
            continue
        at = text.find(quote) if quote else -1
        if at < 0:  # a table cell's text: the span is inside the cell; find the number itself
            at = text.find(f.get("text") or "\0")
            if at < 0:
                continue
            begin, stop = at, at + len(f.get("text") or "")
        else:
            begin, stop = at + start, at + end
        spans.append((begin, stop, f["id"]))
    out, pos = [], 0
    for begin, stop, fid in sorted(set(spans)):
        if begin < pos:
            continue
        out.append(escape(text[pos:begin]))
        out.append(Markup(f'<mark class="fig" data-fig="{escape(str(fid))}" id="m-{escape(str(fid))}">') + escape(text[begin:stop])
                   + Markup("</mark>"))
        pos = stop
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@pages.get("/compare/<path:name>")
def compare_page(name: str):
    _known_round(name)
    return render_template("compare.html", name=name, table=compare_table(g.store, name))


@pages.get("/history")
def history_page():
    unit = request.args.get("unit", "")
    indicator = request.args.get("indicator") or None
    return render_template("history.html", unit=unit, indicator=indicator, rows=unit_history(g.store, unit, indicator))


@pages.route("/login", methods=["GET", "POST"])
def login():
    from .app import check_token

    nxt = request.values.get("next") or url_for("pages.home")
    if not nxt.startswith("/") or nxt.startswith("//"):
        nxt = url_for("pages.home")
    if request.method == "POST":
        if check_token(request.form.get("token", ""), current_app.extensions.get("solieu_token")):
            session.clear()
            session["signed_in"] = True
            return redirect(nxt)
        current_app.extensions["solieu_failures"].record(request.remote_addr or "?")
        return render_template("login.html", next=nxt, wrong=True), 401
    return render_template("login.html", next=nxt)
