"""Merge a report's executed section notebooks into the one notebook the report is made of.

A report may have only some of the sections (a monthly TTHC report: II.2 and the appendix,
`cchc.sections`). The document still reads as one: the header's `intro_html` (the report's
introduction, given when the opening section is not among them) goes on top; when the sections'
outermost heading is deeper than a part heading ("## I. …"), every heading of the body is raised
by the difference, so the document's outline (and the PDF's bookmarks) starts at the top level
instead of under a part that is not there; and with the header's `partial` (some sections left
out), top-level headings numbered 2, 5 … (II, V …) are numbered again in order, their
sub-headings with them ("2. Cải cách TTHC", "2.1. …" of a monthly report become "1.", "1.1.").
The header's `intro_html` and `partial` are for stitching only: the rest goes to the metadata.
"""
from __future__ import annotations

import copy
import re
import uuid
from pathlib import Path

import nbformat
from nbformat import NotebookNode

REVIEW_TAG = "cchc-review"  # cells shown only in the reviewers' band (HTML), never printed
APPENDIX_MARK = "phu-luc"  # a notebook whose stem contains this is the reviewers' appendix
_DROP_TAGS = {"parameters", "injected-parameters", "remove"}
TOP_LEVEL = 2  # the part headings ("## I. CÔNG TÁC TRIỂN KHAI THỰC HIỆN"); the title is the template's
_MD_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.M)
_HTML_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)


def _tags(cell: NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def stitch(executed: list[Path], header: dict) -> NotebookNode:
    """Cells of `executed` in order, minus papermill's parameter cells and cells tagged `remove`.

    Cells of an appendix notebook (stem contains "phu-luc") get the `cchc-review` tag. `header`
    (the ND 30 document header, see `cchc.render`) is stored in `nb.metadata["cchc"]`.
    """
    if not executed:
        raise ValueError("stitch() needs at least one executed notebook")
    merged: NotebookNode | None = None
    seen_ids: set[str] = set()
    for path in map(Path, executed):
        nb = nbformat.read(path, as_version=4)
        if merged is None:
            merged = nbformat.v4.new_notebook()
            for key in ("kernelspec", "language_info"):
                if key in nb.metadata:
                    merged.metadata[key] = copy.deepcopy(nb.metadata[key])
        review = APPENDIX_MARK in path.stem
        for cell in nb.cells:
            tags = _tags(cell)
            if _DROP_TAGS.intersection(tags):
                continue
            cell = copy.deepcopy(cell)
            if review and REVIEW_TAG not in tags:
                cell.setdefault("metadata", {})["tags"] = tags + [REVIEW_TAG]
            # Section notebooks are often copies of one another: keep cell ids unique (nbformat 4.5).
            cid = cell.get("id")
            n = len(seen_ids)
            while not cid or cid in seen_ids:
                cid = uuid.uuid5(uuid.NAMESPACE_URL, f"{path.name}/{n}").hex[:12]
                n += 1
            cell["id"] = cid
            seen_ids.add(cid)
            cell.setdefault("metadata", {})["cchc_source"] = path.name
            merged.cells.append(cell)
    assert merged is not None
    header = copy.deepcopy(dict(header))
    intro = header.pop("intro_html", "")
    partial = header.pop("partial", False)
    if intro:
        cell = nbformat.v4.new_code_cell("", metadata={"cchc_source": "intro"})
        cell["id"] = "cchc-intro"
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": intro})]
        merged.cells.insert(0, cell)
    body = [c for c in merged.cells if REVIEW_TAG not in _tags(c)]
    _raise_headings(body)
    if partial:
        _renumber(body)
    merged.metadata["cchc"] = header
    merged.metadata["cchc_sources"] = [Path(p).name for p in executed]
    merged.nbformat, merged.nbformat_minor = 4, 5  # cell ids need 4.5
    return merged


def _levels(cell) -> list[int]:
    if cell.cell_type == "markdown":
        return [len(m.group(1)) for m in _MD_HEADING.finditer(cell.source)]
    return [int(m.group(2)) for o in cell.get("outputs", []) for m in
            _HTML_HEADING.finditer(str(o.get("data", {}).get("text/html", ""))) if not m.group(1)]


def _raise_headings(cells: list) -> None:
    """Raise every heading of `cells` so that the outermost is TOP_LEVEL (nothing when it is already)."""
    levels = [n for c in cells for n in _levels(c)]
    shift = min(levels, default=TOP_LEVEL) - TOP_LEVEL
    if shift <= 0:
        return
    for c in cells:
        if c.cell_type == "markdown":
            c.source = _MD_HEADING.sub(lambda m: "#" * (len(m.group(1)) - shift), c.source)
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "text/html" in data:
                data["text/html"] = _HTML_HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) - shift}",
                                                      str(data["text/html"]))


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_NUMBERED = re.compile(r"(?P<roman>[IVX]+)\.(?=\s)|(?P<arabic>[0-9]+)\.(?![0-9])")
_SUB = re.compile(r"(?P<parent>[0-9]+)\.(?P<child>[0-9]+)")
_MD_LINE = re.compile(r"^(#{1,6})([ \t]+)(.*)$", re.M)
_HTML_H = re.compile(r"(<h([1-6])\b[^>]*>)(.*?)(</h\2>)", re.I | re.S)


def _headings(cells) -> list[tuple[int, str, object]]:
    """(level, text, replace(new_text)) of every heading of `cells`, in document order."""
    out = []
    for c in cells:
        if c.cell_type == "markdown":
            for m in _MD_LINE.finditer(c.source):
                def put(text, cell=c, m=m):
                    cell.source = cell.source.replace(m.group(0), f"{m.group(1)}{m.group(2)}{text}", 1)
                out.append((len(m.group(1)), m.group(3), put))
        for o in c.get("outputs", []):
            data = o.get("data", {})
            for m in _HTML_H.finditer(str(data.get("text/html", ""))):
                def put(text, data=data, m=m):
                    data["text/html"] = str(data["text/html"]).replace(m.group(0),
                                                                       f"{m.group(1)}{text}{m.group(4)}", 1)
                out.append((int(m.group(2)), m.group(3), put))
    return out


def _renumber(cells) -> None:
    """Number the top-level headings 1, 2, … (or I, II, …) again when sections left a gap."""
    found = _headings(cells)
    top = [(text, put) for level, text, put in found if level == TOP_LEVEL and _NUMBERED.match(text)]
    expected = [i + 1 for i in range(len(top))]
    numbers = []
    for text, _ in top:
        m = _NUMBERED.match(text)
        numbers.append(int(m["arabic"]) if m["arabic"] else (_ROMAN.index(m["roman"]) + 1
                                                            if m["roman"] in _ROMAN else 0))
    if numbers == expected:
        return
    parent_old = parent_new = None
    n = 0
    for level, text, put in found:
        m = _NUMBERED.match(text)
        if level == TOP_LEVEL and m:
            n += 1
            if m["arabic"]:
                parent_old, parent_new = m["arabic"], str(n)
                put(f"{n}." + text[m.end():])
            elif n <= len(_ROMAN):
                parent_old = parent_new = None
                put(f"{_ROMAN[n - 1]}." + text[m.end():])
        elif level == TOP_LEVEL + 1 and parent_old is not None:
            sub = _SUB.match(text)
            if sub and sub["parent"] == parent_old:
                put(f"{parent_new}.{sub['child']}" + text[sub.end():])
