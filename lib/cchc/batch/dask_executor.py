"""The Dask executor: the same build jobs on a `distributed` cluster.

`DaskExecutor()` starts a local cluster of worker processes (one thread each: every job waits on
its own kernel, and the environment below is per process); `DaskExecutor(scheduler="tcp://…")`
uses a cluster that is already running. Either way the orchestrator sees plain
`concurrent.futures.Future`s, so plan, cache, atomic promotion and failure isolation are the
local executor's, unchanged.

Jobs read and write through paths (the project root, the output folder, the notebooks): on a
real cluster those must be on a filesystem every worker reaches at the same path. Outputs are
written to a temporary name and renamed into place, so a worker lost mid-job never leaves half a
file; the job surfaces as failed (after distributed's own retries on other workers).

Imported only when `--executor dask` is asked for, so the local build never imports dask.
"""
from __future__ import annotations

import os
from concurrent.futures import CancelledError, Future
from typing import Any, Callable

# What a job needs from the submitting side's environment (see cchc.paths).
ENV_KEYS = ("CCHC_ROOT", "CCHC_OUTPUT", "CCHC_NOTEBOOKS")


def _with_env(env: dict[str, str], fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn` on a worker with the client's project paths; kernels started by it inherit them.

    Set, never restored: a worker runs one job at a time (one thread), and restoring would race
    with a second thread if someone runs workers with more."""
    os.environ.update(env)
    return fn(*args)


def client_env() -> dict[str, str]:
    """The client's paths, resolved: a worker whose own defaults differ still uses ours."""
    from .. import paths

    resolved = {"CCHC_ROOT": paths.project_root(), "CCHC_OUTPUT": paths.output_dir(),
                "CCHC_NOTEBOOKS": paths.notebooks_dir()}
    return {k: str(resolved[k]) for k in ENV_KEYS}


class DaskExecutor:
    def __init__(self, jobs: int | None = None, scheduler: str | None = None, **_: Any):
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:  # pragma: no cover - dask is in the lock file
            raise ValueError(f"bộ thực thi dask cần gói «distributed» ({e})") from None
        self.env = client_env()
        self._cluster = None
        self._pending: dict[Future, Any] = {}  # keeps each distributed future alive until done
        if scheduler:
            try:
                self.client = Client(scheduler, set_as_default=False)
            except (OSError, TimeoutError) as e:
                raise ValueError(f"không kết nối được bộ lập lịch Dask {scheduler}: {e}") from None
        else:
            # Processes, not threads: a job sets os.environ and matplotlib state for itself.
            # The scheduler's HTTP server binds 0.0.0.0:8787 even with dashboard_address=None;
            # a random port on loopback avoids clashes and exposes nothing.
            self._cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1,
                                         processes=True, dashboard_address="127.0.0.1:0")
            self.client = Client(self._cluster, set_as_default=False)

    @property
    def capacity(self) -> int:
        """Jobs the cluster runs at once: its worker threads (it may grow or shrink)."""
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        out: Future = Future()
        # pure=False: identical arguments (e.g. a re-run after a failure) must run again.
        dfut = self.client.submit(_with_env, self.env, fn, *args, pure=False)
        self._pending[out] = dfut

        def relay(df) -> None:
            self._pending.pop(out, None)
            if out.done():  # cancelled by shutdown
                return
            try:
                if df.status == "finished":
                    out.set_result(df.result())
                elif df.status == "cancelled":
                    out.set_exception(CancelledError(f"việc bị hủy trên cụm Dask ({df.key})"))
                else:  # "error", including KilledWorker when the worker was lost
                    out.set_exception(df.exception())
            except BaseException as e:  # e.g. the result could not be fetched: still a failed job
                if not out.done():
                    out.set_exception(e)

        dfut.add_done_callback(relay)
        return out

    def shutdown(self, kill: bool = False) -> None:
        for out, dfut in list(self._pending.items()):
            out.cancel()
            dfut.cancel()
        self._pending.clear()
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()
