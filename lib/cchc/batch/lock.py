"""One build per output folder at a time: `output/.cchc-build.lock`.

The lock is the operating system's (`flock`, released by the kernel when its holder exits, however
it exits); the file holds who holds it (process id, host, start time, command), so a second build
can say whose build it waits for. A lock file whose holder is gone (its process was killed, the
machine restarted) is stale: the next build takes it over and says so. Where `flock` does not exist
(Windows), the file is created exclusively and a holder whose process no longer runs on this host is
taken over the same way.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import datetime
from pathlib import Path

from .errors import BuildBusy

NAME = ".cchc-build.lock"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _holder_text(info: dict) -> str:
    started = info.get("started", "")
    try:
        started = datetime.fromisoformat(started).strftime("%H:%M:%S ngày %d/%m/%Y")
    except (TypeError, ValueError):
        pass
    return (f"tiến trình {info.get('pid', '?')} trên máy {info.get('host', '?')}, bắt đầu lúc {started}"
            + (f", lệnh «{info['command']}»" if info.get("command") else ""))


class BuildLock:
    """`with BuildLock(output):` holds the output folder for this build; BuildBusy when another has it.
    `stale`: the holder a previous build left behind (dead), taken over, or None."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / NAME
        self.fd: int | None = None
        self.stale: dict | None = None
        self.info = {"pid": os.getpid(), "host": socket.gethostname(),
                     "started": datetime.now().astimezone().isoformat(timespec="seconds"),
                     "command": " ".join(["cchc", *sys.argv[1:]]) if sys.argv else "cchc"}

    def __enter__(self) -> "BuildLock":
        self.folder.mkdir(parents=True, exist_ok=True)
        (self._flock if fcntl else self._exclusive)()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def busy_message(self, info: dict) -> str:
        return (f"thư mục kết quả {self.folder} đang được một lần dựng báo cáo khác dùng ({_holder_text(info)}). "
                f"Chờ lần dựng đó xong rồi chạy lại; nếu chắc chắn không còn lần dựng nào đang chạy, xóa tệp "
                f"{self.path}.")

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _flock(self) -> None:
        for _ in range(20):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                info = self._read()
                raise BuildBusy(self.busy_message(info)) from None
            # The file may have been removed and made again by a holder that just finished: then the
            # lock taken is on a file nobody else sees. Take it again on the one that is there.
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            previous = self._read()
            if previous.get("pid"):
                self.stale = previous  # its holder is gone (the kernel released its lock)
            self.fd = fd
            self._write(fd)
            return
        raise BuildBusy(self.busy_message(self._read()))

    def _exclusive(self) -> None:  # pragma: no cover - without flock
        for _ in range(20):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                info = self._read()
                pid = info.get("pid")
                if info.get("host") == socket.gethostname() and isinstance(pid, int) and not _alive(pid):
                    self.stale = info
                    try:
                        os.replace(self.path, self.path.with_name(f"{NAME}.{os.getpid()}.stale"))
                        os.unlink(self.path.with_name(f"{NAME}.{os.getpid()}.stale"))
                    except OSError:
                        pass
                    continue
                if not info:  # being written right now
                    time.sleep(0.1)
                    continue
                raise BuildBusy(self.busy_message(info)) from None
            self.fd = fd
            self._write(fd)
            return
        raise BuildBusy(self.busy_message(self._read()))

    def _write(self, fd: int) -> None:
        """Who holds the lock (best effort: on a full disk the lock still holds, only unnamed)."""
        data = json.dumps(self.info, ensure_ascii=False).encode()
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0) if hasattr(os, "pwrite") else os.write(fd, data)
        except OSError:
            pass

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # before unlocking: a build that opens it now gets a fresh file
        except OSError:
            pass
        try:
            os.close(self.fd)
        finally:
            self.fd = None

    def stale_message(self) -> str | None:
        if not self.stale:
            return None
        return (f"Khóa của lần dựng trước ({_holder_text(self.stale)}) còn lại nhưng tiến trình đó không còn chạy; "
                "đã nhận lại khóa và dọn các tệp tạm nó bỏ dở.")
