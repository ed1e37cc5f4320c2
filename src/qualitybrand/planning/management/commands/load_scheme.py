"""qualitybrand load_scheme FILE — target sets, schemes and indicators from YAML (assessment.md)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from qualitybrand.planning import documents
from qualitybrand.planning.loading import STATUS_LABELS, load_text
from qualitybrand.planning.management.commands._common import read_text

KIND_LABELS = {"targets": "目标集", "scheme": "考核方案", "indicator": "指标"}


class Command(BaseCommand):
    help = "加载目标集、考核方案和自定义指标（YAML，可含多个以 --- 分隔的文档）。"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        text = read_text(options["file"])
        try:
            result = load_text(text)
        except documents.DocumentError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for w in result.warnings:
            self.stderr.write(f"警告：{w}")
        if not result.ok:
            for e in result.errors:
                self.stderr.write(f"错误：{e}")
            self.stderr.write(f"文件未加载：共 {len(result.errors)} 处错误，未保存任何内容。请修改后重新加载。")
            sys.exit(1)
        for kind, code, status, version in result.outcomes:
            ver = f"（第 {version} 版）" if version else ""
            self.stdout.write(f"{KIND_LABELS[kind]} {code}：{STATUS_LABELS.get(status, status)}{ver}")
