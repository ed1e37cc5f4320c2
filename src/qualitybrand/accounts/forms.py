"""Forms of the account pages. Validation of the policy itself lives in services."""

from django import forms

from qualitybrand.core.models import Department, Region
from qualitybrand.core.roles import Role


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label="密码", max_length=256, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label="新密码", strip=False,
                                    help_text="至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，"
                                              "不能是常见密码，不能与用户名相近。",
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label="确认新密码", strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and \
                data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return data


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    region = forms.ModelChoiceField(label="所属区划", queryset=Region.objects.none(), to_field_name="code",
                                    empty_label="请选择")
    department = forms.ModelChoiceField(label="所属部门", queryset=Department.objects.all(), required=False,
                                        empty_label="（无）")
    entity_uscc = forms.CharField(label="所属企业统一社会信用代码", max_length=18, required=False,
                                  help_text="仅企业用户填写。")

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions
            self.fields["region"].label_from_instance = lambda r: f"{'　' * max(r.depth - 1, 0)}{r.name}（{r.code}）"
