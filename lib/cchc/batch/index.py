"""output/index.html: every report ever built, by unit and period, its status, headline figures and links.

Rows come from `output/<period-id>/<slug>/status.json`; a folder whose names are not a period id and
a unit slug (or that disagree with the status it holds) is not listed, so no link is made from a
name the index did not check."""
from __future__ import annotations

import html
import json
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
    except (KeyError, ValueError, TypeError):
        return None


def _order(r: dict) -> tuple:
    """By unit, then chronologically by period."""
    p = _period(r)
    return (str(r.get("unit_name", r.get("slug", ""))), str(r.get("slug", "")),
            p.sort_key if p else (None,), str(r.get("period")))


def _period_cell(r: dict) -> str:
    """The period in Vietnamese ("quý I năm 2024"), its dates as a tooltip; sorts chronologically."""
    p = _period(r)
    name = r.get("period_name") or (p.name if p else str(r.get("period", "")))
    if p is None:
        return _cell(r.get("period"), name)
    sort = f"{p.end.isoformat()}|{p.days:04d}|{p.id}"
    return (f'<td data-v="{html.escape(sort)}" title="{html.escape(p.range_text)}">'
            f'{html.escape(name)}</td>')


def _cell(value, text: str | None = None, cls: str = "") -> str:
    shown = html.escape(text if text is not None else ("" if value is None else str(value)))
    sort = html.escape("" if value is None else str(value))
    return f'<td class="{cls}" data-v="{sort}">{shown}</td>'


def _present(base: Path | None, rel: str) -> bool:
    """A link target that exists and is not empty (no link of the index opens an empty file)."""
    if base is None:
        return True
    try:
        return (base / rel).stat().st_size > 0
    except OSError:
        return False


def render_index(rows: list[dict], root: Path | None = None) -> str:
    """The index page. With `root` (the output folder), a link is made only to a file that exists
    there and is not empty; status.json may be older than the files it names."""
    from .. import fmt

    # Rates arrive as fractions (for sorting) with their Vietnamese text ("<key>_text").
    head = "".join(f'<th data-sort>{t}</th>' for t in
                   ("Đơn vị", "Kỳ báo cáo", "Trạng thái", "Cảnh báo", *[c[1] for c in COLUMNS], "Tệp"))
    body = []
    for r in rows:
        base = f"{r.get('period') or r.get('year')}/{r['slug']}/"
        there = (lambda rel, _b=base: _present(root, _b + rel))
        h = r.get("headline") or {}
        links = []
        if r.get("html") and there(r["html"]):
            links.append(f'<a href="{base}{r["html"]}">HTML</a>')
        if r.get("pdf") and there(r["pdf"]):
            links.append(f'<a href="{base}{r["pdf"]}">PDF</a>')
        if there("kiem-tra-du-lieu.txt"):
            links.append(f'<a href="{base}kiem-tra-du-lieu.txt">kiểm tra dữ liệu</a>')
        nbs = [f'<a href="{base}{n}" title="{html.escape(Path(n).stem)}">{Path(n).stem[:2]}</a>'
               for n in r.get("notebooks", []) if there(n)]
        if nbs:
            links.append("notebook " + " ".join(nbs))
        failed = [f'<a class="failed" href="{base}{n}">{html.escape(Path(n).stem)} (lỗi)</a>'
                  for n in r.get("failed_notebooks", []) if there(n)]
        links += failed
        if not links:
            links.append('<span class="muted">chưa có tệp nào</span>')
        ok = r.get("status") == "ok"
        status = ('<span class="ok">Hoàn thành</span>' if ok else '<span class="failed">Lỗi</span>')
        errors = "".join(f'<p class="err">{html.escape(e)}</p>' for e in r.get("errors", [])[:5])
        cells = [_cell(r.get("unit_name", r["slug"])), _period_cell(r),
                 f'<td data-v="{0 if ok else 1}">{status}{errors}</td>', _warnings_cell(r)]
        received = h.get("received")
        cells.append(_cell(received, fmt.number(received) if received is not None else "", "num"))
        for key, _ in COLUMNS[1:]:
            v = h.get(key)
            cells.append(_cell(v, h.get(f"{key}_text") or "—", "num"))
        cells.append(f'<td>{" · ".join(links)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    n_failed = sum(r.get("status") != "ok" for r in rows)
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Báo cáo cải cách hành chính — mục lục</title><style>{_CSS}</style></head><body>"
        "<h1>Báo cáo kết quả thực hiện cải cách hành chính — mục lục</h1>"
        f'<p class="muted">{len(rows)} báo cáo, {n_failed} lỗi. Cập nhật '
        f'{datetime.now().strftime("%d/%m/%Y %H:%M")}. Bấm tiêu đề cột để sắp xếp.</p>'
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        f"<script>{_SORT_JS}</script></body></html>"
    )


def _warnings_cell(r: dict) -> str:
    """The unit-year's count (the build summary's and the report appendix's), with its parts as a tooltip."""
    n = r.get("warnings", 0)
    title = ""
    if "warnings_inputs" in r:
        nb = len(r.get("warnings_notebooks") or [])
        title = f' title="{r["warnings_inputs"]} về dữ liệu đầu vào, {nb} khi chạy các phần báo cáo"'
    return f'<td class="num" data-v="{html.escape(str(n))}"{title}>{html.escape(str(n))}</td>'


def write_index() -> Path:
    target = paths.output_dir() / "index.html"
    write_atomic(target, render_index(_rows(), paths.output_dir()))
    return target
