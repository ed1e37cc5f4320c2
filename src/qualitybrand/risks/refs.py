"""References a risk names by text: the entities concerned (统一社会信用代码), the record it came from
(抽检编号, 案件编号, 事故编号, 登记编号) and a 专项抽查's inspections. Each is looked up within the
user's scope only, and a record outside it answers exactly like one that does not exist (a county is
never told what another county holds); a record in scope but outside the risk's region is refused
with its region named."""

from __future__ import annotations

import re

from qualitybrand.complaints.models import Complaint
from qualitybrand.core.roles import VIEW
from qualitybrand.registry.models import Entity
from qualitybrand.supervision.models import Case, Incident, Inspection

from .models import RiskSource

# source -> (field on RiskInfo, model, what its number is called)
SOURCE_RECORDS = {
    RiskSource.COMPLAINT: ("complaint", Complaint, "投诉举报登记编号"),
    RiskSource.INSPECTION: ("inspection", Inspection, "抽检编号"),
    RiskSource.CASE: ("case", Case, "案件编号"),
    RiskSource.INCIDENT: ("incident", Incident, "事故编号"),
}
SEPARATORS = re.compile(r"[\s,，;；、]+")


def split_codes(value) -> list[str]:
    """A list of codes from a list or from text separated by commas, 、 or spaces (kept in order, once)."""
    items = value if isinstance(value, list | tuple) else SEPARATORS.split(str(value or ""))
    return list(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))


def _visible(model, user):
    manager = model._default_manager
    return manager.all() if user is None else manager.for_user(user, VIEW)


def resolve_source(user, source: str, ref: str) -> tuple[dict, list[str]]:
    """({field: record, "source_note": text}, errors). A source without records of its own (风险监测,
    媒体舆情, 其他) keeps the text as its 来源说明."""
    ref = (ref or "").strip()
    if source not in SOURCE_RECORDS:
        return {"source_note": ref[:200]}, []
    if not ref:
        return {}, []
    field, model, label = SOURCE_RECORDS[source]
    record = _visible(model, user).filter(number=ref).first()
    if record is None:
        return {}, [f"{label}“{ref}”不存在或不在您的管辖范围内：来源为“{source}”时请填写该记录的编号，或留空。"]
    return {field: record}, []


def _outside(obj_region, region) -> bool:
    return not obj_region.path.startswith(region.path)


def resolve_entities(user, region, codes) -> tuple[list[Entity], list[str]]:
    """The entities concerned, all inside the risk's region (a city-wide risk may name any of the city)."""
    codes = [c.upper() for c in split_codes(codes)]
    if not codes:
        return [], []
    found = {e.uscc: e for e in _visible(Entity, user).filter(uscc__in=codes).select_related("region")}
    errors = []
    missing = [c for c in codes if c not in found]
    if missing:
        errors.append(f"统一社会信用代码 {'、'.join(missing)} 的主体不存在或不在您的管辖范围内。")
    outside = [e for e in found.values() if _outside(e.region, region)]
    if outside:
        names = "、".join(f"{e.name}（{e.region.name}）" for e in outside)
        errors.append(f"主体 {names} 不在本风险所属区划{region.name}内：涉及多个县区的风险请由市级登记，"
                      f"区划选{region.name}的上级。")
    return [found[c] for c in codes if c in found], errors


def resolve_inspections(user, region, numbers) -> tuple[list[Inspection], list[str]]:
    numbers = split_codes(numbers)
    found = {i.number: i for i in _visible(Inspection, user).filter(number__in=numbers).select_related("region")}
    errors = []
    missing = [n for n in numbers if n not in found]
    if missing:
        errors.append(f"抽检编号 {'、'.join(missing)} 不存在或不在您的管辖范围内。")
    outside = [i for i in found.values() if _outside(i.region, region)]
    if outside:
        errors.append(f"抽检 {'、'.join(f'{i.number}（{i.region.name}）' for i in outside)} "
                      f"不在本风险所属区划{region.name}内。")
    return [found[n] for n in numbers if n in found], errors
