"""Import profiles (cchc.profiles): scoped value maps, conflicts with file and line, offset datetimes,
missing columns with and without a constant, unknown values naming the profile line to add."""
from __future__ import annotations

import pandas as pd
import pytest

from cchc import profiles, schema
from cchc.load import Context, validate_unit_period
from cchc.registers import type_register
from cchc.model import Unit
from cchc.readers import read_table

from conftest import TINY_SLUG, TINY_TABLES, TINY_YEAR, TINY_UNITS, write_rows

pytestmark = pytest.mark.fast

HEADER, ROWS = TINY_TABLES["ho-so"]


def write_profile(root, name, text):
    folder = root / "params" / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def renamed(rename: dict[str, str], values: dict[str, dict[str, str]] | None = None):
    """The tiny dossier register with some headers renamed and some cells recoded."""
    header = [rename.get(h, h) for h in HEADER]
    rows = [list(r) for r in ROWS]
    for column, table in (values or {}).items():
        i = HEADER.index(column)
        for r in rows:
            r[i] = table.get(r[i], r[i])
    return header, rows


@pytest.fixture
def root(tmp_path, monkeypatch):
    """An empty project: params/ only."""
    monkeypatch.setenv("CCHC_ROOT", str(tmp_path))
    (tmp_path / "params").mkdir()
    return tmp_path


def unit(slug, profile):
    return Unit(code="1", slug=slug, kind="xã", name=slug, parent=None, province="Quảng Ngãi",
                valid_from=pd.Timestamp("2020-01-01").date(), profile=profile)


# --- value maps are scoped ---------------------------------------------------------------------

def test_a_value_map_of_one_profile_cannot_change_another_profiles_data(root):
    """Two exports write the digitisation flag "1": one means yes, the other no. Each unit reads
    its own profile's meaning; neither map leaks into the other unit's data (issue 10)."""
    write_profile(root, "he-thong-a", """\
registers:
  ho-so:
    columns:
      Đã số hóa TPHS: soHoaA
    values:
      Đã số hóa TPHS: {"1": Có, "2": Không}
""")
    write_profile(root, "he-thong-b", """\
registers:
  ho-so:
    columns:
      Đã số hóa TPHS: soHoaB
    values:
      Đã số hóa TPHS: {"1": Không, "0": Có}
""")
    found, problems = profiles.read_profiles()
    assert problems == []
    context = Context({"xa-a": unit("xa-a", "he-thong-a"), "xa-b": unit("xa-b", "he-thong-b"),
                       "xa-c": unit("xa-c", None)}, found, [])
    files = {}
    for slug, column in (("xa-a", "soHoaA"), ("xa-b", "soHoaB")):
        header, rows = renamed({"Đã số hóa TPHS": column}, {"Đã số hóa TPHS": {"Có": "1", "Không": "1"}})
        files[slug] = write_rows(root / "data" / "2023" / slug / "ho-so.csv", header, rows)

    def read(slug, path):  # the loader's steps: the unit's mapping of the file, then the typing
        table = read_table(path)
        mapping = context.mapping(slug, schema.DOSSIERS, list(table.columns), path)
        mapped, problems = mapping.apply(table)
        frame, typing = type_register(mapped, schema.DOSSIERS, path.name)
        assert not [p for p in mapping.header_problems + problems + typing if p.is_error]
        return frame

    typed = {slug: read(slug, path)["da_so_hoa_tphs"] for slug, path in files.items()}
    assert typed["xa-a"].all() and len(typed["xa-a"]) == len(ROWS)
    assert not typed["xa-b"].any()
    # the native layout, read for a unit of profile B, keeps our own "Có"/"Không": no map applies
    native = write_rows(root / "data" / "2023" / "xa-b" / "ho-so-goc.csv", HEADER, ROWS)
    assert read("xa-b", native)["da_so_hoa_tphs"].tolist() == [r[HEADER.index("Đã số hóa TPHS")] == "Có" for r in ROWS]
    # a unit with no profile writing "1" in our own column: the generic yes, whatever B says "1" means
    header, rows = renamed({}, {"Đã số hóa TPHS": {"Có": "1", "Không": "1"}})
    assert read("xa-c", write_rows(root / "data" / "2023" / "xa-c" / "ho-so.csv", header, rows))["da_so_hoa_tphs"].all()


