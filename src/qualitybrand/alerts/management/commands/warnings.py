"""`qualitybrand warnings [--as-of DATE] [--region CODE] [--rules a,b] [--json]` (warnings.md)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.alerts.selectors import (
    BadRequest,
    compute_checked,
    parse_as_of,
    parse_region,
    parse_rules,
    warnings_document,
)


class Command(BaseCommand):
    help = "计算预警：某日（--as-of，默认今天）各区划的预警，按到期日、规则、对象排序。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="计算日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--region", help="区划代码：只输出该区划及其下级的预警")
        parser.add_argument("--rules", help="规则代码，逗号分隔，如 tm.renewal,tm.grace；省略则为全部启用的规则")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **opts):
        try:
            as_of = parse_as_of(opts.get("as_of"))
            region = parse_region(opts.get("region"))
            rules = parse_rules(opts.get("rules"))
            alerts = compute_checked(as_of, region=region, rules=rules)
        except BadRequest as exc:
            raise CommandError(str(exc), returncode=2) from None
        if opts["json"]:
            self.stdout.write(json.dumps(warnings_document(as_of, alerts), ensure_ascii=False))
            return
        lines = [f"计算日期：{as_of.isoformat()}{f'　区划：{region.name}（{region.code}）及下级' if region else ''}"
                 f"　预警 {len(alerts)} 条", "到期日\t级别\t规则\t区划\t对象\t说明"]
        lines += [f"{a.due.isoformat()}\t{a.level}\t{a.rule}\t{a.region_code}\t{a.key}\t{a.message}" for a in alerts]
        if not alerts:
            lines.append("（没有预警。）")
        self.stdout.write("\n".join(lines))
