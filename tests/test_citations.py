"""cchc.citations: the one grammar of `{vb:...}` placeholders, shared by validation and rendering.

The property that matters: whatever validation accepts renders (no raw `{vb:` left in the report),
and whatever cannot render is refused by validation with a Vietnamese message naming the file
and the key.
"""
from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from cchc import citations
from cchc.load import load, validate_unit_year
from conftest import TINY_SLUG, TINY_YEAR

pytestmark = pytest.mark.fast

COLUMNS = ["so_ky_hieu", "ngay_ban_hanh", "loai", "trich_yeu", "co_quan_ban_hanh", "linh_vuc_cchc", "la_qppl"]
ROWS = [
    ("10/QĐ-UBND", "2023-01-10", "Quyết định", "ban hành Kế hoạch cải cách hành chính năm 2023", "", "chi_dao", False),
    ("19/KH-UBND", "2023-03-02", "Kế hoạch", "tuyên truyền cải cách hành chính năm 2023", "", "tuyen_truyen", False),
    ("10/QĐ-UBND", "2022-01-06", "Quyết định", "ban hành Quy chế chi tiêu nội bộ", "", "tai_chinh_cong", False),
]
KH_19 = "Kế hoạch số 19/KH-UBND ngày 02/3/2023 về tuyên truyền cải cách hành chính năm 2023"
QD_10_2023 = "Quyết định số 10/QĐ-UBND ngày 10/01/2023 về ban hành Kế hoạch cải cách hành chính năm 2023"


def register() -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=COLUMNS)
    df["ngay_ban_hanh"] = pd.to_datetime(df["ngay_ban_hanh"]).astype("datetime64[ns]")
    return df


def accepted(text: str, documents: pd.DataFrame) -> bool:
    """What validation says of a paragraph (params.read_report_params + params.check_citations)."""
    return not citations.unclosed(text) and not citations.check(text, documents)


# --- parsing -------------------------------------------------------------------------------------

def test_parse_reads_number_and_date_text():
    text = "Theo {vb:19/KH-UBND} và {vb: 10/QĐ-UBND @ 10/01/2023 } và {vb:10/QĐ-UBND@}."
    assert citations.parse(text) == [
        citations.Citation("{vb:19/KH-UBND}", "19/KH-UBND", None),
        citations.Citation("{vb: 10/QĐ-UBND @ 10/01/2023 }", "10/QĐ-UBND", "10/01/2023"),
        citations.Citation("{vb:10/QĐ-UBND@}", "10/QĐ-UBND", ""),
    ]
    assert citations.parse("Không có trích dẫn.") == []


def test_unclosed_fragments():
    assert citations.unclosed("Theo {vb:19/KH-UBND") == ["{vb:19/KH-UBND"]
    assert citations.unclosed("Theo {vb:19/KH-UBND và {vb:10/QĐ-UBND}") == ["{vb:19/KH-UBND và {"]
    assert citations.unclosed("Theo {vb:19/KH-UBND}.") == []


# --- lookup --------------------------------------------------------------------------------------

@pytest.mark.parametrize("number,on", [
    ("19/KH-UBND", None), ("19/kh-ubnd", None), (" 19/KH-UBND ", None),
    ("10/QĐ-UBND", "2023-01-10"), ("10/qđ-ubnd", "10/01/2023"), ("10/QĐ-UBND", "10/1/2023"),
    (unicodedata.normalize("NFD", "10/QĐ-UBND"), dt.date(2023, 1, 10)),
    ("10/QĐ-UBND", pd.Timestamp("2023-01-10")),
])
def test_find_matches_case_and_normal_form_and_both_date_forms(number, on):
    row = citations.find(register(), number, on)
    assert row["so_ky_hieu"] in ("19/KH-UBND", "10/QĐ-UBND")
    if on is not None:
        assert row["ngay_ban_hanh"] == pd.Timestamp("2023-01-10")


