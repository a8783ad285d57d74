"""Fit app fixtures: the demo playbook on team A of ``world``, and a strong and a poor buyer."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO_PLAYBOOK = Path(__file__).resolve().parents[2] / "helpfirst" / "demo" / "playbook.yaml"

STRONG_NEEDS = (
    "Every department has its own spreadsheet and the numbers never match. "
    "Finance and sales report different revenue numbers for the same month."
)
POOR_NEEDS = (
    "We just need someone to build one dashboard for next month's board meeting. "
    "It's a one-off project, we won't need it after the launch."
)


@pytest.fixture
def fit_world(world):
    """``world`` with the demo playbook applied to team A and buyers of clear fit and poor fit."""
    from helpfirst.core.playbook import load_playbook_yaml
    from helpfirst.playbook.services import apply_playbook

    apply_playbook(world.team_a, load_playbook_yaml(DEMO_PLAYBOOK))
    for account in (world.a1, world.a2):
        account.industry, account.employees = "Retail", 800
        account.save()
    world.j1.stated_needs = STRONG_NEEDS
    world.j1.save()
    world.j3.stated_needs = POOR_NEEDS
    world.j3.save()
    world.j2.stated_needs = "We keep running out of stock on our best sellers, again and again."
    world.j2.save()
    return world
