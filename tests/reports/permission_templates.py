"""文书模板 in the permission walk: an office template of the given county. City and county offices view and
change their own region's (the city also the counties'); leaders, departments and everyone else get 403 —
the templates are the offices' working files, not something a leader reads."""

from __future__ import annotations

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

OFFICES = frozenset({"city_admin", "county"})


def _template(region):
    from django.core.files.base import ContentFile

    from qualitybrand.reports.models import OfficeTemplate
    from tests.reports.factories_templates import KIND, docx_of

    template = OfficeTemplate(region=region, kind=KIND, name=f"{region.name}权限样例模板", original_name="样例.docx")
    data = docx_of(["{{ 年度 }}"])
    template.size = len(data)
    template.file.save("permission-sample.docx", ContentFile(data), save=False)
    template.save()
    return template


def _state(template):
    from qualitybrand.reports.models import OfficeTemplate

    found = OfficeTemplate.objects.filter(pk=template.pk).first()
    return None if found is None else (found.active, found.name)


def _active(region):
    template = _template(region)
    type(template).objects.filter(pk=template.pk).update(active=True)
    template.active = True
    return template


CASES.extend([
    Case("reports:template-preview", _template, view_roles=OFFICES, list_name="reports:templates",
         marker=lambda t: t.name),
    Case("reports:template-download", _template, view_roles=OFFICES),
])

CHANGE_CASES.extend([
    ChangeCase("reports:template-activate", _template, change_roles=OFFICES, state=_state),
    ChangeCase("reports:template-deactivate", _active, change_roles=OFFICES, state=_state),
    ChangeCase("reports:template-delete", _template, change_roles=OFFICES, state=_state),
])
