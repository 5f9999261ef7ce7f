"""The workbench's JSON API (the contract's Workbench section, and what the pages need
besides). Errors are ``{"error", "error_vi"}`` with a 4xx status."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, jsonify, request

from ..store import StoreError
from ..store.deciding import ROW_ID
from .exports import EXPORTS, export_bytes

api = Blueprint("api", __name__, url_prefix="/api")


def fail(status: int, en: str, vi: str):
    return jsonify(error=en, error_vi=vi), status


@api.errorhandler(StoreError)
def store_error(exc: StoreError):
    return fail(exc.status, exc.en, exc.vi)


@api.before_request
def same_origin_json():
    """A POST takes JSON (or, for uploads, a form) and, from a browser, only from this
    site's own pages: another web page cannot make one (no CORS is ever granted)."""
    if request.method != "POST":
        return None
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        return fail(403, "requests from another site are refused", "không nhận yêu cầu từ trang web khác")
    if request.endpoint == "api.ingest":
        if not getattr(g, "bearer", False) and request.headers.get("X-Solieu") != "1":
            return fail(403, "uploads need the X-Solieu: 1 header", "tải lên cần tiêu đề X-Solieu: 1")
        return None
    if not request.is_json:
        return fail(415, "the body must be JSON (Content-Type: application/json)",
                    "nội dung phải là JSON (Content-Type: application/json)")
    return None


def body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise StoreError("nội dung JSON không hợp lệ", "the JSON body is not an object")
    return data


def _document_arg():
    name = request.args.get("document")
    if not name:
        raise StoreError("cần tham số document", "the document parameter is required")
    try:
        return g.store.document(name)["id"]
    except StoreError:
        if ROW_ID.fullmatch(name):  # an id also names a document
            return int(name)
        raise


@api.get("/health")
def health():
    return jsonify(status="ok")


@api.get("/documents")
def documents():
    keys = ("id", "document", "sha256", "status", "commune", "unit_code", "round", "level", "date", "format",
            "figures", "reason", "reason_en")
    return jsonify([{k: d[k] for k in keys} for d in g.store.documents()])


@api.get("/figures")
def figures():
    return jsonify(g.store.figures(_document_arg()))


@api.post("/figures/<int:figure_id>/decision")
def figure_decision(figure_id: int):
    return jsonify(g.store.decide_figure(figure_id, body()))


@api.post("/documents/<int:document_id>/figures")
def add_figure(document_id: int):
    """A figure the reading missed, from text staff selected."""
    return jsonify(g.store.add_figure(document_id, body())), 201


@api.get("/findings")
def findings():
    return jsonify(g.store.findings(_document_arg()))


@api.post("/findings/<finding_id>/decision")
def finding_decision(finding_id: str):
    """A finding as read (its number) or one that staff decisions on figures brought (``moi-…``)."""
    return jsonify(g.store.decide_finding(finding_id, body()))


@api.get("/unattributed")
def unattributed():
    return jsonify(g.store.unattributed(_document_arg()))


@api.get("/decisions")
def decisions():
    return jsonify(g.store.decision_history())


@api.get("/conflicts")
def conflicts():
    return jsonify([dict(c.decision, looked_in=c.document) for c in g.store.conflicts()])


@api.get("/rounds")
def rounds():
    from .views import round_status

    return jsonify([dict(r, **round_status(g.store, r["name"])) for r in g.store.rounds()])


@api.get("/history")
def history():
    from .views import unit_history

    unit, indicator = request.args.get("unit"), request.args.get("indicator")
    if not unit:
        raise StoreError("cần tham số unit", "the unit parameter is required")
    return jsonify(unit_history(g.store, unit, indicator))


@api.post("/ingest")
def ingest():
    """Upload report files (multipart, field ``files``); one result per file."""
    from .ingest import ingest_files

    uploads = request.files.getlist("files")
    if not uploads:
        raise StoreError("không có tệp nào được gửi (trường files)", "no file sent (field files)")
    files = [(u.filename, u.read()) for u in uploads]
    done = ingest_files(g.store, files, current_app.extensions.get("solieu_workers"), request.form.getlist("modified"))
    return jsonify([r.as_dict() for r in done])


@api.get("/export/<name>")
def export(name: str):
    if name not in EXPORTS:
        return fail(404, f"no export named {name}", f"không có tệp {name} để tải")
    data = export_bytes(g.store, name, request.args.get("round") or None)
    return Response(data, mimetype=EXPORTS[name], headers={"Content-Disposition": f"attachment; filename={name}"})


@api.get("/sendback")
def sendback():
    """The "phiếu đề nghị giải trình" of one unit (DOCX): its open findings with quotes."""
    from .sendback import sendback_docx

    unit = request.args.get("unit")
    if not unit:
        raise StoreError("cần tham số unit", "the unit parameter is required")
    data, filename = sendback_docx(g.store, unit, request.args.get("round") or None)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(filename)}"})


@api.get("/documents/<int:document_id>/pages/<int:page>.png")
def page_image(document_id: int, page: int):
    from .render import page_png

    doc = g.store.document(document_id)
    png = page_png(g.store, doc["sha256"], page, request.args.get("scale", type=float) or 1.5)
    if png is None:
        return fail(404, "no such page", "không có trang này")
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
