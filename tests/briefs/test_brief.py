"""The call brief (page, API, CLI) and drafted follow-ups."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from typer.testing import CliRunner

from helpfirst.briefs.drafts import TemplateText, draft_follow_up, template_problems
from helpfirst.briefs.models import FollowUpTemplate
from helpfirst.cli.brief import app

pytestmark = pytest.mark.django_db
VALUES = {
    "first_name": "Ann",
    "their_words": "our forecasts are always wrong",
    "what_matters": "",
    "rep_name": "Rob",
}


def test_brief_page_has_everything_to_read_before_a_call(deal, world, client_as):
    response = client_as(world.rep1).get(f"/journeys/{world.j1.pk}/brief/")
    assert response.status_code == 200
    brief = response.context["brief"]
    assert brief.strategies == "Grow into the Nordics"
    assert "Fit has not been assessed" in brief.fit_note  # team A has no playbook problems
    assert any("Don't push to demo again" in line for line in brief.do_not)
    assert any("Bo Stone" in line and "consent" in line for line in brief.do_not)
    assert any("cost" in q for q in brief.questions)  # impact was not discovered
    assert any("decision" in q for q in brief.questions)
    assert "email_replied" in [e["kind"] for e in brief.since_last_call]
    assert brief.next_actions


def test_brief_is_scoped_to_the_journeys_owner(deal, world, client_as, token_for):
    assert client_as(world.rep2).get(f"/journeys/{world.j1.pk}/brief/").status_code == 404
    api = Client()
    for path in ("brief", "next-actions", "committee", "content", "follow-ups"):
        url = f"/api/journeys/{world.j1.pk}/{path}"
        assert api.get(url, **token_for(world.rep2)).status_code == 404, path
    ok = api.get(f"/api/journeys/{world.j1.pk}/next-actions", **token_for(world.rep1))
    assert ok.status_code == 200
    assert all(a["reason"] for a in ok.json())


def test_cli_prints_the_brief_as_text_and_json(deal, world):
    runner = CliRunner()
    text = runner.invoke(app, [str(world.j1.pk)])
    assert text.exit_code == 0, text.output
    assert "Alpha GmbH" in text.output
    assert "What not to do" in text.output
    out = runner.invoke(app, ["--format", "json", str(world.j1.pk)])
    data = json.loads(out.output)
    assert data["journey_id"] == world.j1.pk
    assert data["priorities"]
    missing = runner.invoke(app, ["999999"])
    assert missing.exit_code == 1
    assert "No journey" in missing.output


def test_broken_placeholders_are_reported_not_crashed():
    assert template_problems("Hi {first_nam}", "body")[0].startswith("body: unknown placeholder")
    assert "brace" in template_problems("Hi {first_name", "body")[0]
    draft = draft_follow_up(
        TemplateText("Bad", "Hi", "Dear {0} {first_name.upper}"), VALUES, buyer_said="x"
    )
    assert not draft.offered
    assert len(draft.problems) == 2


def test_a_pushy_draft_is_not_offered_and_says_why():
    pushy = TemplateText(
        "Push",
        "Quick one",
        "Hi {first_name}, this discount ends Friday, so let's get you signed this week.",
    )
    draft = draft_follow_up(pushy, VALUES, buyer_said="our forecasts are always wrong")
    assert not draft.offered
    assert any("false urgency" in p or "assumptive close" in p for p in draft.problems)
    kind = TemplateText(
        "Kind",
        "On {their_words}",
        "Hi {first_name}, you said \u201c"
        "{their_words}\u201d. What would help most right now?\n{rep_name}",
    )
    good = draft_follow_up(kind, VALUES, buyer_said="our forecasts are always wrong")
    assert good.offered
    assert "our forecasts are always wrong" in good.body


def test_a_template_missing_a_value_is_withheld(deal, world, client_as):
    FollowUpTemplate.objects.create(
        team=world.team_a, name="Broken", subject="Hi", body="Hello {first_name}, {budget} left?"
    )
    FollowUpTemplate.objects.create(
        team=world.team_a,
        name="Recap",
        subject="Recap",
        body="Hi {first_name}, you said \u201c{their_words}\u201d. Did I get that right?",
    )
    response = client_as(world.rep1).get(f"/journeys/{world.j1.pk}/brief/")
    drafts = {d.template: d for d in response.context["drafts"]}
    assert drafts["Recap"].offered
    assert drafts["Recap"].to == "Ann"
    assert "{budget}" in drafts["Broken"].problems[0]
    assert b"unknown placeholder {budget}" in response.content
