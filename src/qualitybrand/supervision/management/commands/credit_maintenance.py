"""`qualitybrand credit_maintenance [--as-of DATE] [--dry-run]` (cron-ready, idempotent): removes the
blacklist entries whose 3 years are over (移出日期 = 列入日期 + 3 years, 移出方式 期满移出), in bulk and
change-logged. Run daily (cron, or the task `supervision.tasks.credit_maintenance_task`); a second run
on the same day finds nothing to do."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.core import clock


def parse_day(text: str | None) -> dt.date:
    if not text:
        return clock.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"--as-of 的值“{text}”不是有效日期：请写成 YYYY-MM-DD，如 2014-07-10。",
                           returncode=2) from None


class Command(BaseCommand):
    help = "信用维护：把列入满 3 年的严重违法失信名单记录期满移出（可重复运行，适合每日定时执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="按该日期处理（YYYY-MM-DD，默认今天）")
        parser.add_argument("--dry-run", action="store_true", help="只列出将移出的记录，不修改")

    def handle(self, *args, **opts):
        from qualitybrand.supervision import selectors, services
        from qualitybrand.supervision.models import BlacklistEntry

        as_of = parse_day(opts.get("as_of"))
        if opts["dry_run"]:
            entries = list(BlacklistEntry.objects.filter(removed__isnull=True).filter(selectors.expired_q(as_of))
                           .select_related("entity").order_by("listed", "id"))
            verb = "将期满移出"
        else:
            entries = services.expire_entries(as_of)
            verb = "已期满移出"
        for e in entries:
            self.stdout.write(f"{e.entity.uscc}\t{e.entity.name}\t列入 {e.listed}\t移出 "
                              f"{selectors.public_until(e.listed)}")
        self.stdout.write(f"截至 {as_of}：{verb} {len(entries)} 条严重违法失信名单记录。"
                          + ("" if entries else "没有需要处理的记录。"))
        if not opts["dry_run"]:
            filled = services.fill_missing_dues()
            if filled:
                self.stdout.write(f"已为 {len(filled)} 件信用修复申请补算办理期限（工作日历已补充）。")
