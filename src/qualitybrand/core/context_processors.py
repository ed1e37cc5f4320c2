from django.conf import settings


def shell(request):
    """What the page shell needs on every page: demo flag, the user's region/year selection and the
    number of 待办 items and of unread messages (computed only when a template shows it)."""
    from qualitybrand.core.selection import current_selection

    context = {"qb_demo": settings.QB_DEMO}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        import functools

        from qualitybrand.core.inbox import top_bar

        bar = functools.cache(lambda: top_bar(user))  # the providers run once a page, for both counts
        context.update(current_selection(request))
        context["qb_inbox_count"] = lambda: bar()["work"]
        context["qb_messages"] = lambda: bar()["messages"]
    return context