def test_a_flag_map_is_strict_so_an_unlisted_code_is_never_read_as_yes(root):
    path = write_profile(root, "mot-cua", """\
registers:
  ho-so:
    columns:
      Đã số hóa TPHS: soHoa
    values:
      Đã số hóa TPHS:
        "2": Có
""")
    found, problems = profiles.read_profiles()
    assert problems == []
    header, rows = renamed({"Đã số hóa TPHS": "soHoa"}, {"Đã số hóa TPHS": {"Có": "2", "Không": "1"}})
    data = write_rows(root / "ho-so.csv", header, rows)
    table = read_table(data)
    mapping = profiles.mapping_for(found, "mot-cua", schema.DOSSIERS, list(table.columns), data)
    frame, problems = mapping.apply(table)
    [p] = problems
    first = next(i for i, r in enumerate(rows) if r[header.index("soHoa")] == "1") + 2
    assert (p.file, p.row, p.column, p.value) == ("ho-so.csv", first, "soHoa", "1")
    assert "params/profiles/mot-cua.yaml, dòng 6" in p.message  # the line of the column's value map
    assert '"1": <giá trị chuẩn>' in p.message and "«Có», «Không»" in p.message
    assert path.read_text(encoding="utf-8").splitlines()[5].strip() == "Đã số hóa TPHS:"


# --- conflicts are errors with file and line -----------------------------------------------------

@pytest.mark.parametrize("text, line, phrase", [
    ("registers:\n  ho-so:\n    columns:\n      Mã hồ sơ: code\n      mã  HỒ SƠ: soHoSo\n", 5, "khai báo hai lần"),
    ("registers:\n  ho-so:\n    columns:\n      Mã hồ sơ: code\n      Mã hồ sơ: soHoSo\n", 5, "xuất hiện hai lần"),
    ("registers:\n  ho-so:\n    columns:\n      Mã hồ sơ: code\n    ignore:\n      - note\n      - code\n", 7,
     "vừa nằm trong «ignore» vừa được dùng"),
    ("registers:\n  ho-so:\n    values:\n      Kênh nộp:\n        DVC: Trực tuyến\n        dvc: Trực tiếp\n", 6,
     "ánh xạ hai lần"),
    ("registers:\n  ho-so:\n    columns:\n      Tiếp nhận chi tiết: {constant: Có}\n", 4, "cần «meaning:»"),
    ("registers:\n  ho-so:\n    columns:\n      Trạng thái: {constant: Xong, meaning: x}\n", 4,
     "không phải giá trị chuẩn"),
    ("registers:\n  ho-so:\n    columns:\n      Kênh nộp: {sum: [a, b]}\n", 4, "không phải cột số"),
    ("registers:\n  ho-so:\n    columns:\n      Không có cột này: x\n", 4, "không phải tên cột chuẩn"),
    ("registers:\n  ho-so:\n    dates:\n      formats: [dd/MM/yyyy, giờ HH]\n", 4, "không dùng được"),
])
def test_conflicting_or_invalid_keys_name_the_file_and_line(root, text, line, phrase):
    write_profile(root, "xuat", text)
    found, problems = profiles.read_profiles()
    errors = [p for p in problems if p.is_error]
    assert errors, problems
    assert errors[0].file == "params/profiles/xuat.yaml" and errors[0].row == line, errors
    assert phrase in errors[0].message, errors[0].message
    assert "xuat" not in found  # a profile with errors is not used


def test_two_alternatives_present_in_one_file_is_an_error_naming_both(root):
    write_profile(root, "xuat", "registers:\n  ho-so:\n    columns:\n      Mã hồ sơ: [code, soHoSo]\n")
    found, _ = profiles.read_profiles()
    header = ["code", "soHoSo"] + HEADER[1:]
    mapping = profiles.mapping_for(found, "xuat", schema.DOSSIERS, header, root / "ho-so.csv")
    [p] = [p for p in mapping.header_problems if p.is_error]
    assert p.row == 1 and "«code» và «soHoSo»" in p.message and "params/profiles/xuat.yaml, dòng 4" in p.message


def test_a_leftover_alias_map_is_refused_with_how_to_move_it(root):
    (root / "params" / "aliases.yaml").write_text("columns: {}\n", encoding="utf-8")
    _, problems = profiles.read_profiles()
    [p] = problems
    assert p.is_error and p.file == "params/aliases.yaml" and "params/profiles/chuan.yaml" in p.message


# --- dates with an offset -------------------------------------------------------------------------

