"""The 待办 (inbox) of the top bar. Work areas register providers; the shell lists what they return.

    from qualitybrand.core import inbox

    def my_items(user) -> list[inbox.Item]:
        ...  # one or two grouped queries, never one per record
    inbox.register(my_items)      # in the app's AppConfig.ready()

The badge of 待办 counts work only (kind "work": something waits for this user's action). Unread
messages are kind "message": they get their own count and link in the top bar (`messages_for`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Item:
    label: str          # “待审核的申报”
    url: str            # the list that holds them
    count: int = 1
    overdue: bool = False
    kind: str = "work"  # "work" (the 待办 badge) or "message" (unread notifications)


PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def _all_items(user) -> list[Item]:
    items: list[Item] = []
    for provider in PROVIDERS:
        try:
            items.extend(provider(user) or [])
        except Exception:  # one broken provider must not take the shell down
            log.exception("待办提供者 %r 出错", provider)
    return items


def items_for(user) -> list[Item]:
    """The work waiting for this user (never the unread messages)."""
    return [i for i in _all_items(user) if i.count and i.kind == "work"]


def count_for(user) -> int:
    """The 待办 badge: items of work only."""
    return sum(i.count for i in items_for(user))


def messages_for(user, items: list[Item] | None = None) -> dict:
    """Unread messages for the top bar: {"count": n, "url": where they are read} (url "" when no work
    area keeps messages). `items`: the providers' answer when the caller already has it."""
    found = [i for i in (_all_items(user) if items is None else items) if i.kind == "message"]
    return {"count": sum(i.count for i in found), "url": found[0].url if found else ""}


def top_bar(user) -> dict:
    """Both counts of the top bar from one round of the providers: {"work": n, "messages": {...}}."""
    items = _all_items(user)
    return {"work": sum(i.count for i in items if i.kind == "work"), "messages": messages_for(user, items)}
