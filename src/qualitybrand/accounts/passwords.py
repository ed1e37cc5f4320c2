"""Password policy beyond Django's validators: three of four character classes."""

import re

from django.contrib.auth import password_validation as _django_validation
from django.core.exceptions import ValidationError

CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "符号"),
]


class CharacterClassValidator:
    def validate(self, password: str, user=None) -> None:
        present = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if present < 3:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少三类。", code="password_classes"
            )

    def get_help_text(self) -> str:
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类。"


class MinimumLengthValidator(_django_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message: Django's zh-Hans catalog lacks the plural form
    of this message, so it came out in English among the Chinese ones."""

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