def test_datetimes_with_an_offset_become_the_vietnam_date():
    s = pd.Series(["2022-11-22T16:15:00.000+07:00", "2022-11-22T17:30:00.000Z", "2022-11-22T23:59:00+0000",
                   "23/11/2022 00:30:00", "", "2022-11-22", "32/11/2022 10:00:00"], dtype="str")
    out, bad = profiles.to_vietnam_dates(s, ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "dd/MM/yyyy HH:mm:ss", "iso"),
                                         "UTC")
    # 17:30 UTC is 00:30 the next day in Vietnam; a time without offset is in the declared zone (UTC)
    assert out.tolist()[:6] == ["2022-11-22", "2022-11-23", "2022-11-23", "2022-11-23", "", "2022-11-22"]
    assert bad.tolist() == [False] * 6 + [True]
    # without declared formats, an offset datetime is still converted; anything else is left to the typing
    out, bad = profiles.to_vietnam_dates(s, (), profiles.VIETNAM)
    assert out[1] == "2022-11-23" and out[3] == "23/11/2022 00:30:00" and not bad.any()


def test_an_offset_datetime_loads_through_the_native_layout(tiny_root):
    path = tiny_root / "data" / str(TINY_YEAR) / TINY_SLUG / "ho-so.csv"
    rows = [list(r) for r in ROWS]
    i = HEADER.index("Ngày tiếp nhận")
    rows[0][i] = "2023-01-02T17:30:00.000Z"  # 00:30 on 03/01/2023 in Vietnam
    write_rows(path, HEADER, rows)
    uy, problems = validate_unit_period(TINY_SLUG, TINY_YEAR)
    assert uy is not None, [str(p) for p in problems if p.is_error]
    assert uy.dossiers.loc[2, "ngay_tiep_nhan"] == pd.Timestamp("2023-01-03")


# --- missing columns, with and without a constant -------------------------------------------------

PROFILE_WITHOUT_CONSTANT = """\
registers:
  ho-so:
    columns:
      Mã hồ sơ: code
"""
PROFILE_WITH_CONSTANT = PROFILE_WITHOUT_CONSTANT + """\
      Tiếp nhận chi tiết:
        constant: Có
        meaning: Phần mềm chỉ lưu hồ sơ tiếp nhận chi tiết.
"""


def _declare(root, profile_text, where="units"):
    """The unit's profile is «xuat», named in units.yaml, or as the project's default."""
    write_profile(root, "xuat", profile_text)
    if where == "units":
        (root / "params" / "units.yaml").write_text(
            TINY_UNITS.replace("    successors: [\"99101\"]\n", "    successors: [\"99101\"]\n    profile: xuat\n", 1),
            encoding="utf-8")
    else:
        (root / "cchc-project.yaml").write_text("import_profile: xuat\n", encoding="utf-8")
    header, rows = renamed({"Mã hồ sơ": "code"})
    i = header.index("Tiếp nhận chi tiết")
    write_rows(root / "data" / str(TINY_YEAR) / TINY_SLUG / "ho-so.csv", header[:i] + header[i + 1:],
               [r[:i] + r[i + 1:] for r in rows])


def test_a_missing_required_column_without_a_constant_is_one_error_naming_the_profile(tiny_root):
    _declare(tiny_root, PROFILE_WITHOUT_CONSTANT)
    uy, problems = validate_unit_period(TINY_SLUG, TINY_YEAR)
    assert uy is None
    [p] = [p for p in problems if p.is_error]
    assert (p.row, p.column) == (1, "Tiếp nhận chi tiết")
    assert "Thiếu cột bắt buộc" in p.message and "params/profiles/xuat.yaml" in p.message
    assert "constant" in p.message


@pytest.mark.parametrize("where", ["units", "project"])
def test_a_missing_column_with_a_constant_loads_and_its_meaning_reaches_the_appendix(tiny_root, where):
    _declare(tiny_root, PROFILE_WITH_CONSTANT, where)
    uy, problems = validate_unit_period(TINY_SLUG, TINY_YEAR)
    assert uy is not None, [str(p) for p in problems if p.is_error]
    assert uy.dossiers["tiep_nhan_chi_tiet"].all()
    assert uy.dossiers["ma_ho_so"].tolist()[:2] == ["HS-001", "HS-002"]
    [note] = uy.notes
    assert "Tiếp nhận chi tiết" in note and "Phần mềm chỉ lưu hồ sơ tiếp nhận chi tiết." in note
    assert "params/profiles/xuat.yaml, dòng 5" in note
    from cchc.unit_report import Report
    assert any("Phần mềm chỉ lưu hồ sơ tiếp nhận chi tiết." in m for m in Report(uy).validation_messages())


# --- recognition from the header row -------------------------------------------------------------

