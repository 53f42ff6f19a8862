"""Where jobs run: a registry of executors, papermill-style.

The orchestrator asks `get(name)` for an executor and knows nothing else about it. An executor
takes plain callables with picklable arguments and hands back futures; adding one (a cluster, a
batch queue) is one class and one `register` call, or an entry point in the group
`cchc.executors` of another package.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import entry_points
from typing import Any, Callable, Protocol


class Executor(Protocol):
    capacity: int  # how many jobs it runs at once (the orchestrator keeps that many in flight)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future: ...

    def shutdown(self, kill: bool = False) -> None: ...  # kill: an interrupted build, do not wait long


class LocalPool:
    """Threads in this process. Each notebook runs in its own kernel process, so a thread only
    waits on it; threads keep start-up free and share the already imported libraries."""

    def __init__(self, jobs: int | None = None, **_: Any):
        self.jobs = self.capacity = jobs or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="cchc")

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        return self._pool.submit(fn, *args)

    def shutdown(self, kill: bool = False) -> None:
        """Wait for the running jobs (an interrupted build has already stopped the processes they
        wait on, so they end at once; `kill` still bounds the wait, and queued jobs never start)."""
        self._pool.shutdown(wait=not kill, cancel_futures=True)
        if kill:
            deadline = time.monotonic() + 10
            for t in list(getattr(self._pool, "_threads", ())):
                t.join(max(0.0, deadline - time.monotonic()))


_REGISTRY: dict[str, Callable[..., Executor]] = {}


def register(name: str, factory: Callable[..., Executor]) -> None:
    _REGISTRY[name] = factory


def names() -> list[str]:
    _discover()
    return sorted(_REGISTRY)


def get(name: str, **options: Any) -> Executor:
    _discover()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"không có bộ thực thi «{name}»; có: {', '.join(sorted(_REGISTRY))}") from None
    return factory(**options)


def _discover() -> None:
    for ep in entry_points(group="cchc.executors"):
        if ep.name not in _REGISTRY:
            _REGISTRY[ep.name] = ep.load()


register("local", LocalPool)
register("dask", lambda **o: __import__(f"{__package__}.dask_executor", fromlist=["_"]).DaskExecutor(**o))
