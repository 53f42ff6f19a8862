"""The built reports as a reader meets them: HTML in real headless Chromium, PDF through poppler.

Uses the session build of conftest (E2E_UNITS x E2E_YEARS). Chromium and poppler-utils are
required: without them these tests fail (never skip), since they are the only proof that the
document renders. Screenshots go to a pytest tmp dir, and also to output/screenshots/ when the
env var CCHC_SCREENSHOTS is set.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import CHECKOUT, E2E_UNITS, E2E_YEARS, outline

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic"]
INSTALL_HINT = "install the system tools: apt-get install chromium poppler-utils (see README.md)"

SEED, SMALL = "phuong-nguyen-nghiem", "xa-pho-thuan"
UPPER_NAMES = {"phuong-nguyen-nghiem": "PHƯỜNG NGUYỄN NGHIÊM", "phuong-pho-thanh": "PHƯỜNG PHỔ THẠNH",
               "xa-pho-thuan": "XÃ PHỔ THUẬN"}
UNIT_YEARS = [(u, y) for y in E2E_YEARS for u in E2E_UNITS]
SHOT_YEARS = [(SEED, 2023), (SMALL, 2023)]  # phone layout and screenshots: these two (time)


def report(out: Path, slug: str, year: int, ext: str) -> Path:
    return out / str(year) / slug / f"bao-cao-cchc-{slug}-{year}.{ext}"


# ---- Chromium ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found; {INSTALL_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:  # part of the locked set; its absence is a broken environment
        pytest.fail(f"the playwright package is missing from the venv ({e}); run `make .venv/.installed`", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Visit:
    """One page load with everything that went wrong while loading it."""

    def __init__(self, browser, path: Path, phone: bool = False):
        opts = (dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                     device_scale_factor=1) if phone else dict(viewport={"width": 1200, "height": 900}))
        self.context = browser.new_context(offline=True, **opts)  # self-contained: no network needed
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url[:120]}: {r.failure}"))
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def visits(built_sample, browser):
    """Lazy cache: (slug, year, phone) -> Visit, so each page loads once per module."""
    cache: dict = {}

    def get(slug: str, year: int, phone: bool = False) -> Visit:
        key = (slug, year, phone)
        if key not in cache:
            cache[key] = Visit(browser, report(built_sample, slug, year, "html"), phone)
        return cache[key]

    yield get
    for v in cache.values():
        v.close()


@pytest.mark.parametrize("slug,year", UNIT_YEARS)
def test_html_loads_without_errors(visits, slug, year):
    v = visits(slug, year)
    assert v.console_errors == []
    assert v.page_errors == []
    assert v.failed == []
    images = v.page.evaluate(
        "Array.from(document.images).map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0}))")
    assert [i["alt"] for i in images if not i["ok"]] == []  # no broken image
    assert len(images) >= 1  # every report has at least the digitisation chart
    if (slug, year) == (SEED, 2023):
        assert len(images) >= 4


@pytest.mark.parametrize("slug,year", UNIT_YEARS)
def test_nd30_header_visible(visits, slug, year):
    page = visits(slug, year).page
    head = page.locator("header.cchc-head")
    assert head.is_visible()
    lines = [t.strip() for t in head.inner_text().splitlines() if t.strip()]
    assert lines[:2] == ["ỦY BAN NHÂN DÂN", UPPER_NAMES[slug]]
    assert re.fullmatch(r"Số: \d+/BC-UBND", lines[2])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines and "Độc lập - Tự do - Hạnh phúc" in lines
    place = page.locator(".cchc-place-date")
    assert place.is_visible()
    place_text = place.inner_text().strip()
    assert re.fullmatch(rf"{UPPER_NAMES[slug].split()[0].capitalize()} .+, ngày \d\d tháng \d{{1,2}} năm {year}",
                        place_text), place_text
    assert place.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    doc_type = page.get_by_text("BÁO CÁO", exact=True)
    assert doc_type.count() == 1 and doc_type.is_visible()
    if (slug, year) == (SEED, 2023):
        assert lines[2] == "Số: 227/BC-UBND"
        assert place_text == "Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023"


@pytest.mark.parametrize("slug,year", UNIT_YEARS)
def test_every_outline_heading_visible_in_order(visits, slug, year):
    page = visits(slug, year).page
    found = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.cchc-body h1, .cchc-body h2, .cchc-body h3, .cchc-body h4')).map(h => ({
        text: h.innerText.trim(), top: h.getBoundingClientRect().top,
        shown: h.checkVisibility({visibilityProperty: true, opacityProperty: true})}))""")
    by_text = {}
    for h in found:
        by_text.setdefault(h["text"], []).append(h)
    at, problems = float("-inf"), []
    for heading in outline(year):  # each heading visible, and below the previous one
        later = [h for h in by_text.get(heading, []) if h["top"] > at]
        if not later:
            problems.append(f"missing or out of order: {heading}")
            continue
        if not later[0]["shown"]:
            problems.append(f"hidden: {heading}")
        at = later[0]["top"]
    assert problems == []


