"""One sober chart style for every report: the report's serif, sized for an A4 text column.

In a section notebook:
    from cchc import chart_style
    chart_style.apply()
    fig, ax = chart_style.new_figure()
    ...
    chart_style.show_figure(fig, alt="Số hồ sơ tiếp nhận theo tháng")

`apply()` switches to the Agg backend (safe inside kernels: figures are shown only through
`show_figure`, which displays one PNG and closes the figure, so nothing prints twice or leaks).
"""
from __future__ import annotations

import io
from typing import Any

import matplotlib

from cchc.render.fonts import FAMILY, font_files

CM = 1 / 2.54
TEXT_WIDTH_CM = 16.0  # A4 minus the ND 30 margins (30 + 15 mm) is 16.5 cm
DEFAULT_HEIGHT_CM = 8.0
SAVE_DPI = 180
# Four colours whose grey levels differ (about 0.21, 0.46, 0.73, 0.83), so a greyscale print
# still tells the series apart; thin dark edges keep the light ones visible on white paper.
# Distinct in colour and in greyscale (dark to light), enough for the longest stacked chart
# (the seven qualification levels).
PALETTE = ("#1f3a5f", "#c8553d", "#9ec1e0", "#e0b04a", "#5b8c5a", "#7a4f7f", "#d4d4d4")

RC: dict[str, Any] = {
    "font.family": "serif",
    "font.serif": [FAMILY, "Times New Roman", "DejaVu Serif"],
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.titlesize": 11,
    "figure.titleweight": "bold",
    "figure.figsize": (TEXT_WIDTH_CM * CM, DEFAULT_HEIGHT_CM * CM),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "figure.constrained_layout.use": True,
    "savefig.dpi": SAVE_DPI,
    "savefig.facecolor": "white",
    "savefig.format": "png",
    "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "axes.linewidth": 0.8,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": "#cccccc",
    "grid.linewidth": 0.5,
    "axes.formatter.use_locale": False,
    "patch.force_edgecolor": True,
    "patch.edgecolor": "#333333",
    "patch.linewidth": 0.5,
    "lines.linewidth": 1.6,
    "lines.markersize": 4,
    # Register text (a field's name as a tick label, a legend entry) is drawn as typed: "$…$" is
    # not mathtext ("$\\foo{1}$" would stop the chart with a parse error, "$5$" lose its dollars).
    "text.parse_math": False,
    "svg.fonttype": "path",  # SVGs carry glyph outlines: no font needed where they are viewed
    "pdf.fonttype": 42,  # embed TrueType, keeps Vietnamese text selectable
    "ps.fonttype": 42,
}

_registered = False


def register_fonts() -> None:
    """Make the shipped Liberation Serif faces the only ones of that family matplotlib knows (once
    per process). Debian's fonts-liberation 1.07 (pulled in by chromium) has the same family name
    but no stacked Vietnamese diacritics; resolved by name, it drew boxes. So the shipped files are
    added by path and every other face of the family is dropped from the font list."""
    global _registered
    if _registered:
        return
    from matplotlib import font_manager

    fm = font_manager.fontManager
    shipped = {str(p) for p in font_files()}
    for path in sorted(shipped):
        fm.addfont(path)
    fm.ttflist = [f for f in fm.ttflist if f.name != FAMILY or f.fname in shipped]
    fm._findfont_cached.cache_clear()  # results found before the list changed
    _registered = True


def font_file(**props) -> str:
    """The file matplotlib draws text of the report style with (`weight=`, `style=` optional)."""
    from matplotlib import font_manager

    register_fonts()
    return str(font_manager.findfont(font_manager.FontProperties(family=FAMILY, **props), fallback_to_default=False))


def apply(use_agg: bool = True) -> None:
    """Register the fonts and set the report style; by default also select the Agg backend."""
    if use_agg:
        matplotlib.use("Agg")
    register_fonts()
    matplotlib.rcParams.update(RC)


def new_figure(
    width_cm: float = TEXT_WIDTH_CM, height_cm: float = DEFAULT_HEIGHT_CM, nrows: int = 1,
    ncols: int = 1, **subplots_kw: Any,
):
    """`(fig, ax)` in the report style, sized in centimetres of the printed page."""
    import matplotlib.pyplot as plt

    if not _registered:
        apply()
    return plt.subplots(nrows, ncols, figsize=(width_cm * CM, height_cm * CM), **subplots_kw)


def figure_png(fig, dpi: int = SAVE_DPI) -> bytes:
    """The figure as PNG bytes, without the writer's version stamp (same input, same bytes)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _describe(fig) -> str:
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    for ax in fig.axes:
        if ax.get_title():
            return ax.get_title()
    return "Biểu đồ"


def show_figure(fig, alt: str | None = None) -> None:
    """Display `fig` as one PNG output (with alt text for the report) and close it."""
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    try:
        png = figure_png(fig)
    finally:
        plt.close(fig)
    display(Image(data=png, format="png"), metadata={"cchc_alt": alt or _describe(fig)})
