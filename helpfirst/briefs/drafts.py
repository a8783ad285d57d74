"""Draft follow-up e-mails from templates, in the buyer's own words, and check them for pressure.

A template with a broken placeholder is reported (which one, and what to use instead), never a
crash. Every draft is read by the call analyser's pressure-tactic detector, against what the
buyer said; a draft that pushes is not offered, and the reason is shown instead.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from helpfirst.core.conversation import score_practice_reply
from helpfirst.core.errors import HelpfirstError

PLACEHOLDERS = (
    "first_name",
    "their_words",
    "what_matters",
    "content_title",
    "content_link",
    "account",
    "rep_name",
    "next_step",
)


@dataclass(frozen=True)
class TemplateText:
    """A template's name and text, from the database or the built-in defaults."""

    name: str
    subject: str
    body: str
    buying_stages: tuple[str, ...] = ()


DEFAULT_TEMPLATES = (
    TemplateText(
        "Share something useful",
        "{content_title}, on {their_words}",
        "Hi {first_name},\n\nYou mentioned \u201c{their_words}\u201d. {content_title} shows how "
        "another team handled exactly that: {content_link}\n\nNo need to reply if it is not "
        "useful right now. If it raises questions, I am happy to walk through it.\n\n{rep_name}",
    ),
    TemplateText(
        "Recap in their words",
        "What I heard from you",
        "Hi {first_name},\n\nThank you for the time. To check I understood: \u201c{their_words}"
        "\u201d. Did I get that right, and is anything missing?\n\nThe next step we discussed: "
        "{next_step}. Tell me if that has changed.\n\n{rep_name}",
    ),
    TemplateText(
        "What matters to them",
        "On {what_matters}",
        "Hi {first_name},\n\nYou said {what_matters} matters most to you. What would you need to "
        "see from us to judge that properly?\n\n{rep_name}",
    ),
)


@dataclass
class FollowUpDraft:
    """A drafted e-mail, whether it is offered, and why not when it is not."""

    template: str
    to: str
    subject: str = ""
    body: str = ""
    offered: bool = False
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "template": self.template,
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "offered": self.offered,
            "problems": self.problems,
        }


def template_problems(text: str, where: str) -> list[str]:
    """Return what is wrong with a template's placeholders (empty when it is usable)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        return [f"{where}: {error} (write a literal brace as {{{{ or }}}})."]
    problems = []
    for name in fields:
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if not name or base not in PLACEHOLDERS or base != name:
            shown = "{" + name + "}" if name else "{}"
            problems.append(
                f"{where}: unknown placeholder {shown}; use one of "
                + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                + "."
            )
    return problems


def _fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    missing = sorted(
        {name for _, name, _, _ in string.Formatter().parse(text) if name and not values.get(name)}
    )
    if missing:
        return "", missing
    return text.format(**values), []


def draft_follow_up(
    template: TemplateText, values: dict[str, str], *, buyer_said: str
) -> FollowUpDraft:
    """Fill one template for one person and check it for pressure before offering it."""
    draft = FollowUpDraft(template.name, values.get("first_name", ""))
    problems = template_problems(template.subject, f"'{template.name}' subject")
    problems += template_problems(template.body, f"'{template.name}' body")
    if problems:
        draft.problems = problems
        return draft
    subject, missing_subject = _fill(template.subject, values)
    body, missing_body = _fill(template.body, values)
    missing = sorted(set(missing_subject) | set(missing_body))
    if missing:
        draft.problems = [
            "Not offered: we do not know "
            + ", ".join("{" + m + "}" for m in missing)
            + " for this person yet."
        ]
        return draft
    draft.subject, draft.body = subject, body
    try:
        feedback = score_practice_reply(buyer_said or "(no message)", f"{subject}. {body}")
    except HelpfirstError as error:
        draft.problems = [f"Not offered: could not check it for pressure ({error.message})."]
        return draft
    if feedback.tactics:
        draft.problems = [
            f"Not offered: \u201c{t.quote}\u201d reads as {t.kind.replace('_', ' ')}."
            for t in feedback.tactics
        ]
        return draft
    draft.offered = True
    return draft


def draft_follow_ups(
    templates: list[TemplateText],
    values: dict[str, str],
    *,
    buyer_said: str,
    buying_stage: str | None = None,
) -> list[FollowUpDraft]:
    """Draft every template that suits the stage; offered drafts first."""
    drafts = [
        draft_follow_up(t, values, buyer_said=buyer_said)
        for t in templates
        if not t.buying_stages or buying_stage in t.buying_stages
    ]
    return sorted(drafts, key=lambda d: not d.offered)
