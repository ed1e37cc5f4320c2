"""Where a task came from, told by the app that made it: a higher layer (迎检, inspection 8.7) registers
a function in its AppConfig.ready(), since assignments (8.5) may not import it. The task page shows
the first answer: `source_link(task, user)` -> SourceLink | None.

    from qualitybrand.assignments import links
    links.register(my_task_link)   # my_task_link(task, user) -> SourceLink | None
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_providers: list[Callable] = []


@dataclass(frozen=True)
class SourceLink:
    label: str      # e.g. "迎检材料"
    text: str       # e.g. "A3 质量工作机制建设"
    url: str = ""   # empty when the user may not open the source (the text is still shown)
    title: str = ""  # what the link leads to, e.g. the preparation's name


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def source_link(task, user) -> SourceLink | None:
    """The registered source of a task with a `source`, as the first provider answers it."""
    if not task.source:
        return None
    for provider in _providers:
        link = provider(task, user)
        if link is not None:
            return link
    return None