@pytest.mark.parametrize("slug,year", UNIT_YEARS)
def test_signature_and_recipients(visits, slug, year):
    page = visits(slug, year).page
    assert page.get_by_text("Nơi nhận:", exact=True).is_visible()
    assert page.locator(".cchc-recipients li").count() >= 1
    sign = page.locator(".cchc-signature")
    assert sign.is_visible()
    sign_lines = [t.strip() for t in sign.inner_text().splitlines() if t.strip()]
    assert len(sign_lines) >= 2 and sign_lines[-1]  # title ... name
    assert page.locator(".cchc-sign-name").inner_text().strip() != ""
    if (slug, year) == (SEED, 2023):
        assert sign_lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Ngọc Thìn"]


@pytest.mark.parametrize("slug,year", UNIT_YEARS)
def test_reviewers_band_has_checks_and_hashes(visits, slug, year):
    page = visits(slug, year).page
    band = page.locator("aside.cchc-review-band")
    assert band.is_visible()
    text = band.inner_text()
    assert re.search(r"\d+ phép kiểm tra, \d+ không đạt", text)
    assert band.locator("table").count() >= 2  # the checks and the provenance
    hashes = re.findall(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", text)
    assert len(set(hashes)) >= 5, hashes  # 4 registers + the unit-year's params
    # It comes after the signature, outside the document's sheet.
    end = page.locator("footer.cchc-end").bounding_box()
    assert band.bounding_box()["y"] > end["y"] + end["height"]
    if (slug, year) == (SEED, 2023):
        assert re.search(r"\d+ phép kiểm tra, 0 không đạt", text)  # the seed sample is consistent


def test_band_hidden_when_printed(visits):
    page = visits(SEED, 2023).page
    try:
        page.emulate_media(media="print")
        assert not page.locator("aside.cchc-review-band").is_visible()
        assert page.locator("header.cchc-head").is_visible()
    finally:
        page.emulate_media(media="screen")


def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used to draw the text of `selector` (no CSS fallback guessing)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return fonts


@pytest.mark.parametrize("slug,year", [(SEED, 2023), (SMALL, 2023)])
def test_text_drawn_in_embedded_liberation_serif(visits, slug, year):
    """The embedded faces are the renamed subsets of Liberation Serif ("CCHC Serif", render/fonts.py)."""
    page = visits(slug, year).page
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"CCHC Serif"')
    loaded = page.evaluate("""Array.from(document.fonts).filter(f => f.family.replace(/"/g, '') ===
        'CCHC Serif' && f.status === 'loaded').map(f => f.weight + '/' + f.style)""")
    weights = {"normal": "400", "bold": "700"}
    loaded = {"/".join((weights.get(w, w), st)) for w, st in (f.split("/") for f in loaded)}
    assert {"400/normal", "700/normal", "400/italic"} <= loaded
    assert page.evaluate("""document.fonts.check('16px "CCHC Serif"')""")
    # Every glyph of these Vietnamese lines comes from the @font-face in the file (custom font),
    # not from a system fallback font.
    for selector in (".cchc-unit", ".cchc-place-date", ".cchc-body p"):
        fonts = _platform_fonts(page, selector)
        assert [(f["familyName"], f["isCustomFont"]) for f in fonts] == [("CCHC Serif", True)], \
            (selector, fonts)


# The page itself never scrolls sideways on a 390 px phone: the widest content, the 13-column
# Biểu II.06a (about 540 px), scrolls inside its own box (div.cchc-table-wrap). Every sample page.
PAGE_OVERFLOW = "[document.documentElement.scrollWidth, window.innerWidth]"
# Every element whose right edge passes the viewport and that is not inside a box that scrolls.
STICKING_OUT = """() => {
  const inScroller = e => { for (let p = e.parentElement; p; p = p.parentElement) {
      if (p === document.body || p === document.documentElement) return false;
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  return Array.from(document.body.querySelectorAll('*'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !inScroller(e))
    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
}"""


@pytest.mark.parametrize("slug,year", UNIT_YEARS)
def test_no_horizontal_overflow_on_phone(visits, slug, year):
    page = visits(slug, year, phone=True).page
    width = page.evaluate(PAGE_OVERFLOW)
    assert width[1] == 390  # a content wider than the page would widen the mobile viewport
    assert width[0] <= width[1], f"the page scrolls sideways: scrollWidth {width[0]} > {width[1]}"
    assert page.evaluate(STICKING_OUT) == []
    # The wide table is really wider than the phone, and scrolls in its own box.
    wide = page.evaluate("""Array.from(document.querySelectorAll('table.cchc-wide')).map(t => {
        const box = t.parentElement, r = box.getBoundingClientRect();
        return [box.className, getComputedStyle(box).overflowX, t.scrollWidth, box.clientWidth,
                Math.round(r.right)]; })""")
    assert wide, "no Biểu II.06a (table.cchc-wide) in the report"
    for cls, overflow, table_w, box_w, right in wide:
        assert cls == "cchc-table-wrap" and overflow == "auto", (cls, overflow)
        assert table_w > box_w  # so the check above is not passing because the table fits
        assert right <= 390
    # Header and end block stack into one column on a phone.
    left, right = page.locator(".cchc-head-left").bounding_box(), page.locator(".cchc-head-right").bounding_box()
    assert right["y"] >= left["y"] + left["height"] - 1


def test_index_no_horizontal_overflow_on_phone(built_sample, browser):
    v = Visit(browser, built_sample / "index.html", phone=True)
    try:
        width = v.page.evaluate(PAGE_OVERFLOW)
        assert width[1] == 390
        assert width[0] <= width[1], f"the index scrolls sideways: scrollWidth {width[0]} > {width[1]}"
        assert v.page.evaluate(STICKING_OUT) == []
    finally:
        v.close()


@pytest.fixture(scope="module")
def shots_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("slug,year", SHOT_YEARS)
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_full_page_screenshot(visits, shots_dir, slug, year, phone):
    page = visits(slug, year, phone=phone).page
    target = shots_dir / f"{slug}-{year}-{'phone-390' if phone else 'desktop-1200'}.png"
    page.screenshot(path=str(target), full_page=True)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 100_000  # a whole rendered report, not a blank page
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 5000  # several pages of text
    if os.environ.get("CCHC_SCREENSHOTS"):
        keep = CHECKOUT / "output" / "screenshots"
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, keep / target.name)


