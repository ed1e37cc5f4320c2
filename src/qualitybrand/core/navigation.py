"""The left menu: work areas and their pages. A page whose URL does not resolve yet shows “建设中”."""

from __future__ import annotations

from qualitybrand.core.roles import Role

ALL = None  # every signed-in role
OFFICE = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}
# An enterprise finds its own records on 本企业, an expert has none: the registry lists are the offices'.

# (area, [(label, url, roles)]); roles None = everyone signed in.
MENU: list[tuple[str, list[tuple[str, str, set | None]]]] = [
    ("我的工作", [
        ("我的评审任务", "/me/reviews/", {Role.EXPERT}),
        ("本企业", "/me/company/", {Role.ENTERPRISE}),
        ("工作清单", "/me/worklist/", {Role.COUNTY}),
        ("部门工作台", "/me/department/", {Role.DEPARTMENT}),
        ("预警", "/alerts/", OFFICE | {Role.ENTERPRISE}),
        ("预警摘要", "/alerts/digest/", OFFICE | {Role.ENTERPRISE}),
    ]),
    ("市场主体与知识产权", [
        ("市场主体", "/registry/entities/", OFFICE),
        ("商标", "/registry/trademarks/", OFFICE),
        ("认定与荣誉", "/registry/recognitions/", OFFICE),
        ("培育项目", "/registry/programs/", OFFICE),
        ("专利", "/registry/patents/", OFFICE),
        ("认证", "/registry/certifications/", OFFICE),
        ("标准", "/registry/standards/", OFFICE),
        ("质押融资", "/registry/pledges/", OFFICE),
        ("服务记录", "/registry/services/", OFFICE),
        ("宣传报道", "/registry/publicity/", OFFICE),
        ("台账导入导出", "/ledgers/", {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT}),
    ]),
    ("指标与看板", [
        ("数据看板", "/reports/dashboard/", OFFICE),
        ("指标目录", "/indicators/catalog/", OFFICE),
        ("部门填报", "/indicators/values/", {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT}),
        ("自定义指标", "/indicators/define/", {Role.CITY_ADMIN}),
    ]),
    ("目标与考核", [
        ("目标任务与考核", "/planning/", {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}),
        ("交办任务", "/assignments/", {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}),
        ("我的任务", "/assignments/mine/", {Role.COUNTY, Role.DEPARTMENT}),
        ("交办任务排名", "/assignments/ranking/", {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}),
        ("迎检自评", "/inspection/", {Role.CITY_ADMIN, Role.LEADER}),
        ("质量目标责任书", "/planning/responsibility/", {Role.ENTERPRISE}),
    ]),
    ("品牌培育", [
        ("培育概览", "/cultivation/", {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}),
        ("申报审核", "/cultivation/applications/", {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}),
        ("我的申报", "/cultivation/applications/", {Role.ENTERPRISE}),
        ("申报批次", "/cultivation/calls/", {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.ENTERPRISE,
                                         Role.LEADER}),
        ("梯次培育", "/cultivation/pipeline/", OFFICE),
        ("专家评审", "/cultivation/scoring/", {Role.CITY_ADMIN, Role.LEADER}),
        ("专家库", "/cultivation/experts/", {Role.CITY_ADMIN}),
        ("回避申报", "/cultivation/experts/", {Role.EXPERT}),
        ("奖励资金", "/cultivation/rewards/", {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.ENTERPRISE,
                                          Role.LEADER}),
        ("消息", "/cultivation/inbox/", ALL),
    ]),
    ("质量监管与信用", [
        ("监督抽查", "/supervision/inspections/", OFFICE),
        ("质量事故", "/supervision/incidents/", OFFICE),
        ("案件查处", "/supervision/cases/", OFFICE),
        ("信用与黑名单", "/supervision/blacklist/", OFFICE),
        ("信用修复", "/supervision/repairs/", {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER, Role.ENTERPRISE}),
        ("公示范围预览", "/supervision/blacklist/public/", {Role.CITY_ADMIN}),
        ("信用评价", "/credit/ratings/", OFFICE),
        ("信用评价方案", "/credit/schemes/", OFFICE),
        ("联合惩戒规则", "/credit/restrictions/", OFFICE),
    ]),
    ("监管闭环", [
        ("抽查后处理", "/supervision/followups/", OFFICE),
        ("重点产品目录", "/supervision/key-products/", OFFICE),
        ("投诉举报", "/complaints/", OFFICE),
        ("投诉举报统计", "/reports/complaints/", OFFICE),
        ("产品追溯", "/tracing/", OFFICE | {Role.ENTERPRISE}),
        ("缺陷产品召回", "/recalls/", OFFICE | {Role.ENTERPRISE}),
        ("风险信息", "/risks/", OFFICE),
        ("专项整治", "/campaigns/", OFFICE),
    ]),
    ("预警", [
        ("预警规则", "/alerts/rules/", OFFICE),
    ]),
    ("报告与公示", [
        ("报告与文书", "/reports/", OFFICE),
        ("文书模板", "/reports/templates/", {Role.CITY_ADMIN, Role.COUNTY}),
        ("领导大屏", "/reports/screen/", OFFICE),
        ("门户管理", "/portal/manage/", {Role.CITY_ADMIN, Role.COUNTY}),
        ("公示异议", "/portal/manage/objections/", {Role.CITY_ADMIN, Role.COUNTY}),
        ("公众门户", "/portal/", ALL),
    ]),
    ("系统管理", [
        ("用户管理", "/accounts/users/", {Role.CITY_ADMIN}),
        ("安全日志", "/accounts/security-log/", {Role.CITY_ADMIN}),
        ("变更记录", "/changelog/", {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}),
        ("工作日历", "/core/calendar/", {Role.CITY_ADMIN}),
        ("修改密码", "/accounts/password/", ALL),
    ]),
]


def menu_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The areas and (label, url) pairs this user's role may open."""
    role = getattr(user, "role", "")
    superuser = getattr(user, "is_superuser", False)
    areas = []
    for area, items in MENU:
        # the pages of one role (/me/…) only for that role: a superuser has no reviews nor company
        visible = [(label, url) for label, url, roles in items
                   if roles is None or role in roles or (superuser and not url.startswith("/me/"))]
        if visible:
            areas.append((area, visible))
    return areas
