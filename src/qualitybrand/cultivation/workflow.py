"""The application workflow as a table of transitions (state, action, next state, roles, conditions).

`track` says which programs a row applies to: "all", "standard" (no scoring) or "award" (scored
programs such as 政府质量奖, which pass through 资料评审, 现场评审 and 公示 before 已认定).

Conditions (checked by `services.transition`):
- `eligible`       every eligibility rule passes on today's date (snapshot stored on the application)
- `call_open`      today is within the call's dates and the program is still open
- `own_draft`      an enterprise user acts only on its own entity's application
- `comment`        a comment is required (退回, 不予推荐, 未获认定, 异议成立)
- `scored`         every assigned expert (≥ 1) has submitted scores
- `min_score`      the panel score reaches the program's minimum score
- `notice_over`    the public notice's objection period has ended
- A transition with a `place` is refused while a joint-restriction rule (credit.md) with effect 拒绝
  applies to the applicant there: 提交 (application.submit), the city's 推荐 / 通过 (application.recommend);
  认定 creates the recognition through `services.create_recognition` (recognition.grant).
No self-approval: the user who created or submitted an application may not take any review step on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualitybrand.core.roles import Role

from .models import State

CITY = Role.CITY_ADMIN
COUNTY = Role.COUNTY
ENTERPRISE = Role.ENTERPRISE


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    next_state: str
    roles: frozenset
    conditions: tuple = ()
    track: str = "all"
    place: str = ""  # the joint-restriction place checked (credit.restrictions.enforce)

    @property
    def review(self) -> bool:
        return self.action != "提交"


def _t(state, action, next_state, roles, conditions=(), track="all", place="") -> Transition:
    return Transition(state, action, next_state, frozenset(roles), tuple(conditions), track, place)


TRANSITIONS: list[Transition] = [
    _t(State.DRAFT, "提交", State.COUNTY, {ENTERPRISE, COUNTY, CITY}, ("own_draft", "call_open", "eligible"),
       place="application.submit"),
    _t(State.COUNTY, "通过", State.CITY, {COUNTY, CITY}),
    _t(State.COUNTY, "退回", State.DRAFT, {COUNTY, CITY}, ("comment",)),
    _t(State.COUNTY, "不予推荐", State.REJECTED, {COUNTY, CITY}, ("comment",)),
    _t(State.CITY, "推荐", State.RECOMMENDED, {CITY}, track="standard", place="application.recommend"),
    _t(State.CITY, "通过", State.DOC_REVIEW, {CITY}, track="award", place="application.recommend"),
    _t(State.CITY, "退回", State.DRAFT, {CITY}, ("comment",)),
    _t(State.CITY, "不予推荐", State.REJECTED, {CITY}, ("comment",)),
    _t(State.RECOMMENDED, "认定", State.RECOGNISED, {CITY}, track="standard"),
    _t(State.RECOMMENDED, "未获认定", State.NOT_RECOGNISED, {CITY}, ("comment",), track="standard"),
    _t(State.DOC_REVIEW, "进入现场评审", State.SITE_REVIEW, {CITY}, ("scored", "min_score"), track="award"),
    _t(State.DOC_REVIEW, "不予推荐", State.REJECTED, {CITY}, ("comment",), track="award"),
    _t(State.SITE_REVIEW, "公示", State.NOTICE, {CITY}, track="award"),
    _t(State.SITE_REVIEW, "不予推荐", State.REJECTED, {CITY}, ("comment",), track="award"),
    _t(State.NOTICE, "认定", State.RECOGNISED, {CITY}, ("notice_over",), track="award"),
    _t(State.NOTICE, "异议成立", State.NOT_RECOGNISED, {CITY}, ("comment",), track="award"),
]

ACTIONS = sorted({t.action for t in TRANSITIONS})
# Actions the city may apply to a selected list in one step.
BULK_ACTIONS = ("通过", "推荐")
NOTICE_DAYS = 7  # the objection period of a public notice (公示期), in days


def track_of(program) -> str:
    from .rules import is_scored

    return "award" if is_scored(program) else "standard"


def transitions_from(state: str, program) -> list[Transition]:
    track = track_of(program)
    return [t for t in TRANSITIONS if t.state == state and t.track in ("all", track)]


def find(state: str, action: str, program) -> Transition | None:
    for t in transitions_from(state, program):
        if t.action == action:
            return t
    return None


def states_for(program) -> list[str]:
    """The states of the path an application of this program follows, in order (for the page)."""
    if track_of(program) == "award":
        return [State.DRAFT, State.COUNTY, State.CITY, State.DOC_REVIEW, State.SITE_REVIEW, State.NOTICE,
                State.RECOGNISED]
    return [State.DRAFT, State.COUNTY, State.CITY, State.RECOMMENDED, State.RECOGNISED]
