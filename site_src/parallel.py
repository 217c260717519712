"""Stories built side by side: one worker process per core, results taken in the stories' order.

Each story's build is a pure function of its folder and what was learnt across stories, so
workers need share nothing; gathering the results in the order the stories were given keeps the
site byte-identical whatever the number of workers. A build from the command line runs no other
thread, so its workers are forks of it, ready at once; a process that runs other threads (a
preview server) starts its workers afresh instead (`spawn`, a second or more of imports each),
since a fork copies another thread's locks mid-step.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Callable, Sequence, TypeVar

Item, Result = TypeVar("Item"), TypeVar("Result")


def cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def start_method() -> str:
    """`fork` where it is safe and cheap: on Linux, in a process running no other thread."""
    alone = threading.active_count() == 1
    return "fork" if alone and sys.platform == "linux" else "spawn"


def in_order(work: Callable[[Item], Result], items: Sequence[Item], jobs: int,
             done: Callable[[int, int], None] | None = None) -> list[Result]:
    """`[work(item) for item in items]`, in up to `jobs` processes; `done` is told (results so
    far, items in all) as each arrives. The first item to fail raises its error here, and the
    items not yet started are dropped."""
    results: list[Result] = []

    def gathered(result: Result) -> None:
        results.append(result)
        if done:
            done(len(results), len(items))

    if jobs <= 1 or len(items) <= 1:
        for item in items:
            gathered(work(item))
        return results
    import gc
    import multiprocessing  # with its pool, a twentieth of a second: not for a build that starts none
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(start_method())
    # A worker started afresh would collect garbage as often as Python's default, which cost a long
    # article a sixth of its build: it takes this process's thresholds, as a fork does.
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context,
                               initializer=gc.set_threshold, initargs=gc.get_threshold())
    try:
        for result in pool.map(work, items):
            gathered(result)
    finally:
        pool.shutdown(cancel_futures=True)
    return results
