"""Where the per-document work runs: this machine's reading processes (the default), or
the workers of a Dask distributed cluster for work beyond one machine.

Either way each document is read by the same function, ``isolation.run_isolated``, in
a process of its own under its time and memory budget: on a Dask worker the task forks
that process, so a file that hangs or eats memory costs one task, never the worker.
The batch's caching, ordering and outputs stay in the process that runs ``solieu``.

    solieu run bao_cao/ --out ket_qua/ --executor dask:local              # a cluster on this machine
    solieu run bao_cao/ --out ket_qua/ --executor tcp://10.0.0.5:8786     # a running scheduler

On a real cluster every worker needs solieu installed (the same version: the results
are cached by code and data) and must see the input files at the same paths (a shared
folder), because tasks carry paths, not bytes.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterator

from .isolation import Budget, run_isolated

LOCAL = "local"


def executor_problem(spec: str) -> str | None:
    """Why ``--executor`` cannot be used (None when it can).

    >>> executor_problem("local") is None
    True
    >>> executor_problem("spark://x")
    "không biết --executor 'spark://x': dùng 'local', 'dask:local' hoặc địa chỉ scheduler 'tcp://máy:8786' (unknown executor)"
    """
    if spec == LOCAL:
        return None
    if spec != "dask:local" and not spec.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        return (f"không biết --executor '{spec}': dùng 'local', 'dask:local' hoặc địa chỉ scheduler "
                f"'tcp://máy:8786' (unknown executor)")
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        return ("--executor dask cần gói dask.distributed: pip install 'solieu[dask]' "
                "(the dask executor needs dask.distributed)")
    return None


_WARM: set = set()  # in a Dask worker: the warm-ups done (audit or not)


def _read_one(task: Callable, on_failure: Callable, budget: Budget, item):
    """One document, on a Dask worker, in a process of its own (as on this machine); the
    worker loads the data files once, before its first fork."""
    audit = bool(getattr(task, "keywords", {}).get("audit"))
    import multiprocessing

    # Dask runs its workers as daemonic processes, which multiprocessing forbids to start
    # children; the reading process is ours to manage (killed on its budget), so allow it.
    multiprocessing.current_process()._config["daemon"] = False
    if audit not in _WARM:
        from .batch import _warm_up

        _warm_up(audit)
        _WARM.add(audit)
    return next(run_isolated(task, [item], on_failure, 1, budget))


class DaskReader:
    """Reads documents on a Dask cluster: ``dask:local`` starts one on this machine (one
    single-threaded worker process per processor), anything else is a scheduler address."""

    def __init__(self, spec: str, workers: int | None = None):
        from distributed import Client, LocalCluster

        self.cluster = None
        if spec == "dask:local":
            import os

            self.cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                        processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            self.client = Client(spec)

    def __call__(self, task: Callable, items: list, on_failure: Callable, workers: int, budget: Budget,
                 on_event: Callable | None = None) -> Iterator:
        """Like ``run_isolated``: outcomes in the items' order (``on_event`` hears each start)."""
        futures = self.client.map(partial(_read_one, task, on_failure, budget), items, pure=False)
        for item, future in zip(items, futures):
            if on_event:
                on_event(item, None)
            try:
                yield future.result()
            except Exception as exc:  # the worker itself died or the task could not run
                yield on_failure(item, f"máy đọc (Dask) không đọc được tệp: {type(exc).__name__}: {exc}",
                                 f"the Dask worker failed on the file: {type(exc).__name__}: {exc}", 0.0)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_reader(spec: str | None, workers: int | None = None):
    """The function that reads a batch's documents: ``run_isolated`` here, or a
    ``DaskReader`` (close it when done)."""
    if spec in (None, LOCAL):
        return run_isolated
    return DaskReader(spec, workers)
