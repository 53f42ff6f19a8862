"""The report's charts: one style (chart_style), Vietnamese labels, None when there is nothing to show."""
from __future__ import annotations

import pandas as pd

from . import fmt
from .figures import staff as staff_m
from .figures import tthc

def _figure(height: float = 2.8):
    from . import chart_style
    import matplotlib.pyplot as plt

    chart_style.apply()
    fig, ax = plt.subplots(figsize=(6.3, height))
    return fig, ax


def _thousands(ax, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    f = FuncFormatter(lambda v, _: fmt.number(int(v)) if float(v).is_integer() else "")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(f)


def _stacked(ax, frame: pd.DataFrame, horizontal: bool = False, size: float = 0.7) -> None:
    """One bar per row of `frame`, its columns stacked, each column a legend entry."""
    base = None
    for col in frame.columns:
        vals = frame[col].to_numpy()
        if horizontal:
            ax.barh(range(len(frame)), vals, left=base, label=str(col), height=size)
        else:
            ax.bar(range(len(frame)), vals, bottom=base, label=str(col), width=size)
        base = vals if base is None else base + vals


def intake_by_month(dossiers: pd.DataFrame, period):
    """Stacked bars: dossiers received per month, by channel."""
    table = tthc.intake_by_month(dossiers, period)
    if table is None or table.empty or int(table.to_numpy().sum()) == 0:
        return None
    table = table.loc[:, [c for c in table.columns if table[c].sum() > 0]]
    fig, ax = _figure()
    _stacked(ax, table)
    ax.set_xticks(range(len(table)), [_month_label(i) for i in table.index])
    ax.set_ylabel("Số hồ sơ")
    ax.set_title("Hồ sơ tiếp nhận theo tháng và hình thức nộp")
    _thousands(ax)
    ax.set_ylim(top=ax.get_ylim()[1] * 1.15)  # room for the legend above the tallest bar
    ax.legend(ncols=len(table.columns), loc="upper left", frameon=False)
    return fig


def _month_label(idx) -> str:
    """"01/2023" -> "T1"."""
    return "T" + str(idx).split("/")[0].lstrip("0")


def timeliness(dossiers: pd.DataFrame, period, top: int = 8):
    """Horizontal stacked bars per field: resolved before, on, and past the deadline."""
    table = tthc.timeliness_by_field(dossiers, period)
    if table is None or table.empty:
        return None
    num = table[["Trước hạn", "Đúng hạn", "Quá hạn"]]
    num = num.loc[num.sum(axis=1) > 0]
    if num.empty:
        return None
    num = num.loc[num.sum(axis=1).sort_values(ascending=False).index[:top]].iloc[::-1]
    num = num.loc[:, [c for c in num.columns if num[c].sum() > 0]]
    fig, ax = _figure(height=0.4 * len(num) + 1.2)
    _stacked(ax, num, horizontal=True, size=0.6)
    ax.set_yticks(range(len(num)), [str(i) for i in num.index])
    ax.set_xlabel("Số hồ sơ đã giải quyết")
    ax.set_title("Kết quả giải quyết theo lĩnh vực")
    _thousands(ax, "x")
    ax.legend(ncols=len(num.columns), loc="lower right", frameon=False)
    return fig


def digitisation(summary: tthc.TthcSummary, targets: dict):
    """Bars: digitisation rates at intake and of results, with their targets: "Chỉ tiêu được giao"
    when a document set the target, "Mục tiêu của đơn vị" otherwise (as the text says)."""
    rows = [("Số hóa TPHS khi tiếp nhận", summary.intake_digitised, summary.intake_digitisation_base,
             targets.get("intake_digitisation")),
            ("Số hóa kết quả giải quyết", summary.result_digitised, summary.result_digitisation_base,
             targets.get("result_digitisation"))]
    rows = [r for r in rows if r[2]]
    if not rows:
        return None
    fig, ax = _figure(height=2.4)
    rates = [100 * n / d for _, n, d, _ in rows]
    bars = ax.barh(range(len(rows)), rates, height=0.5, label="Kết quả")
    for bar, (_, n, d, target) in zip(bars, rows):
        # Right of the bar and of the target mark, so the mark never strikes through the figure.
        x = max(bar.get_width(), 100 * target.value if target is not None else 0) + 2
        ax.text(x, bar.get_y() + bar.get_height() / 2, fmt.percent(n, d), va="center")
    labelled = set()
    for i, (*_, target) in enumerate(rows):
        if target is not None:
            label = "Chỉ tiêu được giao" if target.document else "Mục tiêu của đơn vị"
            ax.plot([100 * target.value] * 2, [i - 0.35, i + 0.35], color="black" if target.document else "#c8553d",
                    linewidth=2, label=None if label in labelled else label)
            labelled.add(label)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.set_xlim(0, 118)
    ax.set_xlabel("Tỷ lệ (%)")
    ax.set_title("Tỷ lệ số hóa hồ sơ so với chỉ tiêu")
    ax.legend(loc="lower right", frameon=False)
    return fig


def staff_qualification(structure: staff_m.StaffStructure):
    """Stacked bars per staff group: professional qualification levels."""
    counts = {}
    for code, g in structure.groups.items():
        if g.filled:
            counts[g.label] = {staff_m.level_label("trinh_do_chuyen_mon", lvl): int(n)
                               for lvl, n in g.levels.get("trinh_do_chuyen_mon", {}).items() if n}
    frame = pd.DataFrame(counts).fillna(0).T
    if frame.empty or frame.to_numpy().sum() == 0:
        return None
    fig, ax = _figure(height=0.5 * len(frame) + 1.4)
    _stacked(ax, frame, horizontal=True, size=0.55)
    ax.set_yticks(range(len(frame)), [_wrap(i) for i in frame.index])
    ax.set_xlabel("Số người")
    ax.set_title("Trình độ chuyên môn của đội ngũ")
    ax.legend(ncols=min(4, len(frame.columns)), loc="upper center", bbox_to_anchor=(0.5, -0.28), frameon=False)
    return fig


def _wrap(label: str) -> str:
    return label.replace("Người hoạt động không chuyên trách", "Không chuyên trách")


# ---- consolidated reports: units side by side, sorted (cchc.consolidated) ------------------------

def units_on_time(rows, label: str):
    """Horizontal bars, one per unit, by its on-time rate (highest on top); `rows`: (unit name,
    numerator, denominator). None when no unit has a base."""
    rows = [(name, n, d) for name, n, d in rows if d]
    if not rows:
        return None
    rows.sort(key=lambda r: (fmt.exact(r[1]) / r[2], fmt.sort_key_vi(r[0])))  # barh draws bottom up
    fig, ax = _figure(height=0.32 * len(rows) + 1.2)
    rates = [100 * n / d for _, n, d in rows]
    bars = ax.barh(range(len(rows)), rates, height=0.6)
    for bar, (_, n, d) in zip(bars, rows):
        ax.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, fmt.percent(n, d), va="center")
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.set_xlim(0, 118)
    ax.set_xlabel("Tỷ lệ (%)")
    ax.set_title(f"{label} theo đơn vị")
    return fig


def units_received(rows):
    """Stacked horizontal bars, one per unit, of the dossiers it handled (most on top): online, in
    person, postal, carried over; `rows`: (unit name, online, in person, postal, carried over)."""
    rows = [r for r in rows if sum(r[1:])]
    if not rows:
        return None
    rows.sort(key=lambda r: (sum(r[1:]), fmt.sort_key_vi(r[0])))
    frame = pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows],
                         columns=["Trực tuyến", "Trực tiếp", "Bưu chính", "Từ kỳ trước"])
    frame = frame.loc[:, [c for c in frame.columns if frame[c].sum() > 0]]
    fig, ax = _figure(height=0.32 * len(frame) + 1.5)
    _stacked(ax, frame, horizontal=True, size=0.6)
    ax.set_yticks(range(len(frame)), list(frame.index))
    ax.set_xlabel("Số hồ sơ")
    ax.set_title("Hồ sơ tiếp nhận theo đơn vị và hình thức nộp")
    _thousands(ax, "x")
    ax.legend(ncols=len(frame.columns), loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    return fig
