"""Failures a build meets, said in one Vietnamese line (never a traceback).

`os_error` names what the system refused (a full disk, a folder one may not write to, a read-only
disk) and the file, as the user reads it; `BuildInterrupted` is a stop asked by a signal (Ctrl-C is
SIGINT, `kill` and service managers send SIGTERM); `BuildBusy` is the output folder locked by
another build (`lock.py`)."""
from __future__ import annotations

import errno
import signal

from .. import paths


class BuildInterrupted(BaseException):
    """SIGINT or SIGTERM arrived: the build stops (a BaseException, like KeyboardInterrupt, so no
    `except Exception` of a job swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # 130 for SIGINT, 143 for SIGTERM: what a shell reports

    @property
    def name(self) -> str:
        return "Ctrl-C (SIGINT)" if self.signum == signal.SIGINT else f"tín hiệu {signal.Signals(self.signum).name}"


class BuildBusy(RuntimeError):
    """Another build holds the output folder's lock; the message is Vietnamese and names it."""


_WHY = {
    errno.ENOSPC: "hết dung lượng đĩa",
    getattr(errno, "EDQUOT", -1): "hết hạn mức dung lượng đĩa (quota)",
    errno.EACCES: "không có quyền ghi hoặc đọc",
    errno.EPERM: "không được phép",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EIO: "lỗi đọc/ghi của ổ đĩa",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.EXDEV: "không chuyển được tệp sang ổ đĩa khác",
}


def os_error(exc: OSError, doing: str = "ghi tệp") -> str:
    """"hết dung lượng đĩa khi ghi tệp output/2023/x/bao-cao.pdf" (the file when the error names one)."""
    why = _WHY.get(exc.errno) or (exc.strerror or type(exc).__name__)
    where = f" {paths.relative(exc.filename)}" if getattr(exc, "filename", None) else ""
    return f"{why} khi {doing}{where}"


def describe(exc: BaseException, doing: str = "ghi tệp") -> str:
    """One Vietnamese line for an exception a build did not expect."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return os_error(exc, doing)
    return f"lỗi không lường trước ({type(exc).__name__}: {exc})"
