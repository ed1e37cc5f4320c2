"""Towns (乡镇街道) below two counties for the subject editors' tests: 秦州区 620502 gets two, 麦积区
620503 one (the neighbour whose town a crafted form must not reach)."""

from __future__ import annotations

from qualitybrand.core.services import save_region

TOWNS = {"620502": [("620502001", "大城街道"), ("620502101", "玉泉镇")], "620503": [("620503001", "道南街道")]}


def towns(regions) -> dict:
    """The towns by code (created once per test database)."""
    out = {}
    for county, rows in TOWNS.items():
        for code, name in rows:
            out[code] = save_region(None, code=code, name=name, kind="乡镇街道", parent=regions[county])
    return out


def town_set_doc(code="qz-towns", county="620502", allocations=None, year=2014) -> str:
    allocations = allocations or {"620502001": 30, "620502101": 20}
    alloc = ", ".join(f'"{k}": {v}' for k, v in allocations.items())
    return (f"kind: targets\ncode: {code}\nname: 秦州区乡镇街道目标\nyear: {year}\nregion: \"{county}\"\n"
            f"subjects: towns\nitems:\n  - indicator: tm.applications\n    target: 60\n"
            f"    allocations: {{{alloc}}}\n")
