"""Citations of the documents register in the analysts' narrative: `{vb:NUMBER}`, `{vb:NUMBER@DATE}`.

The one grammar, used by validation (`cchc.params.check_citations`) and by rendering
(`resolve_placeholders`, used by the report's narrative), so whatever validation accepts
renders, and whatever cannot render is refused by validation:

- `{vb:19/KH-UBND}`: the one document with that number;
- `{vb:10/QĐ-UBND@2023-01-10}`: the one with that number issued that day, when a number recurs
  (numbers restart every year). Spaces around `@` are allowed; the date is ISO yyyy-mm-dd or
  dd/mm/yyyy (any form `cchc.parsing.parse_day` reads).

The number is compared after NFC, stripped and case-folded (`{vb:10/qđ-ubnd}` is 10/QĐ-UBND).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from . import fmt
from .parsing import as_date
from .schema import SOURCE_FILE
from .text import nfc

# Everything from "{vb:" to the next "}" with no brace in between: number, then optionally @ date,
# each stripped by `_citation`. (No `\s*` around the groups: with them, "{vb:" and a few hundred
# spaces took the regex engine minutes, a hostile paragraph could stall validation.)
CITATION_RE = re.compile(r"\{[vV][bB]:([^{}@]*)(?:@([^{}]*))?\}")
# A "{vb:" with no "}" before the end or the next "{": the only text CITATION_RE cannot read.
_UNCLOSED_RE = re.compile(r"\{[vV][bB]:[^}]*$|\{[vV][bB]:[^}]*\{")

EXAMPLE = "{vb:19/KH-UBND}"
DATE_HINT = "viết dạng yyyy-mm-dd hoặc dd/mm/yyyy, ví dụ 2023-01-10"


@dataclass(frozen=True)
class Citation:
    token: str  # the placeholder as written, braces included
    number: str  # NFC, stripped
    date_text: str | None  # what follows @, stripped; None without @


def _citation(m: re.Match) -> Citation:
    return Citation(m.group(0), m.group(1).strip(), None if m.group(2) is None else m.group(2).strip())


def parse(text: str) -> list[Citation]:
    """Every `{vb:...}` placeholder of `text` (after NFC), in order."""
    return [_citation(m) for m in CITATION_RE.finditer(nfc(text))]


def is_citation(text: str) -> bool:
    """The whole text is one `{vb:...}` citation (as a target's document must be)."""
    return CITATION_RE.fullmatch(text.strip()) is not None


def unclosed(text: str) -> list[str]:
    """The `{vb:` fragments of `text` that never close (no `}` before the end or the next `{`)."""
    return [m.group(0) for m in _UNCLOSED_RE.finditer(nfc(text))]


def number_key(number) -> str:
    """How numbers are compared: NFC, stripped, case-folded."""
    return nfc(number).strip().casefold()


class DocumentNotFound(KeyError):
    """A cited number is missing from the register or matches several documents.

    `str()` is the message for a reader of the report; `check_message` the validator's wording,
    which follows "trích dẫn " in a problem of the params file.
    """

    def __init__(self, message: str, check_message: str | None = None):
        super().__init__(message)
        self.check_message = check_message or message[:1].lower() + message[1:]

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def find(documents: pd.DataFrame, number: str, on: dt.date | str | None = None) -> pd.Series:
    """The one document with that number (and date, when given; a date or its text); raises
    `DocumentNotFound` (a KeyError, Vietnamese) when there is none or more than one."""
    number = nfc(number).strip()
    if not number:
        raise DocumentNotFound(f"Trích dẫn văn bản thiếu số ký hiệu; viết {EXAMPLE}.",
                               f"văn bản thiếu số ký hiệu; viết {EXAMPLE}.")
    hits = documents[documents["so_ky_hieu"].astype(str).map(number_key) == number_key(number)]
    day = None
    if on not in (None, ""):
        day = as_date(on) if isinstance(on, (str, dt.date)) else fmt.to_date(on)  # text, date, Timestamp, ...
        if day is None:
            raise DocumentNotFound(f"Ngày «{on}» sau dấu @ không hợp lệ; {DATE_HINT}.")
        hits = hits[pd.to_datetime(hits["ngay_ban_hanh"]).dt.date == day]
    if hits.empty:
        where = f"số {number}" + (f" ngày {fmt.date_citation(day)}" if day else "")
        check_where = f"số {number}" + (f" ngày {day:%d/%m/%Y}" if day else "")
        raise DocumentNotFound(f"Không tìm thấy văn bản {where} trong sổ văn bản.",
                               f"không có văn bản {check_where} trong sổ văn bản.")
    if len(hits) > 1 and day is None:
        hits = _newest_register(hits)
    if len(hits) > 1:
        days = sorted(pd.to_datetime(hits["ngay_ban_hanh"]))
        example = f"{{vb:{number}@{days[0].date().isoformat()}}}"
        raise DocumentNotFound(
            f"Có {len(hits)} văn bản số {number} trong sổ văn bản (ngày "
            f"{', '.join(fmt.date_citation(d) for d in days)}); ghi rõ ngày ban hành, ví dụ {example}.",
            f"có {len(hits)} văn bản cùng số {number} (ngày {', '.join(d.strftime('%Y-%m-%d') for d in days)}); "
            f"ghi thêm ngày ban hành, ví dụ {example}.")
    return hits.iloc[0]


def _newest_register(hits: pd.DataFrame) -> pd.DataFrame:
    """A period that spans two years reads both years' document registers, and numbers restart
    every year: a number without a date names the document of the newest register that has it,
    as a dossier is the newest register's row (load.py). Within one register a repeated number
    stays ambiguous."""
    if SOURCE_FILE not in hits or hits[SOURCE_FILE].nunique() < 2:
        return hits
    newest = max(hits[SOURCE_FILE], key=_register_year)
    return hits[hits[SOURCE_FILE] == newest]


def _register_year(path: str) -> tuple[int, str]:
    """data/<year>/<slug>/van-ban.csv -> (year, path)."""
    parts = str(path).replace("\\", "/").split("/")
    years = [int(p) for p in parts if p.isdigit() and len(p) == 4]
    return (years[-1] if years else 0, str(path))


def check(text: str, documents: pd.DataFrame) -> list[tuple[str, str]]:
    """(placeholder, validator's message) for every placeholder of `text` that does not name exactly
    one document of the register; empty when every one renders."""
    out = []
    for c in parse(text):
        try:
            find(documents, c.number, c.date_text)
        except DocumentNotFound as exc:
            out.append((c.token, exc.check_message))
    return out


def resolve_placeholders(text: str, documents: pd.DataFrame) -> str:
    """Replace `{vb:19/KH-UBND}` and `{vb:10/QĐ-UBND@2023-01-10}` in the analysts' narrative with
    the document's citation. An unknown or ambiguous number raises KeyError naming it."""
    def sub(m: re.Match) -> str:
        c = _citation(m)
        return fmt.citation(find(documents, c.number, c.date_text))

    return nfc(CITATION_RE.sub(sub, nfc(text)))
