"""The enterprise's 质量目标责任书 (responsibility.md): the rounds assessing the user's enterprise, their
commitments (manual items) with its self-evaluation, evidence and the reviewer's score."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.planning import subjects as subj
from qualitybrand.planning import visibility
from qualitybrand.planning.models import Evidence, ManualScore, SelfEvaluation


@login_required
def responsibility(request):
    """An enterprise user's 责任书: one card per round that assesses its enterprise."""
    user = request.user
    if getattr(user, "role", "") != Role.ENTERPRISE or not user.entity_id:
        raise Http404
    uscc = user.entity.uscc
    rounds = [r for r in visibility.rounds_for_user(user).select_related("scheme", "region").order_by("-as_of", "id")
              if visibility.kind_of_round(r) == subj.ENTERPRISES and uscc in (r.scheme.assessed_codes or [])]
    selfs = {(s.round_id, s.item_code): s for s in SelfEvaluation.objects.filter(round__in=rounds, subject=uscc)}
    reviews = {(m.round_id, m.item_code): m for m in ManualScore.objects.filter(round__in=rounds, subject=uscc)}
    evidence: dict[tuple, list] = {}
    for ev in Evidence.objects.filter(round__in=rounds, subject=uscc):
        evidence.setdefault((ev.round_id, ev.item_code), []).append(ev)
    today = clock.today()
    cards = []
    for rnd in rounds:
        items = [{**i, "self": selfs.get((rnd.pk, i["code"])), "review": reviews.get((rnd.pk, i["code"])),
                  "files": evidence.get((rnd.pk, i["code"]), [])} for i in rnd.document["items"]]
        done = sum(1 for i in items if i["self"])
        cards.append({"rnd": rnd, "items": items, "done": done, "open": not rnd.is_frozen and today <= rnd.deadline,
                      "result": next((r for r in (rnd.snapshot or {}).get("results", [])
                                      if r.get("subject") == uscc), None)})
    return render(request, "planning/responsibility.html", {"entity": user.entity, "cards": cards, "today": today})
