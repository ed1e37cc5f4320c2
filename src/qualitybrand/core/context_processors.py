from django.conf import settings


def shell(request):
    """What the page shell needs on every page: demo flag and the user's region/year selection."""
    from qualitybrand.core.selection import current_selection

    context = {"qb_demo": settings.QB_DEMO}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context.update(current_selection(request))
    return context
