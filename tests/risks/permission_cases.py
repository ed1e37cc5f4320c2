"""Permission walk of 风险信息 (tests/test_permissions.py): every detail page and API URL of a risk,
and the writes on one (workflow, level, measures, uploads)."""

from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase


def _risk(region):
    from tests.risks.factories import make_risk

    return make_risk(region, title=f"{region.name}权限样例风险")


def _state(risk):
    risk.refresh_from_db()
    return (risk.status, risk.level, risk.measures.count(), risk.documents.count(), risk.steps.count())


CASES.append(Case("risks:detail", _risk, list_name="risks:list", marker=lambda r: r.title))
CASES.append(Case("risks:edit", _risk, view_roles=frozenset({"city_admin", "county"})))
CASES.append(Case("risk-detail", _risk, list_name="risk-list", marker=lambda r: r.title))
CASES.append(Case("risk-measures", _risk))

CHANGE_CASES.append(ChangeCase("risks:act", _risk, data={"action": "开始研判"}, state=_state))
CHANGE_CASES.append(ChangeCase("risks:level", _risk, data={"level": "一级", "reason": "扩散"}, state=_state))
CHANGE_CASES.append(ChangeCase("risks:edit", _risk, data={"title": "改名", "description": "d"}, state=_state))
CHANGE_CASES.append(ChangeCase("risks:document-upload", _risk, data={"kind": "其他"}, state=_state))
CHANGE_CASES.append(ChangeCase("risk-act", _risk, data={"action": "开始研判"}, state=_state))
CHANGE_CASES.append(ChangeCase("risk-level", _risk, data={"level": "一级", "reason": "扩散"}, state=_state))
