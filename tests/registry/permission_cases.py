"""Registry and supervision resources in the permission walk (tests/permission_cases.py):
every API detail and every page detail, with the list that must not show another county's record."""

from __future__ import annotations

from tests.api.test_resources import RESOURCES
from tests.permission_cases import CASES, Case

# API basename, page name, marker attribute shown in both lists
NAMES = {
    "entities": ("entity", "registry:entities", "uscc"),
    "trademarks": ("trademark", "registry:trademarks", "number"),
    "recognitions": ("recognition", "registry:recognitions", "entity.uscc"),
    "patents": ("patent", "registry:patents", "number"),
    "certifications": ("certification", "registry:certifications", "number"),
    "standards": ("standard", "registry:standards", "number"),
    "pledges": ("pledge", "registry:pledges", "number"),
    "services": ("service", "registry:services", "number"),
    "publicity": ("publicity", "registry:publicity", "number"),
    "inspections": ("inspection", "supervision:inspections", "number"),
    "incidents": ("incident", "supervision:incidents", "number"),
    "cases": ("case", "supervision:cases", "number"),
    "blacklist": ("blacklist", "supervision:blacklist", "entity.uscc"),
}


def _attr(obj, dotted):
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return str(obj)


def _maker(prefix):
    return RESOURCES[prefix][0]


for _prefix, (_basename, _page, _marker) in NAMES.items():
    _key = RESOURCES[_prefix][1]
    _lookup = {"entities": "uscc", "trademarks": "number", "patents": "number"}.get(_prefix, "pk")
    CASES.append(Case(f"{_basename}-detail", _maker(_prefix),
                      kwargs=(lambda lookup, key: lambda obj: {lookup: str(key(obj))})(_lookup, _key),
                      list_name=f"{_basename}-list",
                      marker=(lambda m: lambda obj: f'"{_attr(obj, m)}"')(_marker)))
    CASES.append(Case(f"{_page}-detail", _maker(_prefix),
                      kwargs=(lambda key: lambda obj: {"key": str(key(obj))})(_key),
                      list_name=f"{_page}-list",
                      marker=(lambda m: lambda obj: f">{_attr(obj, m)}<")(
                          "entity.name" if _prefix == "recognitions" else _marker)))