# ---- the reviewers' index -------------------------------------------------------------------------

def test_index_lists_every_unit_year_and_links_resolve(built_sample, browser):
    v = Visit(browser, built_sample / "index.html")
    try:
        page = v.page
        assert v.console_errors == [] and v.page_errors == []
        rows = page.locator("tbody tr")
        assert rows.count() == 6
        hrefs = page.evaluate("Array.from(document.querySelectorAll('tbody a')).map(a => a.href)")
        assert len(hrefs) >= 6 * 3  # HTML, PDF, validation messages at least
        missing = [h for h in hrefs if not (h.startswith("file://") and Path(unquote(h[len("file://"):])).is_file())]
        assert missing == []
        for slug, year in UNIT_YEARS:  # each report reachable from the index
            assert report(built_sample, slug, year, "html").as_uri() in hrefs
            assert report(built_sample, slug, year, "pdf").as_uri() in hrefs
        assert page.locator("tbody tr .ok").count() == 6  # all built

        def order() -> list[str]:
            return page.evaluate("Array.from(document.querySelectorAll('tbody tr')).map(r => "
                                 "r.cells[0].innerText + ' ' + r.cells[1].innerText)")

        def received() -> list[int]:
            return [int(t.replace(".", "")) for t in page.evaluate(
                "Array.from(document.querySelectorAll('tbody tr')).map(r => r.cells[4].innerText)")]

        before = order()
        header = page.locator("th", has_text="Hồ sơ tiếp nhận")
        header.click()
        assert header.get_attribute("aria-sort") == "ascending"
        after, numbers = order(), received()
        assert sorted(after) == sorted(before) and after != before
        assert numbers == sorted(numbers)
        header.click()
        assert header.get_attribute("aria-sort") == "descending"
        assert received() == sorted(numbers, reverse=True)
    finally:
        v.close()


