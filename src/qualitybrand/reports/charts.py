"""Charts rendered on the server for the documents (reports.md § Documents: "Charts inside documents are
rendered on the server … with the CJK font"): PNG bytes from matplotlib (Agg, no display), 300 dpi for print,
the dashboard's palette (reports/static/reports/dashboard.js), value labels on bars, the unit on the value
axis, a missing value (None) shown as a gap, Chinese text in Debian's Noto Sans CJK (fonts-noto-cjk).

The output is deterministic: no timestamp or software version in the PNG's metadata, so the same data
gives the same bytes (a document built twice from one data version is the same file).

    png = charts.bar(["秦州区", "麦积区"], [("合格率", [96.5, 92.0])], unit="%", title="各县区抽查合格率")
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

PALETTE = ["#1f5fa8", "#e08a1e", "#2e8b57", "#8e44ad", "#c0392b", "#16a085"]
DPI = 300
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC",
                "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
FONT_HINT = ("服务器未找到中文字体，无法生成图表。请管理员安装：sudo apt-get install fonts-noto-cjk"
             "（Debian/Ubuntu），安装后重试。")

Series = Sequence[tuple[str, Sequence[float | int | None]]]
_lock = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe
_font: str | None = None


class ChartFontMissing(RuntimeError):
    """No CJK font on the server; the message (Chinese) names the package to install."""


def cjk_font() -> str:
    """The family name of the CJK font the charts use (Noto Sans CJK SC where installed)."""
    global _font
    if _font is None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        found = next((name for name in CJK_FAMILIES if name in installed), None)
        if found is None:
            raise ChartFontMissing(FONT_HINT)
        _font = found
    return _font


def _figure(width_mm: float, height_mm: float) -> Figure:
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=DPI)
    return fig


def _style(ax, font: str) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=8)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontfamily(font)


def _label(value, unit: str) -> str:
    if value is None:
        return ""
    if unit == "%":
        return f"{value:.1f}"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}" if unit == "万元" else f"{value:,.1f}"


def _axis_title(unit: str, name: str = "") -> str:
    return f"{name}（{unit}）" if name and unit else (f"（{unit}）" if unit else name)


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    # metadata without Software (matplotlib's version) and no time: the same data gives the same bytes
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.08)
    return buf.getvalue()


def _clean(values) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _finish(fig: Figure, ax, title: str, font: str, series: Series) -> bytes:
    if title:
        ax.set_title(title, fontsize=10, fontfamily=font, pad=18 if len(series) > 1 else 8)
    if len(series) > 1:  # a row under the title, never over the bars and their labels
        ax.legend(prop={"family": font, "size": 7}, frameon=False, loc="lower center",
                  bbox_to_anchor=(0.5, 1.0), ncol=min(len(series), 6), handlelength=1.2)
    _style(ax, font)
    return _png(fig)


def bar(categories: Sequence[str], series: Series, unit: str = "", title: str = "", *,
        width_mm: float = 150, height_mm: float = 75, ylim: tuple[float, float] | None = None) -> bytes:
    """Vertical bars, one group per category, one colour per series; a value label on each bar; a None
    value draws no bar and no label (a gap, never a zero)."""
    with _lock:
        font = cjk_font()
        fig = _figure(width_mm, height_mm)
        ax = fig.add_subplot()
        n = max(len(series), 1)
        group = 0.8
        w = group / n
        for i, (name, values) in enumerate(series):
            xs = [j - group / 2 + w * (i + 0.5) for j in range(len(categories))]
            vals = _clean(values)
            pairs = [(x, v) for x, v in zip(xs, vals) if v is not None]
            if pairs:
                bars = ax.bar([p[0] for p in pairs], [p[1] for p in pairs], width=w * 0.92,
                              color=PALETTE[i % len(PALETTE)], label=name, zorder=2)
                ax.bar_label(bars, labels=[_label(p[1], unit) for p in pairs], fontsize=6 if n > 2 else 7,
                             padding=1.5, fontfamily=font)
            else:
                ax.bar([], [], color=PALETTE[i % len(PALETTE)], label=name)
        ax.set_xticks(range(len(categories)))
        ax.set_xticklabels(list(categories), fontfamily=font,
                           rotation=30 if max((len(c) for c in categories), default=0) * len(categories) > 40
                           else 0, ha="right" if len(categories) > 8 else "center")
        ax.set_ylabel(_axis_title(unit), fontsize=8, fontfamily=font)
        ax.yaxis.grid(True, color="#e5e5e5", zorder=0)
        if ylim:
            ax.set_ylim(*ylim)
        else:
            ax.margins(y=0.12)
        return _finish(fig, ax, title, font, series)


def hbar(categories: Sequence[str], series: Series, unit: str = "", title: str = "", *,
         width_mm: float = 150, height_mm: float | None = None, xlim: tuple[float, float] | None = None) -> bytes:
    """Horizontal bars (long category names: products, counties ranked), the first category on top."""
    with _lock:
        font = cjk_font()
        n = max(len(series), 1)
        height = height_mm or max(45.0, 14 + 7 * len(categories) * (1 + 0.35 * (n - 1)))
        fig = _figure(width_mm, height)
        ax = fig.add_subplot()
        group = 0.8
        h = group / n
        for i, (name, values) in enumerate(series):
            ys = [j - group / 2 + h * (i + 0.5) for j in range(len(categories))]
            pairs = [(y, v) for y, v in zip(ys, _clean(values)) if v is not None]
            if pairs:
                bars = ax.barh([p[0] for p in pairs], [p[1] for p in pairs], height=h * 0.9,
                               color=PALETTE[i % len(PALETTE)], label=name, zorder=2)
                ax.bar_label(bars, labels=[_label(p[1], unit) for p in pairs], fontsize=7, padding=2,
                             fontfamily=font)
            else:
                ax.barh([], [], color=PALETTE[i % len(PALETTE)], label=name)
        ax.set_yticks(range(len(categories)))
        ax.set_yticklabels(list(categories), fontfamily=font)
        ax.invert_yaxis()
        ax.set_xlabel(_axis_title(unit), fontsize=8, fontfamily=font)
        ax.xaxis.grid(True, color="#e5e5e5", zorder=0)
        if xlim:
            ax.set_xlim(*xlim)
        else:
            ax.margins(x=0.12)
        return _finish(fig, ax, title, font, series)


def line(categories: Sequence[str], series: Series, unit: str = "", title: str = "", *,
         width_mm: float = 150, height_mm: float = 70) -> bytes:
    """Lines with markers and value labels; None breaks the line (a gap)."""
    with _lock:
        font = cjk_font()
        fig = _figure(width_mm, height_mm)
        ax = fig.add_subplot()
        xs = list(range(len(categories)))
        for i, (name, values) in enumerate(series):
            vals = _clean(values)
            ys = [float("nan") if v is None else v for v in vals]  # NaN: matplotlib leaves a gap
            colour = PALETTE[i % len(PALETTE)]
            ax.plot(xs, ys, marker="o", markersize=3, linewidth=1.4, color=colour, label=name, zorder=2)
            for x, v in zip(xs, vals):
                if v is not None:
                    ax.annotate(_label(v, unit), (x, v), textcoords="offset points", xytext=(0, 4),
                                ha="center", fontsize=6.5, fontfamily=font, color=colour)
        ax.set_xticks(xs)
        ax.set_xticklabels(list(categories), fontfamily=font)
        ax.set_ylabel(_axis_title(unit), fontsize=8, fontfamily=font)
        ax.yaxis.grid(True, color="#e5e5e5", zorder=0)
        ax.margins(y=0.15, x=0.06)
        return _finish(fig, ax, title, font, series)


def font_path() -> str:
    """The file of the CJK font the charts use (tests check it has the glyphs of the labels)."""
    return font_manager.findfont(font_manager.FontProperties(family=cjk_font()), fallback_to_default=False)
