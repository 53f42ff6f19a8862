"""End-to-end builds: every section of several unit-years through papermill, stitched reports,
the index, the cache, and failure isolation."""
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from conftest import E2E_UNITS, E2E_YEARS, outline, run_cli

pytestmark = pytest.mark.build


def _executed(out: Path, year: int, slug: str) -> list[Path]:
    return sorted((out / str(year) / slug / "notebooks").glob("*.ipynb"))


def _outputs_text(paths: list[Path]) -> str:
    """Markdown and outputs of executed notebooks; the no-break spans (cchc.render.nobreak) removed,
    so a phrase reads as printed (no-break spans and the figures' lineage links are markup only)."""
    parts = []
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                parts.append(cell.source)
            for o in cell.get("outputs", []):
                parts.append(o.get("data", {}).get("text/html", "") or o.get("text", ""))
    text = re.sub(r'<a class="cchc-fig" href="[^"]*">([^<]*)</a>', r"\1", "\n".join(parts))  # lineage links
    return re.sub(r'<span(?: class="cchc-nobr")?>([^<]*)</span>', r"\1", text)


def test_every_unit_year_has_html_pdf_and_ten_notebooks(built_sample):
    for year in E2E_YEARS:
        for slug in E2E_UNITS:
            d = built_sample / str(year) / slug
            assert (d / f"bao-cao-cchc-{slug}-{year}.html").stat().st_size > 10_000
            assert (d / f"bao-cao-cchc-{slug}-{year}.pdf").read_bytes()[:5] == b"%PDF-"
            assert len(_executed(built_sample, year, slug)) == 10
            assert json.loads((d / "status.json").read_text())["status"] == "ok"
    index = (built_sample / "index.html").read_text(encoding="utf-8")
    assert index.count('<tr class="unit"') == len(E2E_UNITS) * len(E2E_YEARS) and index.count("<tr>") == 1  # + the header
    assert "Hoàn thành" in index and "3.956" in index


def test_no_notebook_raised_or_wrote_to_stderr(built_sample):
    bad = []
    for p in built_sample.glob("*/*/notebooks/*.ipynb"):
        nb = nbformat.read(p, as_version=4)
        for cell in nb.cells:
            for o in cell.get("outputs", []):
                if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr"):
                    bad.append(f"{p.relative_to(built_sample)}: {o.get('ename') or o.get('text', '')[:200]}")
    assert bad == []


def test_seed_figures_appear_in_the_rendered_sections(built_sample):
    """Golden, through papermill: the seed's figures as Vietnamese readers write them, and the
    corrected ones where the seed is wrong."""
    text = _outputs_text(_executed(built_sample, 2023, "phuong-nguyen-nghiem"))
    expected = [
        "3.956 hồ sơ", "Trực tuyến: 2.315", "Trực tiếp: 1.635", "Từ kỳ trước: 06",
        "3.938 hồ sơ", "Trước hạn: 3.925", "Quá hạn: 13", "04 hồ sơ", "Trong hạn: 04",
        "tiếp nhận chi tiết: 1.632 hồ sơ", "rút: 14 hồ sơ", "1.680 lượt", "10.282.000đ",
        "3.897 hồ sơ", "2.291 hồ sơ", "58,79%", "3.877 hồ sơ", "1.866 hồ sơ", "48,13%", "2.011",
        "là: 30 người", "Cán bộ: 10 người", "11/12 người", "66,67%", "9,09%",
        "nâng lương thường xuyên cho 07", "trước thời hạn cho 01", "19 cán bộ, công chức",
        "24 máy vi tính", "08 chữ ký số", "01 chữ ký số cơ quan", "07 chữ ký số cá nhân", "95%",
        "Kế hoạch số 19/KH-UBND ngày 02/3/2023", "Quyết định số 01/2023/QĐ-UBND ngày 23/6/2023",
        "Quyết định số 10/QĐ-UBND ngày 10/01/2023", "Quyết định số 24/QĐ-UBND ngày 01/3/2023",
        "Kế hoạch số 17/KH-UBND ngày 01/3/2023", "Kế hoạch số 08/KH-UBND ngày 16/02/2023",
    ]
    missing = [e for e in expected if e not in text]
    assert missing == []
    for wrong in ("29 người", "66,66%", "01/11 người, tỷ lệ 10%", "không ban hành văn bản QPPL"):
        assert wrong not in text


def test_outline_headings_in_order(built_sample):
    text = _outputs_text(_executed(built_sample, 2023, "phuong-nguyen-nghiem"))
    headings = outline(2023)
    at, missing = 0, []
    for h in headings:  # each heading found after the previous one
        found = text.find(h, at)
        if found == -1:
            missing.append(h)
        else:
            at = found + len(h)
    assert missing == []


def test_units_with_postal_late_and_awaiting_dossiers_say_so(built_sample):
    text = _outputs_text(_executed(built_sample, 2023, "phuong-pho-thanh"))
    assert "Bưu chính" in text and "Chờ bổ sung" in text or "chờ bổ sung" in text


