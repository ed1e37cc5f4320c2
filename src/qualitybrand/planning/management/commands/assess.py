"""qualitybrand assess CODE [--as-of DATE] [--manual FILE.yaml] --json (assessment.md)."""

from __future__ import annotations

import json
import sys

import yaml
from django.core.management.base import BaseCommand, CommandError

from qualitybrand.planning import selectors
from qualitybrand.planning.management.commands._common import parse_day, read_text
from qualitybrand.planning.models import Scheme


class Command(BaseCommand):
    help = "按考核方案计算得分、等次和排名。"

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--manual")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        scheme = Scheme.objects.filter(code=options["code"]).first()
        if scheme is None:
            raise CommandError(f"考核方案 {options['code']} 不存在：请先用 load_scheme 加载。", returncode=2)
        doc = scheme.document
        day = parse_day(options["as_of"])
        if day is not None and day.year != doc["year"]:
            raise CommandError(f"日期 {day} 不在方案的年度 {doc['year']} 内。", returncode=2)
        manual_data = None
        if options["manual"]:
            text = read_text(options["manual"])
            try:
                manual_data = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise CommandError(f"人工评分文件 {options['manual']} 不是有效的 YAML：请检查缩进和冒号。",
                                   returncode=2) from exc
        try:
            found = selectors.assessed_subjects(doc)
            manual, errors = selectors.parse_manual(manual_data, doc, [s.key for s in found])
            if errors:
                for e in errors:
                    self.stderr.write(f"错误：{e}")
                sys.exit(1)
            result = selectors.assess_document(doc, selectors.period_for(doc, day), manual)
        except selectors.AssessmentError as exc:
            self.stderr.write(f"错误：{exc}")
            sys.exit(1)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{doc['name']}")
        for r in result.results:
            veto = f"  否决：{'、'.join(r.vetoed)}" if r.vetoed else ""
            self.stdout.write(f"第 {r.rank} 名  {r.region}  {r.total} 分  {r.grade or '—'}{veto}")