def test_find_failures_have_both_wordings():
    with pytest.raises(citations.DocumentNotFound) as err:
        citations.find(register(), "10/QĐ-UBND")
    assert isinstance(err.value, KeyError)
    assert str(err.value) == ("Có 2 văn bản số 10/QĐ-UBND trong sổ văn bản (ngày 06/01/2022, 10/01/2023); "
                              "ghi rõ ngày ban hành, ví dụ {vb:10/QĐ-UBND@2022-01-06}.")
    assert err.value.check_message == ("có 2 văn bản cùng số 10/QĐ-UBND (ngày 2022-01-06, 2023-01-10); ghi thêm "
                                       "ngày ban hành, ví dụ {vb:10/QĐ-UBND@2022-01-06}.")
    with pytest.raises(citations.DocumentNotFound) as err:
        citations.find(register(), "19/KH-UBND", "03/03/2023")
    assert str(err.value) == "Không tìm thấy văn bản số 19/KH-UBND ngày 03/3/2023 trong sổ văn bản."
    assert err.value.check_message == "không có văn bản số 19/KH-UBND ngày 03/03/2023 trong sổ văn bản."
    with pytest.raises(citations.DocumentNotFound) as err:
        citations.find(register(), "19/KH-UBND", "03-2023")
    assert err.value.check_message.startswith("ngày «03-2023» sau dấu @ không hợp lệ")
    with pytest.raises(citations.DocumentNotFound) as err:
        citations.find(register(), "  ")
    assert "thiếu số ký hiệu" in str(err.value)


def test_report_narrative_renders_with_the_validators_grammar():
    # The report's narrative goes through the same module validation uses (once two lookups
    # disagreed on case: a lower-case number passed validation, then the notebook raised).
    from types import SimpleNamespace

    from cchc.unit_report import Report
    narrative = {"direction": ["Theo {vb:19/kh-ubnd} và {vb: 10/qđ-ubnd @ 10/01/2023}."]}
    uy = SimpleNamespace(params=SimpleNamespace(narrative=narrative), documents=register(), unit=None, indicators={})  # what narrative() reads
    text = Report(uy).narrative("direction")
    assert text == [f"Theo {KH_19} và {QD_10_2023}."]


# --- the property: accepted <=> renders ----------------------------------------------------------

OPENINGS = ["{vb:", "{vb: ", "{VB:"]
NUMBERS = ["19/KH-UBND", "19/kh-ubnd", "10/QĐ-UBND", "10/qđ-ubnd", unicodedata.normalize("NFD", "10/QĐ-UBND"),
           "99/KH-UBND", ""]
DATES = ["", "@2023-01-10", "@10/01/2023", " @ 2023-01-10", "@ 10/1/2023", "@2023-03-02", "@02/03/2023",
         "@2023-03-03", "@03-2023", "@abc", "@"]
CLOSINGS = ["}", " }", "", " và {vb:19/KH-UBND}"]


def test_every_accepted_form_renders_and_every_refused_form_cannot():
    documents = register()
    n_accepted = 0
    for opening, number, date, closing in itertools.product(OPENINGS, NUMBERS, DATES, CLOSINGS):
        text = f"Theo {opening}{number}{date}{closing}."
        if accepted(text, documents):
            n_accepted += 1
            out = citations.resolve_placeholders(text, documents)
            assert "{vb:" not in out.casefold(), text
            assert out.startswith("Theo Kế hoạch số 19/KH-UBND") or out.startswith("Theo Quyết định số 10/QĐ-UBND"), \
                (text, out)
        elif not citations.unclosed(text):  # refused by the lookup: rendering raises, never prints it raw
            with pytest.raises(KeyError):
                citations.resolve_placeholders(text, documents)
    assert n_accepted >= 40  # the grid does exercise the accepted forms


@pytest.mark.parametrize("form,expected", [
    ("{vb:10/QĐ-UBND@10/01/2023}", QD_10_2023),
    ("{vb:10/QĐ-UBND @ 2023-01-10}", QD_10_2023),
    ("{vb:10/qđ-ubnd@2023-01-10}", QD_10_2023),
    ("{vb:19/kh-ubnd}", KH_19),
])
def test_forms_of_issue_13_render(form, expected):
    assert accepted(form, register())
    assert citations.resolve_placeholders(form, register()) == expected


# --- through validation and loading (files on disk) ----------------------------------------------

def _params(root):
    return root / "params" / str(TINY_YEAR) / f"{TINY_SLUG}.yaml"


def _rewrite(root, new_direction: str):
    path = _params(root)
    text = path.read_text(encoding="utf-8")
    old = "{vb:10/QĐ-UBND@2023-01-10}"
    assert old in text
    path.write_text(text.replace(old, new_direction), encoding="utf-8")


