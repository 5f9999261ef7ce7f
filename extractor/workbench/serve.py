"""``solieu serve``: the workbench on this machine, with waitress (a production WSGI
server in pure Python; Flask's own server is for development only)."""
from __future__ import annotations

import ipaddress
import os
import sys

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the workbench on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("10.0.0.5")
    (True, True, True, False, False)
    """
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(args) -> int:
    from ..store import open_store, url_problem
    from ..store.urls import public_url
    from .app import create_app

    token = args.token or os.environ.get("SOLIEU_TOKEN") or None
    if not is_loopback(args.host) and not token:
        print(f"solieu serve: không mở bàn kiểm tra ra ngoài máy này ({args.host}) khi chưa có mã truy cập: thêm --token "
              f"hoặc đặt SOLIEU_TOKEN (refusing to bind beyond loopback without --token or SOLIEU_TOKEN)", file=sys.stderr)
        return 2
    from .app import MIN_TOKEN

    if token and len(token) < MIN_TOKEN:
        print(f"solieu serve: mã truy cập quá ngắn, cần ít nhất {MIN_TOKEN} ký tự; đặt qua SOLIEU_TOKEN để không hiện trong "
              f"danh sách tiến trình (the token is too short: at least {MIN_TOKEN} characters; pass it in SOLIEU_TOKEN)",
              file=sys.stderr)
        return 2
    if args.store and url_problem(args.store):
        print(f"solieu serve: {url_problem(args.store)}", file=sys.stderr)
        return 2
    try:
        store = open_store(args.store)
    except Exception as exc:  # noqa: BLE001
        print(f"solieu serve: không mở được kho dữ liệu (cannot open the store): {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    app = create_app(store, token)
    from waitress import create_server

    try:  # bind first: a port in use is said before anything else
        server = create_server(app, host=args.host, port=args.port, threads=8,
                               max_request_body_size=app.config["MAX_CONTENT_LENGTH"], ident="solieu")
    except OSError as exc:
        print(f"solieu serve: không mở được cổng {args.port} (cannot listen): {exc}", file=sys.stderr)
        return 2
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Bàn kiểm tra đang chạy: http://{host}:{args.port}/  (kho: {public_url(store.url)}; dừng: Ctrl-C) "
          f"(the workbench is running)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
