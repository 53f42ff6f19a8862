"""`cchc.render.nobreak`: which tokens a line must not split, and the HTML that keeps them whole."""
from __future__ import annotations

import html
import re

import pytest

from cchc.display import table_html, to_html
from cchc.render.nobreak import nobreak_html, tokens

pytestmark = pytest.mark.fast


@pytest.mark.parametrize("text, expected", [
    ("Quyết định số 45/QĐ-UBND ngày 15/3/2023 về", ["45/QĐ-UBND", "15/3/2023"]),
    ("Quyết định số 01/2023/QĐ-UBND ngày 23/6/2023", ["01/2023/QĐ-UBND", "23/6/2023"]),
    ("Số: 227/BC-UBND", ["227/BC-UBND"]),
    ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", ["30/2020/NĐ-CP", "05/3/2020"]),
    ("(01/01/2023 – 06/12/2023)", ["01/01/2023", "06/12/2023"]),
    ("Số lượng hồ sơ tiếp nhận: 3.956 hồ sơ (Trong đó: Trực tuyến: 2.315;", ["3.956 hồ sơ"]),
    ("99,22% (3.925/3.956 hồ sơ, tính", ["99,22%", "3.925/3.956 hồ sơ"]),
    ("Thanh toán trực tuyến: 1.680 lượt; Tổng: 10.282.000đ;", ["1.680 lượt", "10.282.000đ"]),
    ("24 máy vi tính, 30 người, 04 cán bộ", ["24 máy", "30 người", "04 cán bộ"]),
    ("tăng 19,76 điểm phần trăm so với", ["19,76 điểm"]),
    ("10.282.000 đồng", ["10.282.000 đồng"]),
    # not tokens: a form's name, a standard, a year, a word that only starts like a unit, a date in words
    ("mẫu Biểu II.06a/VPCP/KSTT; ISO 9001:2015; năm 2023; 3 máyx", []),
    ("ngày 06 tháng 12 năm 2023", []),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("text", [
    "Quyết định số 45/QĐ-UBND ngày 15/3/2023 về kiện toàn; 3.956 hồ sơ & <b>5 người</b> \"x\"",
    "3.956 hồ sơ", "Không có số nào", "", "a  3.956 hồ sơ",
])
def test_html_is_escaped_and_reads_the_same(text):
    markup = nobreak_html(text)
    assert _plain(markup) == text                      # what a reader copies: the same characters
    assert "<b>" not in markup and "&lt;b&gt;" in markup or "<b>" not in text
    for token in tokens(text):
        assert f'<span class="cchc-nobr">{html.escape(token)}</span>' in markup


def test_space_before_a_token_is_its_own_box():
    # the WeasyPrint workaround: no text node ends in a space right before a nowrap span
    assert nobreak_html("số 45/QĐ-UBND ngày") == 'số<span> </span><span class="cchc-nobr">45/QĐ-UBND</span> ngày'


def test_display_wraps_prose_captions_and_notes():
    import pandas as pd

    assert '<span class="cchc-nobr">3.956 hồ sơ</span>' in to_html("Tiếp nhận 3.956 hồ sơ.", bullets=True)
    assert '<h3>2.1. Kế hoạch<span> </span><span class="cchc-nobr">25/KH-UBND</span></h3>' == to_html(
        "2.1. Kế hoạch 25/KH-UBND", heading=3)
    lead = to_html("* Kết quả giải quyết TTHC (01/01/2023 – 06/12/2023)", bold=True)
    assert lead.startswith('<p class="cchc-p cchc-lead"><strong>') and "cchc-nobr" in lead
    frame = pd.DataFrame({"a": ["02/3/2023"]})
    frame.attrs.update(caption="Cơ cấu <30 người>", note="Theo 45/QĐ-UBND")
    out = table_html(frame)
    assert '<caption>Cơ cấu &lt;<span class="cchc-nobr">30 người</span>&gt;</caption>' in out
    assert '<span class="cchc-nobr">45/QĐ-UBND</span></p>' in out
    assert "<td>02/3/2023</td>" in out  # cells are pandas' own (figures are nowrap there by class)


def test_text_matches_skip_tags_and_character_references():
    from cchc.render.nobreak import text_matches

    markup = nobreak_html("Tổ 'Bình Minh' & \"Hòa\": 27 hồ sơ, mã <27>") + '<a href="#x27">.</a>'
    found = [(m.group(0), m.start()) for m in text_matches(re.compile("27"), markup)]
    plain = [m.start() for m in re.finditer("27", markup)]
    assert len(plain) == 5  # in &#x27; twice, in the text twice (one between &lt; &gt;), in the href
    assert [g for g, _ in found] == ["27", "27"]
    assert _plain(markup[:found[0][1]]).endswith("Hòa\": ") and markup[found[1][1] - 4:found[1][1]] == "&lt;"
