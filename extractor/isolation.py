"""Each file read in a reading process, within a time and memory budget.

A file that hangs, eats memory or crashes its reader costs only itself: its process is
stopped and the file gets ``status: error`` with the reason ("quá thời gian xử lý",
"vượt giới hạn bộ nhớ", "tiến trình đọc tệp bị dừng"); the others go on. The budgets
come from the arguments, else ``SOLIEU_FILE_SECONDS`` and ``SOLIEU_FILE_MB``. A reading
process reads files one after another until it has read ``FILES_PER_PROCESS``, holds
more than ``RETIRE_SHARE`` of its memory budget or fails; a file that fails for memory
or kills a process that had read other files is read once more in a fresh one.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterator

DEFAULT_SECONDS = 180.0  # a 400-page scan at 3 s a page fits; a hang does not
DEFAULT_MB = 3072  # address space of one reading process


@dataclass(frozen=True)
class Budget:
    seconds: float = DEFAULT_SECONDS
    megabytes: int = DEFAULT_MB

    @classmethod
    def from_env(cls) -> "Budget":
        return cls(float(os.environ.get("SOLIEU_FILE_SECONDS", DEFAULT_SECONDS)),
                   int(os.environ.get("SOLIEU_FILE_MB", DEFAULT_MB)))


_PROGRESS = None  # in a reading process: the pipe to the parent, for ``report_progress``
# One Tesseract per processor across every reading process of a batch: made here, before
# the reading processes are forked, so they share it.
_TESSERACT_SLOTS = mp.get_context("fork").BoundedSemaphore(os.cpu_count() or 1)
SLOT_WAIT = 120.0  # a process killed while holding a slot never gives it back: then go on without


@contextlib.contextmanager
def tesseract_slot():
    """Hold one of the batch's Tesseract slots while OCR runs (waits for a free one)."""
    got = _TESSERACT_SLOTS.acquire(timeout=SLOT_WAIT)
    try:
        yield
    finally:
        if got:
            _TESSERACT_SLOTS.release()


def report_progress(text: str) -> None:
    """Tell the batch what this reading process is doing ("trang 3/12" during OCR); a
    no-op outside a reading process."""
    if _PROGRESS is not None:
        try:
            _PROGRESS.send(("progress", text, False))
        except (OSError, ValueError):
            pass


FILES_PER_PROCESS = 32  # a reading process is replaced after this many files ...
RETIRE_SHARE = 0.5  # ... or once it holds more than this share of its memory budget


