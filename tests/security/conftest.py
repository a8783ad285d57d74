"""A rich two-team world for the security crawl: every kind of object, for each rep and team B.

Built on tests/conftest.py ``world``. Each *variant* (``rep1``, ``rep2``, ``b``) is a coherent
set of objects a URL's parameters can be filled from: rep1's journey with rep1's plan step,
rep2's journey with rep2's step, team B's journey with team B's step, and so on. Marker strings
(unique words in names and notes) let the crawl check that no page or API answer shows another
team's, or a colleague's, data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

CALL_TEXT = """WEBVTT

00:00:01.000 --> 00:00:06.000
Seller Sam: What prompted you to look at forecasting now?

00:00:06.500 --> 00:00:20.000
Buyer Bea: Our forecasts are always wrong and finance does not trust the pipeline.

00:00:20.500 --> 00:00:26.000
Seller Sam: Would a pilot on your own data next Tuesday help?

00:00:26.500 --> 00:00:29.000
Buyer Bea: Yes, Tuesday works.
"""

# Words that appear only in one scope's objects.
TEAM_A_MARKERS = ("Alpha GmbH", "Gamma Inc", "alpha.example", "Qxteama", "qxrepone", "qxreptwo")
TEAM_B_MARKERS = ("other.example", "Qxteamb", "qxteamb")
REP1_ONLY = ("Alpha forecasting", "qxrepone")  # rep2 must never see these
REP2_ONLY = ("Beta onboarding", "Delta Rep2only", "qxreptwo")  # rep1 must never see these
INTERNAL_ONLY = ("qxinternal",)  # plan steps' internal notes: never on the buyer page


def _variant(tag: str, *, journey, account, contact, team, owner):
    from helpfirst.briefs.services import seat_contact
    from helpfirst.calls.services import record_call
    from helpfirst.debriefs.services import record_debrief
    from helpfirst.plans import services as plans
    from helpfirst.success.services import start_success_plan

    plan = plans.start_plan(journey, by=owner)
    step = plan.steps.order_by("position").first()
    step.internal_note = f"qxinternal {tag}"
    step.save()
    issued = plans.issue_buyer_link(plan, by=owner, label=f"{tag}-link")
    contact.recording_consent = True
    contact.save()
    call = record_call(
        journey,
        contacts=[contact],
        transcript_text=CALL_TEXT,
        filename=f"{tag}.vtt",
        occurred_at=datetime(2026, 6, 2, 10, tzinfo=UTC),
        uploaded_by=owner,
        seller_names=["Seller Sam"],
        title=f"{tag} call",
    )
    record_debrief(journey, author=owner, kind="after_call", what_happened=f"{tag} debrief")
    success = start_success_plan(journey)
    milestone = success.milestones.order_by("pk").first()
    seat = seat_contact(journey, contact)
    objects = {
        "journey": journey,
        "account": account,
        "contact": contact,
        "call": call,
        "step": step,
        "link": issued.link,
        "milestone": milestone,
        "seat": seat,
        "buyer_token": issued.token,
        "owner": owner,
    }
    objects.update(_capture_objects("Qxteamb" if tag == "qxteamb" else "Qxteama", team, owner))
    return objects


def _capture_objects(tag: str, team, owner) -> dict:
    """Objects of the capture apps (#8), when their models are there."""
    found: dict = {}
    try:
        from helpfirst.tracking.models import TrackedSite

        found["site"] = TrackedSite.objects.create(team=team, name=f"{tag} site")
    except Exception:  # noqa: S110 - the app may not have this model yet; the crawl says so
        pass
    try:
        from helpfirst.crm.models import CrmConnection

        connection = CrmConnection.objects.create(
            team=team,
            kind="hubspot",
            name=f"{tag} crm",
            public_key=f"pk-{tag}-{owner.pk}",
            secret="s" * 40,
        )
        found["crm_connection"] = connection
        found["webhook_key"] = connection.public_key
    except Exception:  # noqa: S110
        pass
    try:
        from helpfirst.tracking.models import TrackedLink

        link = TrackedLink.objects.create(team=team, destination="https://crawl.example/")
        found["link_token"] = link.token
    except Exception:  # noqa: S110
        pass
    return found


@pytest.fixture
def crawl_world(world):
    """``world`` plus an admin, rep2's own account and every kind of object per variant."""
    from helpfirst.team.models import ApiToken, Role
    from tests.factories import (
        AccountFactory,
        AntiFitFactory,
        ContactFactory,
        ContentItemFactory,
        ProblemFactory,
        UserFactory,
    )

    w = world
    w.admin = UserFactory(username="admin", team=w.team_a, role=Role.ADMIN, is_staff=True)
    w.a1.industry = "Qxteama"
    w.a1.save()
    w.a4 = AccountFactory(team=w.team_a, owner=w.rep2, name="Delta Rep2only", domain="d.example")
    w.c4 = ContactFactory(account=w.a4, email="dee@d.example")
    w.cb = ContactFactory(account=w.b1, email="qxteamb@other.example", last_name="Qxteamb")
    w.j1.title, w.j2.title = "Alpha forecasting qxrepone", "Beta onboarding qxreptwo"
    w.j1.save()
    w.j2.save()
    w.jb.title = "Other journey qxteamb"
    w.jb.save()
    w.c2.account = w.a4  # rep2's contact, at the account only rep2 sees
    w.c2.save()
    w.j2.account = w.a4
    w.j2.save()
    w.i2.account = w.a4
    w.i2.save()
    shared = {}
    for team, tag in ((w.team_a, "qxteama"), (w.team_b, "qxteamb")):
        shared[tag] = {
            "problem": ProblemFactory(team=team, title=f"Problem {tag}", slug=f"p-{tag}"),
            "antifit": AntiFitFactory(team=team, title=f"Antifit {tag}", slug=f"af-{tag}"),
            "content": ContentItemFactory(team=team, title=f"Content {tag}", slug=f"ct-{tag}"),
        }
    variants = {
        "rep1": _variant(
            "qxrepone", journey=w.j1, account=w.a1, contact=w.c1, team=w.team_a, owner=w.rep1
        )
        | shared["qxteama"],
        "rep2": _variant(
            "qxreptwo", journey=w.j2, account=w.a4, contact=w.c2, team=w.team_a, owner=w.rep2
        )
        | shared["qxteama"],
        "b": _variant(
            "qxteamb", journey=w.jb, account=w.b1, contact=w.cb, team=w.team_b, owner=w.outsider
        )
        | shared["qxteamb"],
    }
    users = {
        "rep1": w.rep1,
        "rep2": w.rep2,
        "manager": w.manager,
        "admin": w.admin,
        "outsider": w.outsider,
    }
    tokens = {name: ApiToken.issue(user, "crawl")[1] for name, user in users.items()}
    return SimpleNamespace(world=w, variants=variants, users=users, tokens=tokens)
