"""Award scoring: scoring schemes as data files (`data/<code>.json`, or a deployment's own edition in
`<QB_DATA_DIR>/schemes/<code>.json`, named by the program's `min_score` rule `scheme`), expert totals
and panel scores.

An expert's total = Σ points × percentage / 100 over every sub-item of the scheme; percentages are
0–100 in steps of the scheme's `step` (5). The panel score = the mean of the experts' totals; with
5 or more experts one highest and one lowest total are dropped first; rounded to 2 decimals, half up.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

DATA_DIR = Path(__file__).resolve().parent / "data"
CENT = Decimal("0.01")


def _scheme_path(code: str) -> Path | None:
    """A deployment's own scheme (<data dir>/schemes/<code>.json) before the shipped ones."""
    from django.conf import settings

    if not code or "/" in code or "\\" in code or code.startswith("."):
        return None
    for folder in (Path(getattr(settings, "DATA_DIR", DATA_DIR)) / "schemes", DATA_DIR):
        if (folder / f"{code}.json").is_file():
            return folder / f"{code}.json"
    return None


@cache
def load_scheme(code: str) -> dict:
    path = _scheme_path(code)
    if path is None:
        raise ValidationError(f"评分标准“{code}”不存在：请将评分标准文件放在数据目录的 schemes/{code}.json。")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["items"] = [item | {"category": cat["name"]} for cat in doc["categories"] for item in cat["items"]]
    return doc


def check_scores(scheme: dict, scores: dict, *, complete: bool = True) -> dict[str, int]:
    """Validated percentages by item code; raises ValidationError with Chinese messages."""
    step = int(scheme.get("step", 5))
    known = {item["code"]: item for item in scheme["items"]}
    errors = []
    clean: dict[str, int] = {}
    for code, value in (scores or {}).items():
        if code not in known:
            errors.append(f"评分项“{code}”不属于{scheme['name']}。")
            continue
        if value in (None, ""):
            continue
        try:
            pct = Decimal(str(value).strip().rstrip("%"))
        except Exception:
            errors.append(f"{code} {known[code]['name']}：得分率“{value}”不是数字，应为 0–100 之间 {step} 的倍数。")
            continue
        if pct < 0 or pct > 100 or pct % step != 0:
            errors.append(f"{code} {known[code]['name']}：得分率 {value}% 无效，应为 0–100 之间 {step} 的倍数"
                          f"（如 0、{step}、{2 * step} … 100）。")
            continue
        clean[code] = int(pct)
    if complete:
        missing = [f"{c} {known[c]['name']}" for c in known if c not in clean]
        if missing and not errors:
            errors.append(f"还有 {len(missing)} 个评分项未打分：" + "、".join(missing[:5]) + ("等。" if len(missing) > 5
                                                                                       else "。"))
    if errors:
        raise ValidationError(errors)
    return clean


def expert_total(scheme: dict, scores: dict[str, int]) -> Decimal:
    """Σ points × percentage / 100 (exact)."""
    total = Decimal(0)
    for item in scheme["items"]:
        pct = scores.get(item["code"])
        if pct is not None:
            total += Decimal(item["points"]) * Decimal(pct) / Decimal(100)
    return total


def panel_score(totals: list[Decimal]) -> Decimal | None:
    """Mean of the totals, dropping one highest and one lowest with ≥ 5 experts; 2 decimals, half up."""
    values = sorted(Decimal(t) for t in totals)
    if not values:
        return None
    if len(values) >= 5:
        values = values[1:-1]
    mean = sum(values, Decimal(0)) / Decimal(len(values))
    return mean.quantize(CENT, rounding=ROUND_HALF_UP)
