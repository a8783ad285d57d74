"""Browser sessions end when idle too long, and at the latest some hours after sign-in."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

STARTED = "hf_session_started"
SEEN = "hf_session_seen"
_SEEN_RESOLUTION_S = 60  # write the session at most once a minute just to note activity


class SessionExpiryMiddleware:
    """Sign out sessions idle past HELPFIRST_SESSION_IDLE_MINUTES or older than the maximum."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request) -> None:
        now = int(time.time())
        session = request.session
        started = session.get(STARTED)
        seen = session.get(SEEN, started)
        idle_s = settings.HELPFIRST_SESSION_IDLE_MINUTES * 60
        max_s = settings.HELPFIRST_SESSION_MAX_HOURS * 3600
        if started is None:
            session[STARTED] = session[SEEN] = now
            return
        if now - started > max_s or (seen is not None and now - seen > idle_s):
            logout(request)  # the user is anonymous from here: pages redirect, the API says 401
            return
        if seen is None or now - seen >= _SEEN_RESOLUTION_S:
            session[SEEN] = now


def start_session_clock(sender, request, user, **kwargs) -> None:
    """On sign-in, start the absolute and idle clocks (connected to user_logged_in)."""
    if hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now
