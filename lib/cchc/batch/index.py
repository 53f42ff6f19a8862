"""output/index.html: every report ever built, by unit and period, its status, headline figures and links.

Rows come from `output/<period-id>/<slug>/status.json`; a folder whose names are not a period id and
a unit slug (or that disagree with the status it holds) is not listed, so no link is made from a
name the index did not check. A report whose params file is gone (the unit left the project, or the
period was dropped) is listed as "Không còn tham số", never "Hoàn thành": its files are what an
earlier build left.

The page is built from elements (`_el`), never by pasting text into markup: every text and every
attribute value is escaped as it goes in (a unit name, an error message or a headline holding
"<script>" is shown as typed), and a link's target is made only from names checked here (the
period id and slug of the folder, and a file name of the shapes a build writes), so a status.json
edited by hand cannot add a link to anything else ("javascript:…" included)."""
from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path

from .. import paths
from ..atomic import write_atomic

COLUMNS = (  # (headline key, Vietnamese column title)
    ("received", "Hồ sơ tiếp nhận"),
    ("on_time_rate", "Tỷ lệ giải quyết đúng hạn"),
    ("intake_digitisation_rate", "Số hóa TPHS"),
    ("result_digitisation_rate", "Số hóa kết quả"),
)

_SORT_JS = """
document.querySelectorAll('th[data-sort]').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var tbody = th.closest('table').tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    th.closest('tr').querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    Array.from(tbody.rows).sort(function (a, b) {
      var x = a.cells[idx].dataset.v, y = b.cells[idx].dataset.v;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'vi');
      return asc ? c : -c;
    }).forEach(function (r) { tbody.appendChild(r); });
  });
});
"""

_CSS = """
body{font-family:"Liberation Serif","Times New Roman",serif;margin:1.5rem;color:#111}
h1{font-size:1.4rem} table{border-collapse:collapse;width:100%;font-size:.95rem}
.wrap{overflow-x:auto} th,td{border:1px solid #bbb;padding:.35rem .5rem;vertical-align:top}
th{background:#eee;cursor:pointer;text-align:left} th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"} td.num{text-align:right;white-space:nowrap}
.ok{color:#1a6b2a;font-weight:bold} .failed{color:#b00020;font-weight:bold}
.err{color:#b00020;font-size:.85rem;margin:.2rem 0 0} .muted{color:#666;font-size:.85rem}
"""


def _rows() -> list[dict]:
    rows = []
    for f in sorted(paths.output_dir().glob("*/*/status.json")):
        try:
            row = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(row, dict):
            continue
        row.setdefault("period", str(row.get("year", "")))  # a status written before periods: a year
        period, slug = f.parent.parent.name, f.parent.name
        try:
            paths.check_period_id(period)
            paths.check_slug(slug)
        except ValueError:
            continue
        if (row.get("period"), row.get("slug")) != (period, slug):
            continue
        try:
            row["params_gone"] = not paths.report_params_file(period, slug).is_file()
        except (ValueError, OSError, paths.ProjectNotFound):
            row["params_gone"] = False
        rows.append(row)
    return sorted(rows, key=_order)


def _period(r: dict):
    """The row's period (its own dates when the status has them), or None."""
    from ..period import Period, parse_id

    try:
        p = parse_id(r.get("period") or r["year"])
        if r.get("period_start") and r.get("period_end"):
            from datetime import date
            p = Period(date.fromisoformat(r["period_start"]), date.fromisoformat(r["period_end"]), p.kind)
        return p
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def _order(r: dict) -> tuple:
    """By unit, then chronologically by period."""
    p = _period(r)
    return (str(r.get("unit_name", r.get("slug", ""))), str(r.get("slug", "")),
            p.sort_key if p else (None,), str(r.get("period")))


# ---- markup, escaped by construction -----------------------------------------------------------

class Html(str):
    """Markup built by `_el` (or a constant of this module): the only text not escaped again."""


def _esc(value) -> Html:
    if isinstance(value, Html):
        return value
    return Html(html.escape("" if value is None else str(value), quote=True))


def _el(tag: str, *children, attrs: tuple = ()) -> Html:
    """`<tag a="v"…>children</tag>`: every attribute value and every child that is not `Html` escaped;
    an attribute whose value is None is written bare (`<th data-sort>`)."""
    at = "".join(f" {name}" if value is None else f' {name}="{_esc(value)}"' for name, value in attrs)
    return Html(f"<{tag}{at}>" + "".join(_esc(c) for c in children) + f"</{tag}>")


def _join(sep: str, parts) -> Html:
    return Html(_esc(sep).join(_esc(p) for p in parts))


# A file a build writes into a report's folder: a name of safe characters, optionally in notebooks/
# or failed/, of a kind the index links to. Anything else in a status.json gets no link.
_LINKABLE = re.compile(r"(?:(?:notebooks|failed)/)?[A-Za-z0-9][A-Za-z0-9._-]*\.(?:html|pdf|ipynb|txt)")


def _linkable(name) -> bool:
    return isinstance(name, str) and bool(_LINKABLE.fullmatch(name)) and ".." not in name


def _period_cell(r: dict) -> Html:
    """The period in Vietnamese ("quý I năm 2024"), its dates as a tooltip; sorts chronologically."""
    p = _period(r)
    name = r.get("period_name") or (p.name if p else str(r.get("period", "")))
    if p is None:
        return _cell(r.get("period"), name)
    sort = f"{p.end.isoformat()}|{p.days:04d}|{p.id}"
    return _el("td", name, attrs=(("data-v", sort), ("title", p.range_text)))


