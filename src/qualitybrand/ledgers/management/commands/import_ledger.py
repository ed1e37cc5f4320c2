"""import_ledger LEDGER PATH [--mode atomic|partial] [--dry-run] [--user NAME] [--json] (ledgers.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser


class QuietParser(CommandParser):
    def error(self, message):
        sys.stderr.write(f"参数错误：{message}\n用法：{self.format_usage()}")
        sys.exit(2)


class Command(BaseCommand):
    help = "导入台账（.xlsx 或 .csv）：逐格校验，按模式写入，输出结果。"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = QuietParser
        return parser

    def add_arguments(self, parser):
        parser.add_argument("ledger")
        parser.add_argument("path")
        parser.add_argument("--mode", default="atomic")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--user", default=None)
        parser.add_argument("--json", action="store_true")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            self.stderr.write(str(exc))
            sys.exit(getattr(exc, "returncode", 2))

    def handle(self, *args, **opts):
        from qualitybrand.ledgers.engine import UsageError, get_ledger, import_file
        from qualitybrand.ledgers.readers import UnreadableFile

        try:
            get_ledger(opts["ledger"])
        except UsageError as exc:
            raise CommandError(str(exc), returncode=2) from None
        user = None
        if opts["user"]:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"用户“{opts['user']}”不存在。", returncode=2)
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"文件 {path} 不存在或不是文件。", returncode=2)
        try:
            result = import_file(opts["ledger"], path, mode=opts["mode"], dry_run=opts["dry_run"], user=user)
        except (UsageError, UnreadableFile) as exc:
            if opts["json"]:
                self.stdout.write(json.dumps({
                    "ledger": opts["ledger"], "rows": 0, "created": 0, "updated": 0, "unchanged": 0,
                    "errors": [{"row": None, "column": "", "value": "", "message": str(exc)}], "warnings": []},
                    ensure_ascii=False))
            raise CommandError(str(exc), returncode=2) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, default=str))
        else:
            verb = "检查" if opts["dry_run"] else "导入"
            self.stdout.write(f"{verb}{opts['ledger']}：共 {result.rows} 行，新增 {result.created}，修改 {result.updated}，"
                              f"未变 {result.unchanged}，错误 {len(result.errors)}，提示 {len(result.warnings)}。")
            for e in result.errors:
                where = f"第 {e['row']} 行" if e["row"] else "表头"
                self.stdout.write(f"  {where} [{e['column']}] {e['value']}：{e['message']}")
            for e in result.warnings:
                self.stdout.write(f"  提示 第 {e['row']} 行 [{e['column']}] {e['value']}：{e['message']}")
            if result.errors and not result.written:
                self.stdout.write("有错误，未写入任何数据。" if not opts["dry_run"] else "试运行，未写入任何数据。")
        if result.errors:
            sys.stdout.flush()
            sys.exit(1)
