"""Each file read in a process of its own, within a time and memory budget.

A file that hangs, eats memory or crashes its reader costs only itself: its process is
stopped and the file gets ``status: error`` with the reason ("quá thời gian xử lý",
"vượt giới hạn bộ nhớ", "tiến trình đọc tệp bị dừng"); the others go on. The budgets
come from the arguments, else ``SOLIEU_FILE_SECONDS`` and ``SOLIEU_FILE_MB``.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
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
            _PROGRESS.send(("progress", text))
        except (OSError, ValueError):
            pass


def _child(conn, task: Callable, item, megabytes: int) -> None:
    global _PROGRESS
    _PROGRESS = conn
    try:
        import resource

        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # no limit where the system does not allow one
    try:
        conn.send(("ok", task(item)))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # noqa: BLE001 (whatever happens, the parent hears it)
        conn.send(("crash", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def run_isolated(task: Callable, items: list, on_failure: Callable, workers: int, budget: Budget,
                 on_event: Callable | None = None) -> Iterator:
    """``task(item)`` for every item, each in its own process, ``workers`` at a time, in
    the items' order; ``on_failure(item, reason_vi, reason_en, seconds)`` stands for an
    item whose process ran out of time or memory or died. ``on_event(item, text)`` hears
    when an item starts (``text`` None) and what its process reports (``report_progress``)."""
    ctx = mp.get_context("fork")
    running: dict = {}  # connection -> (index, process, start)
    done: dict[int, object] = {}
    nxt = 0
    emit = 0
    while emit < len(items):
        while nxt < len(items) and len(running) < workers:
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, task, items[nxt], budget.megabytes), daemon=True)
            proc.start()
            child.close()
            running[parent] = (nxt, proc, time.monotonic())
            if on_event:
                on_event(items[nxt], None)
            nxt += 1
        if running:
            soonest = min(start for _, _, start in running.values()) + budget.seconds
            ready = wait(list(running), timeout=max(0.0, soonest - time.monotonic()))
            for conn in ready:
                index, proc, start = running[conn]
                try:
                    kind, value = conn.recv()
                except (EOFError, OSError):
                    proc.join(5)  # the pipe closed: the process is gone or going; its exit code
                    kind, value = "died", proc.exitcode
                if kind == "progress":
                    if on_event:
                        on_event(items[index], value)
                    continue
                del running[conn]
                conn.close()
                proc.join(1)
                done[index] = _outcome(kind, value, items[index], on_failure, time.monotonic() - start)
            now = time.monotonic()
            for conn, (index, proc, start) in list(running.items()):
                if now - start >= budget.seconds:
                    proc.kill()
                    proc.join(1)
                    conn.close()
                    del running[conn]
                    done[index] = on_failure(items[index], f"quá thời gian xử lý ({budget.seconds:g} giây)",
                                             f"took too long (over {budget.seconds:g} s)", now - start)
        while emit in done:
            yield done.pop(emit)
            emit += 1


def _outcome(kind: str, value, item, on_failure: Callable, seconds: float):
    if kind == "ok":
        return value
    if kind == "memory":
        return on_failure(item, "vượt giới hạn bộ nhớ khi đọc tệp", "ran out of its memory budget", seconds)
    if kind == "crash":
        return on_failure(item, f"lỗi khi xử lý tệp: {value}", f"internal error: {value}", seconds)
    return on_failure(item, f"tiến trình đọc tệp bị dừng (mã {value})", f"the reading process died (exit code {value})",
                      seconds)
