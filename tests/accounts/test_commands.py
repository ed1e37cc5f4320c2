import pytest
from django.core.management import call_command

from qualitybrand.accounts.models import User
from tests.factories import EntityFactory


def run(*args):
    """Run a command; return (exit code, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # CommandError
        code = getattr(exc, "returncode", 1)
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_create_user_with_password_is_not_forced_to_change(regions):
    code, out, _ = run("create_user", "qz", "--role", "county", "--region", "620502", "--password", "Qz-Office-2014")
    assert code == 0 and "已创建用户 qz" in out
    user = User.objects.get(username="qz")
    assert user.region.code == "620502" and user.role == "county"
    assert user.check_password("Qz-Office-2014") and not user.must_change_password


@pytest.mark.django_db
def test_create_user_without_password_generates_one(regions):
    code, out, _ = run("create_user", "boss", "--role", "leader", "--region", "620500")
    assert code == 0
    password = out.split("初始密码：")[1].split()[0]
    user = User.objects.get(username="boss")
    assert user.check_password(password) and user.must_change_password


@pytest.mark.django_db
def test_create_user_applies_the_policy(regions):
    code, _, err = run("create_user", "weak", "--role", "county", "--region", "620502", "--password", "abc")
    assert code == 1 and "10" in err
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.django_db
def test_create_user_refuses_unknown_values(regions):
    assert run("create_user", "x", "--role", "king")[0] == 2
    code, _, err = run("create_user", "x", "--role", "county", "--region", "999999")
    assert code == 1 and "区划代码“999999”不存在" in err
    code, _, err = run("create_user", "x", "--role", "enterprise", "--entity", "91620500MA00000000")
    assert code == 1 and "不存在" in err
    code, _, err = run("create_user", "city", "--role", "county", "--region", "620502", "--password", "Qz-Office-2014")
    code, _, err = run("create_user", "city", "--role", "county", "--region", "620502", "--password", "Qz-Office-2014")
    assert code == 1 and "已存在" in err
    assert User.objects.filter(username="x").count() == 0


@pytest.mark.django_db
def test_create_enterprise_user_takes_the_entity_region(regions):
    entity = EntityFactory(region=regions["620503"])
    code, _, _ = run("create_user", "firm", "--role", "enterprise", "--entity", entity.uscc,
                     "--password", "Firm-Pass-2014")
    assert code == 0
    user = User.objects.get(username="firm")
    assert user.entity == entity and user.region == regions["620503"]


@pytest.mark.django_db
def test_api_token_created_once(county_user):
    import hashlib

    from qualitybrand.accounts.models import ApiToken

    code, out, _ = run("api_token", county_user.username)
    key = out.strip()
    assert code == 0 and ApiToken.objects.get(user=county_user).key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert run("api_token", county_user.username)[1] == out
    assert ApiToken.objects.filter(user=county_user).count() == 1
    assert run("api_token", "ghost")[0] == 1
    User.objects.filter(pk=county_user.pk).update(is_active=False)
    code, _, err = run("api_token", county_user.username)
    assert code == 1 and "已停用" in err
