"""The `imports` resource: POST a ledger file (multipart: file, ledger, mode, dry_run) and get
the `import_ledger --json` object; GET the user's imports; POST {id}/undo/ to undo one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualitybrand.core.parsers import CheckedFormParser, CheckedMultiPartParser
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
    parser_classes = [CheckedMultiPartParser, CheckedFormParser]  # NUL or lone surrogates: 400, never stored
    queryset = ImportBatch.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ImportBatch.objects.none()
        qs = batches_for(self.request.user)
        ledger = self.request.query_params.get("ledger")
        return qs.filter(ledger=ledger) if ledger else qs

    def retrieve(self, request, *args, **kwargs):
        from qualitybrand.ledgers import uploads
        from qualitybrand.ledgers.recovery import settle_batch

        batch = self.get_object()
        if batch.status in uploads.UNFINISHED and settle_batch(batch):
            batch.refresh_from_db()
        return Response({**self.get_serializer(batch).data, **uploads.batch_json(batch)})

    def create(self, request, *args, **kwargs):
        """The file is stored and queued for the worker; the answer is the batch: 200 with the
        `import_ledger --json` object if it finished within `QB_IMPORT_API_WAIT` seconds, else 202
        (poll `Location`)."""
        from django.conf import settings

        from qualitybrand.ledgers import uploads
        from qualitybrand.ledgers.engine import UsageError

        ledger = (request.data.get("ledger") or "").strip()
        mode = (request.data.get("mode") or "atomic").strip()
        dry_run = _truthy(request.data.get("dry_run"))
        uploaded = request.FILES.get("file")
        try:
            batch = uploads.create_batch(request.user, ledger, uploaded, mode, dry_run)
        except UsageError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        batch = uploads.wait_for(uploads.enqueue(batch), getattr(settings, "QB_IMPORT_API_WAIT", 2.0))
        body = uploads.batch_json(batch)
        if batch.status == ImportBatch.Status.FAILED:
            return Response({"detail": batch.errors[0]["message"] if batch.errors else "文件无法读取。", **body},
                            status=status.HTTP_400_BAD_REQUEST)
        if batch.status in uploads.UNFINISHED:
            return Response({"detail": "已排队，后台导入中：请按 Location 查询结果。", **body},
                            status=status.HTTP_202_ACCEPTED, headers={"Location": f"/api/v1/imports/{batch.pk}/"})
        return Response(body, status=status.HTTP_200_OK)

    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        """Undo runs in the worker: 200 when it has finished, 202 while it runs (poll the batch)."""
        from qualitybrand.ledgers import uploads
        from qualitybrand.ledgers.services import queue_undo

        batch = self.get_object()
        try:
            batch = queue_undo(batch, request.user)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        if batch.status == ImportBatch.Status.UNDONE:
            return Response({"detail": f"已撤销导入 #{batch.pk}，恢复 {batch.undo_done} 条变更。",
                             "restored": batch.undo_done, **uploads.batch_json(batch)})
        return Response({"detail": f"正在后台撤销导入 #{batch.pk}。", "restored": batch.undo_done,
                         **uploads.batch_json(batch)}, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": f"/api/v1/imports/{batch.pk}/"})


def register(router) -> None:
    router.register("imports", ImportViewSet, basename="import")
