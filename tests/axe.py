"""Accessibility checks in the browser tests: axe-core (npm, devDependencies; `make install` runs npm ci)
run inside the page, WCAG 2.1 A/AA rules (GB/T 37668-2019 follows WCAG 2.0/2.1 AA)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _source() -> str:
    if not AXE.exists():  # a clear failure rather than a silent pass
        raise AssertionError(f"axe-core 未安装：{AXE} 不存在，请先运行 make install（npm ci）。")
    return AXE.read_text(encoding="utf-8")


def violations(page, impacts=("serious", "critical")) -> list[dict]:
    """The violations of the page as shown now, at the given impacts: [{id, impact, help, nodes: [target…]}].
    `page.evaluate` runs outside the page's CSP, so the platform's policy stays as strict as in production."""
    page.evaluate(_source())
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target.join(' '))}));
    }""", TAGS)
    return [v for v in result if v["impact"] in impacts]


def describe(found: list[dict]) -> str:
    """A readable failure message: rule, impact, and the first nodes."""
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'][:5])}" for v in found)
