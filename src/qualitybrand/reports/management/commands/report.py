"""`qualitybrand report KIND [--year YYYY | --as-of DATE] [--region CODE] [--number N] --out PATH [--archive]`:
one document made now, written to PATH (no archive row unless --archive). Exit 0 done, 1 input refused
(unknown kind, region, bad year or date), 2 usage."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "生成文书（年度工作总结、工作情况汇报、调度简报等），写入 --out 指定的文件。"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="文书类型：annual_summary、status_report、bulletin、quality_analysis、"
                                         "statistics、brand_album、task_bulletin（交办任务通报）")
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--year", help="年度，如 2013（年度类文书）")
        when.add_argument("--as-of", dest="as_of", help="截至日期 YYYY-MM-DD（截至类文书；简报为统计期末）")
        parser.add_argument("--region", help="区划代码，默认为本市")
        parser.add_argument("--number", help="简报期号（第N期）")
        parser.add_argument("--out", help="输出文件路径")
        parser.add_argument("--archive", action="store_true", help="同时存入文书档案（待签发）")

    def handle(self, *args, **opts):
        if not opts.get("out"):
            raise CommandError("请用 --out 指定输出文件路径。", returncode=2)
        out = Path(opts["out"])
        if out.exists() and out.is_dir():
            raise CommandError(f"--out {out} 是目录：请给出文件路径。", returncode=2)
        if not out.parent.exists():
            raise CommandError(f"输出目录 {out.parent} 不存在。", returncode=2)
        try:
            data, name = self._make(opts)
        except ValidationError as exc:
            self.stderr.write("；".join(exc.messages))
            sys.exit(1)
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc.strerror}。", returncode=2) from None
        self.stdout.write(f"已生成：{out}（{name}，{len(data):,} 字节）")

    def _make(self, opts) -> tuple[bytes, str]:
        from qualitybrand.core.filtering import find_region, unknown_region_message
        from qualitybrand.reports import kinds, services

        region = find_region(opts["region"]) if opts.get("region") else default_region()
        if region is None:
            raise ValidationError(unknown_region_message(opts["region"]) if opts.get("region")
                                  else "尚无行政区划：请先导入行政区划。")
        kind = kinds.get(opts["kind"])
        year, as_of, start, end, issue_no = parse_when(kind, opts)
        if opts["archive"]:
            doc = services.generate_now(None, opts["kind"], region, year=year, as_of=as_of, start=start, end=end,
                                        issue_no=issue_no)
            if doc.state != "draft":
                raise ValidationError(doc.message or "生成失败。")
            with doc.file.open("rb") as fh:
                return fh.read(), doc.file_name
        kind = services.check_request(opts["kind"], region, year=year, as_of=as_of, start=start, end=end,
                                      issue_no=issue_no)
        y, a, s, e = services.period_of(kind, year=year, as_of=as_of, start=start, end=end)
        from qualitybrand.reports.documents.common import office_name

        req = kinds.DocRequest(kind=kind.code, region=region, year=y, as_of=a, start=s, end=e, issue_no=issue_no,
                               office=office_name(region))
        data, _ctx, _template = services.build_file(req)
        return data, kind.label


def default_region():
    from qualitybrand.core.models import Region

    return Region.objects.filter(kind="市").order_by("depth", "code").first() or \
        Region.objects.order_by("depth", "code").first()


def parse_when(kind, opts):
    """(year, as_of, start, end, issue_no) from the options; bad values raise ValidationError (exit 1)."""
    year = as_of = start = end = issue_no = None
    if opts.get("year"):
        text = str(opts["year"]).strip()
        if not (text.isdecimal() and len(text) == 4 and int(text) >= 1000):
            raise ValidationError(f"年度“{text[:20]}”无效：请填写四位数字的年份，如 2013。")
        year = int(text)
    if opts.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(str(opts["as_of"]).strip())
        except ValueError:
            raise ValidationError(f"日期“{opts['as_of']}”无效：格式为 YYYY-MM-DD，如 2013-12-31。") from None
    if opts.get("number"):
        text = str(opts["number"]).strip()
        if not text.isdecimal() or len(text) > 6 or int(text) < 1:
            raise ValidationError(f"期号“{text[:20]}”无效：应为不超过六位的正整数。")
        issue_no = int(text)
    if kind is not None and kind.period == "year" and year is None and as_of is not None:
        year = as_of.year
    if kind is not None and kind.period == "as_of" and as_of is None and year is not None:
        as_of = dt.date(year, 12, 31)
    if kind is not None and kind.period == "period":
        if as_of is not None:
            start, end = as_of.replace(day=1), as_of
        elif year is not None:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return year, as_of, start, end, issue_no
