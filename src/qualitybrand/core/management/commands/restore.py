"""`restore PATH`: verify a backup's checksums, then restore it into an empty database (see core/backup.py)."""

from pathlib import Path

from qualitybrand.core.management.commands._backup_cli import BackupCommand, size_text


class Command(BackupCommand):
    help = ("从备份目录 PATH 恢复：先逐一核对清单中每个文件的校验和，"
            "仅恢复到空数据库（同类数据库），并恢复上传文件。任何检查不通过时不写入任何数据。")

    def handle(self, *args, **opts):
        from qualitybrand.core.backup import restore

        summary = restore(Path(opts["path"]))
        self.stdout.write(f"恢复完成：{summary.vendor} 数据库及上传文件（{summary.files} 个文件，共 {size_text(summary.bytes)}）。")
        if summary.pending_migrations:
            self.stdout.write(f"备份的数据库结构比本程序旧（缺少 {len(summary.pending_migrations)} 个迁移）："
                              f"请运行 qualitybrand migrate 完成升级后再启动服务。")
