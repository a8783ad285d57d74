"""Seed plans from experience: how a purchase of each deal type usually gets approved.

Each step is ``(title, owner side, days after the plan starts)``. The dates are a first guess
for the buyer to correct, not a deadline we set for them.
"""

from __future__ import annotations

PlanTemplateStep = tuple[str, str, int]

PLAN_TEMPLATES: dict[str, tuple[PlanTemplateStep, ...]] = {
    "new_purchase": (
        ("Problem agreed", "buyer", 7),
        ("Requirements written down", "buyer", 14),
        ("Technical review", "buyer", 28),
        ("Security review", "buyer", 35),
        ("Business case approved", "buyer", 42),
        ("Legal review", "buyer", 49),
        ("Signature", "buyer", 56),
        ("Kickoff", "seller", 63),
    ),
    "expansion": (
        ("Results so far reviewed together", "seller", 7),
        ("New team's problem agreed", "buyer", 14),
        ("Requirements of the new team", "buyer", 21),
        ("Business case approved", "buyer", 35),
        ("Order form signed", "buyer", 42),
        ("Kickoff with the new team", "seller", 49),
    ),
    "renewal": (
        ("Value delivered reviewed", "seller", 7),
        ("Next year's priorities agreed", "buyer", 14),
        ("Security re-review", "buyer", 28),
        ("Budget approved", "buyer", 35),
        ("Renewal signed", "buyer", 49),
    ),
}
