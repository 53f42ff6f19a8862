"""Reports of a quarter and a month built end to end in a small project (`cchc init`): output per
period, the month's shorter document (its sections only, intro on top, headings numbered again), the
comparators' warnings in the appendix, the index by unit and period, the cache, and the project's
cut-off calendar in the cache key."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cchc import scaffold

pytestmark = pytest.mark.build

SLUG = scaffold.SLUG
ENV_KEYS = ("CCHC_ROOT", "CCHC_OUTPUT", "CCHC_NOTEBOOKS")


def cchc(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    return subprocess.run([sys.executable, "-m", "cchc.cli", *args, "--no-progress"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def period_params(root: Path, pid: str, issued_on: str) -> None:
    """The scaffold's annual params as the params of `pid`: no `year`, no `period` (the calendar's dates)."""
    text = (root / "params" / "2024" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^year:.*\n", "", text, flags=re.M)
    text = re.sub(r"^period:.*\n(?:  .*\n)+", "", text, flags=re.M)
    text = re.sub(r"^issued_on: \S+", f"issued_on: {issued_on}", text, flags=re.M)
    target = root / "params" / pid / f"{SLUG}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = scaffold.scaffold(tmp_path_factory.mktemp("ky") / "du-an", year=2024)
    period_params(root, "2024-q1", "2024-03-20")
    period_params(root, "2024-03", "2024-03-20")
    period_params(root, "2024-02", "2024-02-20")  # the month's previous period (not built here)
    proc = cchc(root, "build", "--period", "2024-q1,2024-03")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 báo cáo: 2 thành công, 0 lỗi" in proc.stdout
    return root


def page(root: Path, pid: str) -> BeautifulSoup:
    html = root / "output" / pid / SLUG / f"bao-cao-cchc-{SLUG}-{pid}.html"
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


def text(soup) -> str:
    """The text as read: the no-break spans are markup only."""
    return re.sub(r"\s+", " ", soup.get_text(""))


def test_each_period_is_built_into_its_own_folder(project):
    for pid, notebooks in (("2024-q1", 10), ("2024-03", 2)):
        out = project / "output" / pid / SLUG
        assert (out / f"bao-cao-cchc-{SLUG}-{pid}.pdf").read_bytes()[:5] == b"%PDF-"
        assert len(list((out / "notebooks").glob("*.ipynb"))) == notebooks
        status = json.loads((out / "status.json").read_text(encoding="utf-8"))
        assert (status["period"], status["status"]) == (pid, "ok")
    assert sorted(p.name for p in (project / "output" / "2024-03" / SLUG / "notebooks").iterdir()) == [
        "03_cai-cach-tthc.ipynb", "10_phu-luc.ipynb"]
    q1 = json.loads((project / "output/2024-q1" / SLUG / "status.json").read_text(encoding="utf-8"))
    assert (q1["period_name"], q1["period_start"], q1["period_end"]) == ("quý I năm 2024", "2023-12-15",
                                                                         "2024-03-14")  # the BNV cut-offs
    assert not (project / "output" / "2024").exists()  # the annual report was not asked for


def test_the_month_is_a_short_document_that_still_reads_as_one(project):
    soup = page(project, "2024-03")
    body = soup.find("div", class_="cchc-body")
    first = body.find("h2")
    intro = " ".join(p.get_text() for p in first.find_all_previous("p", class_="cchc-p"))
    assert "tháng 3 năm 2024" in intro  # the intro on top, before the first heading
    headings = [(h.name, h.get_text(" ", strip=True)) for h in body.find_all(["h2", "h3", "h4"])
                if not h.find_parent("aside")]
    assert headings[0] == ("h2", "1. Cải cách thủ tục hành chính (TTHC) và thực hiện cơ chế một cửa, một cửa "
                                 "liên thông")
    assert [t for _, t in headings[1:3]] == ["1.1. Cải cách thủ tục hành chính",
                                              "1.2. Tình hình thực hiện cơ chế một cửa, một cửa liên thông"]
    assert not any(t.startswith(("I.", "II.", "2.")) for _, t in headings)
    assert "(15/02/2024 – 14/03/2024)" in text(soup)  # the month's BNV dates
    assert soup.find("footer", class_="cchc-end") is not None and soup.find(class_="cchc-closing") is not None


def test_missing_comparators_are_warnings_in_the_appendix(project):
    band = page(project, "2024-q1").find("aside", class_="cchc-review-band").get_text(" ", strip=True)
    # the scaffold's unit is valid from 01/01/2024 (units.yaml): no same quarter of 2023 to ask for
    assert "thành lập từ 01/01/2024 nên không có báo cáo quý I năm 2023 để so sánh cùng kỳ" in band
    assert "nên không có báo cáo quý IV năm 2023 để so sánh với kỳ trước" in band
    month = page(project, "2024-03").find("aside", class_="cchc-review-band").get_text(" ", strip=True)
    assert "nên không có báo cáo tháng 3 năm 2023 để so sánh cùng kỳ" in month
    assert "so sánh với kỳ trước" not in month  # params/2024-02/ exists: the month compares with February


def test_the_index_lists_reports_by_unit_and_period(project):
    soup = BeautifulSoup((project / "output" / "index.html").read_text(encoding="utf-8"), "html.parser")
    head = [th.get_text(strip=True) for th in soup.find("thead").find_all("th")]
    assert head[:2] == ["Đơn vị", "Kỳ báo cáo"]
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")][:2] for tr in soup.find("tbody").find_all("tr")]
    assert rows == [["Phường Mẫu", "tháng 3 năm 2024"], ["Phường Mẫu", "quý I năm 2024"]]
    links = {a["href"] for a in soup.find_all("a")}
    assert f"2024-03/{SLUG}/bao-cao-cchc-{SLUG}-2024-03.html" in links
    assert f"2024-q1/{SLUG}/bao-cao-cchc-{SLUG}-2024-q1.pdf" in links


def test_the_calendar_is_part_of_the_cache_key(project):
    again = cchc(project, "build", "--period", "2024-03,2024-q1")
    assert again.returncode == 0 and again.stdout.count("không đổi") == 2, again.stdout
    marker = project / "cchc-project.yaml"
    marker.write_text(marker.read_text(encoding="utf-8") + "\nmonthly_cutoff_day: 21\n", encoding="utf-8")
    moved = cchc(project, "build", "--period", "2024-03,2024-q1")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    lines = {line.split()[0]: line for line in moved.stdout.splitlines() if line.startswith("2024")}
    # cchc-project.yaml is an input of every report (its on-time formula changes figures too): both are
    # built again; the month's dates moved, the quarter's did not
    assert " xong " in lines[f"2024-03/{SLUG}"] and " xong " in lines[f"2024-q1/{SLUG}"]
    q1 = json.loads((project / "output/2024-q1" / SLUG / "status.json").read_text(encoding="utf-8"))
    assert (q1["period_start"], q1["period_end"]) == ("2023-12-15", "2024-03-14")
    assert "(21/02/2024 – 20/03/2024)" in text(page(project, "2024-03"))


def test_the_month_is_titled_as_the_tthc_report(project):
    soup = page(project, "2024-03")
    name = "tình hình, kết quả giải quyết thủ tục hành chính tháng 3 năm 2024"
    assert soup.title.get_text() == f"Báo cáo {name} — UBND phường Mẫu"
    assert text(soup.find("div", class_="cchc-title")).strip() == f"BÁO CÁO T{name[1:]}"
    assert f"Trên đây là báo cáo {name} của UBND phường Mẫu." in text(soup.find(class_="cchc-closing"))
    quarter = page(project, "2024-q1")  # the quarter, every section: the CCHC report
    assert quarter.title.get_text() == ("Báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2024 và "
                                        "phương hướng, nhiệm vụ quý II năm 2024 — UBND phường Mẫu")
