"""ledger_template LEDGER PATH: an empty .xlsx with headers, notes and drop-down lists."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.ledgers.management.commands.import_ledger import QuietParser


class Command(BaseCommand):
    help = "生成台账导入模板（.xlsx，含表头、填写说明和下拉选项）。"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = QuietParser
        return parser

    def add_arguments(self, parser):
        parser.add_argument("ledger")
        parser.add_argument("path")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            self.stderr.write(str(exc))
            sys.exit(getattr(exc, "returncode", 2))

    def handle(self, *args, **opts):
        from qualitybrand.ledgers.engine import UsageError, get_ledger
        from qualitybrand.ledgers.export import template_xlsx

        try:
            spec = get_ledger(opts["ledger"])
        except UsageError as exc:
            raise CommandError(str(exc), returncode=2) from None
        path = Path(opts["path"])
        try:
            path.write_bytes(template_xlsx(spec.name))
        except OSError as exc:
            raise CommandError(f"无法写入文件 {path}：{exc.strerror or exc}。", returncode=2) from None
        self.stdout.write(f"已生成{spec.title}模板：{path}")
