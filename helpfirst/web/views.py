"""The home page: each rep's day starts with their help queue."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from helpfirst.web.today import build_today


def _owner_id(request) -> int | None:
    raw = request.GET.get("owner", "")
    return int(raw) if raw.isdigit() else None


@require_GET
def home(request):
    """Show the help queue: who to help today and why (a manager sees every rep's)."""
    today = build_today(
        request.user, owner_id=_owner_id(request), show_all=request.GET.get("all") == "1"
    )
    return render(request, "web/home.html", {"today": today})
