"""Pages of a risk's measures: taking one (a form per kind: 风险告知书 with its requirements and deadline,
约谈 with place, participants and commitments, 专项抽查 with the inspections it produced), uploading a
document (the signed 约谈记录 …) and downloading the documents kept."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core import clock
from qualitybrand.core.roles import CHANGE

from . import forms, services, workflow
from .models import Interview, MeasureKind, RiskDocument, RiskInfo
from .views import PAGE, risk_or_404

TYPES_TEXT = "PDF、Word、OFD、JPG、PNG"
LABELS = {"kind": "措施类型", "date": "日期", "content": "内容", "entity": "对象主体", "requirements": "应采取的措施",
          "deadline": "整改期限", "inspections": "关联抽查", "place": "约谈地点", "participants": "参加人员",
          "commitments": "企业承诺", "followup_due": "跟踪检查期限", "file": "附件"}
KIND_LABELS = {(MeasureKind.INTERVIEW, "date"): "约谈日期", (MeasureKind.INTERVIEW, "content"): "约谈内容",
               (MeasureKind.NOTICE, "date"): "告知日期", (MeasureKind.NOTICE, "content"): "风险情况",
               (MeasureKind.TARGETED, "date"): "抽查日期", (MeasureKind.TARGETED, "content"): "抽查安排"}
FIELDS_BY_KIND = {
    MeasureKind.NOTICE: ("date", "entity", "content", "requirements", "deadline"),
    MeasureKind.INTERVIEW: ("date", "entity", "place", "participants", "content", "commitments", "followup_due"),
    MeasureKind.TARGETED: ("date", "content", "inspections", "file"),
}
DEFAULT_FIELDS = ("date", "entity", "content", "file")
REQUIRED = {"date", "content", "requirements", "deadline", "place", "participants"}
HINTS = {
    "content": {MeasureKind.NOTICE: "风险的具体情况（写入告知书“风险情况”一节）。",
                MeasureKind.INTERVIEW: "约谈的事项和要求（写入约谈通知书）。"},
    "inspections": "该专项抽查形成的抽检编号，多个用逗号或顿号分隔；须在本风险所属区划内。",
    "file": f"可选：{TYPES_TEXT} 文件，20 MB 以内，按内容核验。",
    "requirements": "企业应当采取的措施，每行一条。",
    "participants": "约谈方和被约谈方的参加人员、职务。",
}


def _may_change(user, risk) -> bool:
    return RiskInfo.objects.for_user(user, CHANGE).filter(pk=risk.pk).exists()


def _controls(risk, kind: str, values: dict, errors: dict) -> list[dict]:
    controls = []
    entities = [(e.uscc, f"{e.name}（{e.uscc}）") for e in risk.entities.all()]
    for name in FIELDS_BY_KIND.get(kind, DEFAULT_FIELDS):
        value = values.get(name)
        hint = HINTS.get(name, "")
        label = KIND_LABELS.get((kind, name), LABELS[name])
        item = {"name": name, "label": label, "required": name in REQUIRED
                or (name == "entity" and kind in (MeasureKind.NOTICE, MeasureKind.INTERVIEW)),
                "type": "date" if name in forms.DATE_FIELDS else "textarea" if name in {
                    "content", "requirements", "participants", "commitments"} else "file" if name == "file" else "text",
                "value": value.isoformat() if hasattr(value, "isoformat") else (value or ""),
                "hint": hint.get(kind, "") if isinstance(hint, dict) else hint,
                "error": " ".join(errors.get(name, []))}
        if name == "entity":
            item["type"] = "select"
            item["options"] = [{"value": v, "label": lbl, "selected": v == item["value"]} for v, lbl in entities]
            if not entities:
                item["hint"] = "本风险尚未填写涉及主体：请先在“修改”中添加。"
        controls.append(item)
    return controls


@login_required
def measure_new(request, pk):
    risk = risk_or_404(request.user, pk)
    if not _may_change(request.user, risk):
        raise PermissionDenied("该风险信息不在您的管辖范围内，不能采取措施。")
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in MeasureKind.values:
        raise Http404("措施类型无效。")
    values: dict = {"date": clock.today(), "kind": kind}
    errors: dict = {}
    general = ""
    if risk.status not in workflow.MEASURE_STATES:
        general = (f"风险信息当前状态为“{risk.status}”，不能采取处置措施："
                   + ("请先开始研判。" if risk.status == "登记" else "风险已关闭。"))
    if request.method == "POST":
        values, errors = forms.parse_measure(request.POST)
        values["kind"] = kind
        if not errors:
            try:
                measure = services.add_measure(request.user, risk, values, upload=request.FILES.get("file"))
                messages.success(request, f"已登记{kind}。" + ("告知书已生成，可在“文书”中下载。" if kind == MeasureKind.NOTICE
                                                          else "约谈通知书已生成，约谈后请上传签字的约谈记录。"
                                                          if kind == MeasureKind.INTERVIEW else ""))
                return redirect(measure.get_absolute_url())
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                general = "" if errors else "；".join(exc.messages)
    return render(request, "risks/measure_form.html", {
        "page": PAGE, "risk": risk, "kind": kind, "controls": _controls(risk, kind, values, errors),
        "general": general or ("请按提示修改后再保存。" if errors else ""),
        "leftover": [f"{LABELS.get(k, k)}：{' '.join(v)}" for k, v in errors.items()
                     if k not in FIELDS_BY_KIND.get(kind, DEFAULT_FIELDS)],
    }, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def document_upload(request, pk):
    risk = risk_or_404(request.user, pk)
    raw = request.POST.get("interview", "")
    interview = None
    if raw:
        interview = Interview.objects.filter(pk=int(raw), risk=risk).first() if raw.isdecimal() and len(raw) < 12 \
            else None
        if interview is None:
            messages.error(request, "所选约谈不属于本风险信息。")
            return redirect(risk.get_absolute_url() + "#documents")
    try:
        services.upload_document(request.user, risk, request.FILES.get("file"), request.POST.get("kind", ""),
                                 interview=interview)
        messages.success(request, "文书已上传。")
    except ValidationError as exc:  # a refusal of rights answers 403 with its message
        for msg in exc.messages:
            messages.error(request, msg)
    return redirect(risk.get_absolute_url() + "#documents")


@login_required
def document_download(request, pk, doc):
    risk = risk_or_404(request.user, pk)
    item = get_object_or_404(RiskDocument, pk=doc, risk=risk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。") from None
    ctype = mimetypes.guess_type(item.original_name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=ctype)