def _cell(value, text: str | None = None, cls: str = "") -> Html:
    shown = text if text is not None else ("" if value is None else str(value))
    return _el("td", shown, attrs=(("class", cls), ("data-v", "" if value is None else str(value))))


def _present(base: Path | None, rel: str) -> bool:
    """A link target that exists and is not empty (no link of the index opens an empty file)."""
    if base is None:
        return True
    try:
        return (base / rel).stat().st_size > 0
    except OSError:
        return False


_STATUS = {  # row kind -> (sort value, class, text)
    "ok": (0, "ok", "Hoàn thành"),
    "failed": (1, "failed", "Lỗi"),
    "gone": (2, "muted", "Không còn tham số"),
}


def _kind(r: dict) -> str:
    if r.get("params_gone"):
        return "gone"
    return "ok" if r.get("status") == "ok" else "failed"


def render_index(rows: list[dict], root: Path | None = None) -> str:
    """The index page. With `root` (the output folder), a link is made only to a file that exists
    there and is not empty; status.json may be older than the files it names."""
    from .. import fmt

    # Rates arrive as fractions (for sorting) with their Vietnamese text ("<key>_text").
    head = _join("", (_el("th", t, attrs=(("data-sort", None),)) for t in
                      ("Đơn vị", "Kỳ báo cáo", "Trạng thái", "Cảnh báo", *[c[1] for c in COLUMNS], "Tệp")))
    body = []
    for r in rows:
        period, slug = str(r.get("period") or r.get("year")), str(r.get("slug"))
        try:
            base = f"{paths.check_period_id(period)}/{paths.check_slug(slug)}/"
        except ValueError:
            continue  # never a link from a name that is no period id and slug
        h = r.get("headline") if isinstance(r.get("headline"), dict) else {}

        def link(rel, text, title=None, cls=None):
            if not _linkable(rel) or not _present(root, base + rel):
                return None
            attrs = (("class", cls),) if cls else ()
            return _el("a", text, attrs=attrs + (("href", base + rel),) + ((("title", title),) if title else ()))

        links = [link(r.get("html"), "HTML"), link(r.get("pdf"), "PDF"),
                 link("kiem-tra-du-lieu.txt", "kiểm tra dữ liệu")]
        links = [x for x in links if x]
        nbs = [link(n, Path(n).stem[:2], title=Path(n).stem) for n in _names(r.get("notebooks"))]
        nbs = [x for x in nbs if x]
        if nbs:
            links.append(Html("notebook " + _join(" ", nbs)))
        links += [x for x in (link(n, f"{Path(n).stem} (lỗi)", cls="failed") for n in _names(r.get("failed_notebooks")))
                  if x]
        if not links:
            links.append(_el("span", "chưa có tệp nào", attrs=(("class", "muted"),)))
        kind = _kind(r)
        sort, cls, label = _STATUS[kind]
        status = _el("span", label, attrs=(("class", cls),))
        notes = []
        if kind == "gone":
            notes.append(f"Không còn tệp params/{base[:-1]}.yaml: báo cáo này không được dựng nữa; các tệp là của "
                         "lần dựng trước.")
        errors = _names(r.get("errors"), text=True)[:5]
        notes += errors if kind != "ok" else []
        status_cell = _el("td", status, *[_el("p", e, attrs=(("class", "err"),)) for e in notes],
                          attrs=(("data-v", sort),))
        cells = [_cell(r.get("unit_name", slug)), _period_cell(r), status_cell, _warnings_cell(r)]
        received = h.get("received")
        try:
            received_text = fmt.number(received) if received is not None else ""
        except (TypeError, ValueError):
            received_text = str(received)
        cells.append(_cell(received, received_text, "num"))
        for key, _ in COLUMNS[1:]:
            v = h.get(key)
            cells.append(_cell(v, h.get(f"{key}_text") or "—", "num"))
        cells.append(_el("td", _join(" · ", links)))
        body.append(_el("tr", *cells))
    n_failed = sum(_kind(r) == "failed" for r in rows)
    n_gone = sum(_kind(r) == "gone" for r in rows)
    counts = f"{len(rows)} báo cáo, {n_failed} lỗi" + (f", {n_gone} không còn tham số" if n_gone else "")
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Báo cáo cải cách hành chính — mục lục</title><style>{_CSS}</style></head><body>"
        "<h1>Báo cáo kết quả thực hiện cải cách hành chính — mục lục</h1>"
        + _el("p", f"{counts}. Cập nhật {datetime.now().strftime('%d/%m/%Y %H:%M')}. Bấm tiêu đề cột để sắp xếp.",
              attrs=(("class", "muted"),))
        + f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        f"<script>{_SORT_JS}</script></body></html>"
    )


def _names(value, text: bool = False) -> list[str]:
    """A status list (notebooks, errors) as strings; anything else (a status edited by hand) is empty."""
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, (str, int, float))] if text else \
        [v for v in value if isinstance(v, str)]


def _warnings_cell(r: dict) -> Html:
    """The unit-year's count (the build summary's and the report appendix's), with its parts as a tooltip."""
    n = r.get("warnings", 0)
    attrs = (("class", "num"), ("data-v", str(n)))
    if "warnings_inputs" in r:
        nb = len(r.get("warnings_notebooks") or [])
        attrs += (("title", f"{r['warnings_inputs']} về dữ liệu đầu vào, {nb} khi chạy các phần báo cáo"),)
    return _el("td", str(n), attrs=attrs)


def write_index() -> Path:
    target = paths.output_dir() / "index.html"
    write_atomic(target, render_index(_rows(), paths.output_dir()))
    return target
