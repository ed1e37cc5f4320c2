"""REST resources of supervision: inspections, incidents, cases and the blacklist.

Their numbers are free text that may hold `/`: detail URLs use the numeric id; a digits-only
value that is no id is tried as the record's number. Blacklist entries (key: USCC + 列入日期)
use the id.
"""

from __future__ import annotations

from qualitybrand.core.resources import RecordViewSet
from qualitybrand.supervision import filters as f
from qualitybrand.supervision import serializers as s
from qualitybrand.supervision.models import BlacklistEntry, Case, Incident, Inspection


class InspectionViewSet(RecordViewSet):
    """监督抽查。详情地址用 id；year = 抽样日期所在年度。"""

    model = Inspection
    queryset = Inspection.objects.none()
    serializer_class = s.InspectionSerializer
    filterset_class = f.InspectionFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region", "entity")
    entity_field = "entity"


class IncidentViewSet(RecordViewSet):
    """质量安全事故。详情地址用 id；year = 发生日期所在年度。"""

    model = Incident
    queryset = Incident.objects.none()
    serializer_class = s.IncidentSerializer
    filterset_class = f.IncidentFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region",)


class CaseViewSet(RecordViewSet):
    """执法案件。详情地址用 id；year = 立案日期所在年度；closed_year = 结案年度。"""

    model = Case
    queryset = Case.objects.none()
    serializer_class = s.CaseSerializer
    filterset_class = f.CaseFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region", "party")


class BlacklistViewSet(RecordViewSet):
    """严重违法失信名单。详情地址用 id；year = 列入日期所在年度；listed_on = 该日在名单中。"""

    model = BlacklistEntry
    queryset = BlacklistEntry.objects.none()
    serializer_class = s.BlacklistSerializer
    filterset_class = f.BlacklistFilter
    lookup_field = "pk"
    select_related = ("region", "entity")
    entity_field = "entity"


RESOURCES = [
    ("inspections", InspectionViewSet, "inspection"), ("incidents", IncidentViewSet, "incident"),
    ("cases", CaseViewSet, "case"), ("blacklist", BlacklistViewSet, "blacklist"),
]


def register(router) -> None:
    from qualitybrand.supervision import api_repair

    for prefix, viewset, basename in RESOURCES:
        router.register(prefix, viewset, basename=basename)
    api_repair.register(router)  # /api/v1/credit-repairs/
    from qualitybrand.supervision import api_followup

    api_followup.register(router)  # /api/v1/followups/
