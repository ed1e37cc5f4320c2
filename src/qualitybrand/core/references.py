"""Codes that other data refers to by text, and the rule that a referenced code is fixed.

A foreign key follows a renamed row; a code written into a target set, a scheme, a formula, a
reported value or a program's rules does not. Renaming such a code would leave those documents
naming something that no longer exists ("未知的指标代码"), so a code that is referenced anywhere
cannot be changed; an unreferenced one still can (a typo fixed before anything uses it).

A model lists the fields other data refers to by text, and the kind of code each holds:

    class Program(models.Model):
        referenced_codes = {"code": "program"}

Apps that store such references register finders in their `AppConfig.ready()` (core knows none of
them, as with the inbox):

    references.register("indicator", finder)   # finder(codes: list[str]) -> list[str] of places

A finder answers, in Chinese, every place that uses any of the codes, naming the code where the
place alone would not say it. `core.services.update_record` calls `ensure_unchanged` before it
writes, so the page, the API and every loader that updates through it refuse alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

Finder = Callable[[list[str]], Iterable[str]]

FINDERS: dict[str, list[Finder]] = {}

# The places a refusal names at most; the rest are counted ("等 N 处").
SHOWN = 12

NOUNS = {"program": "项目代码", "indicator": "指标代码", "department": "部门名称", "department_code": "部门代码"}


def register(kind: str, finder: Finder) -> Finder:
    finders = FINDERS.setdefault(kind, [])
    if finder not in finders:
        finders.append(finder)
    return finder


def places(kind: str, codes: Iterable[str]) -> list[str]:
    """Every place (Chinese, without duplicates, in finder order) that uses one of the codes."""
    codes = [c for c in dict.fromkeys(codes) if c]
    found: list[str] = []
    if not codes:
        return found
    for finder in FINDERS.get(kind, []):
        for place in finder(codes):
            if place not in found:
                found.append(place)
    return found


def refusal(kind: str, old: str, new: str, used: list[str]) -> str:
    shown = "、".join(used[:SHOWN]) + (f" 等 {len(used)} 处" if len(used) > SHOWN else "")
    noun = NOUNS.get(kind, "代码")
    return (f"{noun}“{old}”已被引用，不能修改为“{new}”：{shown}。"
            f"这些地方按代码引用它，改名会使其失效；如需新的代码，请新增一项。")


def ensure_unchanged(obj: models.Model, changes: dict[str, Any]) -> None:
    """Refuse (ValidationError) a change of a referenced code of `obj`, naming where it is used.

    Compares the stored value (not the instance's, which a caller may already have altered)
    with the value the write would leave."""
    fields = getattr(type(obj), "referenced_codes", None)
    if not fields or obj.pk is None:
        return
    names = list(fields)
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*names).first()
    if stored is None:
        return
    for name, kind in fields.items():
        old = stored[name]
        new = changes.get(name, getattr(obj, name))
        if new == old or not old:
            continue
        used = places(kind, [old])
        if used:
            raise ValidationError(refusal(kind, old, str(new), used))