@pytest.mark.parametrize("form", ["{vb:10/QĐ-UBND@10/01/2023}", "{vb:10/QĐ-UBND @ 2023-01-10}",
                                  "{vb:10/qđ-ubnd@2023-01-10}"])
def test_accepted_form_loads_and_the_report_prints_the_citation(tiny_root, form):
    from cchc.unit_report import Report

    _rewrite(tiny_root, form)
    uy = load(TINY_SLUG, TINY_YEAR)
    paragraphs = Report(uy, None).narrative("direction")
    assert paragraphs == [
        "UBND phường đã ban hành Quyết định số 10/QĐ-UBND ngày 10/01/2023 về ban hành Kế hoạch cải cách hành "
        "chính năm 2023."]


@pytest.mark.parametrize("form,phrase", [
    ("{vb:10/QĐ-UBND@10-2023}", "sau dấu @ không hợp lệ"),
    ("{vb:10/QĐ-UBND@2023-01-11}", "không có văn bản số 10/QĐ-UBND ngày 11/01/2023"),
    ("{vb:10/qđ-ubnd}", "có 2 văn bản cùng số 10/qđ-ubnd"),
    ("{vb:}", "thiếu số ký hiệu"),
    ("{vb:10/QĐ-UBND@2023-01-10", "thiếu dấu «}»"),
])
def test_form_that_cannot_render_is_refused_naming_file_and_key(tiny_root, form, phrase):
    _rewrite(tiny_root, form)
    unit_year, problems = validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert unit_year is None
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1, [str(p) for p in errors]
    p = errors[0]
    assert p.file == f"params/{TINY_YEAR}/{TINY_SLUG}.yaml"
    assert "narrative.direction" in p.message and phrase in p.message, p.message
    assert p.row is not None


# --- issue 11: the property through files on disk, every field a citation may be written in ------

def _add_document(root, number, day, kind="Quyết định", subject="ban hành Quy chế chi tiêu nội bộ"):
    from conftest import read_rows, write_rows

    path = root / "data" / str(TINY_YEAR) / TINY_SLUG / "van-ban.csv"
    header, rows = read_rows(path)
    rows.append([number, day, kind, subject, "", "Tài chính công", "Không"])
    write_rows(path, header, rows)


# A document of the year before, cited with its date the way the issue wrote it, and others.
DISK_FORMS = ["{vb:07/QĐ-UBND@13/01/2022}", "{vb:07/QĐ-UBND @ 2022-01-13}", "{vb:07/qđ-ubnd}", "{VB:07/QĐ-UBND}",
              "{vb:07/QĐ-UBND@13/1/2022}", "{vb:07/QĐ-UBND@14/01/2022}", "{vb:07/QĐ-UBND@2022-13-01}",
              "{vb:10/QĐ-UBND}", "{vb:10/QĐ-UBND@06/01/2022}", "{vb:08/QĐ-UBND}", "{vb: }", "{vb:07/QĐ-UBND"]
QD_07 = "Quyết định số 07/QĐ-UBND ngày 13/01/2022 về ban hành Quy chế chi tiêu nội bộ"


@pytest.mark.parametrize("form", DISK_FORMS)
@pytest.mark.parametrize("where", ["narrative", "target"])
def test_what_validation_accepts_renders_and_what_it_refuses_never_loads(tiny_root, form, where):
    from cchc.prose.findings import target_phrase
    from cchc.unit_report import Report

    _add_document(tiny_root, "07/QĐ-UBND", "13/01/2022")
    path = _params(tiny_root)
    text = path.read_text(encoding="utf-8")
    if where == "narrative":
        text = text.replace('"Triển khai {vb:19/KH-UBND}."', f'"Triển khai {form}."')
    else:
        text = text.replace("  on_time: 0.95", f'  on_time:\n    value: 0.95\n    document: "{form}"')
    path.write_text(text, encoding="utf-8")
    unit_year, problems = validate_unit_year(TINY_SLUG, TINY_YEAR)
    errors = [p for p in problems if p.is_error]
    if unit_year is None:  # refused: by the params file, naming it and the line
        assert errors and all(p.file == f"params/{TINY_YEAR}/{TINY_SLUG}.yaml" and p.row for p in errors), errors
        return
    assert not errors
    report = Report(unit_year, None)
    if where == "narrative":
        [para] = report.narrative("communication")
        assert "{" not in para and "vb:" not in para.casefold(), para
        assert para.startswith("Triển khai Quyết định số"), para
    else:
        phrase = target_phrase(unit_year.params.targets["on_time"], unit_year.documents)
        assert phrase.startswith("chỉ tiêu 95% tại Quyết định số") and "{" not in phrase, phrase


