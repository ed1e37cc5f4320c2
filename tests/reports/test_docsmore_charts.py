"""reports/charts.py: PNG at 300 dpi, the same bytes for the same data, Chinese text in a CJK font (no tofu),
None drawn as a gap, a clear Chinese error naming the package when no CJK font is installed."""

import io
import warnings

import pytest
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Rectangle
from PIL import Image

from qualitybrand.reports import charts

LABELS = ["秦州区", "麦积区", "张家川回族自治县"]


def test_png_at_300_dpi_and_deterministic():
    one = charts.bar(LABELS, [("合格率", [96.5, 92.0, 88.1])], unit="%", title="各县区抽查合格率")
    two = charts.bar(LABELS, [("合格率", [96.5, 92.0, 88.1])], unit="%", title="各县区抽查合格率")
    other = charts.bar(LABELS, [("合格率", [96.5, 92.0, 80.0])], unit="%", title="各县区抽查合格率")
    assert one.startswith(b"\x89PNG") and one == two and one != other
    image = Image.open(io.BytesIO(one))
    assert round(image.info["dpi"][0]) == 300
    assert b"matplotlib" not in one.lower() and b"Creation Time" not in one


@pytest.mark.parametrize("draw", [charts.bar, charts.hbar, charts.line])
def test_chinese_text_in_a_cjk_font_without_tofu(draw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw(LABELS, [("二〇一二年", [1, 2, 3]), ("二〇一三年", [3, None, 1])], unit="件", title="商标注册量对比")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
    assert "CJK" in charts.cjk_font()
    face = FT2Font(charts.font_path())
    assert all(face.get_char_index(ord(ch)) for ch in "".join(LABELS) + "商标注册量对比件")


def test_none_is_a_gap_not_a_zero(monkeypatch):
    drawn = {}
    monkeypatch.setattr(charts, "_png", lambda fig: drawn.setdefault("fig", fig) and b"")
    charts.bar(LABELS, [("合格率", [None, 50.0, 0.0])], unit="%")
    ax = drawn["fig"].axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert sorted(b.get_height() for b in bars) == [0.0, 50.0]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["50.0", "0.0"]
    assert ax.get_ylabel() == "（%）"


def test_no_cjk_font_is_a_clear_chinese_error(monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font",))
    monkeypatch.setattr(charts, "_font", None)
    with pytest.raises(charts.ChartFontMissing, match="fonts-noto-cjk"):
        charts.bar(LABELS, [("x", [1, 2, 3])])
