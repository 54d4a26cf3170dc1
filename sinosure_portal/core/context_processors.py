from django.conf import settings

from sinosure_portal.core.navigation import navigation_for, phone_tabs_for


def portal(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"LANGUAGES": settings.LANGUAGES}
    from sinosure_portal.notifications.services import unread_count

    return {
        "LANGUAGES": settings.LANGUAGES,
        "nav_items": navigation_for(request),
        "phone_tabs": phone_tabs_for(request),
        "unread_count": unread_count(user),
        "current_organisation": user.organisation,
    }
