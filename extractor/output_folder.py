"""The output folder as one set of files that hang together.

- **A lock.** A run holds an exclusive lock on its ``--out`` folder (``flock`` on the
  folder itself); a second run into the same folder stops at once with exit status 2
  ("thư mục đang được một lần chạy khác ghi") instead of mixing its files with the
  first one's.
- **Beside, then one step.** Every output is written into a staging folder beside
  ``--out`` (``.<name>.solieu-new-<pid>``); when all are written, the two folders are
  exchanged in one step (Linux ``renameat2(RENAME_EXCHANGE)``), so a reader sees the
  whole old set or the whole new one, never findings of one run beside figures of
  another. Files in ``--out`` that solieu did not write are carried over (hard links).
  Where the exchange is not possible (another system, a parent folder that cannot be
  written), the files are moved in one by one and ``run.json`` last.
- **No debris.** The staging folder of a run that was killed is removed by the next run;
  a run that fails removes its own.
- **run.json** says what made the set: version, command, inputs (name, SHA-256, status),
  counts, outputs, start and end. A later run with the same command, code, data and
  input files finds it up to date and does no work.
"""
from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from .batch import OUTPUT_MARK

RUN_FILE = "run.json"
# every file any solieu command writes: an old one of these is never carried into a new set
OUTPUT_NAMES = frozenset({"figures.jsonl", "figures.csv", "figures.xlsx", "unattributed.jsonl", "documents.jsonl",
                          "findings.jsonl", "audit.xlsx", "audit.html", "comparison.csv", "comparison_long.csv",
                          "comparison.xlsx", RUN_FILE})
MARK_TEXT = "Thư mục kết quả của solieu: không đọc lại làm đầu vào (solieu's output folder: never read as input)\n"
_STAGING = ".solieu-new-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Busy(Exception):
    """Another run holds the folder."""


@dataclass
class OutputSet:
    out: Path
    staging: Path  # write every output here
    started: float = field(default_factory=time.time)
    _lock: int | None = None

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None


def staging_name(out: Path, pid: int) -> Path:
    return out.parent / f".{out.name}{_STAGING}{pid}"


def open_output_set(out: Path) -> OutputSet:
    """Lock ``out`` (made if missing), remove what killed runs left, and make the staging
    folder. Raises ``Busy`` when another run holds ``out``, ``OSError`` when it cannot be written."""
    out = Path(out).absolute()
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_RDONLY)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # no flock on this system: no lock
        pass
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise Busy(str(out)) from exc
        raise
    try:
        _remove_stale(out)
        staging = staging_name(out, os.getpid())
        if not _writable(out.parent):
            staging = out / f"{_STAGING}{os.getpid()}"  # beside the outputs, inside the folder
        staging.mkdir()
        (staging / OUTPUT_MARK).write_text(MARK_TEXT, encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise
    return OutputSet(out, staging, _lock=fd)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _remove_stale(out: Path) -> None:
    """Staging folders of runs that died (we hold the lock: no live run owns one)."""
    candidates = list(out.parent.glob(f".{out.name}{_STAGING}*")) if _writable(out.parent) else []
    candidates += list(out.glob(f"{_STAGING}*"))
    for path in candidates:
        shutil.rmtree(path, ignore_errors=True)


def abandon(outset: OutputSet) -> None:
    """Remove the staging folder and release the lock (a run that failed)."""
    shutil.rmtree(outset.staging, ignore_errors=True)
    outset.release()


def commit(outset: OutputSet, run: dict) -> None:
    """Write ``run.json`` into the staging folder and switch the new set in."""
    staging, out = outset.staging, outset.out
    run = dict(run, outputs=sorted(p.name for p in staging.iterdir() if p.name != OUTPUT_MARK) + [RUN_FILE],
               finished=_iso(time.time()), seconds=round(time.time() - outset.started, 3))
    (staging / RUN_FILE).write_text(json.dumps(run, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    try:
        os.chmod(staging, stat.S_IMODE(out.stat().st_mode))  # the folder keeps its permissions
        if staging.parent == out.parent and _exchange(staging, out):
            _carry_over(staging, out, run["outputs"])
            shutil.rmtree(staging, ignore_errors=True)  # the old set, now at the staging path
        else:
            _move_in(staging, out)
    finally:
        outset.release()


def _carry_over(old: Path, new: Path, ours: list[str]) -> None:
    """Entries of the old folder that solieu did not write, linked into the new one (an
    old comparison is not carried beside a new audit: the set is this run's alone)."""
    for entry in old.iterdir():
        if entry.name in OUTPUT_NAMES or entry.name in ours or entry.name == OUTPUT_MARK or (new / entry.name).exists():
            continue
        if any(entry.name.startswith(f".{n}.") for n in OUTPUT_NAMES):
            continue  # a temporary file an old writer left
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, new / entry.name, copy_function=os.link, symlinks=True)
            else:
                os.link(entry, new / entry.name, follow_symlinks=False)
        except OSError:
            shutil.move(str(entry), new / entry.name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    return False


def _move_in(staging: Path, out: Path) -> None:
    """The fallback: each file moved into ``out``, ``run.json`` last, then the staging
    folder removed; outputs of an earlier command that this one does not write go."""
    names = sorted(p.name for p in staging.iterdir())
    for name in OUTPUT_NAMES - set(names):
        try:
            (out / name).unlink()
        except FileNotFoundError:
            pass
    for name in sorted(names, key=lambda n: n == RUN_FILE):
        os.replace(staging / name, out / name)
    shutil.rmtree(staging, ignore_errors=True)


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t))


def fingerprint(command: str, digests: dict[str, str | None]) -> str:
    """What the outputs depend on: the command, the code, the data, the outside tools and
    every input file's name and bytes."""
    from .cache import code_hash, patterns_hash, tools

    h = hashlib.sha256("\n".join([command, code_hash(), patterns_hash(), tools()]).encode("utf-8"))
    for name in sorted(digests):
        h.update(f"\n{name}\0{digests[name]}".encode("utf-8"))
    return h.hexdigest()


def up_to_date(out: Path, print_: str) -> dict | None:
    """The ``run.json`` of ``out`` when it has fingerprint ``print_`` and every output it
    names is there; else None."""
    try:
        run = json.loads((Path(out) / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(run, dict) or run.get("fingerprint") != print_:
        return None
    if not all((Path(out) / name).exists() for name in run.get("outputs") or [None]):
        return None
    return run
