"""Every printed figure knows its register rows: follow figures of the seed's twin back to the
raw CSV (read here with the csv module, not through cchc) and recompute them."""
import csv
from datetime import date, datetime

import pytest

import cchc
from cchc.figures import Figure, Rate, figures_of
from cchc.prose.phrases import Sentence
from conftest import CHECKOUT

pytestmark = pytest.mark.fast

UNIT, YEAR = "phuong-nguyen-nghiem", 2023
START, END = date(2023, 1, 1), date(2023, 12, 6)  # the seed's period, as in params/2023/


@pytest.fixture(scope="module")
def seed_report():
    return cchc.report(UNIT, YEAR)


def _raw(register: str) -> dict[int, dict[str, str]]:
    """Spreadsheet row number (header = 1) -> the row as the analyst sees it."""
    with open(CHECKOUT / "data" / str(YEAR) / UNIT / f"{register}.csv", encoding="utf-8-sig", newline="") as f:
        return {i: row for i, row in enumerate(csv.DictReader(f), start=2)}


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _rows_of(fig: Figure) -> set[int]:
    (src,) = fig.sources
    assert src.file == f"data/{YEAR}/{UNIT}/{'ho-so' if fig.key.startswith('tthc') else 'can-bo'}.csv"
    assert src.rule and src.columns
    return set(src.rows)


def test_online_dossiers_follow_back_to_their_rows(seed_report):
    raw = _raw("ho-so")
    fig = seed_report.tthc.received_online
    expected = {i for i, r in raw.items() if r["Kênh nộp"] == "Trực tuyến" and START <= _day(r["Ngày tiếp nhận"]) <= END}
    assert _rows_of(fig) == expected
    assert int(fig) == len(expected) == 2315  # the seed's figure
    assert "Kênh nộp = Trực tuyến" in fig.sources[0].rule


def test_late_dossiers_follow_back_to_their_rows(seed_report):
    raw = _raw("ho-so")
    fig = seed_report.tthc.resolved_late
    expected = set()
    for i, r in raw.items():
        received, result = _day(r["Ngày tiếp nhận"]), _day(r["Ngày có kết quả"])
        in_scope = received <= END and not (received < START and result is not None and result < START)
        if in_scope and r["Trạng thái"] == "Đã giải quyết" and result > _day(r["Hạn giải quyết"]):
            expected.add(i)
    assert _rows_of(fig) == expected and int(fig) == 13


def test_staff_level_follows_back_to_the_roster(seed_report):
    raw = _raw("can-bo")
    fig = seed_report.staff["cong_chuc"].levels["ly_luan_chinh_tri"]["trung_cap"]
    expected = {i for i, r in raw.items()
                if r["Nhóm"] == "Công chức" and r["Vị trí trống"] == "Không" and r["Lý luận chính trị"] == "Trung cấp"}
    assert _rows_of(fig) == expected and int(fig) == 6  # the seed's 6/9


def test_sentences_keep_the_figures_they_print(seed_report):
    lines = seed_report.tthc_prose()
    assert all(isinstance(s, Sentence) for s in lines)
    first = figures_of(lines[0])
    assert [f.key for f in first] == ["tthc.received_total", "tthc.received_online", "tthc.received_in_person",
                                      "tthc.carried_over"]
    for f in first:  # every figure the sentence keeps is printed in it, as the sentence prints counts
        assert cchc.fmt.count(f) in lines[0]
    rate = next(f for f in figures_of(lines) if isinstance(f, Rate) and f.key == "tthc.on_time_rate")
    assert rate.pair == (3925, 3956) and "99,22%" in lines[2]
    assert rate.base in lines[2]  # the base the rate was computed on is the one the text states


def test_provenance_lists_exactly_the_files_the_cache_key_covers():
    # Once the 2024 report printed "tăng … so với năm 2023" and listed only 2024 files.
    from cchc import paths
    from cchc.batch.plan import make_plan, inputs_digest

    rep = cchc.report(UNIT, 2024)
    (plan,) = make_plan(periods=["2024"], units=[UNIT])
    table = rep.provenance_table()
    listed = [s for s in table["Nguồn"] if s.endswith((".csv", ".xlsx", ".yaml"))]  # the files, not versions
    assert listed == sorted(inputs_digest(plan))  # same files, same order as the cache key
    assert f"data/2023/{UNIT}/ho-so.csv" in listed and f"params/2023/{UNIT}.yaml" in listed
    digests = dict(zip(table["Nguồn"], table["SHA-256 / phiên bản"]))
    assert all(digests[f] == d for f, d in inputs_digest(plan).items())
    assert paths.relative(paths.units_file()) in listed
    assert "cchc-project.yaml" in listed  # the calendar and the formula change a report's figures