def _resident_mb() -> float:
    """This process's resident memory in MB (0 where ``/proc`` is not there)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _worker(conn, task: Callable, items: list, megabytes: int) -> None:
    """A reading process: reads the items the batch sends (their index), one at a time,
    and answers (kind, value, last) for each; ``last`` when it stops after this one."""
    global _PROGRESS
    _PROGRESS = conn
    try:
        import resource

        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # no limit where the system does not allow one
    served = 0
    try:
        while True:
            try:
                index = conn.recv()
            except (EOFError, OSError):
                return
            if index is None:
                return
            last = False
            try:
                kind, value = "ok", task(items[index])
            except MemoryError:
                kind, value, last = "memory", None, True  # a process that ran out of memory reads nothing more
            except BaseException as exc:  # noqa: BLE001 (whatever happens, the parent hears it)
                kind, value = "crash", f"{type(exc).__name__}: {exc}"
            served += 1
            last = last or served >= FILES_PER_PROCESS or _resident_mb() > RETIRE_SHARE * megabytes
            try:
                conn.send((kind, value, last))
            except Exception as exc:  # noqa: BLE001 (an answer that cannot be sent is this item's crash)
                conn.send(("crash", f"{type(exc).__name__}: {exc}", last))
            if last:
                return
    finally:
        conn.close()


@dataclass
class _Reader:
    """A reading process as the batch sees it: the item it reads (None: idle), since when,
    and how many it has read before."""
    conn: object
    proc: object
    index: int | None = None
    start: float = 0.0
    served: int = 0


def run_isolated(task: Callable, items: list, on_failure: Callable, workers: int, budget: Budget,
                 on_event: Callable | None = None) -> Iterator:
    """``task(item)`` for every item in a reading process, ``workers`` processes at a time,
    in the items' order; ``on_failure(item, reason_vi, reason_en, seconds)`` stands for an
    item whose process ran out of time or memory or died. ``on_event(item, text)`` hears
    when an item starts (``text`` None) and what its process reports (``report_progress``).

    A reading process reads one item after another (a fresh process for each cost a
    fifth of the reading time on the generated PDFs: its memory pages copied, its caches
    filled again) and is replaced after ``FILES_PER_PROCESS`` items, once it holds more
    than ``RETIRE_SHARE`` of its memory budget, or when it fails. An item that runs out of
    memory or kills a process that had read others before is read once more in a fresh
    process, so that only what it does itself is held against it. A process that runs
    out of time is killed whole."""
    ctx = mp.get_context("fork")
    pending = deque(range(len(items)))
    retried: set[int] = set()
    readers: list[_Reader] = []
    done: dict[int, object] = {}
    emit = 0

    def spawn() -> _Reader:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, task, items, budget.megabytes), daemon=True)
        proc.start()
        child.close()
        r = _Reader(parent, proc)
        readers.append(r)
        return r

    def retire(r: _Reader, kill: bool = False) -> None:
        readers.remove(r)
        if kill:
            r.proc.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                r.conn.send(None)
        r.proc.join(1)
        if r.proc.is_alive():
            r.proc.kill()
            r.proc.join(1)
        r.conn.close()

    try:
        while True:
            while emit in done:
                yield done.pop(emit)
                emit += 1
            if emit == len(items):
                break
            while pending:  # hand the next items to idle processes, starting new ones up to ``workers``
                r = next((r for r in readers if r.index is None), None)
                if r is None:
                    if len(readers) >= workers:
                        break
                    r = spawn()
                index = pending.popleft()
                try:
                    r.conn.send(index)
                except (OSError, ValueError):  # the idle process is gone: another one reads the item
                    retire(r, kill=True)
                    pending.appendleft(index)
                    continue
                r.index, r.start = index, time.monotonic()
                if on_event:
                    on_event(items[index], None)
            busy = [r for r in readers if r.index is not None]
            if not busy:
                break
            soonest = min(r.start for r in busy) + budget.seconds
            ready = wait([r.conn for r in busy], timeout=max(0.0, soonest - time.monotonic()))
            for r in busy:
                if r.conn not in ready:
                    continue
                try:
                    kind, value, last = r.conn.recv()
                except (EOFError, OSError):
                    r.proc.join(5)  # the pipe closed: the process is gone or going; its exit code
                    kind, value, last = "died", r.proc.exitcode, True
                if kind == "progress":
                    if on_event:
                        on_event(items[r.index], value)
                    continue
                index, seconds, before = r.index, time.monotonic() - r.start, r.served
                r.index, r.served = None, r.served + 1
                if last:
                    retire(r, kill=kind == "died")
                if kind in ("memory", "died") and before and index not in retried:
                    retried.add(index)  # perhaps what the process held from the items before: once more, fresh
                    pending.appendleft(index)
                    continue
                done[index] = _outcome(kind, value, items[index], on_failure, seconds)
            now = time.monotonic()
            for r in busy:
                if r.index is not None and now - r.start >= budget.seconds:
                    index = r.index
                    retire(r, kill=True)
                    done[index] = on_failure(items[index], f"quá thời gian xử lý ({budget.seconds:g} giây)",
                                             f"took too long (over {budget.seconds:g} s)", now - r.start)
    finally:
        for r in list(readers):
            retire(r, kill=r.index is not None)


def _outcome(kind: str, value, item, on_failure: Callable, seconds: float):
    if kind == "ok":
        return value
    if kind == "memory":
        return on_failure(item, "vượt giới hạn bộ nhớ khi đọc tệp", "ran out of its memory budget", seconds)
    if kind == "crash":
        return on_failure(item, f"lỗi khi xử lý tệp: {value}", f"internal error: {value}", seconds)
    return on_failure(item, f"tiến trình đọc tệp bị dừng (mã {value})", f"the reading process died (exit code {value})",
                      seconds)
