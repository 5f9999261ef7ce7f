"""The workbench as a Flask application: pages (``pages.py``) and the JSON API
(``api.py``) over one store.

Safe by default:
- bound to loopback without a token, anyone on this machine may use it; with a token
  (required beyond loopback, ``serve.py``), every request must carry
  ``Authorization: Bearer <token>`` or come from a browser that signed in with it, else 401;
- every form carries a CSRF token (Flask-WTF); the API's POSTs take JSON only, and a
  browser's request from another origin is refused, so another web page cannot act;
- uploads are limited in size (``MAX_CONTENT_LENGTH``) and only read as reports;
- a client that gives a wrong token ``MAX_FAILURES`` times within ``FAILURE_WINDOW`` seconds
  (by the sign-in form or a bearer header) is refused with 429 until the window has passed,
  the right token included: a token cannot be guessed by trying.
"""
from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque

from flask import Flask, g, jsonify, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect

from .ingest import MAX_UPLOAD_BYTES

csrf = CSRFProtect()
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
MIN_TOKEN = 12  # characters: a token shorter is refused
MAX_FAILURES = 10  # wrong tokens from one client ...
FAILURE_WINDOW = 600.0  # ... within this many seconds: refused until the window has passed


class Failures:
    """Wrong tokens per client address, in a sliding window (the server is threaded)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = FAILURE_WINDOW, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._times: dict[str, deque] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds this client must wait before trying again (0: it may try now)."""
        with self._lock:
            times = self._recent(client)
            return max(0.0, times[0] + self.window - self.clock()) if len(times) >= self.limit else 0.0

    def record(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self.clock())

    def _recent(self, client: str) -> deque:
        times = self._times.setdefault(client, deque())
        while times and times[0] <= self.clock() - self.window:
            times.popleft()
        return times


def too_many(wait: float):
    """The 429 answer (JSON for the API, a page otherwise), with ``Retry-After``."""
    minutes = max(1, round(wait / 60))
    vi = f"nhập sai mã truy cập quá nhiều lần; thử lại sau khoảng {minutes} phút"
    en = f"too many wrong tokens; try again in about {minutes} min"
    if request.path.startswith("/api/"):
        answer = jsonify(error=en, error_vi=vi)
    else:
        answer = render_template("error.html", message=f"{vi[0].upper()}{vi[1:]} ({en})")
    return answer, 429, {"Retry-After": str(int(wait) + 1)}


def create_app(store, token: str | None = None, max_upload: int = MAX_UPLOAD_BYTES * 4, workers: int | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("SOLIEU_SECRET") or secrets.token_hex(32),
        MAX_CONTENT_LENGTH=max_upload,
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["solieu_store"] = store
    app.extensions["solieu_token"] = token
    app.extensions["solieu_workers"] = workers
    app.extensions["solieu_failures"] = failures = Failures()
    csrf.init_app(app)

    from .api import api
    from .pages import pages

    csrf.exempt(api)  # JSON only, same origin only (api.py)
    app.register_blueprint(api)
    app.register_blueprint(pages)

    @app.before_request
    def authorize():
        g.store = store
        if token is None:
            # without a token the workbench serves this machine only: a page of another site
            # that makes its own name point here (DNS rebinding) is refused by its Host
            if request.host.rsplit(":", 1)[0].strip("[]") not in LOOPBACK_HOSTS:
                if request.path.startswith("/api/"):
                    return jsonify(error="this workbench answers only this machine's own addresses",
                                   error_vi="bàn kiểm tra chỉ trả lời địa chỉ của chính máy này"), 403
                return render_template("error.html", message="Bàn kiểm tra chỉ trả lời địa chỉ của chính máy này "
                                                             "(only this machine's own addresses)"), 403
            return None
        if request.endpoint == "static":
            return None
        client = request.remote_addr or "?"
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") or (request.endpoint == "pages.login" and request.method == "POST"):
            wait = failures.wait(client)
            if wait:
                return too_many(wait)
        if request.endpoint == "pages.login":
            return None
        if header.startswith("Bearer "):
            if hmac.compare_digest(header[7:].strip().encode(), token.encode()):
                g.bearer = True
                return None
            failures.record(client)
        if session.get("signed_in"):
            return None
        if request.path.startswith("/api/"):
            return jsonify(error="a token is required (Authorization: Bearer …)",
                           error_vi="cần mã truy cập (Authorization: Bearer …)"), 401
        return render_template("login.html", next=request.full_path), 401

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_template("error.html", message="Biểu mẫu đã hết hạn hoặc không hợp lệ; tải lại trang rồi thử lại "
                                                     "(the form's CSRF token is missing or invalid)"), 400

    @app.errorhandler(413)
    def too_large(exc):
        limit = app.config["MAX_CONTENT_LENGTH"] // 2**20
        if request.path.startswith("/api/"):
            return jsonify(error=f"upload larger than {limit} MB", error_vi=f"tệp tải lên lớn hơn {limit} MB"), 413
        return render_template("error.html", message=f"Tệp tải lên lớn hơn {limit} MB (upload too large)"), 413

    @app.errorhandler(404)
    def not_found(exc):
        if request.path.startswith("/api/"):
            return jsonify(error="not found", error_vi="không có trang này"), 404
        return render_template("error.html", message="Không có trang này (not found)"), 404

    @app.get("/logout")
    def logout():
        session.clear()
        return redirect(url_for("pages.home"))

    return app


def check_token(given: str, token: str | None) -> bool:
    return token is not None and hmac.compare_digest(given.encode(), token.encode())