def test_an_unknown_header_names_the_closest_profiles(root):
    write_profile(root, "mot-cua", "registers:\n  ho-so:\n    columns:\n      Mã hồ sơ: code\n"
                                       "      Thủ tục: procedureName\n")
    found, _ = profiles.read_profiles()
    header = ["code", "procedureName", "somethingElse"]
    mapping = profiles.choose(found, schema.DOSSIERS, header, root / "ho-so.csv")
    first = mapping.header_problems[0]
    assert first.is_error and "không khớp hồ sơ nhập nào" in first.message
    assert "«mot-cua» (nhận ra 2/3 cột)" in first.message and "«chuan»" in first.message
    # the project's own layout is recognised first, whatever other profiles say
    assert profiles.choose(found, schema.DOSSIERS, HEADER, root / "ho-so.csv").profile_name == profiles.NATIVE
    # an export whose header fits exactly one profile is read through it; two fitting: ambiguous
    fits = ["code"] + HEADER[1:]
    write_profile(root, "mot-cua", "registers:\n  ho-so:\n    columns:\n      Mã hồ sơ: code\n")
    found, _ = profiles.read_profiles()
    chosen = profiles.choose(found, schema.DOSSIERS, fits, root / "ho-so.csv")
    assert chosen.profile_name == "mot-cua" and chosen.ok
    write_profile(root, "mot-cua-2", "registers:\n  ho-so:\n    columns:\n      Mã hồ sơ: [code, maHoSo]\n")
    found, _ = profiles.read_profiles()
    chosen = profiles.choose(found, schema.DOSSIERS, fits, root / "ho-so.csv")
    first = chosen.header_problems[0]
    assert first.is_error and "khớp nhiều hồ sơ nhập: «mot-cua», «mot-cua-2»" in first.message


def test_a_unit_naming_an_unknown_profile_is_an_error(tiny_root):
    (tiny_root / "params" / "units.yaml").write_text(
        TINY_UNITS.replace("    successors: [\"99101\"]\n", "    successors: [\"99101\"]\n    profile: khong-co\n", 1),
        encoding="utf-8")
    uy, problems = validate_unit_period(TINY_SLUG, TINY_YEAR)
    assert uy is None
    assert any(p.is_error and "«khong-co» không có" in p.message for p in problems)


def test_combinations_sum_first_and_conditions(root):
    write_profile(root, "xuat", """\
registers:
  ho-so:
    columns:
      Số tiền thanh toán (đồng): {sum: [phi, lePhi]}
      Ngày có kết quả: {first: [ngayTra, ngayKetThuc]}
      Thanh toán trực tuyến: {all: [{column: hinhThucTT, in: [trực tuyến]}, {column: daTT, filled: true}]}
      Thu phí, lệ phí: {any: [{column: phi, not_in: ["", "0"]}, {column: lePhi, not_in: ["", "0"]}]}
""")
    found, problems = profiles.read_profiles()
    assert problems == []
    chunk = pd.DataFrame({"phi": ["1000", "", "0", "x"], "lePhi": ["500", "", "2000", ""],
                          "ngayTra": ["", "02/01/2023", "", ""], "ngayKetThuc": ["01/01/2023", "05/01/2023", "", ""],
                          "hinhThucTT": ["Trực Tuyến", "trực tuyến", "Trực tiếp", ""], "daTT": ["x", "", "x", ""]},
                         index=pd.Index([2, 3, 4, 5], name="dong"), dtype="str")
    mapping = profiles.mapping_for(found, "xuat", schema.DOSSIERS, list(chunk.columns), root / "ho-so.csv")
    frame, problems = mapping.apply(chunk)
    assert frame["Số tiền thanh toán (đồng)"].tolist()[:3] == ["1500", "0", "2000"]
    assert frame["Ngày có kết quả"].tolist() == ["01/01/2023", "02/01/2023", "", ""]
    assert frame["Thanh toán trực tuyến"].tolist() == ["Có", "Không", "Không", "Không"]
    assert frame["Thu phí, lệ phí"].tolist() == ["Có", "Không", "Có", "Có"]
    [p] = problems  # "x" is no number
    assert (p.row, p.column, p.value) == (5, "phi", "x") and "params/profiles/xuat.yaml, dòng 4" in p.message
    # chunk by chunk: the same rows in two chunks give the same frame
    halves = [mapping.apply(chunk.iloc[:2])[0], mapping.apply(chunk.iloc[2:])[0]]
    assert pd.concat(halves).equals(frame)


def test_the_shipped_profiles_are_valid():
    from cchc import paths
    found, problems = profiles.read_profiles(paths.CODE_ROOT / "params" / "profiles")
    assert [p for p in problems if p.is_error] == []
    assert {"chuan", "mot-cua-igate"} <= set(found)
    # the former alias map is folded into the native profile, per register
    native = found["chuan"].registers
    assert "Số hồ sơ" in native["ho-so"].targets["Mã hồ sơ"].sources
    assert native["ho-so"].values["Kênh nộp"]["bcci"] == "Bưu chính"
    assert "Kênh nộp" not in native["van-ban"].values

