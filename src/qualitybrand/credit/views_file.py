"""The credit file (信用档案) of one entity and its .docx 信用报告."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from qualitybrand.core import clock
from qualitybrand.core.exports import content_disposition
from qualitybrand.credit import report, selectors, selectors_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TABS = {"timeline": "时间线", "kinds": "按类别"}


def _as_of(request):
    """The day the file is read on, and the message for a bad `?as_of=` (then today)."""
    try:
        return selectors.parse_date(request.GET.get("as_of")), ""
    except selectors.BadRequest as exc:
        return clock.today(), str(exc)


@login_required
def credit_file(request, uscc: str):
    entity = selectors_file.entity_for(request.user, uscc)
    as_of, problem = _as_of(request)
    page = selectors_file.file_page(request.user, entity, as_of)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "timeline"
    context = {
        "entity": entity, "as_of": as_of, "today": clock.today(), "page": page,
        "problem": f"查看{problem}下面显示的是今天的信用档案。" if problem else "",
        "file": page.file, "rating": page.file.rating, "tab": tab, "tabs": TABS,
        "as_of_param": "" if problem or as_of == clock.today() else as_of.isoformat(),
        "printed_at": clock.now(),
    }
    # A bad date is still answered with the file (of today) and the message, as a 400.
    return render(request, "credit/file.html", context, status=400 if problem else 200)


@login_required
def credit_report(request, uscc: str):
    entity = selectors_file.entity_for(request.user, uscc)
    as_of, problem = _as_of(request)
    if problem:
        return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
    data = report.credit_report_docx(selectors_file.file_page(request.user, entity, as_of))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(f"信用报告_{entity.name}_{as_of.isoformat()}.docx")
    return response