def test_the_form_of_issue_11_is_accepted_and_printed_as_a_citation(tiny_root):
    _add_document(tiny_root, "07/QĐ-UBND", "13/01/2022")
    path = _params(tiny_root)
    path.write_text(path.read_text(encoding="utf-8").replace("{vb:19/KH-UBND}", "{vb:07/QĐ-UBND@13/01/2022}"),
                    encoding="utf-8")
    from cchc.unit_report import Report

    unit_year, problems = validate_unit_year(TINY_SLUG, TINY_YEAR)
    assert unit_year is not None, [str(p) for p in problems]
    assert Report(unit_year, None).narrative("communication") == [f"Triển khai {QD_07}."]


@pytest.mark.parametrize("field", ["basis", "addressee"])
def test_a_citation_outside_the_narrative_is_refused_or_rendered(tiny_root, field):
    from cchc.unit_report import Report

    _add_document(tiny_root, "07/QĐ-UBND", "13/01/2022")
    path = _params(tiny_root)
    text = path.read_text(encoding="utf-8")
    old, new = {"basis": ('basis: "Thực hiện', 'basis: "{vb:07/QĐ-UBND@13/01/2022} Thực hiện'),
                "addressee": ("addressee: Phòng Nội vụ thị xã",
                              'addressee: "{vb:07/QĐ-UBND@13/01/2022} Phòng Nội vụ thị xã"')}[field]
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    unit_year, problems = validate_unit_year(TINY_SLUG, TINY_YEAR)
    if unit_year is None:  # refused, for the citation: fine
        assert any(field in p.message and "trích dẫn" in p.message for p in problems if p.is_error), problems
        return
    report = Report(unit_year, None)
    printed = " ".join(map(str, report.intro())) + str(report.document_header())
    assert "{vb:" not in printed


HOSTILE_TEXTS = ["{vb:" + " " * 20_000, "{vb:1" + " " * 10_000 + "@" + " " * 10_000, "{vb:" + " " * 20_000 + "}",
                 "{vb:" * 5_000, ("{vb:" + "x " * 50) * 200, "{vb:19/KH-UBND@" + "\t " * 5_000 + "}"]


def test_the_grammar_reads_long_hostile_text_in_linear_time():
    # With `\s*` around its groups the pattern backtracked cubically: "{vb:" and 600 spaces took
    # 30 s, 20 000 would take days. A child process, so that the old pattern fails on the timeout.
    import subprocess
    import sys

    child = (f"import time\nfrom cchc import citations\nfrom test_citations import register\n"
             f"for text in {HOSTILE_TEXTS!r}:\n"
             "    t = time.perf_counter()\n"
             "    citations.parse(text), citations.is_citation(text), citations.unclosed(text)\n"
             "    citations.check(text, register())\n"
             "    assert time.perf_counter() - t < 1.0, len(text)\n")
    proc = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parent)
    assert proc.returncode == 0, proc.stderr[-2000:]


# ---- a period over two years reads two document registers ------------------------------------------

def _two_registers(same_file: bool = False):
    import pandas as pd

    from cchc.schema import SOURCE_FILE

    files = ["data/2024/x/van-ban.csv"] * 2 if same_file else ["data/2023/x/van-ban.csv", "data/2024/x/van-ban.csv"]
    return pd.DataFrame({"so_ky_hieu": ["08/KH-UBND", "08/KH-UBND"],
                         "ngay_ban_hanh": pd.to_datetime(["2023-02-16", "2024-01-09"]),
                         SOURCE_FILE: files})


def test_a_bare_number_names_the_newest_registers_document():
    from cchc import citations

    assert citations.find(_two_registers(), "08/KH-UBND")["ngay_ban_hanh"].date().isoformat() == "2024-01-09"
    older = citations.find(_two_registers(), "08/KH-UBND", "2023-02-16")
    assert older["ngay_ban_hanh"].date().isoformat() == "2023-02-16"  # a date still picks the older one


def test_a_number_repeated_within_one_register_stays_ambiguous():
    from cchc import citations

    with pytest.raises(citations.DocumentNotFound, match="ghi rõ ngày ban hành"):
        citations.find(_two_registers(same_file=True), "08/KH-UBND")
