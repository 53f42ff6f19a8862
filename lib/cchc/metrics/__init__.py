"""Pure computations on the loaded registers: each module takes frames (or the loaded indicator
dict) and returns figures, tables or Vietnamese sentences; no I/O, no globals, no printing."""
from . import checks, documents, indicators, staff, tthc

__all__ = ["checks", "documents", "indicators", "staff", "tthc"]
