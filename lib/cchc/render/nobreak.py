"""Tokens a line must never split, and the HTML that keeps them whole.

A document number ("45/QĐ-UBND", "01/2023/QĐ-UBND", "227/BC-UBND"), a date written with slashes
("06/12/2023", "20/3/2023") and a number with its unit ("3.956 hồ sơ", "24 máy", "10.282.000đ",
"99,22%", "3.925/3.956 hồ sơ", "19,76 điểm" [phần trăm]) read wrong when a line ends inside them ("45/" | "QĐ-UBND").
`nobreak_html` escapes a plain text and wraps each such token in `<span class="cchc-nobr">`, which
the report's CSS sets `white-space: nowrap`: the characters are unchanged (copying the text or
`pdftotext` gives what the prose said), only the line breaking is. "ngày 06 tháng 12 năm 2023" may
still break between its words.

Whatever edits that HTML afterwards (the lineage links, `cchc.lineage.link_figures`) finds its text
with `text_matches`: never inside a tag nor a character reference ("&#x27;" for an apostrophe holds a
"27" that is no figure).
"""
from __future__ import annotations

import html
import re

NOBR_CLASS = "cchc-nobr"

_CODE = r"[A-ZĐ][A-ZĐ0-9]*"
DOC_NUMBER = rf"\d+(?:/\d{{4}})?/{_CODE}(?:-{_CODE})+"   # 45/QĐ-UBND, 01/2023/QĐ-UBND, 34/2016/NĐ-CP
DATE = r"\d{1,2}/\d{1,2}/\d{4}"                          # 06/12/2023, 20/3/2023
NUMBER = r"[-−+]?\d[\d.,]*\d(?:/\d[\d.,]*\d|/\d)*|[-−+]?\d(?:/\d[\d.,]*\d|/\d)*"  # 3.956, 99,22, 3.925/3.956
# Words that count or measure what a number in the report counts (the prose's vocabulary).
UNITS = ("hồ sơ", "người", "cán bộ", "công chức", "viên chức", "vị trí", "chữ ký", "đồng",
         "lượt", "máy", "văn bản", "điểm", "thủ tục", "TTHC", "lĩnh vực", "cuộc", "lần", "đơn vị")
_UNIT = "|".join(re.escape(u).replace(r"\ ", " ") for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = rf"(?:{NUMBER})(?:%|đ(?!\w)|[ \u00a0](?:{_UNIT})(?!\w))"  # 3.956 hồ sơ, 99,22%, 10.282.000đ

TOKEN = re.compile(rf"(?<![\w/.,])(?:{DOC_NUMBER}|{QUANTITY}|{DATE})(?![\w/])")


def tokens(text: str) -> list[str]:
    """The unbreakable tokens of `text`, in order."""
    return [m.group(0) for m in TOKEN.finditer(text)]


def nobreak_html(text: str) -> str:
    """`text` HTML-escaped, with every unbreakable token in a `cchc-nobr` span.

    The space before a token gets a span of its own: when the text before an inline box ends in a
    space, WeasyPrint (70) may break that line at the *first* space of the text instead of the last
    (Kozea/WeasyPrint#2025, #1614), leaving a line of a few words stretched across the page.
    """
    out, pos = [], 0
    for m in TOKEN.finditer(text):
        before = text[pos:m.start()]
        if before.endswith(" "):
            out.append(html.escape(before[:-1]) + "<span> </span>")
        else:
            out.append(html.escape(before))
        out.append(f'<span class="{NOBR_CLASS}">{html.escape(m.group(0))}</span>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


# Markup in escaped HTML: a tag, or a character reference (&amp; &#39; &#x27;).
MARKUP = re.compile(r"<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def text_matches(pattern: re.Pattern, markup: str):
    """The matches of `pattern` in the text of the HTML fragment `markup`, in order: a match that
    overlaps a tag or a character reference is skipped (its characters are markup, not text)."""
    spans = [m.span() for m in MARKUP.finditer(markup)]
    for m in pattern.finditer(markup):
        if not any(a < m.end() and m.start() < b for a, b in spans):
            yield m
