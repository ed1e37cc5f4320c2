"""qualitybrand load_demo [--force]

Loads the demo city (demo.md): 天水市 620500 and its seven districts and counties, ledgers for
2010 to 2014-06-30, the recognition programs, reported indicator values, the demo accounts, and
(when those areas provide them) the demo targets, schemes, applications and rewards.

Everything goes through the ledger engine (`import_rows`, atomic, change-logged) inside one
transaction: on any error nothing is written (exit 1, Chinese message).

Refuses (exit 1) when the database already holds regions. --force loads anyway: the ledger
engine upserts by natural key (existing records with a demo key are set to the demo's values,
missing ones are added, records the demo does not know are left alone); existing accounts are
left as they are.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from qualitybrand.demo.loader import DemoHookFailed, DemoRefused, format_summary, load_demo
from qualitybrand.demo.writer import DemoLoadError


class Command(BaseCommand):
    help = "加载演示城市（天水市，2010—2014 年）的台账数据与演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="数据库已有数据时仍加载：按自然键更新已有记录、补齐缺少的记录，其他数据不动。")

    def handle(self, *args, **options):
        out = self.stdout.write
        out("正在加载演示数据……")
        try:
            summary = load_demo(force=options["force"], out=out)
        except DemoRefused as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        except (DemoLoadError, DemoHookFailed) as exc:
            self.stderr.write(f"演示数据加载失败，未写入任何数据：{exc}")
            sys.exit(1)
        out(format_summary(summary))
