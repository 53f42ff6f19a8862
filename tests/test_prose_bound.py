"""The narrative is bound to the registers (issue 8): `cchc.narrative_facts` finds a narrative that
contradicts the indicators or the roster, the markers render, an absent indicator warns, the
sample contradicts itself nowhere and no section says a sentence twice."""
from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import cchc
from cchc import discovery, load, narrative_facts as nf, paths
from cchc.display import outline_html
from cchc.figures import staff as staff_f
from cchc.model import NARRATIVE_KEYS, Unit
from cchc.problems import ERROR, WARNING
from conftest import TINY_SLUG, TINY_YEAR
from test_validate import edit

pytestmark = pytest.mark.fast

WARD = Unit("1", "phuong-a", "phường", "A", None, "Quảng Ngãi", __import__("datetime").date(2020, 1, 1))
COMMUNE = Unit("2", "xa-b", "xã", "B", None, "Quảng Ngãi", __import__("datetime").date(2020, 1, 1))
TOWN = Unit("3", "thi-tran-c", "thị trấn", "C", None, "Quảng Ngãi", __import__("datetime").date(2020, 1, 1))
WEBSITE = "Các TTHC được niêm yết trên Trang thông tin điện tử của phường."


# --- the model and the markers -------------------------------------------------------------------

def test_residential_group_comes_from_the_kind():
    assert (WARD.residential_group, TOWN.residential_group, COMMUNE.residential_group) == \
        ("tổ dân phố", "tổ dân phố", "thôn")


def test_render_conditions_and_placeholder():
    paras = ["{neu:trang_thong_tin}" + WEBSITE, "{neu_khong:trang_thong_tin}Phường chưa có trang riêng.",
             "Sinh hoạt của các {to_dan_pho}."]
    assert nf.render(paras, WARD, {"trang_thong_tin_tu": __import__("datetime").date(2021, 12, 1)}) == \
        [WEBSITE, "Sinh hoạt của các tổ dân phố."]
    assert nf.render(paras, COMMUNE, {"trang_thong_tin_tu": False}) == \
        ["Phường chưa có trang riêng.", "Sinh hoạt của các thôn."]
    assert nf.render(paras, COMMUNE, {"trang_thong_tin_tu": None}) == ["Sinh hoạt của các thôn."]  # unknown: neither


def test_report_narrative_applies_the_markers():
    from cchc.unit_report import Report
    import pandas as pd

    uy = SimpleNamespace(params=SimpleNamespace(narrative={"communication": ["{neu:iso}ISO.", "Các {to_dan_pho}."]}),
                         documents=pd.DataFrame({"so_ky_hieu": [], "ngay_ban_hanh": []}), unit=COMMUNE,
                         indicators={"iso_9001": False})
    assert Report(uy).narrative("communication") == ["Các thôn."]


# --- the check on one paragraph ------------------------------------------------------------------

def test_website_asserted_while_the_indicators_say_none_is_an_error():
    (severity, words, why), = nf.findings(WEBSITE, {"trang_thong_tin_tu": False})
    assert severity == ERROR and words == "Trang thông tin điện tử" and "«Không»" in why


def test_website_asserted_while_the_indicator_is_left_out_is_a_warning():
    assert [f[0] for f in nf.findings(WEBSITE, {"trang_thong_tin_tu": None})] == [WARNING]


def test_website_under_its_condition_or_denied_is_fine():
    assert nf.findings("{neu:trang_thong_tin}" + WEBSITE, {"trang_thong_tin_tu": False}) == []
    assert nf.findings("Phường chưa có Trang thông tin điện tử.", {"trang_thong_tin_tu": False}) == []
    assert [f[0] for f in nf.findings("Phường chưa có Trang thông tin điện tử.",
                                      {"trang_thong_tin_tu": __import__("datetime").date(2021, 1, 1)})] == [ERROR]


def test_iso_asserted_while_not_applied():
    assert [f[0] for f in nf.findings("Thư ký ISO theo dõi các quy trình.", {"iso_9001": False})] == [ERROR]
    assert nf.findings("Thư ký ISO theo dõi các quy trình.", {"iso_9001": True}) == []


def test_typed_counts_warn_when_equal_and_fail_when_different():
    ind = {"so_may_tinh": 24, "chu_ky_so_to_chuc": 1, "chu_ky_so_ca_nhan": 7}
    assert [f[0] for f in nf.findings("Đã bố trí 24 máy vi tính.", ind)] == [WARNING]
    assert [f[0] for f in nf.findings("Đã bố trí 25 máy vi tính.", ind)] == [ERROR]
    assert [f[0] for f in nf.findings("Đã cấp 8 chữ ký số, 01 chữ ký số cơ quan và 6 chữ ký số cá nhân.", ind)] \
        == [WARNING, WARNING, ERROR]


