"""`qualitybrand worker`: the background task process. On start it settles what a killed worker left
behind (core/recovery.py), then runs the queue (django-tasks' database worker)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from qualitybrand.core import recovery
from qualitybrand.core.processes import this_process


class Command(BaseCommand):
    help = "后台任务进程：先处理上次意外中断的任务与导入，再运行任务队列。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时的轮询间隔（秒）")
        parser.add_argument("--once", action="store_true", help="只处理中断的工作，不运行队列")

    def handle(self, *args, interval: float, once: bool, **options):
        for line in recovery.recover():
            self.stdout.write(line)
        if not once:
            call_command("db_worker", interval=interval, worker_id=this_process(), startup_delay=False)
