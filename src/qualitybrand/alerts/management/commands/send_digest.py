"""qualitybrand send_digest [--as-of DATE] — each user's daily digest of new or risen warnings (warnings.md).

Cron-ready: idempotent per day and user (a second run the same day sends nothing and only retries an
e-mail that failed). E-mails go out when QB_SMTP_URL is set; the digest is the page /alerts/digest/ either
way. Exit 0 when done (also when some e-mails failed: they are logged and retried), 2 for a bad date."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "生成每位用户当天的预警摘要（新增或升级的预警），配置 QB_SMTP_URL 时发送邮件；同一天重复运行不会重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="摘要日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, **options):
        from qualitybrand.alerts import digest

        day = None
        if options.get("as_of") is not None:
            try:
                day = dt.date.fromisoformat(options["as_of"].strip())
            except ValueError:
                raise CommandError(f"日期“{options['as_of']}”无效：应写成 YYYY-MM-DD，例如 2014-07-10。",
                                   returncode=2) from None
        result = digest.run(day)
        line = (f"{result.day:%Y-%m-%d} 预警摘要：新生成 {result.created} 份，发送邮件 {result.emailed} 封，"
                f"无预警的用户 {result.skipped} 人")
        if not digest.smtp_enabled():
            line += "（未设置 QB_SMTP_URL，未发送邮件，摘要可在“预警摘要”页面查看）"
        self.stdout.write(line + "。")
        if result.failed:
            self.stderr.write(f"{len(result.failed)} 封邮件发送失败（已记录日志，下次运行时重试）："
                              + "、".join(result.failed[:20]))
