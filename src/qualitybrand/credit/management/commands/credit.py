"""`qualitybrand credit [--as-of DATE] [--region CODE] [--entity USCC] [--scheme CODE] [--json]` (credit.md)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.credit.rating import rate
from qualitybrand.credit.selectors import (
    BadRequest,
    credit_document,
    find_entity,
    find_region,
    find_scheme,
    parse_date,
    ratings_table,
)


class Command(BaseCommand):
    help = "信用评价：截至某日（默认今天）存续的市场主体的信用分、等级和原因。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="评价日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--region", help="区划代码：只评价该区划及下级的主体")
        parser.add_argument("--entity", help="统一社会信用代码：只评价该主体")
        parser.add_argument("--scheme", help="信用评价方案代码（默认内置方案 builtin）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（含每个主体的原因）")

    def handle(self, *args, **opts):
        # Every argument names something: one that does not parse or names nothing is usage (exit 2).
        try:
            as_of = parse_date(opts.get("as_of"))
            region = find_region(opts["region"]) if opts.get("region") is not None else None
            entity = find_entity(opts["entity"]) if opts.get("entity") is not None else None
            scheme = find_scheme(opts.get("scheme"))
        except BadRequest as exc:
            raise CommandError(str(exc), returncode=2) from None
        if opts["json"]:
            doc = credit_document(as_of, region=region, entity=entity, scheme=scheme)
            self.stdout.write(json.dumps(doc, ensure_ascii=False))
            return
        ratings = rate(as_of, region=region, entity_ids=[entity.pk] if entity else None, scheme=scheme)
        lines = [f"评价日期：{as_of.isoformat()}　方案：{scheme.code}（第{scheme.version}版）",
                 *ratings_table(ratings)]
        if not ratings:
            lines.append("（没有在该日存续的市场主体。）" if entity is None
                         else f"（{entity.name} 在 {as_of.isoformat()} 不存续：不参加评价。）")
        else:
            counts = {g: sum(1 for r in ratings if r.grade == g) for g in "ABCD"}
            lines.append("合计：" + "，".join(f"{g} 类 {n} 户" for g, n in counts.items()))
        self.stdout.write("\n".join(lines))
