"""`purge_change_log --days N`: the only path that deletes change-log entries (N ≥ 180)."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

MIN_DAYS = 180  # 网络安全法：网络日志留存不少于六个月


class Command(BaseCommand):
    help = "删除早于保留期的变更记录。保留期不得少于 180 天（网络安全法要求留存不少于六个月）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"保留天数（≥ {MIN_DAYS}；默认取 QB_CHANGE_LOG_RETENTION_DAYS）")
        parser.add_argument("--dry-run", action="store_true", help="只统计将删除的条数，不删除")

    def handle(self, *args, **options):
        from qualitybrand.core import clock
        from qualitybrand.core.models import ChangeLog

        days = options["days"]
        if days is None:
            days = getattr(settings, "QB_CHANGE_LOG_RETENTION_DAYS", 365)
        if days < MIN_DAYS:
            raise CommandError(
                f"保留期 {days} 天过短：变更记录须至少保留 {MIN_DAYS} 天（网络安全法要求留存不少于六个月），"
                f"请使用 --days {MIN_DAYS} 或更大的值。", returncode=2)
        cutoff = clock.now() - dt.timedelta(days=days)
        old = ChangeLog.objects.filter(time__lt=cutoff)
        if options["dry_run"]:
            self.stdout.write(f"将删除 {old.count()} 条早于 {cutoff:%Y-%m-%d} 的变更记录（试运行，未删除）。")
            return
        with transaction.atomic():
            # ChangeLog.delete() refuses single deletions; the retention purge deletes the set at once.
            deleted = old._raw_delete(old.db)
        self.stdout.write(f"已删除 {deleted} 条早于 {cutoff:%Y-%m-%d} 的变更记录（保留 {days} 天）。")
