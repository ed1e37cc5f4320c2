"""The portal's public forms: the complaint form, the objection form and the status look-up.

Every posting form carries two guards against automated posting (`BotGuard`): a hidden honeypot field
(`website`) that a person leaves empty, and a signed timestamp (`django.core.signing`) of when the form
was served, which must be at least `QB_PORTAL_MIN_SECONDS` (3) and at most `QB_PORTAL_MAX_SECONDS`
(2 h) old. Any field holding markup or a script (`<tag`, `javascript:`) is refused."""

from __future__ import annotations

import re
import time

from django import forms
from django.conf import settings
from django.core import signing

from qualitybrand.core.models import Region, RegionKind

SALT = "qualitybrand.portal.form-stamp"
MIN_SECONDS, MAX_SECONDS = 3, 2 * 3600
MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html|&#|&lt;\s*script",
                    re.IGNORECASE)
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")
BOT_MESSAGE = "提交未受理：系统判断为自动提交。请在本页面手工填写后再提交。"


def make_stamp(now: float | None = None) -> str:
    return signing.dumps(int(time.time() if now is None else now), salt=SALT)


def stamp_problem(value: str) -> str | None:
    """None when the form's timestamp is genuine and its age within the limits."""
    try:
        served = int(signing.loads(value or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return "提交未受理：表单已失效或不是从本页面提交的。请刷新页面后重新填写。"
    age = time.time() - served
    if age < getattr(settings, "QB_PORTAL_MIN_SECONDS", MIN_SECONDS):
        return "提交未受理：提交过快，系统判断为自动提交。请核对填写的内容，几秒钟后再提交。"
    if age > getattr(settings, "QB_PORTAL_MAX_SECONDS", MAX_SECONDS):
        return "提交未受理：表单打开已超过 2 小时，已失效。请刷新页面后重新填写。"
    return None


def has_markup(text: str) -> bool:
    return bool(MARKUP.search(text or ""))


class BotGuard(forms.Form):
    """The two hidden guards; `bot_problem()` says why a post is refused (None when it is not)."""

    website = forms.CharField(required=False, label="网址（请勿填写）", max_length=200)
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def bot_problem(self) -> str | None:
        if (self.data.get("website") or "").strip():
            return BOT_MESSAGE
        return stamp_problem(self.data.get("stamp") or "")

    def retry_stamp(self) -> str | None:
        """For a person who was just quick (or slow): the stamp to resubmit the kept form with; None
        for a forged stamp or a filled honeypot (refused outright)."""
        stamp = self.data.get("stamp") or ""
        if (self.data.get("website") or "").strip():
            return None
        try:
            served = int(signing.loads(stamp, salt=SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return stamp if time.time() - served < getattr(settings, "QB_PORTAL_MAX_SECONDS", MAX_SECONDS) else make_stamp()

    def clean(self):
        data = super().clean()
        for name, value in self.data.items():
            if name in {"csrfmiddlewaretoken", "stamp"}:
                continue
            if isinstance(value, str) and has_markup(value):
                field = name if name in self.fields else None
                self.add_error(field, "内容中不能包含网页代码或脚本（如“<”开头的标记、javascript:）。请删除后重新提交。")
        return data


def city_counties() -> list[Region]:
    """The counties and districts of the city the platform serves (the complaint form's region select)."""
    city = Region.objects.filter(kind=RegionKind.CITY).order_by("depth", "code").first()
    if city is None:
        return []
    return list(Region.objects.filter(parent=city).order_by("code"))


class ComplaintForm(BotGuard):
    category = forms.ChoiceField(label="类别", choices=[("投诉", "投诉"), ("举报", "举报")], widget=forms.RadioSelect,
                                 error_messages={"required": "请选择类别：投诉 或 举报。",
                                                 "invalid_choice": "类别应为 投诉 或 举报。"})
    respondent_name = forms.CharField(label="被投诉（举报）单位或个人", max_length=200,
                                      error_messages={"required": "请填写被投诉（举报）的单位或个人名称。"})
    region = forms.ChoiceField(label="所在区县", choices=(),
                               error_messages={"required": "请选择被投诉（举报）对象所在的区县。",
                                               "invalid_choice": "请从列表中选择区县。"})
    product = forms.CharField(label="涉及产品或服务", max_length=200, required=False)
    summary = forms.CharField(label="事实和诉求", max_length=2000, widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": "请填写投诉（举报）的事实和诉求。"})
    complainant_name = forms.CharField(label="您的姓名", max_length=50,
                                       error_messages={"required": "请填写您的姓名，便于办理部门联系您。"})
    complainant_phone = forms.CharField(label="联系电话", max_length=20,
                                        error_messages={"required": "请填写联系电话：查询办理状态时需要其后 4 位。"})
    complainant_address = forms.CharField(label="联系地址", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "请选择区县")] + [(r.code, r.name) for r in city_counties()]
        for name in ("respondent_name", "product", "complainant_name", "complainant_address"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off" if name != "complainant_name" else "name")
        self.fields["complainant_phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean_complainant_phone(self):
        phone = self.cleaned_data["complainant_phone"].strip()
        if not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7:
            raise forms.ValidationError("联系电话格式不正确：请填写手机号或带区号的固定电话（7–20 位数字）。")
        return phone


class ObjectionForm(BotGuard):
    name = forms.CharField(label="异议人姓名或单位", max_length=50,
                           error_messages={"required": "请填写异议人姓名或单位名称。"})
    contact = forms.CharField(label="联系方式", max_length=50,
                              error_messages={"required": "请填写联系方式（电话或地址），便于核实和答复。"})
    text = forms.CharField(label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": "请填写异议的事实和理由。"})


class StatusForm(forms.Form):
    number = forms.CharField(label="登记编号", max_length=40,
                             error_messages={"required": "请填写受理回执上的登记编号。"})
    phone_tail = forms.CharField(label="联系电话后 4 位", min_length=4, max_length=4,
                                 error_messages={"required": "请填写登记时所留联系电话的后 4 位。",
                                                 "min_length": "请填写联系电话的后 4 位数字。",
                                                 "max_length": "请填写联系电话的后 4 位数字。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone_tail"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off",
                                                       "pattern": "[0-9]{4}"})

    def clean_phone_tail(self):
        tail = self.cleaned_data["phone_tail"].strip()
        if not tail.isdecimal():
            raise forms.ValidationError("请填写联系电话的后 4 位数字。")
        return tail

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if has_markup(number):
            raise forms.ValidationError("登记编号格式不正确。")
        return number


class ReplyForm(forms.Form):
    """The office's handling of an objection."""

    reply = forms.CharField(label="处理结果", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
                            error_messages={"required": "请填写处理结果（核实情况和处理意见）。"})
