"""`api_token NAME`: prints the API token of a user, creating it once (interfaces.md).

Only the token's SHA-256 is stored; the command can print the same token again because it derives
it from SECRET_KEY (see accounts/tokens.py). A new token is issued when the last one expired
(`QB_API_TOKEN_DAYS`) or was revoked (password changed or reset, account deactivated)."""

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("打印用户的 API 令牌（不存在、已过期或已作废时签发新令牌）。调用时使用请求头 "
            "Authorization: Token <令牌>。数据库只保存令牌的 SHA-256 摘要。")

    def add_arguments(self, parser):
        parser.add_argument("name", help="用户名")

    def handle(self, *args, **options):
        from qualitybrand.accounts import tokens
        from qualitybrand.accounts.models import User

        user = User.objects.filter(username=options["name"]).first()
        if user is None:
            self.stderr.write(f"用户“{options['name']}”不存在：请先用 create_user 创建。")
            sys.exit(1)
        try:
            key = tokens.issue_or_show(user)
        except tokens.TokenRefused as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write(key)
