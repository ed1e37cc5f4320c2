"""Column spec of the regions ledger (行政区划, core's Region), with former codes and path maintenance.

In the ledgers app (core sits below it); registered from `LedgersConfig.ready()`."""

from __future__ import annotations

import re

from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from qualitybrand.core.models import Region, RegionAlias, RegionKind
from qualitybrand.ledgers.engine import register
from qualitybrand.ledgers.spec import Column as C
from qualitybrand.ledgers.spec import Ledger

KINDS = tuple(k for k, _ in RegionKind.choices)


@register
class Regions(Ledger):
    name, title, model = "regions", "行政区划", Region
    columns = [
        C("区划代码", "code", True, field="code"),
        C("名称", "text", True, field="name"),
        C("上级区划代码", "code"),
        C("类型", "choice", True, field="kind", choices=KINDS),
        C("曾用代码", "list"),
    ]
    key, key_fields = ("区划代码",), ("code",)
    extra_fields = ("former_codes",)

    def prefetch(self, ctx, rows):
        ctx.load_regions()
        ctx.cache.setdefault("file_regions", {})
        if "current_codes" not in ctx.cache:
            ctx.cache["current_codes"] = set(Region.objects.values_list("code", flat=True))
            ctx.cache["alias_owner"] = dict(RegionAlias.objects.values_list("code", "region__code"))

    def build(self, ctx, row):
        out = {}
        for header, field in (("区划代码", "code"), ("名称", "name"), ("类型", "kind")):
            if header in row.values:
                out[field] = row.values[header]
        code = row.values.get("区划代码")
        kind = row.values.get("类型")
        if code and kind:
            if kind == "开发区":
                ok = len(code) <= 12
            elif kind == "乡镇街道":
                ok = bool(re.fullmatch(r"\d{6,12}", code))
            else:
                ok = bool(re.fullmatch(r"\d{6}", code))
            if not ok:
                row.error("区划代码", "区划代码应为 GB/T 2260 的 6 位数字（乡镇街道最多 12 位数字；开发区可用任意不超过 "
                                   "12 位的唯一代码）。")
        owner = ctx.cache["alias_owner"].get(code)
        if code and owner and owner != code:
            row.error("区划代码", f"{code} 是区划 {owner} 的曾用代码，不能再作为现行区划代码。")
        file_regions = ctx.cache["file_regions"]
        parent_path = "/"
        if "上级区划代码" in row.values:
            parent = row.values.get("上级区划代码")
            out["parent_id"] = None
            if parent:
                found = ctx.regions.get(parent)
                if found is not None:
                    out["parent_id"] = found[0]
                    parent_path = found[1]
                elif parent in file_regions:
                    out["parent_id"] = ("@", parent)
                    parent_path = file_regions[parent]
                else:
                    row.error("上级区划代码", f"上级区划代码 {parent} 不存在：应为已有区划或本文件中更早出现的区划。")
                if parent == code:
                    row.error("上级区划代码", "上级区划不能是自己。")
        elif code in ctx.regions:
            parent_path = ctx.regions[code][1].rsplit("/", 2)[0] + "/"
        if code:
            path = parent_path + code + "/"
            out["path"] = path
            out["depth"] = path.count("/") - 2
            row.region_path = path
            own = ctx.regions.get(code)
            if own is not None and own[1] != path and parent_path.startswith(own[1]):
                row.error("上级区划代码", f"区划 {code} 不能挂在自己或下级区划之下。")
        formers = row.values.get("曾用代码")
        if formers is not None:
            for former in formers:
                if former == code or former in ctx.cache["current_codes"] or (
                        former in file_regions and former != code):
                    if former != code:
                        row.error("曾用代码", f"曾用代码 {former} 是现有区划的代码：曾用代码不能是另一个现行区划的代码。")
                    else:
                        row.error("曾用代码", "曾用代码不能与本区划的代码相同。")
            out["former_codes"] = sorted(set(formers))
        if code and not row.errors:
            file_regions[code] = out.get("path", "")
        return out

    def complete(self, ctx, row, fields, merged, new):
        if new and "path" not in fields:
            fields["path"] = merged["path"] = "/" + merged["code"] + "/"
            fields["depth"] = merged["depth"] = 0

    def object_repr(self, merged):
        return merged.get("name") or merged.get("code") or ""

    def _parent(self, ctx, value):
        if isinstance(value, tuple):
            return ctx.regions[value[1]][0]
        return value

    def create(self, runner, rows):
        ctx = runner.ctx
        for r in rows:
            f = r.fields
            f["parent_id"] = self._parent(ctx, f.get("parent_id"))
            obj = Region.objects.create(**{k: v for k, v in f.items() if k not in self.extra_fields})
            f["id"] = obj.pk
            ctx.regions[obj.code] = (obj.pk, obj.path)
            ctx.region_by_id[obj.pk] = (obj.code, obj.path)
            ctx.cache["current_codes"].add(obj.code)

    def update_rows(self, runner, rows):
        ctx = runner.ctx
        for r in rows:
            f = r.fields
            if "parent_id" in f:
                f["parent_id"] = self._parent(ctx, f["parent_id"])
            old = r.existing
            simple = {k: v for k, v in f.items() if k not in self.extra_fields}
            if simple:
                Region.objects.filter(pk=old["id"]).update(**simple)
            if "path" in f and f["path"] != old["path"]:
                old_path, new_path = old["path"], f["path"]
                shift = f.get("depth", old["depth"]) - old["depth"]
                Region.objects.filter(path__startswith=old_path).exclude(pk=old["id"]).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + shift)
                ctx.load_regions(force=True)

    def after_check(self, ctx, created):
        for r in created:
            ctx.regions.setdefault(r.fields["code"], (None, r.fields.get("path", "")))

    def fetch_extra(self, pks):
        out = {pk: {"former_codes": []} for pk in pks}
        for code, rid in RegionAlias.objects.filter(region_id__in=pks).values_list("code", "region_id"):
            out[rid]["former_codes"].append(code)
        for v in out.values():
            v["former_codes"].sort()
        return out

    def write_extra(self, ctx, values):
        ids = list(values)
        codes = [c for v in values.values() for c in v.get("former_codes") or []]
        RegionAlias.objects.filter(region_id__in=ids).delete()
        RegionAlias.objects.filter(code__in=codes).delete()
        RegionAlias.objects.bulk_create([RegionAlias(code=c, region_id=rid) for rid, v in values.items()
                                         for c in v.get("former_codes") or []])
        ctx.load_regions(force=True)


def load_division_rows(rows: list[dict], *, user=None, file_name: str = ""):
    """`core.divisions.setup_regions`'s writes: an atomic import of regions-ledger rows (registered as its loader)."""
    from qualitybrand.ledgers.engine import import_rows

    return import_rows("regions", rows, mode="atomic", user=user, file_name=file_name)
