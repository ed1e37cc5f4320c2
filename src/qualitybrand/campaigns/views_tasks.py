"""Pages of a campaign's work per county: tasks (assign, progress with evidence, complete), the
reported figures, and the drill-down behind every result figure."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.campaigns import results as res
from qualitybrand.campaigns import selectors, services, workflow
from qualitybrand.campaigns.models import CampaignStatus, TaskProgress, TaskStatus
from qualitybrand.campaigns.views import _flash, _viewer, campaign_or_404
from qualitybrand.core import clock
from qualitybrand.core.filtering import find_region
from qualitybrand.core.listing import query_with
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import CHANGE
from qualitybrand.core.scoping import region_in_scope


@require_POST
@login_required
def task_add(request, pk):
    campaign = campaign_or_404(request, pk)
    try:
        task = services.add_task(request.user, campaign, request.POST)
        messages.success(request, f"已向{task.region.name}下达任务。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(campaign.get_absolute_url() + "#tasks")


def _task_or_404(request, pk):
    _viewer(request.user)
    if not str(pk).isdecimal() or len(str(pk)) > 18:
        raise Http404("未找到该任务。")
    return get_object_or_404(selectors.tasks_for(request.user), pk=int(pk))


@login_required
def task_detail(request, pk):
    task = _task_or_404(request, pk)
    if request.method == "POST":
        try:
            services.report_progress(request.user, task, request.POST.get("text", ""), request.FILES.get("file"),
                                     done=request.POST.get("done") == "1")
            messages.success(request, "任务已完成。" if request.POST.get("done") == "1" else "进展已报送。")
            return redirect("campaigns:task", pk=task.pk)
        except ValidationError as exc:
            _flash(request, exc)
            task.refresh_from_db()
    from qualitybrand.campaigns.models import CampaignTask

    may_work = (CampaignTask.objects.for_user(request.user, CHANGE).filter(pk=task.pk).exists()
                and task.status != TaskStatus.DONE
                and task.campaign.status in (CampaignStatus.RUNNING, CampaignStatus.SUMMARY))
    return render(request, "campaigns/task.html", {
        "t": task, "c": task.campaign, "late": selectors.is_overdue(task), "tone": workflow.TASK_TONES.get(task.status),
        "progress": list(selectors.progress_for(request.user, task)), "may_work": may_work,
        "types_text": "PDF、Word、OFD、JPG、PNG、Excel、ZIP", "today": clock.today(),
    }, status=400 if request.method == "POST" else 200)


@login_required
def progress_file(request, pk, pid):
    task = _task_or_404(request, pk)
    item = get_object_or_404(TaskProgress.objects.for_user(request.user), pk=pid, task=task)
    if not item.file:
        raise Http404("该进展没有附件。")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。") from None
    ctype = mimetypes.guess_type(item.original_name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=ctype)


@require_POST
@login_required
def report_save(request, pk, county):
    campaign = campaign_or_404(request, pk)
    try:
        report = services.save_report(request.user, campaign, county, request.POST)
        messages.success(request, f"{report.region.name}的报送数据已保存。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(campaign.get_absolute_url() + "#reports")


PAGE_SIZES = (20, 50, 100)


@login_required
def figure_records(request, pk):
    """The inspections or cases behind a result figure, with the campaign's period, counties and categories."""
    campaign = campaign_or_404(request, pk)
    code = request.GET.get("figure") or "insp.batches"
    labels = {c: (label, unit) for c, label, unit in res.FIGURES}
    if code not in labels:
        raise Http404("未知的统计项目。")
    counties = selectors.counties_for(request.user, campaign)
    county_code = request.GET.get("county", "")
    if county_code:
        region = find_region(county_code)
        if region is None or region not in counties or not region_in_scope(request.user, region):
            raise Http404("该县区不是本次专项整治的参与县区，或不在您的管辖范围内。")
        counties = [region]
    qs = res.records(campaign, code, counties)
    raw = request.GET.get("page_size", "")
    size = int(raw) if raw.isdecimal() and int(raw) in PAGE_SIZES else PAGE_SIZES[0]
    page_obj = get_page(Paginator(qs, size), request.GET.get("page"))

    def href(n):
        return query_with(request.GET, page=str(n)) if 1 <= n <= page_obj.paginator.num_pages else None

    inspections = code in res.INSPECTION_CODES
    return render(request, "campaigns/records.html", {
        "c": campaign, "code": code, "label": labels[code][0], "definition": res.definition(code),
        "county": counties[0] if county_code else None, "inspections": inspections, "rows": list(page_obj),
        "page_obj": page_obj, "paginator": page_obj.paginator, "page": {"unit": "批次" if inspections else "件"},
        "prev_href": href(page_obj.number - 1), "next_href": href(page_obj.number + 1),
        "page_sizes": [{"size": n, "current": n == size, "href": query_with(request.GET, page_size=str(n), page=None)}
                       for n in PAGE_SIZES],
        "period": res.period_of(campaign),
    })