def test_typed_staff_total_that_differs_from_the_roster_is_an_error():
    from test_staff import roster

    s = staff_f.structure(roster())  # 9 people, 6 cán bộ and công chức
    text = ("Tổng số cán bộ, công chức, người hoạt động không chuyên trách phường đến thời điểm hiện tại là: "
            "29 người. Cập nhật thông tin của 06 cán bộ, công chức.")
    found = nf.findings(text, {}, s)
    assert [(f[0], f[1][-9:]) for f in found] == [(ERROR, " 29 người"), (WARNING, "công chức")]
    assert "là 9, không phải 29" in found[0][2]


# --- the check as cchc validate runs it ----------------------------------------------------------

def test_validate_finds_a_contradiction_in_a_crafted_params_file(tiny_root):
    edit(tiny_root, "chi-so", lambda h, rows: rows.__setitem__(
        slice(None), [r for r in rows if r[0] != "trang_thong_tin_tu"] + [["trang_thong_tin_tu", "", "Không", ""]]))
    path = tiny_root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "narrative:" in text
    path.write_text(text.replace("narrative:", "narrative:\n  procedures:\n  - Thủ tục được niêm yết công khai.\n"
                                 "  - Thủ tục được đăng trên Cổng thông tin\n    điện tử của phường.", 1),
                    encoding="utf-8")
    uy, problems = load.validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert uy is None
    p, = [p for p in problems if "narrative" in p.message]
    line = text.splitlines().index("narrative:") + 4  # the paragraph's first line
    assert (p.severity, p.file, p.row) == (ERROR, f"params/{TINY_YEAR}/{TINY_SLUG}.yaml", line)
    assert "«narrative.procedures»" in p.message and "Cổng thông tin điện tử" in p.message


def test_an_absent_website_indicator_warns_and_none_is_stated_with_khong(tiny_root):
    edit(tiny_root, "chi-so", lambda h, rows: rows.__setitem__(
        slice(None), [r for r in rows if r[0] != "trang_thong_tin_tu"]))
    uy = load.load(TINY_SLUG, TINY_YEAR)
    w, = [p for p in uy.problems if p.value == "trang_thong_tin_tu"]
    assert w.severity == WARNING and w.file.endswith("chi-so.csv") and "«Không»" in w.message
    assert uy.indicators["trang_thong_tin_tu"] is None
    edit(tiny_root, "chi-so", lambda h, rows: rows.append(["trang_thong_tin_tu", "", "Không", ""]))
    uy = load.load(TINY_SLUG, TINY_YEAR)
    assert uy.indicators["trang_thong_tin_tu"] is False and not uy.problems


# --- the whole sample ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_reports():
    years_units = discovery.discover()
    # every params file (params/profiles/ holds the import profiles, not reports)
    assert len(years_units) == len([p for p in paths.params_dir().glob("*/*.yaml") if p.parent.name != "profiles"])
    out = {}
    for year, slug in years_units:
        uy, problems = load.validate_unit_year(slug, year)
        assert uy is not None, [str(p) for p in problems if p.is_error]
        out[(year, slug)] = (uy, problems)
    return out


def test_the_sample_never_contradicts_its_registers(sample_reports):
    found = [str(p) for uy, problems in sample_reports.values() for p in problems if "narrative" in p.message]
    assert found == []
    for uy, _ in sample_reports.values():  # and the check, run directly, agrees
        assert nf.check_narrative(uy.params, uy.indicators, uy.staff, uy.files["params"]) == []


def test_the_sample_says_to_dan_pho_in_wards_and_thon_in_communes(sample_reports):
    for uy, _ in sample_reports.values():
        # as the analysts wrote it, markers applied (a cited document's title may say "thôn, tổ dân phố")
        text = " ".join(p for key in NARRATIVE_KEYS for p in nf.render(uy.params.narrative[key], uy.unit, uy.indicators))
        # the unit's own word (a xã's thôn, a phường's tổ dân phố; đặc khu Lý Sơn has thôn only)
        wrong = {"thôn": "tổ dân phố", "tổ dân phố": "thôn"}[uy.unit.residential_group]
        assert not re.search(rf"(?<!\w){wrong}(?!\w)", text), (uy.unit.slug, uy.year)


