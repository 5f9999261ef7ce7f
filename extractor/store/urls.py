"""Store URLs as people may see them: never the password (console, run.json, pages)."""
from __future__ import annotations


def public_url(url: str | None) -> str:
    """The URL with its password hidden.

    >>> public_url("postgresql://solieu:bí-mật@db.local/solieu")
    'postgresql://solieu:***@db.local/solieu'
    >>> public_url("sqlite:////home/lan/solieu.db")
    'sqlite:////home/lan/solieu.db'
    """
    if not url:
        return ""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 (not a URL SQLAlchemy knows: shown as given, without anything after "@"'s user part)
        return url.split("@")[-1]


def hide_passwords(argv: list[str]) -> list[str]:
    """A command line with the password of every ``--store`` URL hidden.

    >>> hide_passwords(["run", "in", "--store", "postgresql://a:b@h/d", "--store=postgresql://a:c@h/d"])
    ['run', 'in', '--store', 'postgresql://a:***@h/d', '--store=postgresql://a:***@h/d']
    """
    out = []
    for i, arg in enumerate(argv):
        if i > 0 and argv[i - 1] == "--store":
            arg = public_url(arg)
        elif arg.startswith("--store="):
            arg = "--store=" + public_url(arg[len("--store="):])
        out.append(arg)
    return out
