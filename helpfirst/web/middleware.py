"""Require a login for every page except the login page, static files and the token-auth API."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

PUBLIC_PREFIXES = (
    "/accounts/login/", "/static/", "/api/", "/healthz", "/readyz", "/favicon.ico", "/b/",
    "/t/", "/l/",  # website tracking: collect endpoint, open pixel, tracked links
)


class LoginRequiredEverywhereMiddleware:
    """Send anonymous visitors to the login page (the API does its own token/session auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