def _shown(report, notebook: Path):
    """(section heading, 'narrative' | 'documents' | 'computed', text) of everything a notebook shows as prose."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    heading, out = notebook.stem, []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove" in tags or "parameters" in tags:
            continue
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            heading = src.strip()
            continue
        for m in re.finditer(r"cchc\.show\((report\.(\w+)\(.*\))\)\s*$", src, re.M):
            call, method = m.group(1), m.group(2)
            if "chart" in method or "table" in method or method in ("validation_messages", "checks_table"):
                continue
            obj, kw = eval(f"(lambda obj, **kw: (obj, kw))({call})", {"report": report})
            kind = {"narrative": "narrative", "documents_prose": "documents"}.get(method, "computed")
            if isinstance(obj, str):
                obj = [obj]
            parents = {}
            for item in obj or []:
                if kw.get("outline"):
                    level, text = item
                    parents[level] = str(text)
                    text = " / ".join(parents[i] for i in range(1, level + 1) if i in parents)
                    out.append((heading, kind, text))
                else:
                    out.append((heading, kind, str(item)))
    return out


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.;!?])\s+", text)
    return [re.sub(r"[.;!?]+$", "", p).strip().casefold() for p in parts if len(p.split()) >= 6]


def _shingles(text: str, n: int = 7) -> set:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_no_section_repeats_a_sentence(sample_reports):
    """No sentence twice within a section, and no narrative paragraph repeating (seven words in a
    row) a computed sentence of the same section: the seed's 6.1 said its computers and website twice."""
    from cchc.unit_report import Report

    notebooks = sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    problems = []
    for (year, slug), (uy, _) in sample_reports.items():
        report = Report(uy, load.load_previous(uy))
        for nb in notebooks:
            shown = _shown(report, nb)
            sections = {}
            for heading, kind, text in shown:
                sections.setdefault(heading, []).append((kind, text))
            for heading, items in sections.items():
                seen = {}
                for kind, text in items:
                    for s in _sentences(text):
                        if s in seen:
                            problems.append((year, slug, heading[:40], s[:80]))
                        seen[s] = True
                computed = set().union(*[_shingles(t) for k, t in items if k == "computed"] or [set()])
                for kind, text in items:
                    if kind == "narrative" and _shingles(text) & computed:
                        problems.append((year, slug, heading[:40], " ".join(sorted(_shingles(text) & computed)[0])))
    assert problems == [], "\n".join(map(str, problems))


# --- display -------------------------------------------------------------------------------------

def test_outline_renders_the_seed_levels_as_nested_lists():
    html = outline_html([(0, "Tổng số: 30 người. Trong đó:"), (1, "Cán bộ: 10 người"), (2, "Trình độ chuyên môn:"),
                         (3, "Thạc sĩ: 02/10;"), (3, "Đại học: 06/10."), (2, "Trình độ văn hóa: 10/10."),
                         (1, "Công chức: 9 người")])
    assert '<span class="cchc-nobr">30 người</span>' in html  # items get the no-break spans of all prose
    html = re.sub(r'<span(?: class="cchc-nobr")?>([^<]*)</span>', r"\1", html)
    assert html == (
        '<p class="cchc-p">Tổng số: 30 người. Trong đó:</p>'
        '<ul class="cchc-list cchc-outline"><li><strong>Cán bộ: 10 người</strong>'
        '<ul class="cchc-list cchc-outline"><li>Trình độ chuyên môn:'
        '<ul class="cchc-list cchc-outline"><li>Thạc sĩ: 02/10;</li><li>Đại học: 06/10.</li></ul></li>'
        '<li>Trình độ văn hóa: 10/10.</li></ul></li>'
        '<li><strong>Công chức: 9 người</strong></li></ul>')
    assert cchc.display.to_html([(1, "a")], outline=True) == \
        '<ul class="cchc-list cchc-outline"><li><strong>a</strong></li></ul>'


def test_the_seed_twin_restores_the_police_chief_and_puts_the_conclusion_after_the_figures():
    report = cchc.report("phuong-nguyen-nghiem", 2023)
    heads = [t for level, t in report.staff_outline() if level == 1]
    assert "theo quy định; không tính Trưởng Công an phường). Trong đó:" in heads[1]
    assert report.narrative("staff_conclusion")[0].startswith("Nhìn chung, đội ngũ CBCC")
    assert not any(p.startswith("Nhìn chung") for p in report.narrative("staff"))
    nb = (paths.notebooks_dir() / "05_doi-ngu-cbcc.ipynb").read_text(encoding="utf-8")
    assert nb.index("staff_outline()") < nb.index('narrative(\\"staff_conclusion\\")')
