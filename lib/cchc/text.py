"""Unicode NFC, the one normal form of every Vietnamese string the package reads or writes.

A leaf module (no other `cchc` import): readers normalise what they read with `clean`, output
formatting (`cchc.fmt`, the exporters) normalises what it writes with `nfc`. Also the one list of
control characters no input may hold (`CONTROL_RE`) and how a message shows one (`visible`).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any


def nfc(s: str) -> str:
    """Unicode NFC: the one normal form every output string is in."""
    return unicodedata.normalize("NFC", str(s))


def clean(text: str) -> str:
    """A cell or YAML string as read: NFC and stripped (ASCII needs no normalising)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def nfc_deep(value: Any) -> Any:
    """NFC every string inside lists and dicts (values only); anything else unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc_deep(v) for k, v in value.items()}
    return value


# C0 and C1 control characters but tab, line feed and carriage return (a cell may hold a line
# break), and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069),
# which make a page show characters in another order than the file holds. None belongs in a
# register cell or a params file; a NUL or an ESC there means a broken export.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def controls(text: str) -> list[str]:
    """The control characters of `text` (see CONTROL_RE), each once, in order of appearance."""
    return list(dict.fromkeys(CONTROL_RE.findall(text)))


def code_point(ch: str) -> str:
    """"U+0000": how a message names a character that cannot be shown."""
    return f"U+{ord(ch):04X}"


def visible(text: str, limit: int | None = None) -> str:
    """`text` safe to print in a message: each control character as «U+0000», cut to `limit`
    characters with "…" (and the full length) when longer."""
    text = CONTROL_RE.sub(lambda m: f"«{code_point(m.group(0))}»", str(text))
    if limit is not None and len(text) > limit:
        return f"{text[:limit]}… ({len(text)} ký tự)"
    return text
