"""Merge a unit-year's executed section notebooks into the one notebook the report is made of."""
from __future__ import annotations

import copy
import uuid
from pathlib import Path

import nbformat
from nbformat import NotebookNode

REVIEW_TAG = "cchc-review"  # cells shown only in the reviewers' band (HTML), never printed
APPENDIX_MARK = "phu-luc"  # a notebook whose stem contains this is the reviewers' appendix
_DROP_TAGS = {"parameters", "injected-parameters", "remove"}


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
    merged.metadata["cchc"] = copy.deepcopy(dict(header))
    merged.metadata["cchc_sources"] = [Path(p).name for p in executed]
    merged.nbformat, merged.nbformat_minor = 4, 5  # cell ids need 4.5
    return merged
