"""output/index.html: every report ever built, by unit and period, its status, headline figures and links.

For a reviewer with a province of communes: filters by period, parent unit, status and kind (a
unit's report or a consolidated one) and "only reports with a target not met"; every column
sorts (click or Enter; numbers as numbers, dates and periods chronologically); a headline figure
below its target (status.json "targets", spec C) is highlighted and the missed targets listed;
each report's number, date, signatory, parent and service index; links to HTML, PDF, XLSX, DOCX.
The script and style are inside the page: it works from file:// with no network. Every status
field is read defensively (a status written before these fields shows "—").

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
# A target of status.json (spec C: {label, value_text, target_text, met}, optionally its key) is for
# the headline figure "<key>_rate"; a target without its key is known by its label.
_TARGET_KEYS = ("on_time", "intake_digitisation", "result_digitisation", "online_share")

_SCRIPT = """
(function () {
  var table = document.getElementById('bao-cao');
  var body = table.tBodies[0];
  table.querySelectorAll('th[data-sort]').forEach(function (th) {
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      th.closest('tr').querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
      Array.from(body.rows).map(function (r, i) { return [r, i]; }).sort(function (a, b) {
        var x = a[0].cells[idx].dataset.v || '', y = b[0].cells[idx].dataset.v || '';
        var nx = Number(x), ny = Number(y);  // a whole number only: "2024-03-18" is a date, not 2024
        var c = (x === '' || y === '') ? (x === '' ? 1 : 0) - (y === '' ? 1 : 0)
          : (isFinite(nx) && isFinite(ny)) ? nx - ny : x.localeCompare(y, 'vi');
        if (x !== '' && y !== '' && !asc) { c = -c; }
        return c || a[1] - b[1];
      }).forEach(function (p) { body.appendChild(p[0]); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
  var controls = document.querySelectorAll('[data-filter]');
  var shown = document.getElementById('dang-hien');
  function apply() {
    var n = 0;
    Array.from(body.rows).forEach(function (r) {
      var keep = true;
      controls.forEach(function (c) {
        var want = c.type === 'checkbox' ? (c.checked ? '1' : '') : c.value;
        if (want && r.dataset[c.dataset.filter] !== want) { keep = false; }
      });
      r.hidden = !keep;
      n += keep ? 1 : 0;
    });
    shown.textContent = 'Đang hiện ' + n + '/' + body.rows.length + ' báo cáo.';
  }
  controls.forEach(function (c) { c.addEventListener('change', apply); });
  apply();
})();
"""

_CSS = """
body{font-family:"Liberation Serif","Times New Roman",serif;margin:1.5rem;color:#111}
h1{font-size:1.4rem} table{border-collapse:collapse;width:100%;font-size:.95rem}
.wrap{overflow-x:auto} th,td{border:1px solid #bbb;padding:.35rem .5rem;vertical-align:top}
th{background:#eee;cursor:pointer;text-align:left} th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"} td.num{text-align:right;white-space:nowrap}
.ok{color:#1a6b2a;font-weight:bold} .failed{color:#b00020;font-weight:bold}
.err{color:#b00020;font-size:.85rem;margin:.2rem 0 0} .muted{color:#666;font-size:.85rem}
td.below,span.below{background:#fde2e2;color:#8a0010;font-weight:bold}
ul.targets{margin:0;padding-left:1rem} .kind{background:#e7eefb;color:#1d3d7a;font-size:.8rem;padding:0 .3rem;
border-radius:.2rem;white-space:nowrap} tr.consolidated td:first-child{font-weight:bold}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:.5rem 0 1rem;align-items:center}
.filters label{white-space:nowrap} select{font:inherit;max-width:100%}
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
    if tag in _VOID:
        return Html(f"<{tag}{at}>")
    return Html(f"<{tag}{at}>" + "".join(_esc(c) for c in children) + f"</{tag}>")


_VOID = ("input", "br")  # elements without content or end tag


def _join(sep: str, parts) -> Html:
    return Html(_esc(sep).join(_esc(p) for p in parts))


# A file a build writes into a report's folder: a name of safe characters, optionally in notebooks/
# or failed/, of a kind the index links to. Anything else in a status.json gets no link.
_LINKABLE = re.compile(r"(?:(?:notebooks|failed)/)?[A-Za-z0-9][A-Za-z0-9._-]*\.(?:html|pdf|xlsx|docx|ipynb|txt)")


def _linkable(name) -> bool:
    return isinstance(name, str) and bool(_LINKABLE.fullmatch(name)) and ".." not in name


def _period_cell(r: dict) -> Html:
    """The period in Vietnamese ("quý I năm 2024"), its dates as a tooltip; sorts chronologically."""
    p = _period(r)
    name = r.get("period_name") or (p.name if p else str(r.get("period", "")))
    if p is None:
        return _cell(r.get("period"), name)
    return _el("td", name, attrs=(("data-v", _period_sort(p)), ("title", p.range_text)))


def _period_sort(p) -> str:
    return f"{p.end.isoformat()}|{p.days:04d}|{p.id}"


def _cell(value, text: str | None = None, cls: str = "", title: str | None = None) -> Html:
    shown = text if text is not None else ("" if value is None else str(value))
    attrs = (("class", cls), ("data-v", "" if value is None else str(value)))
    return _el("td", shown, attrs=attrs + ((("title", title),) if title else ()))


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
_CHILD_STATUS = {"khong_co_bao_cao": "không có báo cáo", "loi": "lỗi"}  # anything else: in the totals


def _kind(r: dict) -> str:
    if r.get("params_gone"):
        return "gone"
    return "ok" if r.get("status") == "ok" else "failed"


def _text(value) -> str:
    """A status field shown as text: a string or a number; anything else (a status edited by hand) is ""."""
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _targets(r: dict) -> list[dict]:
    """The status's targets (spec C) that are well formed, each with the headline key it is for (or None)."""
    from ..prose.findings import RATE_LABELS

    by_label = {label: key for key, label in RATE_LABELS.items()}
    out = []
    for t in r.get("targets") if isinstance(r.get("targets"), list) else []:
        if not isinstance(t, dict) or not isinstance(t.get("met"), bool):
            continue
        key = t.get("key") if t.get("key") in _TARGET_KEYS else by_label.get(t.get("label"))
        out.append({"label": _text(t.get("label")), "value_text": _text(t.get("value_text")),
                    "target_text": _text(t.get("target_text")), "met": t["met"],
                    "headline": f"{key}_rate" if key else None})
    return out


def _signatory(value) -> str:
    if isinstance(value, dict):  # {title, name} as in the report's header
        return " ".join(_text(value.get(k)) for k in ("title", "name") if _text(value.get(k))).strip()
    return _text(value)


def _date_text(value) -> tuple[str, str]:
    """(dd/mm/yyyy, ISO for sorting) of an ISO date; anything else as given."""
    from datetime import date

    text = _text(value)
    try:
        d = date.fromisoformat(text)
    except ValueError:
        return text, text
    return d.strftime("%d/%m/%Y"), d.isoformat()


def _decimal(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _service_index_cell(h: dict) -> Html:
    si = h.get("service_index") if isinstance(h.get("service_index"), dict) else {}
    points, most = _number(si.get("points")), _number(si.get("max"))
    if points is None or not most:
        return _cell(None, "—", "num")
    return _cell(round(points / most, 6), f"{_decimal(points)}/{_decimal(most)}", "num",
                 title=f"{_decimal(points)} trên {_decimal(most)} điểm ({_decimal(100 * points / most)}%)")


def _targets_cell(targets: list[dict]) -> Html:
    missed = [t for t in targets if not t["met"]]
    if not targets:
        return _cell(None, "—")
    if not missed:
        return _cell(0, f"Đạt cả {len(targets)} chỉ tiêu" if len(targets) > 1 else "Đạt chỉ tiêu")
    items = [_el("li", _el("span", f"{t['label']}: {t['value_text']}", attrs=(("class", "below"),)),
                 f" (chỉ tiêu {t['target_text']})") for t in missed]
    return _el("td", _el("ul", *items, attrs=(("class", "targets"),)), attrs=(("data-v", len(missed)),))


def _children_note(r: dict) -> str:
    children = [c for c in r.get("children") if isinstance(c, dict)] if isinstance(r.get("children"), list) else []
    if not children:
        return ""
    counts: dict[str, int] = {}
    for c in children:
        what = _CHILD_STATUS.get(c.get("status"), "có báo cáo")
        counts[what] = counts.get(what, 0) + 1
    parts = [f"{n} {what}" for what, n in counts.items()]
    return f"{len(children)} đơn vị: " + ", ".join(parts)


def _options(label: str, key: str, values: list[tuple[str, str]], everything: str) -> Html:
    """A filter: a <select> whose options are (value, text); the rows carry data-<key>."""
    options = [_el("option", everything, attrs=(("value", ""),))]
    options += [_el("option", text, attrs=(("value", value),)) for value, text in values]
    return _el("label", f"{label} ", _el("select", *options, attrs=(("data-filter", key), ("id", f"loc-{key}"))))


def render_index(rows: list[dict], root: Path | None = None) -> str:
    """The index page. With `root` (the output folder), a link is made only to a file that exists
    there and is not empty; status.json may be older than the files it names."""
    from .. import fmt

    titles = ("Đơn vị", "Kỳ báo cáo", "Trạng thái", "Cảnh báo", *[c[1] for c in COLUMNS], "Chỉ số phục vụ",
              "Chỉ tiêu chưa đạt", "Số, ngày", "Người ký", "Cấp trên", "Tệp")
    head = _join("", (_el("th", t, attrs=(("data-sort", None),)) for t in titles))
    body = []
    periods: dict[str, tuple[str, str]] = {}
    parents: set[str] = set()
    for r in rows:
        period, slug = str(r.get("period") or r.get("year")), str(r.get("slug"))
        try:
            base = f"{paths.check_period_id(period)}/{paths.check_slug(slug)}/"
        except ValueError:
            continue  # never a link from a name that is no period id and slug
        h = r.get("headline") if isinstance(r.get("headline"), dict) else {}
        consolidated = r.get("kind") == "consolidated"

        def link(rel, text, title=None, cls=None):
            if not _linkable(rel) or not _present(root, base + rel):
                return None
            attrs = (("class", cls),) if cls else ()
            return _el("a", text, attrs=attrs + (("href", base + rel),) + ((("title", title),) if title else ()))

        links = [link(r.get("html"), "HTML"), link(r.get("pdf"), "PDF"), link(r.get("xlsx"), "XLSX"),
                 link(r.get("docx"), "DOCX"), link("kiem-tra-du-lieu.txt", "kiểm tra dữ liệu")]
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
        children = _children_note(r) if consolidated else ""
        status_cell = _el("td", status, *[_el("p", e, attrs=(("class", "err"),)) for e in notes],
                          *([_el("p", children, attrs=(("class", "muted"),))] if children else []),
                          attrs=(("data-v", sort),))
        name = _text(r.get("unit_name")) or slug
        unit_cell = _el("td", name, *([" ", _el("span", "tổng hợp", attrs=(("class", "kind"),))] if consolidated else []),
                        attrs=(("data-v", name),))
        cells = [unit_cell, _period_cell(r), status_cell, _warnings_cell(r)]
        received = h.get("received")
        try:
            received_text = fmt.number(received) if received is not None else ""
        except (TypeError, ValueError):
            received_text = str(received)
        cells.append(_cell(received, received_text, "num"))
        targets = _targets(r)
        for key, _ in COLUMNS[1:]:
            v = h.get(key)
            missed = [t for t in targets if t["headline"] == key and not t["met"]]
            if missed:
                cells.append(_cell(v, h.get(f"{key}_text") or "—", "num below",
                                   title=f"Chưa đạt chỉ tiêu {missed[0]['target_text']}"))
            else:
                cells.append(_cell(v, h.get(f"{key}_text") or "—", "num"))
        cells.append(_service_index_cell(h))
        cells.append(_targets_cell(targets))
        number = _text(r.get("number"))
        date_text, date_sort = _date_text(r.get("date"))
        cells.append(_cell(date_sort or None, ", ".join(x for x in (number, date_text) if x) or "—"))
        signatory = _signatory(r.get("signatory"))
        cells.append(_cell(signatory or None, signatory or "—"))
        parent = _text(r.get("parent"))
        cells.append(_cell(parent or None, parent or "—"))
        cells.append(_el("td", _join(" · ", links)))
        p = _period(r)
        periods.setdefault(period, (_period_sort(p) if p else period, _text(r.get("period_name")) or (p.name if p else period)))
        if parent:
            parents.add(parent)
        below = any(not t["met"] for t in targets)
        body.append(_el("tr", *cells, attrs=(("class", "consolidated" if consolidated else "unit"),
                                             ("data-period", period), ("data-parent", parent),
                                             ("data-status", kind), ("data-kind", "consolidated" if consolidated else "unit"),
                                             ("data-below", "1" if below else ""))))
    n_failed = sum(_kind(r) == "failed" for r in rows)
    n_gone = sum(_kind(r) == "gone" for r in rows)
    n_consolidated = sum(r.get("kind") == "consolidated" for r in rows)
    kinds = {_kind(r) for r in rows}  # a filter offers only what some row has
    counts = (f"{len(rows)} báo cáo" + (f" ({n_consolidated} báo cáo tổng hợp)" if n_consolidated else "")
              + f", {n_failed} lỗi" + (f", {n_gone} không còn tham số" if n_gone else ""))
    filters = _el(
        "div",
        _options("Kỳ báo cáo", "period", [(pid, text) for pid, (_, text) in sorted(periods.items(), key=lambda kv: kv[1][0])],
                 "Tất cả các kỳ"),
        *([_options("Cấp trên", "parent", [(x, x) for x in sorted(parents, key=_vi_key)], "Tất cả")] if parents else []),
        _options("Trạng thái", "status", [(k, v[2]) for k, v in _STATUS.items() if k in kinds], "Tất cả"),
        *([_options("Loại", "kind", [("unit", "Báo cáo của đơn vị"), ("consolidated", "Báo cáo tổng hợp")], "Tất cả")]
          if n_consolidated else []),
        _el("label", _el("input", attrs=(("type", "checkbox"), ("data-filter", "below"), ("value", "1"),
                                         ("id", "loc-below"))), " Chỉ báo cáo có chỉ tiêu chưa đạt"),
        _el("span", "", attrs=(("id", "dang-hien"), ("class", "muted"), ("aria-live", "polite"))),
        attrs=(("class", "filters"), ("role", "search")))
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Báo cáo cải cách hành chính — mục lục</title><style>{_CSS}</style></head><body>"
        "<h1>Báo cáo kết quả thực hiện cải cách hành chính — mục lục</h1>"
        + _el("p", f"{counts}. Cập nhật {datetime.now().strftime('%d/%m/%Y %H:%M')}. Bấm tiêu đề cột để sắp xếp; "
                   "ô nền đỏ: chưa đạt chỉ tiêu.", attrs=(("class", "muted"),))
        + filters
        + f'<div class="wrap"><table id="bao-cao"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        f"<script>{_SCRIPT}</script></body></html>"
    )


def _vi_key(text: str) -> tuple:
    """Vietnamese order without a locale: letters without their marks first, then the marks."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    return bare.replace("đ", "d~"), text


def _names(value, text: bool = False) -> list[str]:
    """A status list (notebooks, errors) as strings; anything else (a status edited by hand) is empty."""
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, (str, int, float))] if text else \
        [v for v in value if isinstance(v, str)]


def _warnings_cell(r: dict) -> Html:
    """The report's warnings (the build summary's and the report appendix's count), with its parts as
    a tooltip. "No report to compare with" (a unit's first report of a kind, a unit formed after
    the comparison period) is said in the appendix too but is no problem of the report's data:
    the column counts the other warnings and shows those notes apart, so a reviewer with 96
    communes in their first year does not see "1" against every one of them."""
    n = r.get("warnings", 0)
    inputs, notes = r.get("warnings_inputs"), r.get("warnings_no_comparison")
    if not (isinstance(n, int) and isinstance(inputs, int) and isinstance(notes, int) and 0 < notes <= inputs <= n):
        attrs = (("class", "num"), ("data-v", str(n)))
        if "warnings_inputs" in r:
            nb = len(r.get("warnings_notebooks") or [])
            attrs += (("title", f"{r['warnings_inputs']} về dữ liệu đầu vào, {nb} khi chạy các phần báo cáo"),)
        return _el("td", str(n), attrs=attrs)
    nb = n - inputs
    title = (f"{n} cảnh báo: {inputs - notes} về dữ liệu đầu vào, {nb} khi chạy các phần báo cáo, {notes} vì "
             "không có báo cáo kỳ trước hoặc cùng kỳ để so sánh (xem «kiểm tra dữ liệu»)")
    return _el("td", str(n - notes), _el("br"), _el("span", f"+{notes} không có kỳ so sánh", attrs=(("class", "muted"),)),
               attrs=(("class", "num"), ("data-v", str(n - notes)), ("title", title)))


def write_index() -> Path:
    target = paths.output_dir() / "index.html"
    write_atomic(target, render_index(_rows(), paths.output_dir()))
    return target
