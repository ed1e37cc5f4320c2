"""`setup_regions CODE`: a region, its ancestors and everything below it from the shipped list."""

import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("从随附的 GB/T 2260 行政区划名录载入一个区划及其全部下级（区县、乡镇街道），连同其上级区划；"
            "可重复执行，已有的区划保持不变。")

    def add_arguments(self, parser):
        parser.add_argument("code", help="区划代码：6 位（省、市、区县）或 9 位（乡镇街道），例如 620500")

    def handle(self, *args, **options):
        from qualitybrand.core import divisions

        code = (options["code"] or "").strip()
        if not divisions.CODE_FORMAT.fullmatch(code):
            raise CommandError(f"区划代码“{code[:20]}”格式不对：应为 6 位数字（省、市、区县，例如 620500）"
                               "或 9 位数字（乡镇街道）。", returncode=2)
        try:
            result = divisions.setup_regions(code)
        except divisions.SetupRefused as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        if result.errors:
            for error in result.errors[:20]:
                self.stderr.write(f"{error.get('column') or ''} {error.get('value') or ''}：{error['message']}")
            self.stderr.write(f"区划 {code} 未载入：名录与库中已有数据冲突（见上），没有写入任何数据。")
            sys.exit(1)
        name = divisions.divisions()[code].name
        if result.changed:
            self.stdout.write(f"已载入 {name}（{code}）：名录中共 {result.listed} 个区划（含上级），"
                              f"新增 {result.created} 个，新增曾用代码 {result.aliases} 个"
                              f"（导入批次 {result.batch_id}，可在“导入记录”中查看或撤销）。")
        else:
            self.stdout.write(f"{name}（{code}）及其下级区划已全部在库中（共 {result.listed} 个）：没有变化。")
        for line in result.kept[:20]:
            self.stdout.write(f"保持库中现状：{line}")
        if len(result.kept) > 20:
            self.stdout.write(f"……另有 {len(result.kept) - 20} 个区划与名录不同，均保持库中现状。")
        for line in result.skipped:
            self.stdout.write(f"未载入：{line}")
