"""The capture health page: each source's last success, lag and errors."""

from __future__ import annotations

from django.shortcuts import render

from helpfirst.capture import health


def capture_health_page(request):
    """Show every capture source of the user's team, failing ones first."""
    sources = health.team_health(request.user.team_id) if request.user.team_id else []
    recent = {
        h.source.pk: list(h.source.events.all()[:5]) for h in sources if h.status == "failing"
    }
    request.nav_section = "capture"
    return render(
        request,
        "capture/health.html",
        {
            "sources": [(h, recent.get(h.source.pk, [])) for h in sources],
            "failing": sum(1 for h in sources if h.status == "failing"),
        },
    )