def test_the_appendix_lineage_table_lists_every_printed_figure(seed_report):
    table = seed_report.lineage_table()
    assert list(table.columns) == ["Số liệu", "Giá trị", "Tệp nguồn", "Cột", "Cách tính", "Dòng trong tệp"]
    rows = {r["Số liệu"]: r for _, r in table.iterrows()}
    online = rows["Hồ sơ tiếp nhận trực tuyến"]
    assert online["Giá trị"] == "2.315 hồ sơ" and online["Tệp nguồn"] == f"data/{YEAR}/{UNIT}/ho-so.csv"
    assert "Kênh nộp = Trực tuyến" in online["Cách tính"] and online["Dòng trong tệp"].endswith("(2.315 dòng)")
    rate = rows["Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"]
    assert rate["Giá trị"] == "99,22%" and rate["Cách tính"].endswith("= 3.925/3.956")
    assert rows["Số máy vi tính"]["Tệp nguồn"] == f"data/{YEAR}/{UNIT}/chi-so.csv"
    # every figure a printed sentence keeps has its row
    printed = figures_of([s for name in seed_report.PRINTED for s in getattr(seed_report, name)()])
    assert {f.label for f in printed} <= set(rows)


def test_every_printed_figure_links_to_its_lineage_row(seed_report):
    import re

    from cchc.display import to_html

    body = "".join(to_html(getattr(seed_report, name)(), bullets=True) for name in seed_report.PRINTED)
    body += to_html(seed_report.staff_outline(), outline=True)
    appendix = to_html(seed_report.lineage_table())
    links = re.findall(r'<a class="cchc-fig" href="#([^"]+)">([^<]+)</a>', body)
    ids = set(re.findall(r'<tr id="([^"]+)">', appendix))
    assert len(links) >= 60 and {target for target, _ in links} <= ids
    assert ("nguon-" + "x") not in ids and len(ids) == len(seed_report.lineage_table())
    text = re.sub(r"<[^>]+>", "", body)
    assert "Trực tuyến: 2.315; Trực tiếp: 1.635" in text  # the links change no visible text


def test_three_rows_of_the_lineage_table_lead_back_to_the_register(seed_report):
    """Read as a reviewer would: the table names a file and rows; open the file (csv module, not
    cchc), take those rows, check the rule on each and recount the value from the whole file."""
    table = {r["Số liệu"]: r for _, r in seed_report.lineage_table().iterrows()}

    def rows_of(name):
        row = table[name]
        assert "…" not in row["Dòng trong tệp"]  # every row listed
        path = CHECKOUT / row["Tệp nguồn"]
        with open(path, encoding="utf-8-sig", newline="") as f:
            raw = {i: r for i, r in enumerate(csv.DictReader(f), start=2)}
        listed = [int(x) for x in row["Dòng trong tệp"].split(", ")]
        return row, raw, listed

    row, raw, listed = rows_of("Hồ sơ từ kỳ trước chuyển sang")
    assert all(_day(raw[i]["Ngày tiếp nhận"]) < START for i in listed)
    carried = [i for i, r in raw.items() if _day(r["Ngày tiếp nhận"]) < START
               and not (r["Ngày có kết quả"] and _day(r["Ngày có kết quả"]) < START)]
    assert listed == carried and row["Giá trị"] == f"{len(carried)} hồ sơ" == "6 hồ sơ"  # the seed's 06

    row, raw, listed = rows_of("Hồ sơ đang giải quyết")
    pending = [i for i, r in raw.items() if r["Trạng thái"] == "Đang giải quyết" and _day(r["Ngày tiếp nhận"]) <= END]
    assert listed == pending and row["Giá trị"] == "4 hồ sơ"  # the seed's 04

    row, raw, listed = rows_of("Văn bản QPPL ban hành trong kỳ")
    qppl = [i for i, r in raw.items() if r["Văn bản QPPL"] == "Có" and not r["Cơ quan ban hành"]
            and START <= _day(r["Ngày ban hành"]) <= END]
    assert listed == qppl and row["Giá trị"] == "1 văn bản"
    assert raw[listed[0]]["Số ký hiệu"] == "01/2023/QĐ-UBND"  # the QPPL the seed lists


# --- a link is made in the text only ---------------------------------------------------------------

def test_a_figure_link_never_lands_inside_a_character_reference_or_a_tag():
    from cchc.display import inline_html

    n = Figure(27, key="tthc.x", label="Hồ sơ", unit="hồ sơ")
    # the apostrophe is escaped as &#x27;: a "27" the old search linked, breaking the entity
    page = inline_html(Sentence("Tổ 'Bình Minh' tiếp nhận 27 hồ sơ", (n,)))
    assert "&#x27;Bình Minh&#x27;" in page
    assert page.count('class="cchc-fig"') == 1 and '">27</a> hồ sơ' in page
    # only in the entity: nothing to link, the markup stays as it was
    alone = inline_html(Sentence("Tổ 'Bình Minh' tiếp nhận hồ sơ", (n,)))
    assert "cchc-fig" not in alone and alone == "Tổ &#x27;Bình Minh&#x27; tiếp nhận hồ sơ"
    # a number inside a tag's attribute (the earlier link's anchor) is not text either
    from cchc.lineage import anchor, link_figures

    first = link_figures('x <a class="cchc-fig" href="#nguon-27">5</a> và 27', [n])
    assert first == f'x <a class="cchc-fig" href="#nguon-27">5</a> và <a class="cchc-fig" href="#{anchor(n)}">27</a>'
    assert link_figures("&#39;39&#39; &amp;39", [Figure(39, key="k")]) == (
        f'&#39;<a class="cchc-fig" href="#{anchor(Figure(39, key="k"))}">39</a>&#39; &amp;39')
