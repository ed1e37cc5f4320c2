"""`create_user NAME --role ROLE [--region CODE] [--entity USCC] [--password P]`."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qualitybrand.core.roles import Role


class Command(BaseCommand):
    help = "创建用户：应用密码策略；未给出 --password 时生成强密码并要求首次登录修改。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="用户名")
        parser.add_argument("--role", required=True, help="角色：" + "、".join(Role.values))
        parser.add_argument("--region", help="所属区划代码（GB/T 2260）")
        parser.add_argument("--entity", help="企业用户所属市场主体的统一社会信用代码")
        parser.add_argument("--department", help="部门用户所属部门（名称或代码，例如 住建）")
        parser.add_argument("--display-name", default="", help="姓名")
        parser.add_argument("--password", help="初始密码（给出时不要求首次登录修改）")

    def handle(self, *args, **options):
        from qualitybrand.accounts import services
        from qualitybrand.accounts.entities import entity_model
        from qualitybrand.core.models import Department, Region
        from qualitybrand.core.services import resolve_region_codes

        Entity = entity_model()  # registry.Entity, through User.entity (accounts sits below registry)
        role = options["role"]
        if role not in Role.values:
            raise CommandError(f"角色“{role}”不存在：应为 {'、'.join(Role.values)} 之一。", returncode=2)
        region = entity = department = None
        if options.get("region"):
            code = options["region"].strip()
            region = resolve_region_codes({code}).get(code)
            if region is None:
                self._refuse(f"区划代码“{code}”不存在：请填写库中已有的 6 位区划代码，例如 620500。")
        if options.get("entity"):
            uscc = options["entity"].strip().upper()
            entity = Entity.objects.select_related("region").filter(uscc=uscc).first()
            if entity is None:
                self._refuse(f"统一社会信用代码为 {uscc} 的市场主体不存在：请先导入该主体。")
        if options.get("department"):
            name = options["department"].strip()
            department = (Department.objects.filter(name=name).first()
                          or Department.objects.filter(code=name).first())
            if department is None:
                known = "、".join(Department.objects.values_list("name", flat=True))
                self._refuse(f"部门“{name}”不存在：应为 {known} 之一。")
        if region is None and entity is None:
            if role == Role.CITY_ADMIN or role == Role.LEADER or role == Role.EXPERT:
                region = Region.objects.filter(parent__isnull=True).order_by("path").first()
                # a city-level role defaults to the top of the tree below the province when there is one
                city = Region.objects.filter(kind="市").order_by("path").first()
                region = city or region
            if region is None:
                self._refuse("请用 --region 指定所属区划代码（区划库为空时请先载入区划）。")
        try:
            user, password = services.create_user(
                None, username=options["name"], role=role, region=region, entity=entity, department=department,
                display_name=options["display_name"], password=options.get("password"),
            )
        except ValidationError as exc:
            for problems in exc.message_dict.values():
                for problem in problems:
                    self.stderr.write(problem)
            sys.exit(1)
        self.stdout.write(f"已创建用户 {user.username}（{user.role_label}，{user.region.name if user.region else '—'}）。")
        if options.get("password") is None:
            self.stdout.write(f"初始密码：{password}")
            self.stdout.write("首次登录时须修改密码。")

    def _refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(1)
