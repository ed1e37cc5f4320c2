"""What cultivation puts in the top bar: unread messages (their own count, not 待办), and as 待办 the
applications awaiting the user's action and, for an expert, the assigned applications still to score."""

from qualitybrand.core.inbox import Item


def items(user) -> list[Item]:
    from qualitybrand.cultivation.selectors import pending_for, to_score_count, unread_count

    found = [Item("未读消息", "/cultivation/inbox/", unread_count(user), kind="message"),
             Item("待评分的申报", "/me/reviews/", to_score_count(user))]
    for state, count in pending_for(user).items():
        found.append(Item(f"待处理的申报（{state}）", f"/cultivation/applications/?state={state}", count))
    return found
