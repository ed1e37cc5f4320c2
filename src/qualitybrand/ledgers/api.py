"""The `imports` resource: POST a ledger file (multipart: file, ledger, mode, dry_run) and get
the `import_ledger --json` object; GET the user's imports; POST {id}/undo/ to undo one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from qualitybrand.ledgers.models import ImportBatch


class ImportBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportBatch
        fields = ["id", "ledger", "username", "started", "finished", "file_name", "sha256", "mode", "dry_run",
                  "status", "rows", "processed", "created", "updated", "unchanged", "errors", "warnings"]


def _truthy(value) -> bool:
    return str(value or "").strip().lower() in {"1", "true", "yes", "y", "on", "是"}


def batches_for(user):
    qs = ImportBatch.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_superuser or getattr(user, "role", "") == "city_admin":
        return qs
    return qs.filter(user=user)


class ImportViewSet(viewsets.ReadOnlyModelViewSet):
    """台账导入：POST 上传文件（ledger、mode、dry_run），返回与 import_ledger --json 相同的结果。"""

    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser, FormParser]
    queryset = ImportBatch.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImportBatch.objects.none()
        qs = batches_for(self.request.user)
        ledger = self.request.query_params.get("ledger")
        return qs.filter(ledger=ledger) if ledger else qs

    def create(self, request, *args, **kwargs):
        from qualitybrand.ledgers.engine import UsageError
        from qualitybrand.ledgers.uploads import create_batch, run_batch

        ledger = (request.data.get("ledger") or "").strip()
        mode = (request.data.get("mode") or "atomic").strip()
        dry_run = _truthy(request.data.get("dry_run"))
        uploaded = request.FILES.get("file")
        try:
            batch = create_batch(request.user, ledger, uploaded, mode, dry_run)
        except UsageError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        result = run_batch(batch.pk)
        if result is None:
            batch.refresh_from_db()
            return Response({"detail": batch.errors[0]["message"] if batch.errors else "文件无法读取。"},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(result.as_json(), status=status.HTTP_200_OK)

    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        from qualitybrand.ledgers.services import undo_batch

        batch = self.get_object()
        try:
            n = undo_batch(batch, request.user)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        return Response({"detail": f"已撤销导入 #{batch.pk}，恢复 {n} 条记录。", "restored": n})


def register(router) -> None:
    router.register("imports", ImportViewSet, basename="import")
