"""Turn what we do not know yet into concrete questions to ask the buyer next."""

from __future__ import annotations

from helpfirst.core.fit.assessment import AntiFitHit, BuyerEvidence, ProblemMatch
from helpfirst.core.playbook import PlaybookSpec

MAX_QUESTIONS = 5


def questions_to_ask(
    playbook: PlaybookSpec,
    evidence: BuyerEvidence,
    matches: list[ProblemMatch],
    hits: list[AntiFitHit],
    out_of_scope: bool,
    enough_text: bool,
    nearest: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """Return up to five questions, most useful first, that would settle the fit.

    ``nearest`` names the problems closest to what the buyer said when nothing matched well
    enough: asking about them turns a vague need into one we can judge.
    """
    questions: list[str] = []
    if not enough_text or (nearest and not matches):
        questions.append("What problem are you hoping to solve, and what prompted you to look now?")
    if out_of_scope:
        questions.append(
            "What outcome would make this project a success for you? (Nothing we heard so far "
            "is a problem we solve; check before stepping aside.)"
        )
    for hit in hits:
        if hit.kind == "said":
            where = f" If so, {hit.referral.name} may serve you better." if hit.referral else ""
            questions.append(f"Is {hit.title[:1].lower()}{hit.title[1:]} the main need?{where}")
    unsure = [m.slug for m in matches[:2] if m.confidence < 0.8]
    for slug in unsure or ([] if matches else list(nearest[:2])):
        problem = playbook.problem(slug)
        example = (
            f" For example: “{problem.example_phrasings[0]}”?" if problem.example_phrasings else ""
        )
        questions.append(f"Is “{problem.title}” the main issue?{example}")
    if evidence.industry is None and any(p.industries for p in playbook.problems):
        questions.append("Which industry are you in, and who are your customers?")
    if evidence.employees is None and any(
        p.company_size_min is not None or p.company_size_max is not None for p in playbook.problems
    ):
        questions.append("Roughly how many people work at your company?")
    if not evidence.contact_titles and any(p.roles for p in playbook.problems):
        questions.append("Who else feels this problem day to day, and who would own fixing it?")
    return tuple(dict.fromkeys(questions))[:MAX_QUESTIONS]
