"""Panels other domains add to the journey page (calls, fit, plan, debriefs …).

Each provider is a function ``journey_panels(request, journey) -> list[JourneyPanel]`` named in
:data:`JOURNEY_PANEL_PROVIDERS`. The journey page renders the panels of each column in order, so
a domain adds its view of a journey without editing the journey app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

JOURNEY_PANEL_PROVIDERS: tuple[str, ...] = (
    "helpfirst.calls.panels.journey_panels",
    "helpfirst.success.panels.journey_panels",
    "helpfirst.plans.panels.journey_panels",
    "helpfirst.briefs.panels.journey_panels",
    "helpfirst.fit.panels.journey_panels",
    "helpfirst.queue.panels.journey_panels",
)


@dataclass
class JourneyPanel:
    """One block on the journey page: a template and the context it reads as ``panel``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    column: str = "main"  # "main" or "aside"
    order: int = 50


def collect_journey_panels(request, journey) -> dict[str, list[JourneyPanel]]:
    """Return every provider's panels for ``journey``, grouped by column and ordered."""
    columns: dict[str, list[JourneyPanel]] = {"main": [], "aside": []}
    for dotted in JOURNEY_PANEL_PROVIDERS:
        module_name, _, function_name = dotted.rpartition(".")
        provider = getattr(import_module(module_name), function_name)
        for panel in provider(request, journey):
            columns.setdefault(panel.column, []).append(panel)
    for panels in columns.values():
        panels.sort(key=lambda p: p.order)
    return columns
