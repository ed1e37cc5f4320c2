"""What planning puts in the top bar's 待办: overdue rectification tasks (flagged red), for those who act
on them: a county, a department or an enterprise for its own tasks (it submits the report), the city office for its rounds' tasks (it
reviews and urges). Read-only roles (leader, expert) see them on the pages, not as work."""

from qualitybrand.core.inbox import Item
from qualitybrand.core.roles import Role


def items(user) -> list[Item]:
    from qualitybrand.core import clock
    from qualitybrand.planning import visibility
    from qualitybrand.planning.models import RectificationTask

    role = getattr(user, "role", "")
    if not (getattr(user, "is_superuser", False)
            or role in (Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.ENTERPRISE)):
        return []
    late = (visibility.tasks_for_user(user).exclude(state=RectificationTask.State.DONE)
            .filter(deadline__lt=clock.today()))
    return [Item("逾期未完成的整改任务", "/planning/", late.count(), overdue=True)]
