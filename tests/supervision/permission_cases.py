"""Supervision resources are declared with the registry ones (tests/registry/permission_cases.py)."""

import datetime as _dt

import tests.registry.permission_cases  # noqa: F401
from tests.permission_cases import CASES, CHANGE_CASES, Case, ChangeCase

# --- blacklist lifecycle and credit repair (issue 13) ------------------------------------------

REPAIR_VIEW = frozenset({"city_admin", "county", "leader"})


def _listed_entry(region):
    from qualitybrand.core import clock
    from tests.supervision.factories import entry

    return entry(region, listed=clock.today() - _dt.timedelta(days=500), name=f"{region.name}修复样例企业")


def _repair(region):
    """A pending application submitted by the system (no applicant), so any city user may decide."""
    from qualitybrand.core import clock
    from qualitybrand.supervision import services
    from tests.supervision.factories import required_uploads

    return services.apply_for_repair(None, _listed_entry(region), required_uploads(), today=clock.today())


def _repair_state(app):
    app.refresh_from_db()
    app.entry.refresh_from_db()
    return (app.state, app.entry.removed, app.steps.count())


CASES.append(Case("supervision:repair-detail", _repair, kwargs=lambda a: {"pk": a.pk}, view_roles=REPAIR_VIEW,
                  list_name="supervision:repair-list", marker=lambda a: f">{a.entity.name}<"))
CASES.append(Case("credit-repair-detail", _repair, kwargs=lambda a: {"pk": a.pk}, view_roles=REPAIR_VIEW,
                  list_name="credit-repair-list", marker=lambda a: f'"{a.entity.uscc}"'))
CASES.append(Case("supervision:repair-new", _listed_entry, kwargs=lambda e: {"entry": e.pk},
                  view_roles=frozenset({"city_admin", "county"})))

CHANGE_CASES.append(ChangeCase("supervision:repair-detail", _repair, kwargs=lambda a: {"pk": a.pk},
                               change_roles=frozenset({"city_admin"}), data={"action": "批准", "comment": "同意"},
                               state=_repair_state))
CHANGE_CASES.append(ChangeCase("credit-repair-decide", _repair, kwargs=lambda a: {"pk": a.pk},
                               change_roles=frozenset({"city_admin"}), data={"action": "批准", "comment": "同意"},
                               state=_repair_state))


def _entry_documents(entry):
    return entry.documents.count()


# A POST without a file: the office of the entry's region is answered with a message (302), every
# other role is refused (403/404), and no document is ever added.
CHANGE_CASES.append(ChangeCase("supervision:blacklist-document-upload", _listed_entry, kwargs=lambda e: {"key": e.pk},
                               change_roles=frozenset({"city_admin", "county"}), data={"kind": "列入决定书"},
                               state=_entry_documents))


# --- inspection follow-ups (issue 14) ------------------------------------------------------------

FOLLOWUP_VIEW = frozenset({"city_admin", "county", "department", "leader"})


def _failed_batch(region):
    from tests.supervision.factories import batch

    return batch(region, entity=None)


def _noticed_document(region):
    from qualitybrand.supervision import services_followup

    f = services_followup.issue_notice(None, _failed_batch(region))
    return f.documents.get()


def _followup_state(inspection):
    from qualitybrand.supervision.models import FollowUp

    f = FollowUp.objects.filter(inspection=inspection).first()
    return (f.status, f.steps.count(), f.documents.count()) if f else None


CASES.append(Case("supervision:followup-detail", _failed_batch, view_roles=FOLLOWUP_VIEW,
                  list_name="supervision:followup-list", marker=lambda i: f">{i.number}<"))
CASES.append(Case("followup-detail", _failed_batch, view_roles=FOLLOWUP_VIEW, list_name="followup-list",
                  marker=lambda i: f'"{i.number}"'))
CASES.append(Case("supervision:followup-document", _noticed_document, view_roles=FOLLOWUP_VIEW,
                  kwargs=lambda d: {"pk": d.followup.inspection_id, "doc": d.pk}))
CHANGE_CASES.append(ChangeCase("supervision:followup-detail", _failed_batch, data={"action": "下达整改通知"},
                               state=_followup_state))
CHANGE_CASES.append(ChangeCase("followup-notice", _failed_batch, state=_followup_state))
