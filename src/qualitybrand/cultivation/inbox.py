"""What cultivation puts in the top bar's 待办: unread messages and applications awaiting the user."""

from qualitybrand.core.inbox import Item


def items(user) -> list[Item]:
    from qualitybrand.cultivation.selectors import pending_for, unread_count

    found = [Item("未读消息", "/cultivation/inbox/", unread_count(user))]
    for state, count in pending_for(user).items():
        found.append(Item(f"待处理的申报（{state}）", f"/cultivation/applications/?state={state}", count))
    return found
