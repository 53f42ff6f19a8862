"""Figures: values computed from the registers that know what they are and where they came from.

A `Figure` is an int (a count of rows, or an amount of money) that also carries its key, its
Vietnamese label, its kind and its `Source`s: register, file, columns, the selection rule in words
and the spreadsheet rows it counts. Being an int, it prints and compares as its value; arithmetic on
it gives a plain int, so a derived figure is made explicitly, with its own rule. A `Rate` is a
numerator and a denominator Figure with the formula in words.

One module per register computes its figures (`tthc`, `staff`, `documents`, `indicators`); the
prose modules (`cchc.prose`) turn them into sentences that keep them, so checks, the lineage table
and every output read the same objects the text printed.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..schema import ROW_INDEX_NAME

COUNT, MONEY, PERCENT = "count", "money", "percent"  # kinds of Figure; PERCENT: a value in percent


@dataclass(frozen=True)
class Source:
    register: str  # Vietnamese name of the register: "Sổ theo dõi hồ sơ TTHC"
    file: str = ""  # path relative to the project root
    columns: tuple[str, ...] = ()  # Vietnamese headers the rule reads
    rule: str = ""  # Vietnamese: "Hồ sơ có Kênh nộp = Trực tuyến và Ngày tiếp nhận trong kỳ"
    rows: Rows | tuple[int, ...] = ()  # spreadsheet row numbers (header = 1) of the rows counted


class Rows(Sequence):
    """Spreadsheet row numbers as one read-only int64 array: a figure counting a million dossiers
    keeps 8 MB of them, not the 36 MB of a tuple of Python ints (bench/README.md, "Memory"). It
    is the tuple of its numbers wherever it is read: iterated, indexed, compared (with a tuple
    too), hashed and printed alike."""
    __slots__ = ("_numbers",)

    def __init__(self, numbers=()):
        array = np.array(numbers, dtype=np.int64).reshape(-1)
        array.setflags(write=False)
        self._numbers = array

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self._numbers[i].tolist())
        return int(self._numbers[i])

    def __iter__(self):
        return iter(self._numbers.tolist())

    def __eq__(self, other) -> bool:
        if isinstance(other, Rows):
            return bool(np.array_equal(self._numbers, other._numbers))
        if isinstance(other, tuple):
            return len(other) == len(self) and tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self):
        return Rows, (self._numbers,)


def sheet_rows(index) -> Rows | tuple[()]:
    """The spreadsheet row numbers of a register frame's rows (its index as the readers set it);
    none for a frame built otherwise (tests, derived tables)."""
    return Rows(index.to_numpy()) if index.name == ROW_INDEX_NAME else ()


class Figure(int):
    """An integer figure with its lineage. `Figure(3956, key="tthc.received", label="Hồ sơ tiếp
    nhận", unit="hồ sơ", sources=(...,))`."""

    key: str
    label: str
    unit: str
    kind: str
    sources: tuple[Source, ...]

    def __new__(cls, value, key: str = "", label: str = "", unit: str = "", kind: str = COUNT,
                sources: tuple[Source, ...] = ()):
        self = super().__new__(cls, int(value))
        self.key, self.label, self.unit, self.kind, self.sources = key, label, unit, kind, tuple(sources)
        return self

    @property
    def value(self) -> int:
        return int(self)

    def __repr__(self) -> str:
        return f"Figure({int(self)}, key={self.key!r})"

    def __reduce__(self):  # pickles (snapshots, Dask) keep the lineage
        return (Figure, (int(self), self.key, self.label, self.unit, self.kind, self.sources))


@dataclass(frozen=True)
class Rate:
    """numerator / denominator, with the formula in words (its base stated once, everywhere)."""
    key: str
    label: str  # "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"
    numerator: Figure
    denominator: Figure
    formula: str = ""  # Vietnamese: "số hồ sơ giải quyết trước hạn và đúng hạn / tổng số hồ sơ tiếp nhận"
    base: str = ""  # the short base as it follows a rate in a sentence: "trên tổng số hồ sơ tiếp nhận"

    @property
    def value(self) -> Fraction | None:
        """The exact ratio 0..1, None without a base."""
        d = int(self.denominator)
        return Fraction(int(self.numerator), d) if d else None

    @property
    def pair(self) -> tuple[int, int]:
        return int(self.numerator), int(self.denominator)

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.numerator.sources + self.denominator.sources


@dataclass(frozen=True)
class Fact:
    """A value no count yields (a percentage, a date, yes/no) read from the indicators, with its source."""
    key: str
    label: str
    value: object
    unit: str = ""
    sources: tuple[Source, ...] = ()


def figures_of(*objs) -> list:
    """Every Figure, Rate and Fact inside `objs` (sentences, lists, Figures, Rates), in order, once."""
    out, seen = [], set()

    def walk(o):
        if isinstance(o, (Figure, Rate, Fact)):
            if id(o) not in seen:
                seen.add(id(o))
                out.append(o)
        elif isinstance(o, (list, tuple)):
            for x in o:
                walk(x)
        elif hasattr(o, "figures"):
            walk(tuple(o.figures))

    for o in objs:
        walk(o)
    return out
