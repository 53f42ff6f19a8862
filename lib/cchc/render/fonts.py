"""The shipped serif (Liberation Serif 2, OFL 1.1) and the @font-face rules that use it.

One font everywhere (HTML, PDF, charts) so every machine renders the same document; see
`cchc/fonts/OFL.txt` for the licence. Kept free of heavy imports: `cchc.chart_style` uses it inside
kernels.
"""
from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"
FAMILY = "Liberation Serif"
# (weight, style) -> file; the four faces ND 30 documents need (bold italic: "Nơi nhận:").
FACES: dict[tuple[str, str], Path] = {
    ("normal", "normal"): FONT_DIR / "LiberationSerif-Regular.ttf",
    ("bold", "normal"): FONT_DIR / "LiberationSerif-Bold.ttf",
    ("normal", "italic"): FONT_DIR / "LiberationSerif-Italic.ttf",
    ("bold", "italic"): FONT_DIR / "LiberationSerif-BoldItalic.ttf",
}
LICENCE = FONT_DIR / "OFL.txt"


def font_files() -> list[Path]:
    return list(FACES.values())


def _rule(weight: str, style: str, src: str) -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{FAMILY}";\n'
        f"  font-weight: {weight};\n"
        f"  font-style: {style};\n"
        f"  src: {src};\n"
        "}\n"
    )


@lru_cache(maxsize=1)
def font_face_css_embedded() -> str:
    """@font-face rules with the TTFs inlined as data URIs: the HTML needs no file and no network."""
    rules = []
    for (weight, style), path in FACES.items():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(_rule(weight, style, f'url("data:font/ttf;base64,{data}") format("truetype")'))
    return "".join(rules)


def font_face_css_files() -> str:
    """@font-face rules pointing at the package files (for WeasyPrint: no 2 MB base64 to parse)."""
    return "".join(
        _rule(weight, style, f'url("{path.as_uri()}") format("truetype")')
        for (weight, style), path in FACES.items()
    )
