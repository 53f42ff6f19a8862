"""Typography of the printed report, read back from the PDFs of the sample build with poppler.

- a document number ("45/QĐ-UBND", "01/2023/QĐ-UBND"), a date ("06/12/2023") or a number with its
  unit ("3.956 hồ sơ") is never split across two lines;
- a table caption or a heading is never the last line of a page (it stays with what it heads);
- the signature block never stands alone: the page with the signer's name also holds the end of
  the closing paragraph ("Trên đây là báo cáo …") and the "Nơi nhận" list.

The detectors work on `pdftotext -layout` output and are plain functions, so
`python tests/test_typography.py output/` prints the counts for any build.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

INSTALL_HINT = "install the system tools: apt-get install chromium poppler-utils (see README.md)"

# Table captions the report prints (unit_report.py); the checks table's caption is reviewers' only.
CAPTIONS = (
    "Tình hình giải quyết TTHC theo lĩnh vực (mẫu Biểu II.06a/VPCP/KSTT)",
    "Cơ cấu trình độ chuyên môn",
    "Cơ cấu trình độ lý luận chính trị",
    "Cơ cấu trình độ văn hóa",
    "Chỉ số phục vụ người dân, doanh nghiệp (đơn vị tự đánh giá từ sổ sách)",
)
# Lines that introduce what follows: outline headings ("I. …", "2.1. …") and bold lead-ins ("* Kết quả …").
_HEADING = re.compile(r"^(?:(?:[IVX]+|\d+(?:\.\d+)*)\.?\s(\w)|\*\s)")


def is_heading(line: str) -> bool:
    """'2.1. Cải cách …', 'III. ĐÁNH GIÁ CHUNG', '* Kết quả …' (not a table row: those have column gaps)."""
    m = _HEADING.match(line)
    return bool(m) and "   " not in line and (m.group(1) is None or m.group(1).isupper())

_CODE = r"[A-ZĐ][A-ZĐ0-9]*"
# "45/" | "QĐ-UBND", "01/2023/" | "QĐ-UBND", "01/" | "2023/QĐ-UBND", "45/QĐ-" | "UBND"
_DOC_SPLITS = (
    (re.compile(r"(?<![\w/])\d+/(?:\d{4}/)?$"), re.compile(rf"^(?:\d{{4}}/)?{_CODE}(?:-{_CODE})*\b")),
    (re.compile(rf"(?<![\w/])\d+/(?:\d{{4}}/)?{_CODE}(?:-{_CODE})*-$"), re.compile(rf"^{_CODE}\b")),
)
# "06/" | "12/2023", "06/12/" | "2023"
_DATE_SPLIT = (re.compile(r"(?<![\w/.,])\d{1,2}/(?:\d{1,2}/)?$"), re.compile(r"^\d{1,4}(?:/\d{4})?\b"))
# "3.956" | "hồ sơ"
_UNITS = r"hồ sơ|người|cán bộ|công chức|vị trí|chữ ký|đồng|lượt|máy|văn bản|điểm phần trăm|%|đ\b"
_UNIT_SPLIT = (re.compile(r"(?<![\w/.,])\d[\d.,]*$"), re.compile(rf"^(?:{_UNITS})"))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found; {INSTALL_HINT}", pytrace=False)
    return path


def pages_text(pdf: Path) -> list[list[str]]:
    """The non-empty lines of each page (`pdftotext -layout`), without the page number at the top."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, encoding="utf-8", timeout=60, check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    result = []
    for n, page in enumerate(pages, start=1):
        lines = [l.strip() for l in page.splitlines() if l.strip()]
        if lines and lines[0] == str(n):
            lines = lines[1:]
        result.append(lines)
    return result


def _pairs(pages: list[list[str]]):
    """(line, next line, page number) over the whole document, across page breaks too."""
    flat = [(line, n) for n, lines in enumerate(pages, start=1) for line in lines]
    for (a, n), (b, _) in zip(flat, flat[1:]):
        yield a, b, n


