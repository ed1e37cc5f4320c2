"""Writes of the credit app: rating scheme versions (never edited: a change is a new version) and their
activation, each through the change log (core.services)."""

from __future__ import annotations

import re

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from qualitybrand.core.services import create_record, update_record
from qualitybrand.credit import schemes as scheme_docs
from qualitybrand.credit.models import CreditScheme

CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
YAML_KIND = "credit_scheme"


def _ensure_city_admin(user) -> None:
    if user is not None and not (user.is_superuser or getattr(user, "role", "") == "city_admin"):
        raise PermissionDenied("只有市级管理员可以维护信用评价方案。")


def check_code(code: str) -> str:
    code = str(code or "").strip()
    if not CODE_RE.match(code):
        raise ValidationError(f"方案代码“{code[:40]}”无效：应以小写字母开头，由 2–40 位小写字母、数字、"
                              "下划线或连字符组成，如 county_pilot。")
    if code == scheme_docs.BUILTIN_CODE:
        raise ValidationError("内置方案 builtin 是 credit.md 规定的评价办法，不能修改：请用新的方案代码另存。")
    return code


@transaction.atomic
def save_scheme_version(user, *, code: str, name: str, document: dict, note: str = "",
                        activate: bool = False) -> tuple[CreditScheme, str]:
    """A new version of `code` holding `document` (validated); ("unchanged") when the latest version
    already holds the same document and name. Returns (scheme, "created" | "unchanged")."""
    _ensure_city_admin(user)
    code = check_code(code)
    name = str(name or "").strip()
    if not name:
        raise ValidationError("请填写方案名称。")
    if len(name) > 100:
        raise ValidationError("方案名称不能超过 100 个字。")
    scheme_docs.parse(document, code=code)  # raises with the Chinese message naming the problem
    document = {key: document[key] for key in scheme_docs.KEY_LABELS}  # only what the format holds
    latest = CreditScheme.objects.filter(code=code).order_by("-version").first()
    if latest is not None and latest.document == document and latest.name == name:
        if activate and not latest.active:
            activate_version(user, latest)
        return latest, "unchanged"
    version = (CreditScheme.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0) + 1
    scheme = create_record(user, CreditScheme(code=code, name=name, version=version, document=document,
                                              note=str(note or "").strip(), created_by=user,
                                              active=latest is None),  # a code's first version is in use
                           reason=f"信用评价方案 {code} 第{version}版")
    if activate and not scheme.active:
        activate_version(user, scheme)
    return scheme, "created"


@transaction.atomic
def activate_version(user, scheme: CreditScheme) -> CreditScheme:
    """Make this version the one `--scheme CODE` uses; the code's other versions stop being active."""
    _ensure_city_admin(user)
    if scheme.code == scheme_docs.BUILTIN_CODE and scheme.version != 1:
        raise ValidationError("内置方案只有第1版。")
    for other in CreditScheme.objects.select_for_update().filter(code=scheme.code, active=True).exclude(pk=scheme.pk):
        update_record(user, other, {"active": False}, reason=f"启用第{scheme.version}版")
    if not scheme.active:
        update_record(user, scheme, {"active": True}, reason="启用")
    return scheme


def scheme_to_yaml(scheme: CreditScheme) -> str:
    doc = {"kind": YAML_KIND, "code": scheme.code, "name": scheme.name, "note": scheme.note, **scheme.document}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def scheme_from_yaml(text: str) -> tuple[str, str, str, dict]:
    """(code, name, note, document) of an exported file; ValidationError in Chinese for anything else."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise ValidationError(f"文件不是有效的 YAML{where}：请上传本页导出的方案文件。") from None
    if not isinstance(doc, dict) or doc.get("kind") != YAML_KIND:
        raise ValidationError(f"文件不是信用评价方案：应含 kind: {YAML_KIND}（本页导出的文件）。")
    code, name, note = doc.get("code"), doc.get("name"), doc.get("note") or ""
    document = {k: v for k, v in doc.items() if k not in ("kind", "code", "name", "note")}
    return str(code or ""), str(name or ""), str(note), document


def import_yaml(user, text: str, *, activate: bool = False) -> tuple[CreditScheme, str]:
    code, name, note, document = scheme_from_yaml(text)
    return save_scheme_version(user, code=code, name=name, document=document, note=note, activate=activate)
