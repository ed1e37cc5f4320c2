"""qualitybrand load_demo [--force]

Loads the demo city (demo.md): 天水市 620500 and its seven districts and counties, ledgers for
2010 to 2014-06-30, the recognition programs, reported indicator values, the demo accounts, and
(when those areas provide them) the demo targets, schemes, applications and rewards.

Refuses (exit 1) when the database already holds regions. --force loads anyway: records whose
natural key already exists are kept (updated where the ledger engine upserts), missing ones
are added, existing accounts are left as they are.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from qualitybrand.demo.loader import DemoRefused, format_summary, load_demo
from qualitybrand.demo.writer import DemoLoadError


class Command(BaseCommand):
    help = "加载演示城市（天水市，2010—2014 年）的台账数据与演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="数据库已有数据时仍加载：已有记录保留（按自然键更新），缺少的补齐。")

    def handle(self, *args, **options):
        out = self.stdout.write
        out("正在加载演示数据……")
        try:
            summary = load_demo(force=options["force"], out=out)
        except DemoRefused as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        except DemoLoadError as exc:
            self.stderr.write(f"演示数据加载失败，未写入任何数据：{exc}")
            sys.exit(1)
        out(format_summary(summary))
