"""The study plan's "Today" panel, for pages of other apps (the home page) and the review page.

`{% load study_plan %}{% today_panel "home" %}`: nothing for a visitor; for a learner, today's
work from their plan (or an invitation to make one). The questions app only loads this tag, so
it imports no study code.
"""

from django import template

from study import plans

register = template.Library()


@register.inclusion_tag("study/today_panel.html", takes_context=True)
def today_panel(context, place: str = "home") -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    view = context.get("plan_view")
    if view is None:
        settings = plans.for_user(user)
        view = plans.build(settings) if settings is not None else None
    return {"show": True, "view": view, "place": place, "csrf_token": context.get("csrf_token")}