@pytest.mark.parametrize("year", E2E_YEARS)
def test_small_xa_reads_without_zero_noise(built_sample, year):
    text = _outputs_text(_executed(built_sample, year, "xa-pho-thuan"))
    assert re.search(r"\b0 hồ sơ \(Trong đó", text) is None
    assert re.search(r": 0[;)]", text) is None
    assert "Trong đó: )" not in text and "()" not in text
    # no empty table: every table has at least one data cell
    for table in re.findall(r"<table.*?</table>", text, flags=re.S):
        assert "<td" in table


def test_second_build_with_nothing_changed_runs_nothing(built_sample):
    before = {p: p.stat().st_mtime_ns for p in built_sample.glob("*/*/notebooks/*.ipynb")}
    reports = {p: p.read_bytes() for p in built_sample.glob("*/*/*.pdf")}
    proc = run_cli("build", "--unit", *E2E_UNITS, "--period", *map(str, E2E_YEARS), "--no-progress",
                   env_extra={"CCHC_OUTPUT": str(built_sample)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("không đổi") == len(E2E_UNITS) * len(E2E_YEARS)
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert {p: p.read_bytes() for p in reports} == reports


def test_dry_run_prints_the_plan_and_builds_nothing(tmp_path):
    proc = run_cli("build", "--dry-run", "--year", "2023", env_extra={"CCHC_OUTPUT": str(tmp_path)})
    assert proc.returncode == 0
    assert "16 báo cáo, 156 notebook" in proc.stdout  # 15 units' and thị xã Đức Phổ's consolidated report (6)
    assert list(tmp_path.iterdir()) == []


def test_unknown_unit_is_refused_before_anything_runs(tmp_path):
    proc = run_cli("build", "--unit", "phuong-khong-co", env_extra={"CCHC_OUTPUT": str(tmp_path)})
    assert proc.returncode == 2
    assert "phuong-khong-co" in proc.stderr and "Traceback" not in proc.stderr


def test_a_corrupted_unit_fails_alone_and_keeps_its_previous_report(sample_root, tmp_path):
    out = tmp_path / "out"
    env = {"CCHC_ROOT": str(sample_root), "CCHC_OUTPUT": str(out)}
    units = ["xa-pho-thuan", "xa-pho-nhon"]
    first = run_cli("build", "--year", "2023", "--unit", *units, "--section", "01", "10", "--no-progress",
                    env_extra=env)
    assert first.returncode == 0, first.stdout + first.stderr
    good = out / "2023/xa-pho-thuan/bao-cao-cchc-xa-pho-thuan-2023.html"
    good_bytes = good.read_bytes()

    register = sample_root / "data/2023/xa-pho-thuan/ho-so.csv"
    lines = register.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace("Trực tiếp", "Fax").replace("Trực tuyến", "Fax")
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other_data = sample_root / "data/2023/xa-pho-nhon/chi-so.csv"
    other_data.write_text(other_data.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # forces a rebuild

    second = run_cli("build", "--year", "2023", "--unit", *units, "--section", "01", "10", "--no-progress",
                     env_extra=env)
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert good.read_bytes() == good_bytes  # the previous good report is untouched
    status = json.loads((out / "2023/xa-pho-thuan/status.json").read_text())
    assert status["status"] == "failed" and any("Kênh nộp" in e and "dòng 6" in e for e in status["errors"])
    other = json.loads((out / "2023/xa-pho-nhon/status.json").read_text())
    assert other["status"] == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Lỗi" in index and "Kênh nộp" in index
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".staging"))


def test_an_exception_in_a_cell_fails_that_unit_year_and_keeps_the_failed_notebook(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(Path(__file__).resolve().parents[1] / "notebooks", notebooks)
    broken = notebooks / "02_cai-cach-the-che.ipynb"
    nb = nbformat.read(broken, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("lỗi thử nghiệm")'))
    nbformat.write(nb, broken)
    out = tmp_path / "out"
    proc = run_cli("build", "--year", "2023", "--unit", "xa-pho-thuan", "--section", "01", "02",
                   "--no-progress", env_extra={"CCHC_NOTEBOOKS": str(notebooks), "CCHC_OUTPUT": str(out)})
    assert proc.returncode == 1
    assert "lỗi thử nghiệm" in proc.stdout
    unit = out / "2023/xa-pho-thuan"
    failed = nbformat.read(unit / "failed/02_cai-cach-the-che.ipynb", as_version=4)
    assert any(o.output_type == "error" for c in failed.cells for o in c.get("outputs", []))
    assert not (unit / "bao-cao-cchc-xa-pho-thuan-2023.html").exists()  # no partial report
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed/02_cai-cach-the-che.ipynb" in index


def test_every_notebook_runs_top_to_bottom_with_its_defaults(tmp_path):
    """What an analyst gets opening a notebook in JupyterLab and running all cells: no build,
    no snapshot, the defaults (the seed unit and year) read the registers themselves."""
    import papermill as pm

    notebooks = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for nb_path in notebooks:
        out = tmp_path / nb_path.name
        pm.execute_notebook(str(nb_path), str(out), engine_name="cchc-fork", progress_bar=False,
                            cwd=str(nb_path.parent))
        nb = nbformat.read(out, as_version=4)
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    text = _outputs_text([tmp_path / p.name for p in notebooks])
    assert "Số lượng hồ sơ tiếp nhận: 3.956 hồ sơ" in text