def split_tokens(pages: list[list[str]]) -> dict[str, list[str]]:
    """Document numbers, dates and number+unit split across lines: {"doc": [...], "date": [...], "unit": [...]}."""
    found = {"doc": [], "date": [], "unit": []}
    for a, b, n in _pairs(pages):
        if any(end.search(a) and start.match(b) for end, start in _DOC_SPLITS):
            found["doc"].append(f"p.{n}: …{a[-25:]} | {b[:25]}…")
        elif _DATE_SPLIT[0].search(a) and _DATE_SPLIT[1].match(b):
            found["date"].append(f"p.{n}: …{a[-25:]} | {b[:25]}…")
        elif _UNIT_SPLIT[0].search(a) and _UNIT_SPLIT[1].match(b):
            found["unit"].append(f"p.{n}: …{a[-25:]} | {b[:25]}…")
    return found


def loose_lines(pages: list[list[str]]) -> list[str]:
    """Justified lines stretched far beyond normal ("có      số      hóa      TPHS:"): every gap between
    words is wide and about the same. (A table row has numbers, single spaces inside its cells, or
    uneven gaps.) WeasyPrint breaks such a line too early when a space precedes an inline box
    (Kozea/WeasyPrint#2025, #1614); `cchc.render.nobreak` works around it."""
    found = []
    for n, lines in enumerate(pages, start=1):
        for line in lines:
            words, gaps = line.split(), re.findall(r" +", line)
            widths = [len(g) for g in gaps]  # justification spreads them evenly; table columns do not
            if (len(words) >= 5 and min(widths) >= 4 and max(widths) <= 1.6 * min(widths)
                    and sum(any(c.isalpha() for c in w) for w in words) > len(words) / 2):
                found.append(f"p.{n}: {_squash(line)!r}")
    return found


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def stranded_captions(pages: list[list[str]]) -> list[str]:
    """Pages (but the last) whose last line is (the end of) a table caption or a heading."""
    found = []
    for n, lines in enumerate(pages[:-1], start=1):
        if not lines:
            continue
        last = _squash(lines[-1])
        tail2 = _squash(" ".join(lines[-2:]))
        if any(c.endswith(last) or c == tail2 or c.endswith(tail2) for c in CAPTIONS):
            found.append(f"p.{n}: caption {last!r}")
        elif is_heading(last) or (len(lines) > 1 and is_heading(lines[-2]) and not last.endswith((".", ";"))
                                  and len(last) < 40 and "   " not in last):
            found.append(f"p.{n}: heading {last!r}")
    return found


def lonely_signature(pages: list[list[str]], signer: str, closing: str) -> list[str]:
    """The page with the signer's name must also hold "Nơi nhận:" and, above it, the end of the
    closing paragraph `closing` ("Trên đây là báo cáo …")."""
    where = [n for n, lines in enumerate(pages, start=1) if any(signer in l for l in lines)]
    if not signer or not where:
        return [f"signer {signer!r} not found"]
    n = where[-1]
    lines = pages[n - 1]
    at = next((i for i, l in enumerate(lines) if l.startswith("Nơi nhận:")), None)
    if at is None:
        return [f"p.{n}: no 'Nơi nhận:' with the signature"]
    above = _squash(" ".join(lines[:at]))
    if not above or not _squash(closing).endswith(above[-60:]):
        return [f"p.{n}: the closing paragraph does not end on the signature's page"]
    return []


def _end_texts(html: Path) -> tuple[str, str]:
    """(signer's name, closing paragraph) as the report's HTML has them."""
    import html as html_lib

    text = html.read_text(encoding="utf-8")
    signer = re.search(r'<p class="cchc-sign-name">([^<]*)</p>', text)
    closing = re.search(r'<p class="cchc-closing">(.*?)</p>', text, re.S)
    plain = lambda m: html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else ""
    return plain(signer), plain(closing)


def report_pdfs(output: Path) -> list[Path]:
    return sorted(p for p in Path(output).glob("*/*/bao-cao-cchc-*.pdf"))


