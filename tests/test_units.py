"""Unit kinds and parents over time (issue 9): every kind with its slug prefix, how a unit of each
kind names itself (header lines, place line, in a sentence, its residential groups), and
`parent:` as a name or as a list of {name, from, to} covering the unit's life, with Vietnamese
errors naming the file and line of an overlap, a gap or an unknown kind."""
from __future__ import annotations

import datetime as dt

import pytest

from cchc.model import KINDS, ParentLink, Unit
from cchc.units import read_units, stale_parent_mentions

pytestmark = pytest.mark.fast

D = dt.date


def unit(kind, name, slug, parent=None, start=D(2020, 1, 1), end=None, **kw) -> Unit:
    return Unit("1", slug, kind, name, parent, "Quảng Ngãi", start, end, **kw)


LY_SON = unit("đặc khu", "Lý Sơn", "dac-khu-ly-son", "tỉnh Quảng Ngãi", D(2025, 7, 1))
QUANG_NGAI = unit("tỉnh", "Quảng Ngãi", "tinh-quang-ngai")
DUC_PHO = unit("thị xã", "Đức Phổ", "thi-xa-duc-pho", "tỉnh Quảng Ngãi", end=D(2025, 6, 30))
WARD = unit("phường", "Nguyễn Nghiêm", "phuong-nguyen-nghiem",
            (ParentLink("thị xã Đức Phổ", None, D(2025, 6, 30)), ParentLink("tỉnh Quảng Ngãi", D(2025, 7, 1))))


# --- how each kind names itself ------------------------------------------------------------------

