"""`cchc.show`: what a section notebook displays, as HTML the report template understands.

Prose becomes paragraphs or a bullet list, frames become `cchc-table` tables, figures become
embedded PNGs. Every text is escaped (prose by `nobreak_html`; cells, headers and index by pandas;
row ids as attribute values): markup or template syntax in a narrative or a register is shown as
typed, never interpreted. Nothing (None, an empty list, an empty frame) displays nothing at all, so
a small xã's report has no empty tables or charts of nothing.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from .lineage import link_figures
from .render.nobreak import nobreak_html

TOTAL_LABEL = "Tổng cộng"
STATUS_CLASSES = {"Đạt": "cchc-pass", "KHÔNG ĐẠT": "cchc-fail"}  # the checks table's verdicts


def to_html(obj, bullets: bool = False, bold: bool = False, heading: bool | int = False,
            outline: bool = False) -> str:
    if obj is None:
        return ""
    if outline:
        return outline_html(obj)
    if isinstance(obj, str):
        obj = [obj]
    if isinstance(obj, pd.DataFrame):
        return table_html(obj)
    items = [s for s in obj if s]
    if not items:
        return ""
    esc = [inline_html(s) for s in items]
    if heading:
        heading = 2 if heading is True else int(heading)
        return "".join(f"<h{heading}>{s}</h{heading}>" for s in esc)
    if bold:
        esc = [f"<strong>{s}</strong>" for s in esc]
        if not bullets:  # a bold lead-in ("* Kết quả …") is printed with what it introduces
            return "".join(f'<p class="cchc-p cchc-lead">{s}</p>' for s in esc)
    if bullets:
        return '<ul class="cchc-list">' + "".join(f"<li>{s}</li>" for s in esc) + "</ul>"
    return "".join(f'<p class="cchc-p">{s}</p>' for s in esc)


def inline_html(text) -> str:
    """One line of prose as HTML: escaped, document numbers, dates and quantities kept on one line;
    in a Sentence, each figure it keeps links to its row of the lineage table."""
    out = nobreak_html(str(text))
    figures = getattr(text, "figures", ())
    return link_figures(out, figures) if figures else out


def outline_html(pairs) -> str:
    """(level, text) pairs as the seed lays them out: level 0 a paragraph, level 1 a bold item of a
    list (the seed's `*`), each deeper level a list nested in the item before it (`-`, then `+`)."""
    ul = '<ul class="cchc-list cchc-outline">'
    out, depth = [], 0  # depth: how many lists are open
    for level, text in pairs:
        if not text:
            continue
        esc, level = inline_html(text), max(0, int(level))
        if level == 0:
            out.append("</li></ul>" * depth + f'<p class="cchc-p">{esc}</p>')
            depth = 0
            continue
        if level > depth:
            for d in range(depth, level):
                out.append(("<li>" if d > depth else "") + ul)  # a skipped level: an item holding the list
        else:
            out.append("</li></ul>" * (depth - level) + "</li>")
        depth = level
        out.append(f"<li><strong>{esc}</strong>" if level == 1 else f"<li>{esc}")
    out.append("</li></ul>" * depth)
    return "".join(out)


def table_html(frame: pd.DataFrame) -> str:
    if frame is None or frame.empty:
        return ""
    caption = frame.attrs.get("caption", "")
    show_index = frame.attrs.get("show_index", True)
    if show_index and frame.index.name:  # a named index would get a header row of its own
        frame, show_index = frame.reset_index(), False
    if any(frame.columns.names):  # so would named column levels (an empty first column)
        frame = frame.copy()
        frame.columns.names = [None] * frame.columns.nlevels
    out = frame.to_html(classes="cchc-table", border=0, escape=True, na_rep="", index=show_index)
    out = re.sub(r"<tr>(\s*<t[hd][^>]*>" + TOTAL_LABEL + "</t[hd]>)", r'<tr class="cchc-total">\1', out)
    for text, cls in STATUS_CLASSES.items():
        out = out.replace(f"<td>{text}</td>", f'<td class="{cls}">{text}</td>')
    ids = iter(frame.attrs.get("row_ids", ()))
    if frame.attrs.get("row_ids"):  # rows a link may point at (the lineage table)
        head, _, body = out.partition("<tbody>")
        body = re.sub(r"<tr>", lambda m: f'<tr id="{html.escape(str(next(ids, "")), quote=True)}">', body)
        out = head + "<tbody>" + body
    if caption:
        out = out.replace(">", f"><caption>{inline_html(caption)}</caption>", 1)
    note = frame.attrs.get("note", "")
    return out + (f'<p class="cchc-note">{inline_html(note)}</p>' if note else "")


def show(obj, bullets: bool = False, bold: bool = False, heading: bool | int = False,
         outline: bool = False) -> None:
    """Display prose, a table or a chart in the running notebook (nothing for nothing); with
    `outline`, (level, text) pairs as nested lists (`outline_html`)."""
    from IPython.display import HTML, display

    if obj is None:
        return
    if hasattr(obj, "savefig"):  # a matplotlib figure
        from .chart_style import show_figure
        show_figure(obj)
        return
    markup = to_html(obj, bullets=bullets, bold=bold, heading=heading, outline=outline)
    if markup:
        display(HTML(markup))
