"""`qualitybrand indicators [--year YYYY] [--as-of DATE] [--region CODE] [--codes a,b] [--json]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.indicators import catalog
from qualitybrand.indicators.selectors import (
    BadRequest,
    format_value,
    indicator_document,
    parse_codes,
    parse_period,
    resolve_region,
)


class Command(BaseCommand):
    help = "计算指标：某年度（--year）或截至某日（--as-of）各区划的指标值。"

    def add_arguments(self, parser):
        parser.add_argument("--year", help="统计年度，如 2013")
        parser.add_argument("--as-of", dest="as_of", help="截止日期 YYYY-MM-DD")
        parser.add_argument("--region", help="区划代码：只输出该区划（含下级汇总）")
        parser.add_argument("--codes", help="指标代码，逗号分隔；省略则输出全部指标")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **opts):
        from qualitybrand.core.models import Region

        try:
            period = parse_period(opts.get("year"), opts.get("as_of"))
            codes = parse_codes(opts.get("codes"))
            if opts.get("region"):
                regions = [resolve_region(opts["region"])]
            else:
                regions = list(Region.objects.order_by("path"))
            doc = indicator_document(codes, period, regions)
        except BadRequest as exc:
            raise CommandError(str(exc), returncode=2) from None
        if opts["json"]:
            self.stdout.write(json.dumps(doc, ensure_ascii=False))
            return
        self.stdout.write(self._table(doc, {r.code: r.name for r in regions}))

    def _table(self, doc, names) -> str:
        specs = catalog.specs_by_code()
        lines = [f"统计期：{doc['period']['start']} 至 {doc['period']['end']}",
                 "指标代码\t指标名称\t区划\t数值\t单位"]
        for row in doc["values"]:
            spec = specs.get(row["code"])
            shown = format_value(spec, row["value"]).rstrip("%")
            lines.append(f"{row['code']}\t{spec.name if spec else ''}\t{row['region']} {names.get(row['region'], '')}"
                         f"\t{shown}\t{row['unit']}")
        if not doc["values"]:
            lines.append("（没有区划：请先导入行政区划。）")
        return "\n".join(lines)
