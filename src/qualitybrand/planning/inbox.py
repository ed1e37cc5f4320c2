"""What planning puts in the top bar's 待办: overdue rectification tasks (flagged red)."""

from qualitybrand.core.inbox import Item


def items(user) -> list[Item]:
    from qualitybrand.planning.selectors import overdue_tasks

    return [Item("逾期未完成的整改任务", "/planning/", overdue_tasks(user).count(), overdue=True)]
