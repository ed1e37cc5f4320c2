"""REST resources of the registries (interfaces.md).

Detail URLs: the natural key where it is a single code without `/` —
entities `/entities/<uscc>/`, trademarks `/trademarks/<number>/`, programs `/programs/<code>/`,
patents `/patents/<number>/` (`ZL`/`CN` prefix and the dot optional);
the numeric id otherwise (recognitions — composite key; certifications, standards, pledges,
services, publicity — free-text numbers that may hold `/`). For those, a digits-only value that
is no id is tried as the record's number (`/pledges/ZY2013001/` works when it holds no `/`).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers as drf_serializers

from qualitybrand.core import clock
from qualitybrand.core.codes import patent_problem
from qualitybrand.core.resources import RecordViewSet
from qualitybrand.core.roles import Role
from qualitybrand.registry import filters as f
from qualitybrand.registry import hooks
from qualitybrand.registry import serializers as s
from qualitybrand.registry.models import (
    Certification,
    Entity,
    Patent,
    Pledge,
    Program,
    Publicity,
    Recognition,
    Service,
    Standard,
    Trademark,
)


def move_entity_records(user, entity: Entity) -> int:
    """An entity that moved takes its records with it (the registry service, change-logged, set-based)."""
    from qualitybrand.registry.services import move_entities

    return move_entities(user, [(entity.pk, entity.region_id)]) or 0


class EntityViewSet(RecordViewSet):
    """市场主体。详情地址用统一社会信用代码；year = 成立日期所在年度；exists_on = 该日存续。"""

    model = Entity
    queryset = Entity.objects.none()
    serializer_class = s.EntitySerializer
    filterset_class = f.EntityFilter
    lookup_field = "uscc"
    select_related = ("region",)

    def normalise_lookup(self, value: str) -> str:
        return value.strip().upper()

    @classmethod
    def after_region_change(cls, user, obj) -> None:
        move_entity_records(user, obj)


class ProgramViewSet(RecordViewSet):
    """认定项目（配置数据）。详情地址用项目代码；仅市级管理员可修改。"""

    model = Program
    queryset = Program.objects.none()
    serializer_class = s.ProgramSerializer
    filterset_class = f.ProgramFilter
    lookup_field = "code"
    write_roles = {Role.CITY_ADMIN}

    def normalise_lookup(self, value: str) -> str:
        return value.strip().lower()


class TrademarkViewSet(RecordViewSet):
    """商标。详情地址用注册号；year = 申请日期所在年度；registered_year = 注册年度；valid_on = 该日有效。"""

    model = Trademark
    queryset = Trademark.objects.none()
    serializer_class = s.TrademarkSerializer
    filterset_class = f.TrademarkFilter
    lookup_field = "number"
    select_related = ("region", "holder")
    entity_field = "holder"


class RecognitionViewSet(RecordViewSet):
    """荣誉认定。详情地址用 id；year = 认定年度；valid_on = 该日有效；program = 项目代码或名称。"""

    model = Recognition
    queryset = Recognition.objects.none()
    serializer_class = s.RecognitionSerializer
    filterset_class = f.RecognitionFilter
    lookup_field = "pk"
    select_related = ("region", "program", "entity", "trademark")
    entity_field = "entity"

    @classmethod
    def before_create(cls, user, obj) -> list[str]:
        """A new recognition is a grant: refused with the reason while a joint restriction refuses it."""
        return hooks.notices("recognition.grant", obj.entity, clock.today())


class PatentViewSet(RecordViewSet):
    """专利。详情地址用申请号（如 201710601862.3）；year = 申请日所在年度；granted_year = 授权年度。"""

    model = Patent
    queryset = Patent.objects.none()
    serializer_class = s.PatentSerializer
    filterset_class = f.PatentFilter
    lookup_field = "number"
    select_related = ("region", "applicant")
    entity_field = "applicant"

    def normalise_lookup(self, value: str) -> str:
        return patent_problem(value)[1]


class CertificationViewSet(RecordViewSet):
    """认证证书。证书编号可能含“/”，详情地址用 id；year = 发证日期所在年度；valid_on = 该日有效。"""

    model = Certification
    queryset = Certification.objects.none()
    serializer_class = s.CertificationSerializer
    filterset_class = f.CertificationFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region", "entity")
    entity_field = "entity"


class StandardViewSet(RecordViewSet):
    """标准。标准编号含“/”（GB/T …），详情地址用 id；year = 发布日期所在年度。"""

    model = Standard
    queryset = Standard.objects.none()
    serializer_class = s.StandardSerializer
    filterset_class = f.StandardFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region", "entity")
    entity_field = "entity"


class PledgeCreatedSerializer(s.PledgeSerializer):
    notices = drf_serializers.ListField(child=drf_serializers.CharField(), read_only=True,
                                        help_text="联合惩戒提示（出质人列入严重违法失信名单等），已记入变更记录")

    class Meta(s.PledgeSerializer.Meta):
        fields = [*s.PledgeSerializer.Meta.fields, "notices"]


@extend_schema_view(create=extend_schema(responses={201: PledgeCreatedSerializer}))
class PledgeViewSet(RecordViewSet):
    """商标专用权质押。详情地址用 id；year = 登记日期所在年度；outstanding_on = 该日在押。"""

    model = Pledge
    queryset = Pledge.objects.none()
    serializer_class = s.PledgeSerializer
    filterset_class = f.PledgeFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region", "pledgor")
    prefetch_related = ("trademarks",)
    entity_field = "pledgor"

    @classmethod
    def before_create(cls, user, obj) -> list[str]:
        """A new pledge of a listed pledgor is recorded, with the reason shown and logged (提示)."""
        return hooks.notices("pledge.record", obj.pledgor, clock.today())

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        if response.status_code == 201 and isinstance(response.data, dict):
            response.data["notices"] = list(getattr(self._created, "notices", []))
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._created = serializer.instance


class ServiceViewSet(RecordViewSet):
    """企业服务。详情地址用 id；year = 服务日期所在年度。"""

    model = Service
    queryset = Service.objects.none()
    serializer_class = s.ServiceSerializer
    filterset_class = f.ServiceFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region", "entity")
    entity_field = "entity"


class PublicityViewSet(RecordViewSet):
    """宣传报道。详情地址用 id；year = 发布日期所在年度。"""

    model = Publicity
    queryset = Publicity.objects.none()
    serializer_class = s.PublicitySerializer
    filterset_class = f.PublicityFilter
    lookup_field = "pk"
    alt_lookup_field = "number"
    select_related = ("region",)


RESOURCES = [
    ("entities", EntityViewSet, "entity"), ("programs", ProgramViewSet, "program"),
    ("trademarks", TrademarkViewSet, "trademark"), ("recognitions", RecognitionViewSet, "recognition"),
    ("patents", PatentViewSet, "patent"), ("certifications", CertificationViewSet, "certification"),
    ("standards", StandardViewSet, "standard"), ("pledges", PledgeViewSet, "pledge"),
    ("services", ServiceViewSet, "service"), ("publicity", PublicityViewSet, "publicity"),
]


def register(router) -> None:
    for prefix, viewset, basename in RESOURCES:
        router.register(prefix, viewset, basename=basename)
