"""Demo accounts (demo.md): one per role. Shown on the login page only while QB_DEMO is on."""

DEMO_PASSWORD = "Demo-Pass-2014"

# username, role, label, region code, extra: department name, or the credit code of the entity an
# enterprise account is bound to (星火机床 in 秦州区: qualitybrand.demo.profile.named_uscc("xinghuo")).
DEMO_ENTERPRISE_USCC = "91620502224054315K"

DEMO_ACCOUNTS = [
    {"username": "city", "role": "city_admin", "label": "市级管理员（天水市）", "region": "620500"},
    {"username": "leader", "role": "leader", "label": "领导", "region": "620500"},
    {"username": "qinzhou", "role": "county", "label": "秦州区", "region": "620502"},
    {"username": "maiji", "role": "county", "label": "麦积区", "region": "620503"},
    {"username": "qingshui", "role": "county", "label": "清水县", "region": "620521"},
    {"username": "qinan", "role": "county", "label": "秦安县", "region": "620522"},
    {"username": "gangu", "role": "county", "label": "甘谷县", "region": "620523"},
    {"username": "wushan", "role": "county", "label": "武山县", "region": "620524"},
    {"username": "zhangjiachuan", "role": "county", "label": "张家川回族自治县", "region": "620525"},
    {"username": "zhujian", "role": "department", "label": "住建部门", "region": "620500", "department": "住建"},
    {"username": "huanbao", "role": "department", "label": "环保部门", "region": "620500", "department": "环保"},
    {"username": "enterprise", "role": "enterprise", "label": "企业用户（天水星火机床有限责任公司）", "region": "620502",
     "entity": DEMO_ENTERPRISE_USCC},
    {"username": "expert1", "role": "expert", "label": "评审专家一", "region": "620500"},
    {"username": "expert2", "role": "expert", "label": "评审专家二", "region": "620500"},
    {"username": "expert3", "role": "expert", "label": "评审专家三", "region": "620500"},
]


def print_logins() -> None:
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for account in DEMO_ACCOUNTS:
        print(f"  {account['username']:<14} {account['label']}")