# ---- PDF through poppler -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def poppler():
    missing = [t for t in ("pdftotext", "pdffonts", "pdfinfo") if shutil.which(t) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found; {INSTALL_HINT}", pytrace=False)


def run(*args: str) -> str:
    proc = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def seed_pdf(built_sample, poppler) -> Path:
    return report(built_sample, SEED, 2023, "pdf")


@pytest.fixture(scope="module")
def seed_text(seed_pdf) -> str:
    return run("pdftotext", "-layout", "-enc", "UTF-8", str(seed_pdf), "-")


def test_pdf_text_has_header_and_figures_with_diacritics(seed_text):
    flat = re.sub(r"\s+", " ", seed_text)  # phrases may wrap across lines
    for phrase in ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGUYỄN NGHIÊM", "Số: 227/BC-UBND",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Phường Nguyễn Nghiêm, ngày 06 tháng 12 năm 2023", "BÁO CÁO",
                   "3.956 hồ sơ", "58,79%", "10.282.000đ", "30 người", "66,67%", "Đỗ Ngọc Thìn", "Nơi nhận:"):
        assert phrase in flat, phrase
    assert unicodedata.is_normalized("NFC", seed_text)


def test_pdf_has_no_reviewers_band(seed_text):
    assert "SHA-256" not in seed_text
    assert "người rà soát" not in seed_text
    assert "phép kiểm tra" not in seed_text
    assert re.search(r"[0-9a-f]{64}", seed_text) is None


FONT_NAME = re.compile(r"[A-Z]{6}\+Liberation-?Serif(-(Bold|Italic|BoldItalic|Bold-Italic))?")


@pytest.mark.parametrize("slug,year", UNIT_YEARS)
def test_pdf_fonts_embedded_liberation_serif_on_a4(built_sample, poppler, slug, year):
    pdf = report(built_sample, slug, year, "pdf")
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts listed"
    fonts = []
    for row in rows:
        m = re.match(r"(\S+)\s+.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row)
        assert m, row
        name, emb = m.group(1), m.group(2)
        assert emb == "yes", row
        assert FONT_NAME.fullmatch(name), row
        fonts.append(name.split("+", 1)[1].replace("LiberationSerif", "Liberation-Serif"))
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= set(fonts)
    info = run("pdfinfo", str(pdf))
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(w - 595) <= 1 and abs(h - 842) <= 1, (w, h)


def test_pdf_page_numbers_from_page_two(seed_pdf):
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(seed_pdf))).group(1))
    assert pages >= 5

    def top_margin(n: int) -> str:  # the 20 mm band above the text on page n
        return run("pdftotext", "-f", str(n), "-l", str(n), "-x", "0", "-y", "0", "-W", "596", "-H", "57",
                   "-enc", "UTF-8", str(seed_pdf), "-").strip()

    assert top_margin(1) == ""
    assert [top_margin(n) for n in range(2, pages + 1)] == [str(n) for n in range(2, pages + 1)]
    page2 = run("pdftotext", "-f", "2", "-l", "2", "-layout", "-enc", "UTF-8", str(seed_pdf), "-")
    assert page2.strip().startswith("2")
    page1 = run("pdftotext", "-f", "1", "-l", "1", "-layout", "-enc", "UTF-8", str(seed_pdf), "-")
    assert page1.strip().startswith("ỦY BAN NHÂN DÂN")
