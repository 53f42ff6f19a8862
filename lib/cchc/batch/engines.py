"""Which papermill engine `cchc build` runs notebooks with, and where the fork engine is allowed.

`fork` (papermill engine `cchc-fork`, see fork_engine.py) forks every notebook's process from a
template that has already imported numpy, pandas, matplotlib and `cchc`. That is only safe where
fork() of such a process is: on Linux, where the template is checked to be single-threaded when
it forks. On macOS, system frameworks (Objective-C runtime, Accelerate, CoreFoundation) may be
initialised by those imports and are documented as unsafe to use after fork() without exec(), which
is why CPython's multiprocessing stopped forking there; Windows has no fork() at all. There the
default is papermill's own engine (a fresh Jupyter kernel per notebook), and asking for `fork`
is refused with a message in Vietnamese.
"""
from __future__ import annotations

import sys

# Checked at call time (not import time) by the functions below, so tests can monkeypatch it.
FORK_SAFE = sys.platform.startswith("linux")

# --engine name -> papermill engine name (None: papermill's own, a fresh ipykernel per notebook)
ENGINES = {"fork": "cchc-fork", "papermill": None}
FORK_ENGINE = ENGINES["fork"]


def default_engine() -> str:
    """The `--engine` choice used when none is given: `fork` where it is safe, else `papermill`."""
    return "fork" if FORK_SAFE else "papermill"


def fork_unsafe_message() -> str:
    return (f"--engine fork chỉ dùng được trên Linux; trên hệ điều hành này ({sys.platform}), "
            "tách tiến trình (fork) từ một tiến trình đã nạp sẵn thư viện không an toàn. "
            "Hãy dùng --engine papermill (mặc định trên hệ này).")


def check_engine(engine_name: str | None) -> None:
    """Raise ValueError (Vietnamese message) if `engine_name` (papermill's name) cannot run here."""
    if engine_name == FORK_ENGINE and not FORK_SAFE:
        raise ValueError(fork_unsafe_message())


def resolve(choice: str | None) -> str | None:
    """The papermill engine name for an `--engine` choice (None: the platform default)."""
    name = ENGINES[choice or default_engine()]
    check_engine(name)
    return name
