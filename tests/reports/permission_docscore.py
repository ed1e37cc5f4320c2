"""Permission walk cases of the document archive (docscore): import from tests/reports/permission_cases.py."""

from __future__ import annotations

from tests.permission_cases import CASES, CHANGE_CASES, OFFICE_ROLES, Case, ChangeCase


def _draft(region):
    from tests.reports.factories_docscore import make_doc

    return make_doc(region, title=f"{region.name}权限样例文书")


def _state(doc):
    from qualitybrand.reports.models import IssuedDocument

    return IssuedDocument.objects.filter(pk=doc.pk).values_list("state", "number").first()


DOCSCORE_CASES = [
    Case("reports:document", _draft, view_roles=OFFICE_ROLES, list_name="reports:archive", marker=str),
    Case("reports:document_status", _draft, view_roles=OFFICE_ROLES),
    Case("api-reports-detail", _draft, view_roles=OFFICE_ROLES, list_name="api-reports-list", marker=str),
]

DOCSCORE_CHANGE_CASES = [
    ChangeCase("reports:document_issue", _draft, change_roles=frozenset({"city_admin", "county"}),
               data={"number": "秦质强办〔2014〕9号", "signer": "张三", "issued_on": "2014-07-10"}, state=_state),
    ChangeCase("reports:document_delete", _draft, change_roles=frozenset({"city_admin", "county"}), state=_state),
]

CASES.extend(DOCSCORE_CASES)
CHANGE_CASES.extend(DOCSCORE_CHANGE_CASES)
