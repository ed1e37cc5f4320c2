"""`api_token NAME`: prints the API token of a user, creating it once."""

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "打印用户的 API 令牌（不存在时创建一次）。调用时使用请求头 Authorization: Token <令牌>。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="用户名")

    def handle(self, *args, **options):
        from rest_framework.authtoken.models import Token

        from qualitybrand.accounts.models import User

        user = User.objects.filter(username=options["name"]).first()
        if user is None:
            self.stderr.write(f"用户“{options['name']}”不存在：请先用 create_user 创建。")
            sys.exit(1)
        if not user.is_active:
            self.stderr.write(f"用户“{user.username}”已停用，不能签发令牌。")
            sys.exit(1)
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
