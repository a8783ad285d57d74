"""The home page: each rep's day starts here."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from helpfirst.core import vocabulary
from helpfirst.web.today import build_today


@require_GET
def home(request):
    """Show "Today": who to help now (a manager sees the whole team)."""
    today = build_today(request.user)
    stage_labels = [vocabulary.stage_label(s) for s in vocabulary.STAGE_ORDER]
    return render(request, "web/home.html", {"today": today, "stage_labels": stage_labels})
