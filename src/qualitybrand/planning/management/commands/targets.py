"""qualitybrand targets CODE [--as-of DATE] --json — progress of a target set (assessment.md)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.planning import selectors
from qualitybrand.planning.management.commands._common import parse_day
from qualitybrand.planning.models import TargetSet


class Command(BaseCommand):
    help = "目标任务完成进度：目标集所属区划及各分解区划。"

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        ts = TargetSet.objects.filter(code=options["code"]).first()
        if ts is None:
            raise CommandError(f"目标集 {options['code']} 不存在：请先用 load_scheme 加载。", returncode=2)
        day = parse_day(options["as_of"])
        if day is None:
            day = selectors.default_as_of(ts.year)
        elif day.year != ts.year:
            raise CommandError(f"日期 {day} 不在目标集的年度 {ts.year} 内。", returncode=2)
        try:
            rows = selectors.progress(ts, day)
        except selectors.AssessmentError as exc:
            self.stderr.write(f"错误：{exc}")
            sys.exit(1)
        if options["json"]:
            out = {"code": ts.code, "as_of": day.isoformat(), "rows": [r.as_json() for r in rows]}
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(f"{ts.name}（截至 {day}）")
        for r in rows:
            self.stdout.write(f"{r.region} {r.region_name}\t{r.indicator}\t目标 {selectors.json_number(r.target)}\t"
                              f"完成 {selectors.json_number(r.actual) if r.actual is not None else 0}\t"
                              f"{float(r.ratio) * 100:.1f}%\t{r.status}")
