"""The 待办 (inbox) of the top bar. Work areas register providers; the shell lists what they return.

    from qualitybrand.core import inbox

    def my_items(user) -> list[inbox.Item]:
        ...  # one or two grouped queries, never one per record
    inbox.register(my_items)      # in the app's AppConfig.ready()
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


PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def items_for(user) -> list[Item]:
    items: list[Item] = []
    for provider in PROVIDERS:
        try:
            items.extend(provider(user) or [])
        except Exception:  # one broken provider must not take the shell down
            log.exception("待办提供者 %r 出错", provider)
    return [i for i in items if i.count]


def count_for(user) -> int:
    return sum(i.count for i in items_for(user))
