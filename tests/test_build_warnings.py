"""Reports that cannot contradict themselves, through the real build: a glyph missing from the
chart font fails that unit-year only (its previous report stays), every notebook warning is
counted once and shown with the same number everywhere, and no link of the index opens an
empty file."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import CHECKOUT, TINY_SLUG, TINY_YEAR, notebooks_with, run_cli

pytestmark = pytest.mark.build


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


def _hrefs(index: Path) -> list[str]:
    parser = _Links()
    parser.feed(index.read_text(encoding="utf-8"))
    return parser.hrefs


def test_every_link_of_the_index_opens_a_non_empty_file(built_sample):
    index = built_sample / "index.html"
    hrefs = _hrefs(index)
    assert len(hrefs) >= 12  # HTML, PDF, checks and notebooks of every unit-year
    bad = []
    for href in hrefs:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href  # the index links only its own files
        target = (index.parent / unquote(parts.path)).resolve()
        if not target.is_file() or target.stat().st_size == 0:
            bad.append(href)
    assert bad == []


_notebooks_with = notebooks_with  # conftest: the shipped notebooks with cells appended


def test_a_missing_glyph_fails_that_unit_only_and_keeps_its_previous_report(sample_root, tmp_path):
    out = tmp_path / "out"
    env = {"CCHC_ROOT": str(sample_root), "CCHC_OUTPUT": str(out)}
    units = ["xa-pho-thuan", "xa-pho-nhon"]
    args = ("build", "--year", "2023", "--unit", *units, "--section", "01", "02", "10", "--no-progress")
    first = run_cli(*args, env_extra=env)
    assert first.returncode == 0, first.stdout + first.stderr
    bad_dir = out / "2023/xa-pho-thuan"
    previous = {p.name: p.read_bytes() for p in [*bad_dir.glob("*.html"), *bad_dir.glob("*.pdf"),
                                                 *bad_dir.glob("notebooks/*.ipynb")]}
    assert len(previous) == 5

    # A chart titled with a character the shipped font lacks, drawn for one unit only.
    notebooks = _notebooks_with(tmp_path, "02_cai-cach-the-che", (
        "from cchc import chart_style\n"
        "fig, ax = chart_style.new_figure()\n"
        "ax.set_title('Biểu đồ 中' if unit == 'xa-pho-thuan' else 'Biểu đồ')\n"
        "chart_style.show_figure(fig, alt='thử')"))
    second = run_cli(*args, env_extra={**env, "CCHC_NOTEBOOKS": str(notebooks)})
    assert second.returncode == 1, second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    assert "2 báo cáo: 1 thành công, 1 lỗi;" in second.stdout
    reason = '02_cai-cach-the-che: ký tự "中" (U+4E2D) không có trong phông chữ của biểu đồ'
    assert reason in second.stdout

    status = json.loads((bad_dir / "status.json").read_text(encoding="utf-8"))
    assert status["status"] == "failed" and any(e.startswith(reason) for e in status["errors"])
    # the previous good report set is untouched: no box reached the official PDF
    now = {p.name: p.read_bytes() for p in [*bad_dir.glob("*.html"), *bad_dir.glob("*.pdf"),
                                            *bad_dir.glob("notebooks/*.ipynb")]}
    assert now == previous
    assert (bad_dir / "failed/02_cai-cach-the-che.ipynb").is_file()  # kept for the reviewer

    other = json.loads((out / "2023/xa-pho-nhon/status.json").read_text(encoding="utf-8"))
    assert other["status"] == "ok" and other["errors"] == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ký tự &quot;中&quot; (U+4E2D) không có trong phông chữ của biểu đồ" in index
    for href in _hrefs(out / "index.html"):
        assert (out / href).is_file() and (out / href).stat().st_size > 0, href
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".staging"))


def test_a_notebook_warning_is_counted_and_shown_in_vietnamese_everywhere(tiny_root, tmp_path):
    out = tmp_path / "out"
    notebooks = _notebooks_with(tmp_path, "02_cai-cach-the-che", (
        "import warnings\n"
        "warnings.warn('DataFrame.applymap has been deprecated. Use DataFrame.map instead.', FutureWarning)"))
    env = {"CCHC_ROOT": str(tiny_root), "CCHC_OUTPUT": str(out), "CCHC_NOTEBOOKS": str(notebooks)}
    args = ("build", "--section", "01", "02", "10", "--no-progress")
    proc = run_cli(*args, env_extra=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    unit = out / str(TINY_YEAR) / TINY_SLUG
    status = json.loads((unit / "status.json").read_text(encoding="utf-8"))
    inputs = status["warnings_inputs"]
    total = inputs + 1
    assert status["warnings"] == total and len(status["warnings_notebooks"]) == 1
    assert status["warnings_notebooks"][0]["notebook"] == "02_cai-cach-the-che"

    assert f"1 báo cáo: 1 thành công, 0 lỗi; {total} cảnh báo;" in proc.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    # the index counts the data's warnings and says apart the one that there is no 2022 report to compare with
    notes = status["warnings_no_comparison"]
    assert notes == 1
    assert re.search(rf'<td class="num" data-v="{total - notes}" title="{total} cảnh báo: {inputs - notes} về dữ '
                     rf'liệu đầu vào, 1 khi chạy các phần báo cáo, {notes} vì không có báo cáo kỳ trước hoặc cùng '
                     rf'kỳ để so sánh \(xem «kiểm tra dữ liệu»\)">{total - notes}<br>', index)

    html = (unit / f"bao-cao-cchc-{TINY_SLUG}-{TINY_YEAR}.html").read_text(encoding="utf-8")
    assert (f"Tổng số cảnh báo: {total}</strong> ({inputs} về dữ liệu đầu vào, 1 khi chạy các phần "
            "báo cáo)") in html
    assert "phần 02_cai-cach-the-che: cảnh báo kỹ thuật của thư viện pandas" in html
    outside = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    assert "FutureWarning" in html and "FutureWarning" not in outside and "warnings.warn(" not in outside

    again = run_cli(*args, env_extra=env)  # nothing changed: the same count, read from the kept notebooks
    assert again.returncode == 0 and "không đổi" in again.stdout
    assert f"1 báo cáo: 1 thành công, 0 lỗi; {total} cảnh báo;" in again.stdout
    assert json.loads((unit / "status.json").read_text(encoding="utf-8"))["warnings"] == total
