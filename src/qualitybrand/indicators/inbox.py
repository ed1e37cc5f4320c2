"""What indicators puts in the top bar's 待办: reported values waiting for the city's review."""

from qualitybrand.core.inbox import Item
from qualitybrand.core.roles import Role


def items(user) -> list[Item]:
    if not (user.is_superuser or getattr(user, "role", "") == Role.CITY_ADMIN):
        return []
    from qualitybrand.indicators.models import IndicatorValue

    waiting = IndicatorValue.objects.for_user(user).filter(status=IndicatorValue.Status.DRAFT).count()
    return [Item("待审核的填报指标", "/indicators/values/?status=填报", waiting)]
