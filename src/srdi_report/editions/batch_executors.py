"""Where a batch's city tasks run: a local process pool, or dask.distributed (§7).

Both run :func:`batch_task.run_city` on the same :class:`CityTask` values and yield the outcomes
as they finish, so a city's files can be committed at once; the outputs are the same bytes
whichever ran them. At most a few tasks per worker are in flight: a task carries its city's rows,
and handing out all of them at once would hold a second copy of the table in the queue.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from srdi_report.editions.batch_task import CityOutcome, CityTask, init_worker, run_city

log = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 2
LOCAL_DASK_WORKERS = 2


def default_jobs(jobs: int) -> int:
    """``jobs``, or one worker per core when it is 0."""
    return jobs if jobs > 0 else max(1, os.cpu_count() or 1)


def inline_outcomes(tasks: Iterator[tuple[CityTask, str]]) -> Iterator[tuple[CityOutcome, str]]:
    """Run the tasks one after the other in this process (one city, or ``--jobs 1``).

    Starting a pool costs a worker's imports (seconds); one city does not repay it.
    """
    init_worker()
    for task, key in tasks:
        yield run_city(task), key


def process_outcomes(
    tasks: Iterator[tuple[CityTask, str]], *, jobs: int
) -> Iterator[tuple[CityOutcome, str]]:
    """Run the tasks on a process pool of ``jobs`` workers (spawned: no inherited state).

    On an interrupt the queued tasks are cancelled and the pool is shut down; outcomes already
    yielded have been committed by the caller.
    """
    workers = default_jobs(jobs)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=init_worker)
    pending: dict[Future[CityOutcome], str] = {}
    try:
        for task, key in tasks:
            pending[pool.submit(run_city, task)] = key
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _finished(pending)
        while pending:
            yield from _finished(pending)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finished(pending: dict[Future[CityOutcome], str]) -> Iterator[tuple[CityOutcome, str]]:
    done, _rest = wait(pending, return_when=FIRST_COMPLETED)
    for future in sorted(done, key=lambda f: pending[f]):
        key = pending.pop(future)
        yield future.result(), key


def dask_outcomes(
    tasks: Iterator[tuple[CityTask, str]], *, scheduler: str, jobs: int
) -> Iterator[tuple[CityOutcome, str]]:
    """Run the tasks on dask.distributed: the cluster at ``scheduler``, else a LocalCluster.

    The LocalCluster has ``jobs`` (default 2) single-threaded worker processes. Every worker
    runs :func:`init_worker` once before its first task.
    """
    # dask.distributed has no type hints: its names are Any here
    distributed: Any = importlib.import_module("dask.distributed")
    cluster: Any = None
    if scheduler:
        client = distributed.Client(scheduler)
    else:
        cluster = distributed.LocalCluster(
            n_workers=jobs if jobs > 0 else LOCAL_DASK_WORKERS,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with another cluster
        )
        client = distributed.Client(cluster)
    try:
        client.run(init_worker)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        keys: dict[Any, str] = {}
        queue = distributed.as_completed()
        in_flight = 0
        for task, key in tasks:
            future = client.submit(run_city, task, key=f"city-{task.code}-{key[:16]}", pure=False)
            keys[future] = key
            queue.add(future)
            in_flight += 1
            while in_flight >= workers * IN_FLIGHT_PER_WORKER:
                finished = next(queue)
                in_flight -= 1
                yield finished.result(), keys.pop(finished)
        for finished in queue:
            yield finished.result(), keys.pop(finished)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
