from django.db import IntegrityError
from django.shortcuts import render

from sinosure_portal.base.errors import DomainError, translate_integrity_error


class DomainErrorMiddleware:
    """A domain error that a page view did not catch becomes a 400 page with its message.

    Views with a form catch the error themselves and show it next to the field; this is the
    safety net that keeps bad input from ever reaching a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, IntegrityError) and not request.path.startswith("/api/"):
            exception = translate_integrity_error(exception)
        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            return render(request, "core/error.html", {"error": exception}, status=exception.status_code)
        return None


class PortalLocaleMiddleware:
    """Pages are in Simplified Chinese unless the user chose another language with the switch
    (the language cookie); a browser's Accept-Language does not override that default. API
    clients may still ask for a language with Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        elif request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        _remember_language(request, chosen if chosen in supported else "")
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        response.headers.setdefault("Vary", "Cookie")
        return response


def _remember_language(request, chosen: str) -> None:
    """Keep the language a signed-in user chose, so that what reaches them outside a page (e-mail)
    is written in it too; one UPDATE when it changes, none otherwise."""
    user = getattr(request, "user", None)
    if chosen and getattr(user, "is_authenticated", False) and user.language != chosen:
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(pk=user.pk).update(language=chosen)
        user.language = chosen


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends after PORTAL_SESSION_IDLE_MINUTES without a request (besides the
    absolute SESSION_COOKIE_AGE). The last request's time is written at most once a minute, so
    that a page's polling does not write the session on every tick."""

    KEY = "_portal_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings

        session = request.session
        if "_auth_user_id" in session:
            now = int(time.time())
            last = session.get(self.KEY)
            if last is not None and now - last > settings.PORTAL_SESSION_IDLE_MINUTES * 60:
                session.flush()  # signed out: the next view sees an anonymous user
            elif last is None or now - last >= 60:
                session[self.KEY] = now
        return self.get_response(request)
