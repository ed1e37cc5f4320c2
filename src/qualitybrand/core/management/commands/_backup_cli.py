"""What the backup and restore commands share: usage errors exit 2, refusals exit 1, no traceback."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError


class QuietParser(CommandParser):
    def error(self, message):
        sys.stderr.write(f"参数错误：{message}\n用法：{self.format_usage()}")
        sys.exit(2)


class BackupCommand(BaseCommand):
    requires_system_checks = []  # a restore target may have no tables yet

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = QuietParser
        return parser

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份目录")

    def execute(self, *args, **options):
        from qualitybrand.core.backup import Refused, Unusable

        try:
            return super().execute(*args, **options)
        except Unusable as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        except Refused as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        except CommandError as exc:
            self.stderr.write(str(exc))
            sys.exit(getattr(exc, "returncode", 2))
        except OSError as exc:  # a full disk, a directory without permission
            self.stderr.write(f"读写文件失败：{exc}")
            sys.exit(1)
        except DatabaseError as exc:  # no server, no such database, wrong password
            self.stderr.write(f"无法访问数据库：{str(exc).strip() or type(exc).__name__}。请检查 DATABASE_URL。")
            sys.exit(1)


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"