def scan(output: Path) -> dict[str, list[str]]:
    found = {"doc": [], "date": [], "unit": [], "loose": [], "caption": [], "heading": [], "signature": []}
    for pdf in report_pdfs(output):
        pages = pages_text(pdf)
        name = f"{pdf.parent.parent.name}/{pdf.parent.name}"
        for kind, items in split_tokens(pages).items():
            found[kind] += [f"{name} {i}" for i in items]
        found["loose"] += [f"{name} {i}" for i in loose_lines(pages)]
        for item in stranded_captions(pages):
            found["heading" if ": heading " in item else "caption"].append(f"{name} {item}")
        signer, closing = _end_texts(pdf.with_suffix(".html"))
        found["signature"] += [f"{name} {i}" for i in lonely_signature(pages, signer, closing)]
    return found


# ---- tests on the sample build ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_scan(built_sample):
    _tool("pdftotext")
    pdfs = report_pdfs(built_sample)
    assert len(pdfs) >= 6, pdfs
    return scan(built_sample)


def test_detectors_find_splits_in_a_pdf_text():
    # What the sample build printed before the fix (issue 8): the detectors must see these.
    pages = [["Trong năm 2023, UBND phường đã ban hành các văn bản: Quyết định số 45/",
              "QĐ-UBND ngày 15/3/2023 về kiện toàn Bộ phận Tiếp nhận và Trả kết quả theo cơ",
              "Quyết định số 01/2023/", "QĐ-UBND ngày 06/12/", "2023 tiếp nhận 3.956", "hồ sơ; tổng 10.282.000",
              "đ."],
             ["* Kết quả giải quyết TTHC từ đầu năm đến nay (01/01/2023 –", "06/12/2023)",
              "Tình hình giải quyết TTHC theo lĩnh vực (mẫu Biểu II.06a/VPCP/KSTT)"],
             ["Lĩnh vực  Tổng số", "Trên đây là báo cáo kết quả …", "Nơi nhận:      TM. ỦY BAN NHÂN DÂN",
              "- Như trên;    CHỦ TỊCH"],
             ["Đỗ Ngọc Thìn"]]
    found = split_tokens(pages)
    assert len(found["doc"]) == 2 and len(found["date"]) == 1 and len(found["unit"]) == 2, found
    assert stranded_captions(pages) == ["p.2: caption 'Tình hình giải quyết TTHC theo lĩnh vực (mẫu Biểu II.06a/VPCP/KSTT)'"]
    closing = "Trên đây là báo cáo kết quả …"
    assert lonely_signature(pages, "Đỗ Ngọc Thìn", closing) == ["p.4: no 'Nơi nhận:' with the signature"]
    alone = pages[:3] + [["Nơi nhận:  CHỦ TỊCH", "Đỗ Ngọc Thìn"]]
    assert lonely_signature(alone, "Đỗ Ngọc Thìn", closing) == [
        "p.4: the closing paragraph does not end on the signature's page"]
    assert lonely_signature(pages[:2] + [pages[2] + ["Đỗ Ngọc Thìn"]], "Đỗ Ngọc Thìn", "x") == [
        "p.3: the closing paragraph does not end on the signature's page"]  # table text above it
    together = pages[:2] + [pages[2][1:] + ["Đỗ Ngọc Thìn"]]
    assert lonely_signature(together, "Đỗ Ngọc Thìn", closing) == []


def test_no_document_number_date_or_quantity_split_across_lines(sample_scan):
    assert sample_scan["doc"] == []
    assert sample_scan["date"] == []
    assert sample_scan["unit"] == []


def test_no_caption_or_heading_ends_a_page(sample_scan):
    assert sample_scan["caption"] == []
    assert sample_scan["heading"] == []


def test_signature_block_never_alone(sample_scan):
    assert sample_scan["signature"] == []


if __name__ == "__main__":  # python tests/test_typography.py output/  -> counts and examples
    result = scan(Path(sys.argv[1] if len(sys.argv) > 1 else "output"))
    for kind, items in result.items():
        print(f"{kind}: {len(items)}")
        for i in items[:8]:
            print("   ", i)
