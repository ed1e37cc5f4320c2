"""send_digest and /alerts/digest/ (warnings.md): new or risen warnings since the user's last digest, once a
day per user, by e-mail when QB_SMTP_URL is set (Django's locmem backend here); a failed send is retried."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitybrand.alerts import digest
from qualitybrand.alerts.models import DigestRecord
from qualitybrand.config import ConfigError, smtp_url
from tests.alerts.inbox_support import D, mark, people

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _smtp(settings):
    settings.QB_TODAY = D
    settings.QB_SMTP_URL = "smtp://digest:secret@mail.example.cn:25"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def folks(regions):
    return people(regions)


def _mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_first_run_sends_each_owner_its_warnings_and_a_second_run_sends_nothing(folks):
    mark(folks["firm"], "10000001", D + dt.timedelta(days=20), "长城")     # 紧急
    mark(folks["firm"], "10000002", D + dt.timedelta(days=200), "长城电工")  # 提示
    result = digest.run(D)
    (firm_mail,) = _mails_to("firm@example.cn")
    assert "预警摘要：新增或升级 2 条，其中紧急 1 条" in firm_mail.subject
    assert "【紧急】商标续展提醒（新增）" in firm_mail.body and "到期日 2014-07-30" in firm_mail.body
    assert len(_mails_to("city@example.cn")) == 1 and result.emailed == len(mail.outbox)
    record = DigestRecord.objects.get(user=folks["firm_user"], day=D)
    assert record.emailed and [(i["key"], i["change"]) for i in digest.news(record)] == [
        ("10000001", "新增"), ("10000002", "新增")]
    sent = len(mail.outbox)
    again = digest.run(D)
    assert len(mail.outbox) == sent and again.created == 0 and again.emailed == 0
    assert DigestRecord.objects.filter(day=D).count() == result.created


def test_a_level_rise_sends_again_with_only_the_risen_warning(folks):
    mark(folks["firm"], "10000001", D + dt.timedelta(days=20), "长城")     # 紧急 from the start
    mark(folks["firm"], "10000002", D + dt.timedelta(days=100), "长城电工")  # 提示 on D, 紧急 from D + 10
    digest.run(D)
    mail.outbox.clear()
    digest.run(D + dt.timedelta(days=1))          # nothing new: no mail
    assert _mails_to("firm@example.cn") == []
    digest.run(D + dt.timedelta(days=10))         # 90 days left: 紧急
    (firm_mail,) = _mails_to("firm@example.cn")
    assert "新增或升级 1 条" in firm_mail.subject and "（升级）" in firm_mail.body and "长城电工" in firm_mail.body
    assert "10000001" not in firm_mail.body


def test_a_user_with_nothing_gets_nothing(folks):
    mark(folks["other"], "10000003", D + dt.timedelta(days=20), "麦积花牛")
    digest.run(D)
    assert len(_mails_to("mj@example.cn")) == 1 and _mails_to("qz@example.cn") == []
    assert _mails_to("firm@example.cn") == []
    assert not DigestRecord.objects.filter(user=folks["firm_user"]).exists()


def test_nobody_gets_anything_when_nothing_fires(folks):
    result = digest.run(D)
    assert mail.outbox == [] and not DigestRecord.objects.exists() and result.created == 0


def test_without_smtp_the_digest_is_a_page_only(client, folks, settings):
    settings.QB_SMTP_URL = ""
    mark(folks["firm"], "10000001", D + dt.timedelta(days=20), "长城")
    call_command("send_digest", "--as-of", "2014-07-10")
    assert mail.outbox == []
    record = DigestRecord.objects.get(user=folks["firm_user"], day=D)
    assert not record.emailed
    client.force_login(folks["firm_user"])
    body = client.get("/alerts/digest/").content.decode()
    assert "2014年7月10日 预警摘要" in body and "长城" in body and "新增" in body and "未发送邮件：系统未配置邮件服务" in body
    # the next day, nothing new: the page still shows that day's news when asked for by day
    call_command("send_digest", "--as-of", "2014-07-11")
    assert "2014年7月11日 预警摘要" in client.get("/alerts/digest/").content.decode()
    assert "这一天没有新增或升级的预警" in client.get("/alerts/digest/").content.decode()
    assert "长城" in client.get("/alerts/digest/?day=2014-07-10").content.decode()
    assert "无法识别" in client.get("/alerts/digest/?day=昨天").content.decode()


def test_a_failed_send_is_logged_and_retried_by_the_next_run(folks, monkeypatch, caplog):
    mark(folks["firm"], "10000001", D + dt.timedelta(days=20), "长城")

    def broken(self, fail_silently=False):
        raise OSError("连接被拒绝")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    result = digest.run(D)
    assert "预警摘要邮件发送失败" in caplog.text and folks["firm_user"].username in result.failed
    assert not DigestRecord.objects.get(user=folks["firm_user"], day=D).emailed
    monkeypatch.undo()
    again = digest.run(D)                          # same day: only the retry
    assert again.created == 0 and len(_mails_to("firm@example.cn")) == 1
    assert DigestRecord.objects.get(user=folks["firm_user"], day=D).emailed


def test_a_failed_days_warnings_are_carried_into_the_next_digest(folks, monkeypatch):
    mark(folks["firm"], "10000001", D + dt.timedelta(days=20), "长城")
    monkeypatch.setattr("django.core.mail.EmailMessage.send", lambda self, fail_silently=False: 1 / 0)
    digest.run(D)
    monkeypatch.undo()
    digest.run(D + dt.timedelta(days=1))           # the next day: what never reached the user is news still
    (firm_mail,) = _mails_to("firm@example.cn")
    assert "长城" in firm_mail.body and "（新增）" in firm_mail.body
    record = DigestRecord.objects.get(user=folks["firm_user"], day=D + dt.timedelta(days=1))
    assert record.emailed and [i["key"] for i in digest.news(record)] == ["10000001"]


def test_bad_as_of_is_a_usage_error():
    with pytest.raises(CommandError) as caught:
        call_command("send_digest", "--as-of", "2014-13-01")
    assert caught.value.returncode == 2 and "YYYY-MM-DD" in str(caught.value)


@pytest.mark.parametrize("url, message", [
    ("http://mail.example.cn", "无法识别"),
    ("smtp://", "缺少邮件服务器主机名"),
    ("smtp://user:pw@mail.example.cn:99999", "端口无效"),
    ("smtp://:pw@mail.example.cn", "没有用户名"),
])
def test_bad_smtp_urls_are_refused_at_settings_load(url, message):
    with pytest.raises(ConfigError) as caught:
        smtp_url(url)
    assert message in str(caught.value) and "pw" not in str(caught.value)


def test_good_smtp_urls_pass():
    assert smtp_url(" smtps://a%40b.cn:p%3Aw@mail.example.cn:465 ") == "smtps://a%40b.cn:p%3Aw@mail.example.cn:465"
    assert smtp_url("") == ""


def test_the_digests_one_computation_gives_each_user_what_for_user_gives(folks, regions):
    from qualitybrand.alerts.engine import for_user
    from qualitybrand.registry.models import Certification
    from tests.accounts.factories import make_user

    mark(folks["firm"], "10000001", D + dt.timedelta(days=20), "长城")
    mark(folks["other"], "10000003", D + dt.timedelta(days=30), "麦积花牛")
    Certification.objects.create(number="C-1", cert_type="ISO9001", entity=folks["other"], issued=dt.date(2012, 1, 1),
                                 expires=D + dt.timedelta(days=40), region=folks["other"].region)
    users = [*(folks[k] for k in ("city", "county", "neighbour", "firm_user")),
             make_user(role="leader", region=regions["620500"]), make_user(role="expert", region=regions["620500"]),
             make_user(role="enterprise", region=regions["620503"], entity=folks["other"]),
             make_user(role="county", region=regions["620521"])]
    owned = digest.owned_by_each(users, D)
    for user in users:
        assert owned[user.pk] == for_user(user, D), user.role
    assert [a.key for a in owned[folks["neighbour"].pk]] == ["10000003", "C-1"]
