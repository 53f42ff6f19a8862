"""Writing files byte for byte the same on every run, and never half-written (temp file + rename)."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import yaml

from ..atomic import write_atomic


def cell(value) -> str:
    """A value as an office export writes it: dd/mm/yyyy, Có/Không, plain integers, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def write_csv(path: Path, headers: list[str], rows: list[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([cell(v) for v in row])
    write_atomic(path, buf.getvalue().encode("utf-8"))


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # repeated dates are written out, not as &id001 anchors
        return True


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                     default_flow_style=False)


def write_yaml(path: Path, data, header: str = "") -> None:
    write_atomic(path, (header + dump_yaml(data)).encode("utf-8"))


def write_text(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))
