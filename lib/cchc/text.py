"""Unicode NFC, the one normal form of every Vietnamese string the package reads or writes.

A leaf module (no other `cchc` import): readers normalise what they read with `clean`, output
formatting (`cchc.fmt`, the exporters) normalises what it writes with `nfc`.
"""
from __future__ import annotations

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
