"""Every input of a build read once: copied into the build's own frozen tree while it is hashed.

A report's figures, its cache key and its provenance table must describe the same bytes. Reading a
register to hash it and again to compute from it (and a third time for the provenance table) lets a
file edited during a build, and put back afterwards, leave a report whose figures and SHA-256 match
no input, which the next build then keeps as "không đổi". So a build reads each input file exactly
once, at its start: the bytes go, as they are read, both into the SHA-256 and into a mirror of the
project's layout under `output/.staging/<build>/inputs/` (the same relative paths: `params/…`,
`data/<year>/<slug>/…`, `cchc-project.yaml`). The cache key is made of those digests; the reports
are validated and snapshotted from the mirror (`jobs.prepare` runs the loader with the mirror as
its project root), and the snapshot carries the digests into the provenance table. What happens to
the project's files after that moment cannot reach the build.

What is not a regular file of the project is mirrored as what it is, so the loader says the same
about it as it would about the original: a link leading outside the project (or a data folder that
is such a link) stays a link to the same place, refused by the reader; a folder stays a folder; a
pipe becomes a pipe (never opened). A link to another file of the project is read as that file.
Each file is copied once per build, however many reports read it.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

from .. import paths
from ..provenance import FOLDER, LINK, SPECIAL, entry_kind

CHUNK = 1 << 20


class Freezer:
    """The build's frozen tree: `freeze(paths)` gives each path's digest by its relative path,
    reading and copying every file once (the first time it is asked for)."""

    def __init__(self, target: Path):
        self.root = paths.project_root()
        self.target = Path(target)
        self._done: dict[str, str] = {}

    def freeze(self, entries: list[Path]) -> dict[str, str]:
        """{relative path: SHA-256 or kind} of `entries`, each mirrored under `target`. An OSError
        (disk full, unreadable file) propagates: the report cannot be built from a partial copy."""
        out = {}
        for p in entries:
            rel = Path(p).absolute().relative_to(self.root).as_posix()
            if rel not in self._done:
                digest = self._mirror(Path(p), self.target / rel)
                if digest is None:
                    continue
                self._done[rel] = digest
            out[rel] = self._done[rel]
        return out

    def _mirror(self, source: Path, dest: Path) -> str | None:
        kind = entry_kind(source)
        if kind == "missing":
            return None
        dest.parent.mkdir(parents=True, exist_ok=True)
        if kind == "file":
            return _copy_hashing(source, dest)
        if kind == "link":
            try:
                target = str(source.resolve())
            except (OSError, RuntimeError):
                target = os.readlink(source) if source.is_symlink() else str(source)
            os.symlink(target, dest)
            return LINK + target
        if kind == "folder":
            dest.mkdir(exist_ok=True)
            return FOLDER
        if hasattr(os, "mkfifo"):
            os.mkfifo(dest)
        return SPECIAL


def _copy_hashing(source: Path, dest: Path) -> str:
    """Copy `source` to `dest`, hashing the bytes as they pass: the digest is of exactly the copy."""
    h = hashlib.sha256()
    with open(source, "rb") as src, open(dest, "wb") as out:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            h.update(chunk)
            out.write(chunk)
    return h.hexdigest()


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
