"""`backup PATH`: an online, consistent backup of the database and the uploaded files (see core/backup.py)."""

import time
from pathlib import Path

from qualitybrand.core.management.commands._backup_cli import BackupCommand, size_text


class Command(BackupCommand):
    help = ("在线备份数据库与上传文件到新目录 PATH（SQLite 在线备份，PostgreSQL 用 pg_dump -Fc），"
            "并写入带 SHA-256 校验和的清单 manifest.json。PATH 须不存在或为空目录。")

    def handle(self, *args, **opts):
        from qualitybrand.core.backup import backup

        started = time.monotonic()
        summary = backup(Path(opts["path"]))
        self.stdout.write(f"备份完成：{Path(opts['path']).resolve()}（{summary.vendor} 数据库，{summary.files} 个文件，"
                          f"共 {size_text(summary.bytes)}，用时 {time.monotonic() - started:.1f} 秒）。")
