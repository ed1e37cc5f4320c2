"""Shared setup of the subject-round tests: a department round (住建, 环保 of 天水市), a towns round of
秦州区 and an enterprise 责任书 round, loaded as a user would load them."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qualitybrand.core.models import Department
from qualitybrand.core.services import save_region
from qualitybrand.planning import loading, services
from qualitybrand.planning.models import Round, Scheme

GRADES = """grades:
  - {grade: 好, min: 90}
  - {grade: 较好, min: 60}
  - {grade: 差, min: 0}
"""

DEPARTMENTS = """
kind: scheme
code: 2013-dept
name: 2013年度部门质量工作考核
year: 2013
region: "620500"
subjects: departments
assessed: [住建, 环保]
""" + GRADES + """items:
  - {code: D1, name: 抽查合格率, points: 60, rule: linear, indicator: insp.pass_rate, zero_at: 85, full_at: 95}
  - {code: D3, name: 工作机制, points: 40, rule: manual, evidence: required}
"""

TOWNS = """
kind: scheme
code: 2014-qinzhou-towns
name: 2014年秦州区乡镇考核
year: 2014
region: "620502"
subjects: towns
assessed: children
""" + GRADES + """items:
  - {code: T1, name: 商标申请, points: 60, rule: linear, indicator: tm.applications, zero_at: 0, full_at: 20}
  - {code: T2, name: 质量工作机制, points: 40, rule: manual}
"""


def enterprise_scheme(usccs):
    listed = ", ".join(f'"{u}"' for u in usccs)
    return f"""
kind: scheme
code: 2014-zrs
name: 2014年企业质量目标责任书
year: 2014
region: "620500"
subjects: enterprises
assessed: [{listed}]
{GRADES}items:
  - {{code: Z1, name: 质量承诺落实, points: 60, rule: manual, evidence: required}}
  - {{code: Z2, name: 标准化建设, points: 40, rule: manual}}
"""


def login(user):
    user.save()
    c = Client()
    c.force_login(user)
    return c


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def load(text) -> Scheme:
    result = loading.load_text(text, user=None)
    assert result.ok, result.errors
    return Scheme.objects.get(code=[c for k, c, *_ in result.outcomes if k == "scheme"][0])


def department_round(kind="年终考核") -> Round:
    scheme = load(DEPARTMENTS)
    return services.create_round(None, scheme, kind, deadline=dt.date(2014, 1, 20))


def towns(regions):
    return {
        "620502001": save_region(None, code="620502001", name="大城街道", kind="乡镇街道", parent=regions["620502"]),
        "620502100": save_region(None, code="620502100", name="玉泉镇", kind="乡镇街道", parent=regions["620502"]),
        "620503100": save_region(None, code="620503100", name="社棠镇", kind="乡镇街道", parent=regions["620503"]),
    }


def department(name):
    return Department.objects.get(name=name)