@pytest.mark.parametrize("u, header, place, issuer, groups", [
    (WARD, ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM"), "Phường Nguyễn Nghiêm", "UBND phường Nguyễn Nghiêm",
     "tổ dân phố"),
    (unit("xã", "Phổ An", "xa-pho-an"), ("ỦY BAN NHÂN DÂN", "XÃ PHỔ AN"), "Xã Phổ An", "UBND xã Phổ An", "thôn"),
    (unit("thị trấn", "Chợ Chùa", "thi-tran-cho-chua"), ("ỦY BAN NHÂN DÂN", "THỊ TRẤN CHỢ CHÙA"),
     "Thị trấn Chợ Chùa", "UBND thị trấn Chợ Chùa", "tổ dân phố"),
    (LY_SON, ("ỦY BAN NHÂN DÂN", "ĐẶC KHU LÝ SƠN"), "Lý Sơn", "UBND đặc khu Lý Sơn", "thôn, tổ dân phố"),
    (DUC_PHO, ("ỦY BAN NHÂN DÂN", "THỊ XÃ ĐỨC PHỔ"), "Đức Phổ", "UBND thị xã Đức Phổ", "thôn, tổ dân phố"),
    (QUANG_NGAI, ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"), "Quảng Ngãi", "UBND tỉnh Quảng Ngãi", "thôn, tổ dân phố"),
    (unit("quận", "1", "quan-1"), ("ỦY BAN NHÂN DÂN", "QUẬN 1"), "Quận 1", "UBND quận 1", "tổ dân phố"),
    (unit("huyện", "Bình Sơn", "huyen-binh-son"), ("ỦY BAN NHÂN DÂN", "HUYỆN BÌNH SƠN"), "Bình Sơn",
     "UBND huyện Bình Sơn", "thôn, tổ dân phố"),
    (unit("thành phố", "Quảng Ngãi", "thanh-pho-quang-ngai"), ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ QUẢNG NGÃI"),
     "Quảng Ngãi", "UBND thành phố Quảng Ngãi", "thôn, tổ dân phố"),
])
def test_each_kind_names_itself(u, header, place, issuer, groups):
    assert u.header_lines == header
    assert u.place == place
    assert u.issuer_full == issuer and u.issuer == "UBND " + u.kind
    assert u.residential_group == groups


def test_a_unit_may_give_its_own_place_and_residential_groups():
    u = unit("đặc khu", "Lý Sơn", "dac-khu-ly-son", place_name="Đặc khu Lý Sơn", group_name="thôn")
    assert (u.place, u.residential_group) == ("Đặc khu Lý Sơn", "thôn")


def test_commune_level_and_parent_kinds():
    assert [k for k in KINDS if unit(k, "A", "x").is_commune_level] == ["phường", "xã", "thị trấn", "đặc khu"]
    assert KINDS["đặc khu"] == "dac-khu" and KINDS["thị xã"] == "thi-xa" and KINDS["tỉnh"] == "tinh"


# --- parent over time ----------------------------------------------------------------------------

def test_parent_on_follows_the_links():
    assert WARD.parent_on(D(2025, 6, 30)) == "thị xã Đức Phổ"
    assert WARD.parent_on(D(2025, 7, 1)) == "tỉnh Quảng Ngãi"
    assert WARD.parent_on(D(2019, 12, 31)) is None  # before the unit existed
    assert LY_SON.parent_on(D(2025, 10, 31)) == "tỉnh Quảng Ngãi"  # a plain name: the unit's whole life
    assert QUANG_NGAI.parent_on(D(2024, 1, 1)) is None
    assert DUC_PHO.parent_on(D(2025, 7, 1)) is None  # the thị xã is gone


def write(tmp_path, text):
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    return read_units(path)


ENTRY = """\
units:
  - code: "21439"
    slug: {slug}
    kind: {kind}
    name: Nguyễn Nghiêm
    province: Quảng Ngãi
    valid_from: 2020-02-01
{end}{parent}"""


def entry(parent="", kind="phường", slug="phuong-nguyen-nghiem", end=""):
    return ENTRY.format(parent=parent, kind=kind, slug=slug, end=f"    valid_to: {end}\n" if end else "")


TWO_PARENTS = """\
    parent:
      - name: thị xã Đức Phổ
        to: 2025-06-30
      - name: tỉnh Quảng Ngãi
        from: 2025-07-01
"""


def test_parent_list_read_from_units_yaml(tmp_path):
    units, problems = write(tmp_path, entry(TWO_PARENTS))
    assert problems == []
    u = units["phuong-nguyen-nghiem"]
    assert u.parents == (ParentLink("thị xã Đức Phổ", D(2020, 2, 1), D(2025, 6, 30)),
                         ParentLink("tỉnh Quảng Ngãi", D(2025, 7, 1), None))
    assert (u.parent_on(D(2025, 6, 14)), u.parent_on(D(2025, 10, 31))) == ("thị xã Đức Phổ", "tỉnh Quảng Ngãi")


def test_every_kind_is_accepted_with_its_slug_prefix(tmp_path):
    text = "units:\n" + "".join(
        f'  - {{code: "{i}", slug: {prefix}-a, kind: {kind}, name: A, province: Quảng Ngãi, valid_from: 2020-01-01}}\n'
        for i, (kind, prefix) in enumerate(KINDS.items()))
    units, problems = write(tmp_path, text)
    assert problems == [] and len(units) == 9
    assert units["dac-khu-a"].kind == "đặc khu"


@pytest.mark.parametrize("text, row, phrase", [
    # the two links share 30/06/2025
    (entry(TWO_PARENTS.replace("from: 2025-07-01", "from: 2025-06-30")), 11,
     "Khóa «parent»: thời gian của đơn vị cấp trên «thị xã Đức Phổ» (dòng 9) và «tỉnh Quảng Ngãi» (dòng 11) chồng "
     "lên nhau"),
    (entry(TWO_PARENTS.replace("from: 2025-07-01", "from: 2025-07-03")), 11,
     "Khóa «parent»: khoảng trống từ 01/07/2025 đến 02/07/2025 giữa đơn vị cấp trên «thị xã Đức Phổ» (dòng 9) và "
     "«tỉnh Quảng Ngãi» (dòng 11)"),
    (entry(TWO_PARENTS.replace("      - name: thị xã Đức Phổ\n", "      - name: thị xã Đức Phổ\n        from: 2021-01-01\n")),
     9, "Từ 01/02/2020 đến 31/12/2020 đơn vị chưa có đơn vị cấp trên"),
    (entry(TWO_PARENTS.replace("from: 2025-07-01", "from: 2025-07-01\n        to: 2025-12-31")), 11,
     "Từ 01/01/2026 đơn vị không có đơn vị cấp trên"),
    (entry(TWO_PARENTS, end="2025-09-30").replace("from: 2025-07-01", "from: 2025-07-01\n        to: 2025-12-31"),
     12, "kéo dài đến 31/12/2025, sau ngày đơn vị hết hiệu lực (30/09/2025)"),
    (entry(TWO_PARENTS.replace("to: 2025-06-30", "to: 2025-06-31")), 10,
     "ngày «to» của đơn vị cấp trên không hợp lệ"),
    (entry(TWO_PARENTS.replace("name: tỉnh Quảng Ngãi", "name: Quảng Ngãi")), 11,
     "phải bắt đầu bằng loại đơn vị (quận, huyện, thị xã, thành phố, tỉnh)"),
    (entry("    parent: UBND thị xã Đức Phổ\n"), 8, "phải bắt đầu bằng loại đơn vị"),
    (entry(TWO_PARENTS.replace("        to: 2025-06-30\n", "        to: 2025-06-30\n        tu: 2020-01-01\n")), 11,
     "Khóa «tu» không hợp lệ trong «parent»; các khóa được dùng: name, from, to"),
    (entry(kind="huyện"), 3, "slug của đơn vị loại «huyện» phải bắt đầu bằng «huyen-»"),
    (entry(kind="đặc khu"), 3, "phải bắt đầu bằng «dac-khu-»"),
    (entry(kind="khu phố"), 4, "loại đơn vị không hợp lệ; chỉ nhận: phường, xã, thị trấn, đặc khu (cấp xã); "
                               "quận, huyện, thị xã, thành phố, tỉnh (cấp huyện, cấp tỉnh)"),
])
def test_units_yaml_errors_name_file_line_and_what_to_do(tmp_path, text, row, phrase):
    units, problems = write(tmp_path, text)
    assert units == {}
    [p] = problems
    assert p.is_error and p.file.endswith("units.yaml") and p.row == row, (p.row, p.message)
    assert phrase in p.message, p.message


def test_stale_parent_named_in_recipients_is_found():
    texts = ["UBND thị xã Đức Phổ", "Phòng Nội vụ thị xã", "Sở Nội vụ tỉnh Quảng Ngãi", "Lưu: VT."]
    assert stale_parent_mentions(WARD, D(2024, 12, 14), texts) == []  # then the thị xã was the parent
    found = stale_parent_mentions(WARD, D(2025, 10, 31), texts)
    assert found == [
        "«UBND thị xã Đức Phổ» nêu thị xã Đức Phổ, nhưng thị xã Đức Phổ chỉ là đơn vị cấp trên của phường Nguyễn "
        "Nghiêm đến ngày 30/06/2025; ngày 31/10/2025 đơn vị cấp trên là tỉnh Quảng Ngãi (params/units.yaml).",
        "«Phòng Nội vụ thị xã» nêu thị xã Đức Phổ, nhưng thị xã Đức Phổ chỉ là đơn vị cấp trên của phường Nguyễn "
        "Nghiêm đến ngày 30/06/2025; ngày 31/10/2025 đơn vị cấp trên là tỉnh Quảng Ngãi (params/units.yaml).",
    ]
