"""Writing so that readers see either the old files or the new ones, never half of either.

`write_atomic` does it for one file (a temporary name, then a rename). `promote_set` does it for a
set of files that only make sense together (a report's HTML, its PDF, its executed notebooks, their
cache keys and its status): every file is first written under a staging folder on the same disk;
a journal naming every move is written; then each target is moved aside and its new file renamed
into place. Any failure on the way (a full disk, a refused rename) moves everything back, so the
previous set stays whole; a process killed half-way leaves the journal, and `recover` (run by the
next build before it starts) finishes the moves the journal names, since every new file is still
either in place or staged. Renames within one disk need no free space.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

JOURNAL = ".promote.json"


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary name in the same folder, then rename into place (atomic on POSIX)."""
    return write_atomic_with(path, lambda f: f.write(data.encode("utf-8") if isinstance(data, str) else data))


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """`write_atomic` of what `write(file)` writes into the open (binary) file: a large output
    (a report's snapshot) streamed, never held whole in memory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide reports from other users of a shared output
        _replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _replace(source, target) -> None:
    """os.replace; one name, so tests can make it fail as a full disk would."""
    os.replace(source, target)


def promote_set(folder: Path, staged: dict[str, Path], trash: Path) -> None:
    """Move the files `staged` ({path relative to `folder`: its staged file}) into `folder` as one
    set: all of them, or (on an OSError, re-raised) none, the previous files left as they were.
    `trash` (on the same disk, e.g. in the staging folder) receives the previous files until the
    set is in place. The last name of `staged` is moved last (the status that describes the set)."""
    folder, trash = Path(folder), Path(trash)
    moves = [(str(src), str(folder / rel), str(trash / f"{i}")) for i, (rel, src) in enumerate(staged.items())]
    journal = folder / JOURNAL
    write_atomic(journal, json.dumps({"moves": moves}, ensure_ascii=False))
    done: list[tuple[str, str, str, bool]] = []
    try:
        trash.mkdir(parents=True, exist_ok=True)
        for src, dst, old in moves:
            Path(dst).parent.mkdir(parents=True, exist_ok=True)
            had = os.path.lexists(dst)
            if had:
                _replace(dst, old)
            done.append((src, dst, old, had))
            _replace(src, dst)
    except BaseException:
        _undo(done)
        journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)
    shutil.rmtree(trash, ignore_errors=True)


def _undo(done) -> None:
    """Put back the previous files of the moves `done` (newest first); a new file goes back to staging."""
    for src, dst, old, had in reversed(done):
        try:
            if os.path.lexists(dst) and not os.path.lexists(src):
                os.replace(dst, src)
            if had and os.path.lexists(old):
                os.replace(old, dst)
        except OSError:
            pass


def recover(folder: Path) -> bool:
    """Finish a set promotion a killed process left half done in `folder` (its journal): every move
    whose staged file is still there is made; True when there was one."""
    journal = Path(folder) / JOURNAL
    try:
        moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)
        return True
    complete = all(os.path.lexists(src) or os.path.lexists(dst) for src, dst, _ in moves)
    if complete:
        for src, dst, old in moves:
            if os.path.lexists(src):
                Path(old).parent.mkdir(parents=True, exist_ok=True)
                if os.path.lexists(dst):
                    os.replace(dst, old)
                Path(dst).parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
    else:  # staged files lost: put the previous ones back where they were moved aside
        for src, dst, old in moves:
            if os.path.lexists(old):
                os.replace(old, dst)
    journal.unlink(missing_ok=True)
    return True
