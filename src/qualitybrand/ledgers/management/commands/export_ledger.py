"""export_ledger LEDGER PATH [--region CODE] [--year YYYY]: .xlsx or .csv by the extension."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.ledgers.management.commands.import_ledger import QuietParser


class Command(BaseCommand):
    help = "导出台账为 .xlsx 或 .csv（可再次导入）。"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = QuietParser
        return parser

    def add_arguments(self, parser):
        parser.add_argument("ledger")
        parser.add_argument("path")
        parser.add_argument("--region", default=None)
        parser.add_argument("--year", default=None)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            self.stderr.write(str(exc))
            sys.exit(getattr(exc, "returncode", 2))

    def handle(self, *args, **opts):
        from qualitybrand.ledgers.engine import UsageError, get_ledger
        from qualitybrand.ledgers.export import export_queryset, filtered_queryset

        try:
            spec = get_ledger(opts["ledger"])
        except UsageError as exc:
            raise CommandError(str(exc), returncode=2) from None
        path = Path(opts["path"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("导出文件的扩展名应为 .xlsx 或 .csv。", returncode=2)
        year = None
        if opts["year"] is not None:
            if not str(opts["year"]).isdigit() or len(str(opts["year"])) != 4:
                raise CommandError(f"年度“{opts['year']}”无效：应为四位数字年份，如 2013。", returncode=2)
            year = int(opts["year"])
        try:
            qs = filtered_queryset(spec, region=opts["region"], year=year)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        data = export_queryset(spec.name, qs, fmt)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入文件 {path}：{exc.strerror or exc}。", returncode=2) from None
        self.stdout.write(f"已导出{spec.title} {qs.count()} 条到 {path}。")
