"""The shipped serif (Liberation Serif 2, OFL 1.1) and the @font-face rules that use it.

One typeface everywhere (HTML, PDF, charts) so every machine renders the same document; see
`cchc/fonts/OFL.txt` for the licence and `cchc/fonts/README.md` for the files.

- The PDF (WeasyPrint) and the charts (matplotlib) use the four full Liberation Serif faces.
- The HTML embeds a subset of the same faces as WOFF2 (about 50 KB a face instead of 380 KB of
  TrueType, so a report is a few hundred KB, not 2.3 MB): the characters of Vietnamese and Latin
  text, punctuation, currency, arrows, mathematical signs and simple shapes (`SUBSET_RANGES`),
  with the same glyph outlines, advance widths and hinting. A subset is a Modified Version under
  the OFL and Liberation is a Reserved Font Name, so the subset is renamed: family "CCHC Serif"
  (`HTML_FAMILY`), the copyright and licence entries of the name table kept. The subsets are
  files in the package, made by `python -m cchc.render.fonts` (fontTools, pinned in the lock) and
  checked against the full faces by tests/test_render.py: a report pays nothing for them.

The stylesheet names "CCHC Serif" first and "Liberation Serif" next: a character outside the
subset (Greek, Cyrillic) falls back to Liberation Serif where the reader has it. For the PDF the
family lists start at "Liberation Serif" and the rules point at the full faces (`render.pdf`), so
WeasyPrint prints every character Liberation Serif has and names the fonts as before. Kept free
of heavy imports (fontTools is imported only to make the subsets): `cchc.chart_style` uses this
module inside kernels.
"""
from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
FAMILY = "Liberation Serif"  # the full faces: PDF, charts
HTML_FAMILY = "CCHC Serif"  # the renamed subsets the HTML embeds
# (weight, style) -> file; the four faces ND 30 documents need (bold italic: "Nơi nhận:").
FACES: dict[tuple[str, str], Path] = {
    ("normal", "normal"): FONT_DIR / "LiberationSerif-Regular.ttf",
    ("bold", "normal"): FONT_DIR / "LiberationSerif-Bold.ttf",
    ("normal", "italic"): FONT_DIR / "LiberationSerif-Italic.ttf",
    ("bold", "italic"): FONT_DIR / "LiberationSerif-BoldItalic.ttf",
}
SUBSET_FACES: dict[tuple[str, str], Path] = {
    key: FONT_DIR / path.name.replace("LiberationSerif", "CCHCSerif").replace(".ttf", ".woff2")
    for key, path in FACES.items()
}
LICENCE = FONT_DIR / "OFL.txt"

# The characters the HTML subset keeps (inclusive ranges; those the font has): Vietnamese is Basic
# Latin + Latin-1 + Latin Extended-A (ă â đ ê ô ĩ ũ) + ơ ư + Latin Extended Additional (ạ … ỹ) and
# the combining marks of decomposed text.
SUBSET_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x01A0, 0x01A1), (0x01AF, 0x01B0),  # Ơ ơ Ư ư
    (0x02C6, 0x02C7), (0x02D8, 0x02DD),  # spacing accents
    (0x0300, 0x030F), (0x031B, 0x031B), (0x0323, 0x0323),  # combining marks (Vietnamese tones, horn, dot below)
    (0x1EA0, 0x1EF9),  # Latin Extended Additional: Vietnamese
    (0x2000, 0x206F),  # General Punctuation: – — ‘ ’ “ ” … ‰, spaces, joiners
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20BF),  # currency: ₫ €
    (0x2100, 0x214F),  # letterlike: № ™ ℓ
    (0x2150, 0x215F),  # fractions
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: − ≤ ≥ ≠ ≈
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ ▼ ●
    (0xFFFD, 0xFFFD),  # replacement character
)


def font_files() -> list[Path]:
    return list(FACES.values())


def subset_files() -> list[Path]:
    return list(SUBSET_FACES.values())


def subset_unicodes() -> list[int]:
    return [cp for first, last in SUBSET_RANGES for cp in range(first, last + 1)]


def _rule(family: str, weight: str, style: str, src: str) -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f"  font-weight: {weight};\n"
        f"  font-style: {style};\n"
        f"  src: {src};\n"
        "}\n"
    )


@lru_cache(maxsize=1)
def font_face_css_embedded() -> str:
    """@font-face rules with the WOFF2 subsets inlined as data URIs: the HTML needs no file and no network."""
    rules = []
    for (weight, style), path in SUBSET_FACES.items():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(_rule(HTML_FAMILY, weight, style, f'url("data:font/woff2;base64,{data}") format("woff2")'))
    return "".join(rules)


def font_face_css_files() -> str:
    """@font-face rules pointing at the package's full faces (for WeasyPrint: every character of the
    font, and no base64 to parse; `render.pdf` drops "CCHC Serif" from the family lists)."""
    return "".join(
        _rule(FAMILY, weight, style, f'url("{path.as_uri()}") format("truetype")')
        for (weight, style), path in FACES.items()
    )


# ---- making the subsets (developer tool: python -m cchc.render.fonts) ----------------------------

# name IDs that name the font (OFL: a Modified Version must not use the Reserved Font Name in them)
NAMING_IDS = (1, 3, 4, 6, 16, 17, 18, 21, 22)
_STYLE_NAMES = {("normal", "normal"): "Regular", ("bold", "normal"): "Bold",
                ("normal", "italic"): "Italic", ("bold", "italic"): "Bold Italic"}


def subset_bytes(key: tuple[str, str]) -> bytes:
    """The WOFF2 subset of one face, renamed "CCHC Serif" (deterministic for a fontTools version)."""
    import io
    import logging

    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset": a FontForge timestamp, dropped
    opts = subset.Options()
    opts.flavor = "woff2"
    opts.hinting = True  # the full faces' TrueType instructions: the same rendering on low-resolution screens
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]  # keep the copyright (0), trademark (7), licence (13, 14) entries
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    font = subset.load_font(str(FACES[key]), opts)
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=subset_unicodes())
    subsetter.subset(font)
    _rename(font, _STYLE_NAMES[key])
    out = io.BytesIO()
    subset.save_font(font, out, opts)
    return out.getvalue()


def _rename(font, style: str) -> None:
    family, ps_family = HTML_FAMILY, HTML_FAMILY.replace(" ", "")
    ps_style = style.replace(" ", "")
    version = font["name"].getDebugName(5) or ""  # "Version 2.1.5"
    names = {1: family, 2: style, 3: f"{family} {style}; {version}; subset",
             4: family if style == "Regular" else f"{family} {style}", 6: f"{ps_family}-{ps_style}",
             16: family, 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in NAMING_IDS and record.nameID not in names:
            table.removeNames(nameID=record.nameID)
    for record in table.names:
        if record.nameID in names:
            record.string = names[record.nameID]
    if "CFF " in font:  # (Liberation Serif is TrueType; kept for another font)
        font["CFF "].cff.fontNames = [names[6]]


def write_subsets() -> list[Path]:
    from ..atomic import write_atomic

    return [write_atomic(path, subset_bytes(key)) for key, path in SUBSET_FACES.items()]


if __name__ == "__main__":
    for written in write_subsets():
        print(f"{written.name}: {written.stat().st_size // 1024} KB")
